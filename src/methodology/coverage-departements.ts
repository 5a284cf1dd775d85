// The coverage seen from a département (clee status --couverture): for each département of the académie and each
// data source of the indicators, whether a file is loaded (real or simulated), the periods that give its basins a
// value, and how the latest value reaches them (the basin's own, a coarser level, schools missing, nothing). A pilot
// reads at a glance what is real, what is simulated and what is missing where; the per-basin detail is sourceCoverage.
import type { Database } from '../db/database.ts';
import { groupBy } from '../shared/group.ts';
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import { computedState } from './compute.ts';
import { type CoverageState, type SourceCoverage, sourceCoverage } from './coverage.ts';

/** What files stand behind a source: none, only simulated demo files, only real ones, or both. */
export type LoadedData = 'absentes' | 'simulees' | 'reelles' | 'reelles_et_simulees';

interface DepartementSource {
  source: string;
  donnees: LoadedData;
  fichiers: string[];
  /** Periods with a value for at least one basin of the département, oldest first (« RP 2021 », « T4 2024 »…). */
  periodes: string[];
  /** Latest year with a value in the département (null: none). */
  annee: number | null;
  /** Basins of the département per state of their latest value (every state, zeros included). */
  rattachement: Record<CoverageState, number>;
}

export interface DepartementCoverage {
  departement: string;
  nom: string;
  /** Basins of the académie's zoning in this département (0: the loaded zoning has none there). */
  bassins: number;
  sources: DepartementSource[];
}

const STATES: readonly CoverageState[] = [
  'bassin',
  'niveau_plus_large',
  'etablissements_non_rattaches',
  'sans_donnees',
];

/** Per département of the académie, per data source: files, periods and attribution (bySource: sourceCoverage). */
export async function departementCoverage(
  db: Database,
  bySource?: readonly SourceCoverage[],
): Promise<DepartementCoverage[]> {
  const coverage = bySource ?? (await sourceCoverage(db));
  const state = await computedState(db);
  const bassins = state.bassins.filter((b) => b.academie);
  // The values of the académie's basins, grouped by département once rather than scanned per département × source.
  const departementOf = new Map(bassins.map((b) => [b.id, b.departement]));
  const valuesOf = groupBy(
    state.results.filter((r) => r.valeur !== null && departementOf.has(r.bassin)),
    (r) => departementOf.get(r.bassin)!,
  );
  return ACADEMIE.departements.map((departement) => {
    const ids = new Set(bassins.filter((b) => b.departement === departement).map((b) => b.id));
    const sources = coverage.map((s): DepartementSource => {
      const indicateurs = new Set(s.indicateurs);
      const values = (valuesOf.get(departement) ?? []).filter((r) => indicateurs.has(r.indicateur));
      const byPeriod = new Map(values.map((r) => [r.periode ?? String(r.annee), r.annee]));
      const periodes = [...byPeriod].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0], 'fr')).map(([p]) => p);
      const cells = s.bassins.filter((b) => ids.has(b.bassin));
      const rattachement = Object.fromEntries(
        STATES.map((e) => [e, cells.filter((b) => b.etat === e).length]),
      ) as Record<CoverageState, number>;
      return {
        source: s.source,
        donnees: loadedData(s.fichiers.map((f) => f.simule)),
        fichiers: s.fichiers.map((f) => f.fichier),
        periodes,
        annee: values.length ? Math.max(...values.map((r) => r.annee)) : null,
        rattachement,
      };
    });
    return { departement, nom: departementNom(departement), bassins: ids.size, sources };
  });
}

function loadedData(simulated: boolean[]): LoadedData {
  if (simulated.length === 0) return 'absentes';
  if (simulated.every(Boolean)) return 'simulees';
  return simulated.some(Boolean) ? 'reelles_et_simulees' : 'reelles';
}
