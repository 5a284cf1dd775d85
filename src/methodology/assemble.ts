// The engine's last step: the basin values and their statistics (statistics.ts) become one result per basin ×
// indicator × year (references, gaps, rank, verdict, lazy sentence) and the territory values the API reads.
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import type { Zonage } from '../territory/bassin-level.ts';
import { INDICATORS, periodeLibelle, type IndicatorRecord } from './indicators.ts';
import type {
  Bassin,
  IndicatorResult,
  Niveau,
  NiveauAttribution,
  Reference,
  ReferenceKey,
  TerritoryValue,
  Verdict,
} from './types.ts';
import { COMPARABLES_RULE, nearestBassins } from './comparables.ts';
import { intervalOf } from './uncertainty.ts';
import {
  ecartMinimal,
  isSignificant,
  type Motif,
  motifOf,
  seuilEcart,
  type VerdictInput,
  verdictOfMotif,
} from './verdict.ts';
import { BassinResult, type SentenceContext } from './result.ts';
import type { BassinRow, ValueRow } from './statistics.ts';
import { formatNumber } from './format.ts';
import { missingSources } from './missing-sources.ts';

/** Everything the API reads, for one database state and one zoning. */
export interface ComputedState {
  signature: string;
  zonage: Zonage;
  computedAt: string;
  durationMs: number;
  bassins: (Bassin & { academie: boolean })[];
  /** The registry with `annees` filled from the data. */
  definitions: IndicatorRecord[];
  /** Every basin × indicator × year (a year of the indicator), including unavailable values. */
  results: IndicatorResult[];
  /** Every territory value (basins, départements, académie, France). */
  values: TerritoryValue[];
  /** Census years found in the data (for « RP 2015-2021 » labels). */
  censusYears: number[];
  /** Comparable basins of each basin (comparables.ts), nearest first. */
  comparables: Map<string, string[]>;
  /** Each basin's profile (COMPARABLES_RULE.variables order; densité as its logarithm), null when missing. */
  profils: Map<string, (number | null)[]>;
  /** Source ids with at least one active file (what sources_manquantes is measured against). */
  sourcesChargees: string[];
  /**
   * Milliseconds per step (preparation, vues, indicateurs, statistiques, assemblage), and the process's CPU time of
   * each (suffix _cpu: DuckDB's threads included, hardly changed by the other programs of a shared machine).
   */
  timings: Record<string, number>;
}

