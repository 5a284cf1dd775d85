// The shared catalogue of CLEE actions (datasets/actions/catalogue.csv) and the proposals a diagnostic
// makes: the actions answering the basin's weaknesses, each with its reason.
import { declaredReader, readDeclaredCsv } from './declared-csv.ts';
import { indicatorById, type IndicatorRecord } from './indicators.ts';
import type { ActionProposal } from './types.ts';
import { packagePath } from '../shared/paths.ts';

export const CATALOGUE_FILE = packagePath('datasets', 'actions', 'catalogue.csv');

interface CatalogueAction {
  id: string;
  libelle: string;
  description: string;
  /** Indicator ids the action answers. */
  indicateurs: string[];
  /** The concrete sentence, with {placeholders} filled from the basin's lists (lists/actions-concretes.ts). */
  concret: string | null;
}

/** Reads the catalogue (`;`, UTF-8). Throws on an unknown indicator id or a malformed line. */
export const readCatalogue = declaredReader(CATALOGUE_FILE, (path): CatalogueAction[] => {
  const parsed = readDeclaredCsv(path);
  const fields = parsed.meta.fields ?? [];
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    throw new Error(
      `Catalogue des actions (${path}), ligne ${(e.row ?? 0) + 2} : ${e.message} (un « ; » dans un texte doit être ` +
        `entre guillemets)`,
    );
  }
  const actions = parsed.data.map((row, i) => {
    const line = i + 2;
    if (Object.keys(row).length !== fields.length)
      throw new Error(
        `Catalogue des actions (${path}), ligne ${line} : ${Object.keys(row).length} champs au lieu de ` +
          `${fields.length}`,
      );
    for (const field of ['id', 'libelle', 'description', 'indicateurs']) {
      if (!row[field]?.trim())
        throw new Error(`Catalogue des actions (${path}), ligne ${line} : champ « ${field} » vide`);
    }
    const indicateurs = row.indicateurs
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const id of indicateurs) {
      if (!indicatorById(id))
        throw new Error(`Catalogue des actions (${path}), ligne ${line} : indicateur inconnu « ${id} »`);
    }
    return {
      id: row.id.trim(),
      libelle: row.libelle.trim(),
      description: row.description.trim(),
      indicateurs,
      concret: row.concret?.trim() || null,
    };
  });
  return actions;
});

/** « taux de chômage des 15-24 ans élevé », « IPS moyen des collèges faible » (the unfavourable side). */
function weaknessLabel(def: Pick<IndicatorRecord, 'sujet' | 'polarite' | 'accord'>): string {
  const high = { ms: 'élevé', fs: 'élevée', mp: 'élevés', fp: 'élevées' }[def.accord];
  const low = { ms: 'faible', fs: 'faible', mp: 'faibles', fp: 'faibles' }[def.accord];
  return `${def.sujet.replace(/^(le |la |les |l')/, '')} ${def.polarite < 0 ? high : low}`;
}

/**
 * The catalogue actions answering at least one weakness, most weaknesses answered first (then catalogue
 * order), each with « Répond à : taux de chômage des 15-24 ans élevé (faiblesse) ; … ».
 */
export function proposeActions(weaknesses: string[], catalogue: CatalogueAction[] = readCatalogue()): ActionProposal[] {
  const weak = new Set(weaknesses);
  return catalogue
    .map((a, order) => ({ a, order, hits: a.indicateurs.filter((id) => weak.has(id)) }))
    .filter((x) => x.hits.length > 0)
    .sort((x, y) => y.hits.length - x.hits.length || x.order - y.order)
    .map(({ a, hits }) => ({
      id: a.id,
      libelle: a.libelle,
      description: a.description,
      repond_a: hits,
      raison: `Répond à : ${hits.map((id) => `${weaknessLabel(indicatorById(id)!)} (faiblesse)`).join(' ; ')}`,
    }));
}
