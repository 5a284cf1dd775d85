// The words the methodology speaks, declared once: verdicts, natures, polarities, domains, territories. The CLI prints
// them, the API serves them (GET /api/libelles) and the pages only draw them: no page holds its own copy.
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import { capitalise } from './format.ts';
import { DOMAINES } from './indicators.ts';
import type {
  AlerteAttribution,
  DepartementLabel,
  Domaine,
  IndicatorResult,
  Libelles,
  Nature,
  NiveauAttribution,
  Polarite,
  ReferenceKey,
  Verdict,
} from './types.ts';

/** Verdict labels: `libelle` for badges and tables, `legende` for chart legends and tooltips. */
export const VERDICTS: Record<Verdict, { libelle: string; legende: string }> = {
  force: { libelle: 'Force', legende: 'force' },
  faiblesse: { libelle: 'Faiblesse', legende: 'faiblesse' },
  neutre: { libelle: 'Neutre', legende: 'neutre ou contexte' },
  non_significatif: { libelle: 'Non significatif', legende: 'non significatif (effectif trop faible)' },
};

/** The badge of a value not built from the basin's own data: from a coarser level, or with unplaced schools. */
const ALERTES_ATTRIBUTION: Record<NiveauAttribution['niveau'] | 'etablissements', string> = {
  departement: 'Valeur du département',
  ze: "Valeur de la zone d'emploi",
  bmo: 'Valeur du bassin BMO',
  etablissements: 'Établissements non rattachés',
};

/**
 * The badge and its French explanation for a value that is never classed because of its attribution (the pages
 * show both as they are), or null for a value built from the basin's own data.
 */
export function alerteAttribution(
  line: Pick<IndicatorResult, 'niveau_attribution' | 'etablissements_non_rattaches' | 'non_classe' | 'valeur'>,
): AlerteAttribution | null {
  if (line.valeur === null || !line.non_classe) return null;
  const kind =
    line.niveau_attribution?.niveau ?? ((line.etablissements_non_rattaches ?? 0) > 0 ? 'etablissements' : null);
  if (!kind) return null;
  return {
    libelle: ALERTES_ATTRIBUTION[kind],
    explication: `${capitalise(line.non_classe)}. Cette valeur n'est jamais classée en force ou en faiblesse.`,
  };
}

/** A context indicator (polarity 0) is never a strength or a weakness: its neutral verdict reads « Contexte ». */
const CONTEXTE = 'Contexte';

/** The label a verdict reads with for an indicator of this polarity (badges, tables, exports). */
export function verdictLibelle(verdict: Verdict, polarite: Polarite): string {
  return verdict === 'neutre' && polarite === 0 ? CONTEXTE : VERDICTS[verdict].libelle;
}

const NATURES: Record<Nature, string> = {
  taux: 'taux ou part (en %)',
  ratio: 'rapport à une population (pour 100 ou pour 1 000)',
  effectif: 'effectif : ses références départementale et académique sont des totaux',
  indice: 'indice (moyenne pondérée)',
  evolution: 'évolution entre deux dates (en %)',
};

export const POLARITES: Record<`${Polarite}`, string> = {
  '1': 'plus la valeur est haute, plus la situation est favorable',
  '-1': 'plus la valeur est haute, moins la situation est favorable',
  '0': 'indicateur de contexte (ni force ni faiblesse)',
};

/** How a rank reads, said on every table and chart that shows one. */
const RANGS: Record<'favorable' | 'valeur', string> = {
  favorable: 'rang 1 = le plus favorable',
  valeur: 'rang 1 = la valeur la plus haute (indicateur de contexte)',
};

/** « rang 3 sur 17 (rang 1 = le plus favorable) », or null without a rank. */
export function rangLibelle(rang: number | null | undefined, sur: number, sens: 'favorable' | 'valeur'): string | null {
  return rang ? `rang ${rang} sur ${sur} (${RANGS[sens]})` : null;
}

/** The references a basin is read against, in display order, as legends and tooltips name them. */
const REFERENCES: Record<ReferenceKey, string> = {
  departement: 'Département',
  academie: 'Académie',
  france: 'France',
  comparables: 'Bassins comparables (ensemble)',
};

function departementLabel(code: string): DepartementLabel {
  const nom = departementNom(code);
  return { code, nom, libelle: `${nom} (${code})` };
}

export function libelles(): Libelles {
  return {
    academie: { code: ACADEMIE.code, nom: ACADEMIE.nom, departements: ACADEMIE.departements.map(departementLabel) },
    domaines: (Object.entries(DOMAINES) as [Domaine, string][]).map(([id, libelle]) => ({ id, libelle })),
    verdicts: (Object.entries(VERDICTS) as [Verdict, { libelle: string; legende: string }][]).map(([id, v]) => ({
      id,
      ...v,
    })),
    contexte: CONTEXTE,
    rangs: RANGS,
    references: (Object.entries(REFERENCES) as [ReferenceKey, string][]).map(([id, libelle]) => ({ id, libelle })),
    intervalle: "marge d'incertitude à 95 %",
    natures: (Object.entries(NATURES) as [Nature, string][]).map(([id, libelle]) => ({ id, libelle })),
    polarites: (Object.entries(POLARITES) as [`${Polarite}`, string][]).map(([id, libelle]) => ({
      id: Number(id) as Polarite,
      libelle,
    })),
  };
}