export function assemble(
  zonage: Zonage,
  signature: string,
  bassins: (Bassin & { academie: boolean })[],
  bassinRows: BassinRow[],
  otherRows: ValueRow[],
  censusYears: number[],
  sourcesChargees: string[],
  zoneNames: ReadonlyMap<string, string>,
): ComputedState {
  const loaded = new Set(sourcesChargees);
  const definitions = INDICATORS.map((d) => ({ ...d, annees: [] as number[] }));
  const nBassins = bassins.length;
  // One pass over the rows: the years with a value per indicator, and the rows by indicator → year → level (nested
  // maps: no string key per lookup; basin rows in an array by the basin's index in `bassins`).
  const years = new Map<string, Set<number>>();
  const index = new Map<string, Map<number, YearRows>>();
  const yearRows = (r: Pick<ValueRow, 'indicateur' | 'annee' | 'valeur'>): YearRows => {
    if (r.valeur !== null) {
      const s = years.get(r.indicateur) ?? new Set<number>();
      s.add(r.annee);
      years.set(r.indicateur, s);
    }
    let byYear = index.get(r.indicateur);
    if (!byYear) {
      byYear = new Map();
      index.set(r.indicateur, byYear);
    }
    let rows = byYear.get(r.annee);
    if (!rows) {
      rows = { bassin: new Array(nBassins).fill(undefined), departement: new Map() };
      byYear.set(r.annee, rows);
    }
    return rows;
  };
  for (const r of bassinRows) {
    const rows = yearRows(r);
    rows.bassin[r.bassinIndex] = r;
    rows.stats ??= r;
  }
  for (const r of otherRows) {
    const rows = yearRows(r);
    if (r.niveau === 'departement') rows.departement.set(r.code, r);
    else if (r.niveau === 'academie') rows.academie = r;
    else rows.france = r;
  }
  for (const d of definitions) d.annees = [...(years.get(d.id) ?? [])].sort((a, b) => a - b);
  const names = new Map(bassins.map((b) => [b.id, b]));
  const indexOf = new Map(bassins.map((b, i) => [b.id, i]));

  const references = new Map<ValueRow, Reference>();
  const reference = (r: ValueRow | undefined, niveau: Niveau): Reference | undefined => {
    if (!r) return undefined;
    let ref = references.get(r);
    if (!ref) {
      let nom: string;
      if (niveau === 'departement') nom = departementNom(r.code);
      else if (niveau === 'academie') nom = ACADEMIE.nom;
      else nom = r.departements >= 90 ? 'France' : `Ensemble des communes chargées (${r.departements} départements)`;
      ref = { niveau, code: r.code, nom, valeur: r.valeur, numerateur: r.numerateur, denominateur: r.denominateur };
      references.set(r, ref);
    }
    return ref;
  };

  // Comparable basins: nearest on the declared profile, each variable at its latest year.
  const profileIds = bassins.map((b) => b.id);
  const profileRows = COMPARABLES_RULE.variables.map((v) => {
    const annee = definitions.find((x) => x.id === v.id)?.annees.at(-1);
    return annee === undefined ? undefined : index.get(v.id)?.get(annee)?.bassin;
  });
  const profileValues = bassins.map((b, i) =>
    COMPARABLES_RULE.variables.map((v, j) => {
      if (v.id === 'densite') return b.population && b.communes ? Math.log(b.population / b.communes) : null;
      const row = profileRows[j]?.[i];
      return row?.significatif ? row.valeur : null;
    }),
  );
  const comparables = nearestBassins(
    profileIds,
    profileValues,
    COMPARABLES_RULE.variables.map((v) => v.poids),
    COMPARABLES_RULE.nombre,
  );
  // Per basin, once: its comparable basins as indexes, and the comparables reference's code and name.
  const nearestOf = bassins.map((b) => {
    const ids = comparables.get(b.id) ?? [];
    return { indexes: ids.map((id) => indexOf.get(id)!), code: ids.join('+'), nom: comparablesNom(ids, names) };
  });
  const emptyRows: YearRows = { bassin: new Array(nBassins).fill(undefined), departement: new Map() };
  // The verdict's input, rewritten for each value (judge keeps nothing of it): no object per value.
  const input: VerdictInput = {
    valeur: null,
    numerateur: null,
    denominateur: null,
    reference: null,
    ecart_type: null,
    nb_significatifs: 0,
    intervalle: null,
    non_classe: null,
  };
  const assembly: Assembly = { bassins, nearestOf, zoneNames, input, reference };

  const results: BassinResult[] = [];
  for (const def of definitions) {
    const isCount = def.sql.denominateur === null;
    const rangSens = def.polarite === 0 ? 'valeur' : 'favorable';
    const context: SentenceContext = {
      def,
      indicateur: def.id,
      attribution: def.attribution,
      missing: Object.freeze(missingSources(def, loaded)),
    };
    const perYear = def.annees.map((annee): YearAssembly => {
      const rows = index.get(def.id)?.get(annee) ?? emptyRows;
      const aca = rows.academie;
      const france = rows.france;
      const anneePrec =
        def.axe === 'evolution_recensement' ? (censusYears.filter((y) => y < annee).at(-1) ?? null) : null;
      const periode = periodeLibelle(def.axe, annee, anneePrec);
      if (rows !== emptyRows) rows.periode = periode;
      return {
        annee,
        rows,
        periode,
        refAca: reference(aca, 'academie'),
        // France only when the data reach beyond the académie (otherwise it would repeat the académie).
        refFr: france && france.departements > (aca?.departements ?? 0) ? reference(france, 'france') : undefined,
        stats: rows.stats,
      };
    });
    const indicator: IndicatorAssembly = { def: ruleOf(def), isCount, rangSens, context };
    for (let bi = 0; bi < nBassins; bi++) {
      let first: { annee: number; valeur: number } | null = null;
      for (const y of perYear) {
        const trend = first && first.annee < y.annee ? first : null;
        const result = basinResult(assembly, indicator, y, bi, trend);
        results.push(result);
        const row = y.rows.bassin[bi];
        if (row) row.result = result;
        if (!first && result.valeur !== null) first = { annee: y.annee, valeur: result.valeur };
      }
    }
  }

  const values: TerritoryValue[] = [];
  for (const r of bassinRows) {
    values.push(basinValue(r, bassins[r.bassinIndex], index.get(r.indicateur)?.get(r.annee)?.periode));
  }
  for (const r of otherRows) {
    const ref = reference(r, r.niveau)!;
    values.push({
      indicateur: r.indicateur,
      niveau: r.niveau,
      code: r.code,
      nom: ref.nom,
      departement: r.niveau === 'departement' ? r.code : null,
      periode: index.get(r.indicateur)?.get(r.annee)?.periode,
      annee: r.annee,
      valeur: r.valeur,
      numerateur: r.numerateur,
      denominateur: r.denominateur,
      significatif: r.significatif,
    });
  }
  return {
    signature,
    zonage,
    computedAt: new Date().toISOString(),
    durationMs: 0,
    bassins,
    definitions,
    results,
    values,
    censusYears,
    comparables,
    profils: new Map(profileIds.map((id, i) => [id, profileValues[i]])),
    sourcesChargees,
    timings: {},
  };
}

