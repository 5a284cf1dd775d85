// The methodology's public functions (see README.md): they read the computed state and shape it.
// Nothing here computes an indicator value; the engine (compute.ts) does, once per database state.
import type { Database } from '../db/database.ts';
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import type { Zonage } from '../territory/bassin-level.ts';
import { proposeActions } from './actions.ts';
import { computedState, type ComputedState } from './compute.ts';
import { UnknownNameError } from './errors.ts';
import { periodeLibelle, type IndicatorRecord } from './indicators.ts';
import { resolveBassin, resolveIndicator } from './lookup.ts';
import { alerteAttribution, rangLibelle, verdictLibelle } from './labels.ts';
import { COMPARABLES_RULE } from './comparables.ts';
import { formatNumber, formatValue } from './format.ts';
import type {
  Bassin,
  Diagnostic,
  DiagnosticLine,
  IndicatorDefinition,
  IndicatorResult,
  Niveau,
  SeriePoint,
  Indisponible,
  TerritoryValue,
} from './types.ts';
import { verdictRuleText } from './verdict.ts';
import { manqueText, missingSources } from './missing-sources.ts';

interface ApiOptions {
  zonage?: Zonage;
}

interface StateIndex {
  results: Map<string, IndicatorResult>;
  definitions: Map<string, IndicatorRecord>;
  values: Map<string, TerritoryValue>;
  years: number[];
}

const indexes = new WeakMap<ComputedState, StateIndex>();
const rkey = (indicateur: string, annee: number, code: string) => `${indicateur}|${annee}|${code}`;

function indexOf(state: ComputedState): StateIndex {
  let index = indexes.get(state);
  if (!index) {
    index = {
      results: new Map(state.results.map((r) => [rkey(r.indicateur, r.annee, r.bassin), r])),
      definitions: new Map(state.definitions.map((d) => [d.id, d])),
      values: new Map(
        state.values
          .filter((v) => v.niveau !== 'bassin')
          .map((v) => [`${v.niveau}|${rkey(v.indicateur, v.annee, v.code)}`, v]),
      ),
      years: [...new Set(state.definitions.flatMap((d) => d.annees))].sort((a, b) => a - b),
    };
    indexes.set(state, index);
  }
  return index;
}

/** The basins of the loaded zoning (cheap: does not compute the indicators unless already computed). */
export async function listBassins(db: Database, options: ApiOptions = {}): Promise<Bassin[]> {
  const state = await computedState(db, options);
  return state.bassins.filter((b) => b.academie).map(({ academie: _a, ...b }) => b);
}

/** Basin of the académie by id or name (see lookup.ts). */
export function findBassin(state: ComputedState, input: string): ComputedState['bassins'][number] {
  return resolveBassin(
    state.bassins.filter((b) => b.academie),
    input,
  );
}

function checkYear(annee: number, available: number[], context?: string): void {
  if (!available.includes(annee)) {
    throw new UnknownNameError('annee', String(annee), available.map(String), context ? { context } : {});
  }
}

/** Year used for an indicator: the latest year ≤ annee (or the latest year), null when none. */
function yearFor(def: IndicatorRecord, annee?: number): number | null {
  const years = annee === undefined ? def.annees : def.annees.filter((y) => y <= annee);
  return years.at(-1) ?? null;
}

/** The registry, with the years found in the data. */
export async function indicatorDefinitions(db: Database, options: ApiOptions = {}): Promise<IndicatorRecord[]> {
  return (await computedState(db, options)).definitions;
}

/** A registry record as the API serves it: no SQL (the formula reads in words in `formule`), with its periods. */
export type PublicIndicator = Omit<IndicatorRecord, 'sql' | 'sujet' | 'accord'> &
  Required<Pick<IndicatorDefinition, 'periodes'>>;

/** The registry for the pages and the API: the years and how each reads, the SQL and the grammar left out. */
export async function publicDefinitions(db: Database, options: ApiOptions = {}): Promise<PublicIndicator[]> {
  const state = await computedState(db, options);
  return state.definitions.map(({ sql: _sql, sujet: _sujet, accord: _accord, ...rest }) => ({
    ...rest,
    periodes: rest.annees.map((annee) => ({ annee, periode: periodOf(state, rest, annee) })),
  }));
}

