// The API answers a static site publishes: every request the pages can make, declared here from what the data hold
// (basins, départements, indicators and their years). The pages ask for exactly these; a page that asks for anything
// else gets a French message saying the view was not published (and the static-site test fails on it).
import type { Bassin, Diagnostic, IndicatorDefinition, Libelles } from '../methodology/types.ts';
import { FICHE_EMPLOYEURS_LIMITE } from '../shared/static-paths.ts';

/** What the builder reads first, from the API itself, to know which answers to publish. */
export interface SiteData {
  bassins: Bassin[];
  indicateurs: IndicatorDefinition[];
  libelles: Libelles;
  /** Years each basin's diagnostic can be asked for (the fiche's year list), by basin id. */
  diagnosticYears: Map<string, number[]>;
  /** The year of each basin's default diagnostic (the fiche asks for the comparison of that year). */
  diagnosticYear: Map<string, number | null>;
  /** The collège the fiche opens its employers on (the first collège of the basin's list), by basin id. */
  premierCollege: Map<string, string | null>;
}

/** Requests whose answer the pages need before anything else; read by the builder to plan the rest. */
const FOUNDATION = ['/api/bassins', '/api/indicateurs', '/api/libelles'] as const;

/** Answers every page reads, whatever the territory. */
const COMMON = ['/api/methodologie', '/api/sources', '/api/contours'];

/** Tables offered for download on the home page and the methodology page. */
const DOWNLOADS = [
  '/api/bassins?format=csv',
  '/api/indicateurs?format=csv',
  '/api/methodologie?format=csv',
  '/api/methodologie?format=md',
  '/api/sources?format=csv',
];

const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
};

/** The diagnostic of each basin (default year and each year of its series), as JSON and CSV. */
function diagnosticRequests(data: SiteData): string[] {
  return data.bassins.flatMap((b) => {
    const path = `/api/bassins/${encodeURIComponent(b.id)}/diagnostic`;
    return [undefined, ...(data.diagnosticYears.get(b.id) ?? [])].flatMap((annee) => [
      `${path}${query({ annee })}`,
      `${path}${query({ annee, format: 'csv' })}`,
    ]);
  });
}

/**
 * Values and comparisons per indicator, for the latest year and each published year, for the académie and each
 * département's basins (the comparison page); each département's own value for the latest year (the seminar deck).
 */
function indicatorRequests(data: SiteData): string[] {
  const departements = [undefined, ...data.libelles.academie.departements.map((d) => d.code)];
  return data.indicateurs.flatMap((def) => {
    const path = `/api/indicateurs/${encodeURIComponent(def.id)}/valeurs`;
    const years = [undefined, ...new Set((def.periodes ?? []).map((p) => p.annee))];
    return [
      ...departements.map((departement) => `${path}${query({ niveau: 'departement', departement })}`),
      ...years.flatMap((annee) => [
        `${path}${query({ niveau: 'academie', annee })}`,
        ...departements.flatMap((departement) => [
          `${path}${query({ niveau: 'bassin', departement, annee })}`,
          `/api/comparaison${query({ departement, indicateur: def.id, annee })}`,
        ]),
      ]),
    ];
  });
}

/** Comparisons of every indicator at once: each year a fiche can show (its ranks), each territory (the seminar). */
function comparisonRequests(data: SiteData): string[] {
  const departements = data.libelles.academie.departements.map((d) => d.code);
  const years = new Set<number>();
  for (const year of data.diagnosticYear.values()) if (year) years.add(year);
  for (const list of data.diagnosticYears.values()) for (const year of list) years.add(year);
  return [
    '/api/comparaison',
    ...departements.map((departement) => `/api/comparaison${query({ departement })}`),
    ...[...years].map((annee) => `/api/comparaison${query({ annee })}`),
  ];
}

/**
 * The lists of each basin's fiche: métiers and établissements (JSON and CSV), the concrete action sentences, and the
 * employers around the collège
 * the fiche opens on, at the default radius (the other collèges and radii need `clee serve`: the fiche says so).
 */
function listRequests(data: SiteData): string[] {
  const territories = [
    '/api/metiers',
    ...data.libelles.academie.departements.map((d) => `/api/metiers${query({ departement: d.code })}`),
  ];
  return territories.concat(
    data.bassins.flatMap((b) => {
      const path = `/api/bassins/${encodeURIComponent(b.id)}`;
      const college = data.premierCollege.get(b.id);
      return [
        `${path}/metiers`,
        `${path}/metiers?format=csv`,
        `${path}/etablissements`,
        `${path}/etablissements?format=csv`,
        `${path}/actions`,
        ...(college
          ? [
              `${path}/employeurs${query({ etablissement: college, limite: FICHE_EMPLOYEURS_LIMITE })}`,
              `${path}/employeurs${query({ etablissement: college, format: 'csv' })}`,
            ]
          : []),
      ];
    }),
  );
}

/** Every request the static site answers, foundation first, without duplicates. */
export function siteRequests(data: SiteData): string[] {
  const first = data.indicateurs[0];
  const examples = first ? [`/api/indicateurs/${encodeURIComponent(first.id)}/valeurs?niveau=bassin&format=csv`] : [];
  return [
    ...new Set([
      ...FOUNDATION,
      ...COMMON,
      ...DOWNLOADS,
      ...examples,
      ...diagnosticRequests(data),
      ...listRequests(data),
      ...comparisonRequests(data),
      ...indicatorRequests(data),
    ]),
  ];
}

/** The years a diagnostic's series cover, newest first: the choices of the fiche's year list. */
export function seriesYears(diagnostic: Diagnostic): number[] {
  return [...new Set(diagnostic.indicateurs.flatMap((l) => l.serie.map((p) => p.annee)))].sort((a, b) => b - a);
}