/** The fields of an indicator the results are computed from (not the sentences). */
type RuleRecord = Pick<
  IndicatorRecord,
  | 'sql'
  | 'seuil_effectif'
  | 'polarite'
  | 'sans_verdict'
  | 'intervalle'
  | 'echelle'
  | 'plancher'
  | 'ecart_minimal'
  | 'ecart_minimal_relatif'
  | 'decimales'
  | 'reference_verdict'
  | 'verdict_possible'
>;

/**
 * An indicator's rule fields copied into objects of one shape. The registry's records differ in their optional
 * fields, so every indicator brought V8 a new shape in the hot functions (isSignificant, intervalOf, motifOf…), which
 * were deoptimised and recompiled indicator after indicator: the first computation of a process took three times
 * the next ones.
 */
function ruleOf(def: IndicatorRecord): RuleRecord {
  const { sql, intervalle } = def;
  return {
    sql: { vue: sql.vue, numerateur: sql.numerateur, denominateur: sql.denominateur, filtre: sql.filtre },
    seuil_effectif: def.seuil_effectif,
    polarite: def.polarite,
    sans_verdict: def.sans_verdict,
    intervalle: {
      methode: intervalle.methode,
      taille_effective: intervalle.taille_effective,
      raison: intervalle.raison,
    },
    echelle: def.echelle,
    plancher: def.plancher,
    ecart_minimal: def.ecart_minimal,
    ecart_minimal_relatif: def.ecart_minimal_relatif,
    decimales: def.decimales,
    reference_verdict: def.reference_verdict,
    verdict_possible: def.verdict_possible,
  };
}

/** What every result of a computation shares (assemble builds it once). */
interface Assembly {
  bassins: (Bassin & { academie: boolean })[];
  /** Per basin: its comparable basins as indexes, and the comparables reference's code and name. */
  nearestOf: { indexes: number[]; code: string; nom: string }[];
  zoneNames: ReadonlyMap<string, string>;
  /** The verdict's input, rewritten for each value (judge keeps nothing of it): no object per value. */
  input: VerdictInput;
  /** A territory row's reference (one object per row). */
  reference: (r: ValueRow | undefined, niveau: Niveau) => Reference | undefined;
}

/** What the results of one indicator share. */
interface IndicatorAssembly {
  def: RuleRecord;
  isCount: boolean;
  rangSens: 'favorable' | 'valeur';
  context: SentenceContext;
}

/** What the results of one indicator and year share. */
interface YearAssembly {
  annee: number;
  rows: YearRows;
  periode: string;
  refAca: Reference | undefined;
  refFr: Reference | undefined;
  /** Any basin row of that indicator and year (the académie statistics are the same on each). */
  stats: BassinRow | undefined;
}

/**
 * One basin × indicator × year. A function of its own, called per result, rather than the body of assemble's loop:
 * assemble runs once per computation and its loop ran interpreted until V8 replaced it, where a function called
 * tens of thousands of times is optimised after a few hundred (the first computation took three times longer).
 */