/** How a year reads for an indicator (an evolution between censuses names both censuses). */
function periodOf(state: ComputedState, def: Pick<IndicatorRecord, 'axe'>, annee: number): string {
  const previous = def.axe === 'evolution_recensement' ? state.censusYears.filter((y) => y < annee).at(-1) : null;
  return periodeLibelle(def.axe, annee, previous);
}

/** The years of an indicator up to `annee`, each read from `point` (a territory's value that year). */
function serieOf(
  state: ComputedState,
  def: IndicatorRecord,
  annee: number,
  point: (year: number) => { valeur: number | null; significatif: boolean; periode?: string } | undefined,
): SeriePoint[] {
  return def.annees
    .filter((y) => y <= annee)
    .map((y) => {
      const p = point(y);
      return {
        annee: y,
        periode: p?.periode ?? periodOf(state, def, y),
        valeur: p?.valeur ?? null,
        significatif: p?.significatif ?? false,
      };
    });
}

/** Every basin × indicator × year (optionally one year), académie basins first. */
export async function computeAll(
  db: Database,
  options: ApiOptions & { annee?: number } = {},
): Promise<IndicatorResult[]> {
  const state = await computedState(db, options);
  if (options.annee === undefined) return state.results;
  checkYear(options.annee, indexOf(state).years);
  return state.results.filter((r) => r.annee === options.annee);
}

export async function diagnose(
  db: Database,
  bassinId: string,
  options: ApiOptions & { annee?: number } = {},
): Promise<Diagnostic & { indisponibles: Indisponible[] }> {
  const state = await computedState(db, options);
  const index = indexOf(state);
  const bassin = findBassin(state, bassinId);
  if (options.annee !== undefined) checkYear(options.annee, index.years);
  const indicateurs: DiagnosticLine[] = [];
  const indisponibles: Indisponible[] = [];
  const loaded = new Set(state.sourcesChargees);
  for (const def of state.definitions) {
    const annee = yearFor(def, options.annee);
    const result = annee === null ? undefined : index.results.get(rkey(def.id, annee, bassin.id));
    if (!result) {
      const sources_manquantes = missingSources(def, loaded);
      indisponibles.push({
        id: def.id,
        libelle: def.libelle,
        sources_manquantes,
        manque: manqueText(sources_manquantes, def.sources),
      });
      continue;
    }
    indicateurs.push({
      ...result,
      id: def.id,
      libelle: def.libelle,
      unite: def.unite,
      domaine: def.domaine,
      polarite: def.polarite,
      reference: result.references.academie?.valeur ?? null,
      ecart: result.ecarts.academie ?? null,
      verdict_libelle: verdictLibelle(result.verdict, def.polarite),
      rang_libelle: rangLibelle(result.rang, result.nb_bassins, result.rang_sens),
      serie: serieOf(state, def, annee!, (y) => index.results.get(rkey(def.id, y, bassin.id))),
      alerte_attribution: alerteAttribution(result),
      ...(result.sources_manquantes ? { manque: manqueText(result.sources_manquantes, def.sources) } : {}),
    });
  }
  const forces = indicateurs.filter((l) => l.verdict === 'force').map((l) => l.id);
  const faiblesses = indicateurs.filter((l) => l.verdict === 'faiblesse').map((l) => l.id);
  return {
    bassin: {
      id: bassin.id,
      nom: bassin.nom,
      departement: bassin.departement,
      departement_nom: departementNom(bassin.departement),
      communes: bassin.communes,
      population: bassin.population ?? null,
    },
    annee: options.annee ?? null,
    genere_le: new Date().toISOString(),
    regle_verdict: verdictRuleText(),
    indicateurs,
    bassins_comparables: state.comparables.get(bassin.id) ?? [],
    profil_comparables: profilComparables(state, bassin.id),
    forces,
    faiblesses,
    actions: proposeActions(faiblesses),
    indisponibles,
  };
}

