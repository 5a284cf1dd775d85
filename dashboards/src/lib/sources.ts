// « Source : … — année » lines under every chart, from the ingestion registry (GET /api/sources).
import { getJSON, type IndicatorDefinition } from './api.ts';
import { plural } from './format.ts';
import { lowerFirst } from '../../../src/shared/text.ts';
import { staticSite } from './site.ts';

export interface SourceInfo {
  id: string;
  famille: string;
  editeur: string;
  jeu_de_donnees: string;
  millesime: string | null;
  millesime_libelle: string | null;
  fichiers: number;
  simule: boolean;
}

export function loadSources(): Promise<SourceInfo[]> {
  return getJSON<SourceInfo[]>('/api/sources').catch(() => []);
}

/**
 * A banner above the page (and in its print) whenever simulated demo data is loaded: never mistaken for real figures.
 */
export async function showSimulatedBanner(): Promise<void> {
  const sources = await loadSources();
  const simulated = sources.filter((s) => s.simule);
  if (simulated.length === 0 || document.querySelector('.demo-banner')) return;
  const banner = document.createElement('p');
  banner.className = 'demo-banner';
  banner.setAttribute('role', 'note');
  const what =
    `Données de démonstration SIMULÉES (${plural(simulated.length, 'source')}) : ` +
    `les chiffres montrent le fonctionnement de l'outil, pas la réalité des territoires.`;
  banner.textContent = staticSite()
    ? `${what} Ce site a été publié à partir de ces données : pour publier les vraies, chargez-les (« clee fetch ») ` +
      `puis relancez « clee build ».`
    : `${what} Chargez les données réelles avec « clee fetch ».`;
  document.body.insertBefore(banner, document.getElementById('app'));
}

/** Reference files (zoning, communes, school directory) are named in the methodology, not under each chart. */
const REFERENCE_SOURCES = new Set([
  'clee-bassins',
  'insee-cog-communes',
  'insee-communes-ze2020',
  'france-travail-bassins-bmo',
  'education-annuaire',
]);

function shortEditeur(editeur: string): string {
  if (/\(DEPP\)/.test(editeur)) return editeur.includes('Dares') ? 'DEPP, Dares' : 'DEPP';
  return editeur
    .replace(/^Ministère de l'/, '')
    .replace(/\s*\(.*\)\s*/, ' ')
    .trim();
}

/** Short title of a dataset: the part before the first comma, colon or parenthesis. */
function shortDataset(title: string): string {
  const cut = title.split(/\s*(?:,|:|\(|«)\s*/)[0].trim();
  return cut.length > 3 ? lowerFirst(cut) : title;
}

/**
 * « Source : INSEE, recensement — RP 2021. » under a chart: `periode` is the period the API gave with the values
 * (« RP 2021 », « T4 2024 »…; several joined), or null for a chart over several years.
 */
export function sourceLine(
  indicators: IndicatorDefinition | IndicatorDefinition[],
  periode: string | null | undefined,
  sources: SourceInfo[],
): string {
  const list = Array.isArray(indicators) ? indicators : [indicators];
  const all = [...new Set(list.flatMap((i) => i.sources))];
  const ids = all.filter((id) => !REFERENCE_SOURCES.has(id));
  // Several indicators: publishers only (the methodology page names every dataset).
  const labels = [
    ...new Set(
      (ids.length ? ids : all).map((id) => {
        const s = sources.find((x) => x.id === id);
        if (!s) return id;
        return list.length > 2
          ? shortEditeur(s.editeur)
          : `${shortEditeur(s.editeur)}, ${shortDataset(s.jeu_de_donnees)}`;
      }),
    ),
  ];
  const period = periode ?? '';
  const attribution = list.some((i) => i.attribution) ? ' ; ramené aux bassins selon une règle déclarée' : '';
  const more = list.length > 2 ? ' (détail des jeux de données : page Méthodologie)' : '';
  return (
    `${labels.length > 1 ? 'Sources' : 'Source'} : ` +
    `${labels.join(' ; ') || 'non précisée'}${more}${period ? ` — ${period}` : ''}${attribution}.`
  );
}