function basinResult(
  s: Assembly,
  ind: IndicatorAssembly,
  y: YearAssembly,
  bi: number,
  trend: { annee: number; valeur: number } | null,
): BassinResult {
  const def = ind.def;
  const isCount = ind.isCount;
  const input = s.input;
  const b = s.bassins[bi];
  const nearest = s.nearestOf[bi];
  const { annee, periode, refAca, refFr } = y;
  const row = y.rows.bassin[bi];
  const valeur = row?.valeur ?? null;
  const numerateur = row?.numerateur ?? null;
  const denominateur = row?.denominateur ?? null;
  const refDep = s.reference(y.rows.departement.get(b.departement), 'departement');
  const refComp = comparablesReference(def, nearest.indexes, nearest.code, nearest.nom, y.rows.bassin);
  const stats = row ?? y.stats ?? NO_STATS;
  const ecartType = stats.ecart_type;
  const moyenne = stats.moyenne;
  const significatif = isSignificant(def, valeur, numerateur, denominateur);
  const niveauAttribution = attributionLevel(row, s.zoneNames);
  const nonClasse = valeur === null ? null : nonClasseReason(niveauAttribution, row?.non_rattaches ?? 0, b);
  const refs: IndicatorResult['references'] = {};
  const ecarts: IndicatorResult['ecarts'] = {};
  // A count is compared with totals: its gap to a reference would mean nothing.
  const gapValue = isCount ? null : valeur;
  addReference(refs, ecarts, 'departement', refDep, gapValue);
  addReference(refs, ecarts, 'academie', refAca, gapValue);
  addReference(refs, ecarts, 'france', refFr, gapValue);
  addReference(refs, ecarts, 'comparables', refComp, gapValue);
  // The declared reference of the verdict, or the académie when it is unavailable.
  const referenceVerdict =
    def.reference_verdict !== 'academie' && refs[def.reference_verdict]?.valeur != null
      ? def.reference_verdict
      : 'academie';
  const referenceValeur = refs[referenceVerdict]?.valeur ?? null;
  const intervalle = significatif && !isCount ? intervalOf(def, valeur, numerateur, denominateur) : null;
  let motif: Motif | 'hors_academie';
  let verdict: Verdict;
  if (b.academie) {
    input.valeur = valeur;
    input.numerateur = numerateur;
    input.denominateur = denominateur;
    input.reference = referenceValeur;
    input.ecart_type = ecartType;
    input.nb_significatifs = stats.nb_significatifs;
    input.intervalle = intervalle;
    input.non_classe = nonClasse;
    motif = motifOf(def, input, intervalle);
    verdict = verdictOfMotif(def, input, motif);
  } else {
    motif = 'hors_academie';
    verdict = significatif ? 'neutre' : 'non_significatif';
  }
  return new BassinResult(
    ind.context,
    b.id,
    annee,
    periode,
    row ?? NO_ROW,
    significatif,
    refs,
    ecarts,
    ind.rangSens,
    intervalle,
    referenceVerdict,
    ecartMinimal(def, referenceValeur),
    motif,
    verdict,
    stats,
    valeur !== null && moyenne !== null && ecartType && ecartType > 0 && b.academie
      ? (valeur - moyenne) / ecartType
      : null,
    trend
      ? {
          annee_debut: trend.annee,
          valeur_debut: trend.valeur,
          evolution: valeur === null ? null : valeur - trend.valeur,
        }
      : null,
    def.verdict_possible ? seuilEcart(def, ecartType, referenceValeur) : null,
    niveauAttribution,
    row?.non_rattaches ?? 0,
    nonClasse,
  );
}

/** A basin row as a territory value, with what its result says (a function of its own: see basinResult). */
function basinValue(r: BassinRow, b: Bassin, periode: string | undefined): TerritoryValue {
  const res = r.result;
  return {
    indicateur: r.indicateur,
    niveau: 'bassin',
    code: r.code,
    nom: b.nom,
    departement: b.departement,
    annee: r.annee,
    valeur: r.valeur,
    numerateur: r.numerateur,
    denominateur: r.denominateur,
    significatif: r.significatif,
    periode,
    rang: r.rang,
    rang_sens: res?.rang_sens,
    intervalle: res?.intervalle ?? null,
    verdict: res?.verdict,
    rang_academie: r.rang,
    ecart_academie: res?.ecarts.academie ?? null,
    score_z: res?.score_z ?? null,
    niveau_attribution: res?.niveau_attribution ?? null,
  };
}

/** A basin without a row, in a year without any basin row: no value, no statistics. */
const NO_ROW = { valeur: null, numerateur: null, denominateur: null, rang: null } as const;
const NO_STATS = { nb_bassins: 0, nb_significatifs: 0, ecart_type: null, moyenne: null } as const;