/** The basin and its comparable basins with their profile values, as read. */
function profilComparables(state: ComputedState, bassinId: string): Diagnostic['profil_comparables'] {
  const defs = indexOf(state).definitions;
  const read = (values: (number | null)[] | undefined) =>
    COMPARABLES_RULE.variables.map((v, j) => {
      const x = values?.[j] ?? null;
      if (x === null) return null;
      // The density is kept as a logarithm for the distance; it reads as inhabitants per commune.
      if (v.id === 'densite') return `${formatNumber(Math.exp(x), 0)} habitants par commune`;
      const def = defs.get(v.id);
      return def ? formatValue(x, def.unite, def.decimales) : formatNumber(x, 1);
    });
  const ids = [bassinId, ...(state.comparables.get(bassinId) ?? [])];
  return {
    variables: COMPARABLES_RULE.variables.map((v) => ({ id: v.id, libelle: v.libelle })),
    regle: COMPARABLES_RULE.raison,
    bassins: ids.map((id) => {
      const b = state.bassins.find((x) => x.id === id);
      return { id, nom: b?.nom ?? id, departement: b?.departement ?? '', valeurs: read(state.profils.get(id)) };
    }),
  };
}

function toTerritoryValue(state: ComputedState, def: IndicatorRecord, r: IndicatorResult, b: Bassin): TerritoryValue {
  const results = indexOf(state).results;
  return {
    indicateur: r.indicateur,
    niveau: 'bassin',
    code: b.id,
    nom: b.nom,
    departement: b.departement,
    annee: r.annee,
    periode: r.periode,
    valeur: r.valeur,
    numerateur: r.numerateur,
    denominateur: r.denominateur,
    significatif: r.significatif,
    rang: r.rang,
    rang_sens: r.rang_sens,
    rang_libelle: rangLibelle(r.rang, r.nb_bassins, r.rang_sens),
    intervalle: r.intervalle,
    verdict: r.verdict,
    verdict_libelle: verdictLibelle(r.verdict, def.polarite),
    rang_academie: r.rang,
    ecart_academie: r.ecarts.academie ?? null,
    ...(r.ecarts.france !== undefined ? { ecart_france: r.ecarts.france } : {}),
    score_z: r.score_z,
    serie: serieOf(state, def, r.annee, (y) => results.get(rkey(def.id, y, b.id))),
    niveau_attribution: r.niveau_attribution ?? null,
    alerte_attribution: alerteAttribution(r),
  };
}

/** A département, académie or France value with its series and, unless a count, its gap to the académie. */
function withSerie(state: ComputedState, def: IndicatorRecord, v: TerritoryValue): TerritoryValue {
  const values = indexOf(state).values;
  const academie = values.get(`academie|${rkey(def.id, v.annee, ACADEMIE.code)}`)?.valeur ?? null;
  const gap =
    v.niveau === 'departement' && def.nature !== 'effectif' && v.valeur !== null && academie !== null
      ? v.valeur - academie
      : undefined;
  return {
    ...v,
    ...(gap === undefined ? {} : { ecart_academie: gap }),
    serie: serieOf(state, def, v.annee, (y) => values.get(`${v.niveau}|${rkey(def.id, y, v.code)}`)),
  };
}

function checkDepartement(state: ComputedState, departement?: string): void {
  if (departement === undefined) return;
  const known = [...new Set(state.bassins.filter((b) => b.academie).map((b) => b.departement))].sort();
  if (!known.includes(departement)) {
    throw new UnknownNameError(
      'departement',
      departement,
      known.map((d) => `${d} (${departementNom(d)})`),
      {
        candidates: [...known, ...known.map(departementNom)],
        suggest: (c) =>
          known.includes(c) ? `${c} (${departementNom(c)})` : `${known.find((d) => departementNom(d) === c)} (${c})`,
      },
    );
  }
}