/** Rows of one indicator and one year, by level. */
interface YearRows {
  /** By the basin's index in the state's `bassins`. */
  bassin: (BassinRow | undefined)[];
  departement: Map<string, ValueRow>;
  academie?: ValueRow;
  france?: ValueRow;
  /** Any basin row (the académie statistics are the same on each). */
  stats?: BassinRow;
  /** The period label of that indicator and year, when the year is one of the indicator's. */
  periode?: string;
}

/** Adds a reference and the gap to it (null when there is no value to compare: a count, a missing value). */
function addReference(
  refs: IndicatorResult['references'],
  ecarts: IndicatorResult['ecarts'],
  key: ReferenceKey,
  ref: Reference | undefined,
  valeur: number | null,
): void {
  if (!ref) return;
  refs[key] = ref;
  ecarts[key] = valeur !== null && ref.valeur !== null ? valeur - ref.valeur : null;
}

/** « Bassins comparables (A, B, C) »: said once per basin. */
function comparablesNom(nearest: string[], names: Map<string, Bassin>): string {
  return `Bassins comparables (${nearest.map((id) => names.get(id)?.nom ?? id).join(', ')})`;
}

/** The comparable basins taken together: Σ numerators / Σ denominators (the mean count for a count). */
function comparablesReference(
  def: RuleRecord,
  nearest: number[],
  code: string,
  nom: string,
  rows: (BassinRow | undefined)[],
): Reference | undefined {
  if (nearest.length === 0) return undefined;
  let num = 0;
  let den = 0;
  let n = 0;
  for (const i of nearest) {
    const r = rows[i];
    if (!r || r.valeur === null || r.numerateur === null) continue;
    if (def.sql.denominateur !== null && r.denominateur === null) continue;
    num += r.numerateur;
    den += r.denominateur ?? 0;
    n++;
  }
  if (n === 0) return undefined;
  let valeur: number | null;
  if (def.sql.denominateur === null) valeur = num / n;
  else valeur = den > 0 ? (num / den) * def.echelle : null;
  if (valeur !== null && def.plancher !== undefined) valeur = Math.max(def.plancher, valeur);
  return {
    niveau: 'comparables',
    code,
    nom,
    valeur,
    numerateur: def.sql.denominateur === null ? null : num,
    denominateur: def.sql.denominateur === null ? null : den,
  };
}

/** The coarser level a basin value came from, as shown to users; null when the basin's own data built it. */
function attributionLevel(
  row: BassinRow | undefined,
  zoneNames: ReadonlyMap<string, string>,
): NiveauAttribution | null {
  if (!row?.niveau_source || !row.code_source) return null;
  const code = row.code_source;
  const named = (kind: string, c: string) => (zoneNames.has(`${kind}|${c}`) ? ` ${zoneNames.get(`${kind}|${c}`)}` : '');
  switch (row.niveau_source) {
    case 'departement':
      return { niveau: 'departement', code, libelle: `département ${departementNom(code)} (${code})` };
    case 'ze':
      return { niveau: 'ze', code, libelle: `zone d'emploi ${code}${named('ze', code)}` };
    case 'bmo': {
      const [bassin, dep] = code.split('|');
      const where = dep ? ` (${departementNom(dep)})` : '';
      return { niveau: 'bmo', code: bassin, libelle: `bassin BMO ${bassin}${named('bmo', bassin)}${where}` };
    }
  }
}

/** Why a basin value is never classed (the verdict's input non_classe), or null. */
function nonClasseReason(level: NiveauAttribution | null, nonRattaches: number, b: Bassin): string | null {
  if (level)
    return (
      `valeur publiée pour ${level.niveau === 'ze' ? 'la' : 'le'} ${level.libelle}, qui couvre plusieurs ` +
      `bassins : elle ne distingue pas ce bassin des autres`
    );
  if (nonRattaches > 0)
    return (
      `${formatNumber(nonRattaches, 0)} établissement${nonRattaches > 1 ? 's' : ''} du département ` +
      `${departementNom(b.departement)} ` +
      `${nonRattaches > 1 ? 'ne sont rattachés' : "n'est rattaché"} à aucune commune du zonage (UAI ou commune ` +
      `inconnus) : la valeur peut être incomplète`
    );
  return null;
}