/** Territory values of one indicator at one level (default year: the indicator's latest). */
export async function indicatorValues(
  db: Database,
  indicatorId: string,
  options: ApiOptions & { niveau: Niveau; annee?: number; departement?: string },
): Promise<TerritoryValue[]> {
  const def = resolveIndicator(indicatorId);
  const state = await computedState(db, options);
  const full = indexOf(state).definitions.get(def.id)!;
  checkDepartement(state, options.departement);
  if (options.annee !== undefined) checkYear(options.annee, full.annees, `pour l'indicateur ${def.id}`);
  const annee = options.annee ?? full.annees.at(-1);
  if (annee === undefined) return [];
  if (options.niveau === 'bassin') {
    const results = indexOf(state).results;
    return state.bassins
      .filter((b) => b.academie && (!options.departement || b.departement === options.departement))
      .map((b) => toTerritoryValue(state, full, results.get(rkey(def.id, annee, b.id))!, b))
      .sort(byRank(def.polarite));
  }
  if (
    options.niveau === 'france' &&
    !state.results.some((r) => r.indicateur === def.id && r.annee === annee && r.references.france)
  ) {
    return []; // the data do not reach beyond the académie: no France reference (see compute.ts)
  }
  return state.values
    .filter(
      (v) =>
        v.indicateur === def.id &&
        v.annee === annee &&
        v.niveau === options.niveau &&
        (options.niveau !== 'departement' ||
          (options.departement ? v.code === options.departement : ACADEMIE.departements.includes(v.code))),
    )
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((v) => withSerie(state, full, v));
}

/** Most favourable first for an indicator with a favourable direction (rang_sens), highest first otherwise. */
const byRank =
  (polarite: number) =>
  (a: TerritoryValue, b: TerritoryValue): number =>
    (a.valeur === null ? 1 : 0) - (b.valeur === null ? 1 : 0) ||
    ((b.valeur ?? 0) - (a.valeur ?? 0)) * (polarite === -1 ? -1 : 1) ||
    a.nom.localeCompare(b.nom);

/**
 * Basins ranked (per indicator, within the selection: 1 = most favourable, or highest value for an indicator
 * without a favourable direction — rang_sens) with the references
 * (département when given, académie, France when the data covers more than the académie).
 */
export async function compare(
  db: Database,
  options: ApiOptions & { departement?: string; indicateur?: string; annee?: number } = {},
): Promise<{ reference: TerritoryValue[]; bassins: TerritoryValue[] }> {
  const state = await computedState(db, options);
  const index = indexOf(state);
  checkDepartement(state, options.departement);
  let defs = state.definitions;
  if (options.indicateur !== undefined) {
    const def = index.definitions.get(resolveIndicator(options.indicateur).id)!;
    if (options.annee !== undefined) checkYear(options.annee, def.annees, `pour l'indicateur ${def.id}`);
    defs = [def];
  } else if (options.annee !== undefined) {
    checkYear(options.annee, index.years);
  }
  const reference: TerritoryValue[] = [];
  const bassins: TerritoryValue[] = [];
  const selection = state.bassins.filter(
    (b) => b.academie && (!options.departement || b.departement === options.departement),
  );
  for (const def of defs) {
    const annee = yearFor(def, options.annee);
    if (annee === null) continue;
    const rows = selection
      .map((b) => toTerritoryValue(state, def, index.results.get(rkey(def.id, annee, b.id))!, b))
      .sort(byRank(def.polarite));
    let rank = 0;
    const ranked = rows.filter((row) => row.valeur !== null).length;
    rows.forEach((row, i) => {
      if (row.valeur === null) {
        row.rang = null;
        row.rang_libelle = null;
        return;
      }
      rank = i > 0 && rows[i - 1].valeur === row.valeur ? rank : i + 1;
      row.rang = rank;
      row.rang_libelle = rangLibelle(rank, ranked, row.rang_sens ?? 'valeur');
    });
    bassins.push(...rows);
    const levels: [Niveau, string][] = [
      ...(options.departement ? [['departement', options.departement] as [Niveau, string]] : []),
      ['academie', ACADEMIE.code],
    ];
    for (const [niveau, code] of levels) {
      const v = index.values.get(`${niveau}|${rkey(def.id, annee, code)}`);
      if (v) reference.push(withSerie(state, def, v));
    }
    // France only when the data covers more than the académie (see compute.ts).
    const fr = state.results.find((r) => r.indicateur === def.id && r.annee === annee && r.references.france)
      ?.references.france;
    const frValue = fr ? index.values.get(`france|${rkey(def.id, annee, fr.code)}`) : undefined;
    if (frValue) reference.push(withSerie(state, def, frValue));
  }
  return { reference, bassins };
}
