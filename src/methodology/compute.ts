// The engine: one set-based DuckDB query per indicator over every territory (basins, départements,
// académie, France) and every year, then académie statistics (rank, mean, σ) in SQL, then verdicts and
// sentences. Results are computed once per database state (provenance + raw row counts + zoning) and
// kept in memory, so the API answers a diagnostic in milliseconds.
import { createHash } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { SOURCE_FORMATS } from '../ingest/registry.ts';
import { ensureSchema } from '../ingest/schema.ts';
import { ACADEMIE, departementNom, FRANCE_CODE } from '../territory/academie.ts';
import { prepareAttribution } from '../territory/attribution.ts';
import { prepareZonage, readBassins, type Zonage } from '../territory/bassin-level.ts';
import { prepareGeography } from '../territory/geography.ts';
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
  SIGNIFICANCE_SQL,
  seuilEcart,
  VERDICT_RULE,
  type VerdictInput,
  verdictOfMotif,
} from './verdict.ts';
import { BassinResult, type SentenceContext } from './result.ts';
import { type BassinRow, readBassinRows, type ValueRow } from './statistics.ts';
import { formatNumber } from './format.ts';
import { missingSources } from './missing-sources.ts';
import { CANONICAL_VIEWS, type CanonicalView, createCanonicalViews } from './views.ts';
import { activeRows, loadedSourceIds, provenanceSignature } from '../ingest/provenance.ts';
import { groupBy } from '../shared/group.ts';
import { exactUnits, fromUnits } from '../db/exact.ts';

interface ComputeOptions {
  zonage?: Zonage;
}

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

const RAW_TABLES = [...new Set(SOURCE_FORMATS.map((f) => f.table))].sort();

/** Changes whenever the registry, the views or the attribution SQL change. */
const METHOD_VERSION = createHash('sha256')
  .update(JSON.stringify(INDICATORS.map((i) => [i.id, i.sql, i.echelle, i.seuil_effectif, i.plancher ?? null])))
  .update(JSON.stringify([COMPARABLES_RULE, VERDICT_RULE]))
  .update((CANONICAL_VIEWS as readonly CanonicalView[]).map((v) => v.sql() + (v.france?.() ?? '')).join('\n'))
  .digest('hex')
  .slice(0, 16);

const caches = new WeakMap<Database, Map<Zonage, { signature: string; state: Promise<ComputedState> }>>();
const locks = new WeakMap<Database, Promise<unknown>>();
/** Databases whose raw tables were checked by ensureSchema (slow: once per open database). */
const schemaChecked = new WeakSet<Database>();

/** Runs fn after any computation in progress on the same database (temporary tables are shared). */
function serialise<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(db) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  locks.set(
    db,
    next.catch(() => undefined),
  );
  return next;
}

/** The signature of the database state, and how many raw rows it holds. */
async function databaseSignature(db: Database): Promise<{ signature: string; rows: number }> {
  const counts = RAW_TABLES.map((t) => `(SELECT count(*) FROM ${ident(t)})::VARCHAR`).join(` || ',' || `);
  const c = (await db.one<{ c: string }>(`SELECT ${counts} AS c`))?.c ?? '';
  const rows = c.split(',').reduce((sum, n) => sum + (Number(n) || 0), 0);
  return { signature: `${METHOD_VERSION}|${await provenanceSignature(db)}|${c}`, rows };
}

/**
 * Below this many raw rows (an académie's files), DuckDB runs on one thread, and stays so while the data stay small
 * (a load goes back to all threads): the computation's hundred small operators cost more to coordinate between
 * threads than they gain (académie demo at load 4: 450-530 ms and 400 ms of CPU on one thread, 680-690 ms and 570 ms
 * of CPU on two). A national load keeps every thread.
 */
const ONE_THREAD_BELOW_ROWS = 1_000_000;

/** The computed state for the current database content (cached; recomputed when the data changed). */
export async function computedState(db: Database, options: ComputeOptions = {}): Promise<ComputedState> {
  const zonage = options.zonage ?? 'clee';
  return serialise(db, async () => {
    if (!schemaChecked.has(db)) {
      await ensureSchema(db);
      schemaChecked.add(db);
    }
    const { signature, rows } = await databaseSignature(db);
    let perDb = caches.get(db);
    if (!perDb) {
      perDb = new Map();
      caches.set(db, perDb);
    }
    const cached = perDb.get(zonage);
    if (cached && cached.signature === signature) return cached.state;
    const threads = rows < ONE_THREAD_BELOW_ROWS ? 1 : null;
    await db.useThreads(threads);
    const state = compute(db, zonage, signature, threads);
    perDb.set(zonage, { signature, state });
    state.catch(() => perDb!.delete(zonage));
    return state;
  });
}

/** Forgets cached results (tests, or after writing to raw tables outside the loader). */
export function clearCache(db: Database): void {
  caches.delete(db);
}

/** `threads`: DuckDB's threads for the data's size (null: all of them). */
async function compute(
  db: Database,
  zonage: Zonage,
  signature: string,
  threads: number | null,
): Promise<ComputedState> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  let lap = started;
  let cpuLap = process.cpuUsage();
  const tick = (label: string) => {
    const now = performance.now();
    timings[label] = now - lap;
    lap = now;
    const cpu = process.cpuUsage(cpuLap);
    timings[`${label}_cpu`] = (cpu.user + cpu.system) / 1000;
    cpuLap = process.cpuUsage();
  };
  await prepareGeography(db, zonage);
  await prepareAttribution(db);
  await prepareZonage(db, zonage);
  tick('preparation');
  await createCanonicalViews(db, INDICATORS, threads);
  await db.useThreads(threads);
  tick('vues');
  await db.run(`CREATE OR REPLACE TEMP TABLE methodo_valeur (
    indicateur VARCHAR, niveau VARCHAR, code VARCHAR, annee INTEGER,
    numerateur DOUBLE, denominateur DOUBLE, valeur DOUBLE, significatif BOOLEAN, departements INTEGER, polarite INTEGER,
    niveau_source VARCHAR, code_source VARCHAR, non_rattaches INTEGER)`);
  await computeIndicators(db, INDICATORS);
  tick('indicateurs');

  const bassins = (await readBassins(db)).map((b) => b as Bassin & { academie: boolean });
  const academie = new Set(
    (await db.all<{ id: string }>('SELECT id FROM clee_bassin WHERE academie')).map((r) => r.id),
  );
  const bassinRows = await readBassinRows(db, bassins);
  const otherRows = await db.allByColumn<ValueRow>(
    `SELECT indicateur, niveau, code, annee, numerateur, denominateur, valeur, significatif, departements
     FROM methodo_valeur WHERE niveau <> 'bassin'`,
  );
  for (const b of bassins) b.academie = academie.has(b.id);
  const censusYears = (
    await db.all<{ annee: number }>('SELECT DISTINCT annee FROM v_recensement WHERE annee IS NOT NULL ORDER BY annee')
  ).map((r) => r.annee);

  const sourcesChargees = await loadedSourceIds(db);
  // Names of the zones d'emploi and bassins BMO, so that a value from a coarser level says which zone it is.
  const zoneNames = new Map(
    (
      await db.all<{ k: string; nom: string }>(`
        SELECT 'ze|' || ze2020 AS k, any_value(libze2020) AS nom FROM commune_ze
        WHERE ${activeRows()} AND ze2020 IS NOT NULL AND libze2020 IS NOT NULL GROUP BY ze2020
        UNION ALL
        SELECT 'bmo|' || bassin_bmo, any_value(nom) FROM (
          SELECT bassin_bmo, nom_bassin_bmo AS nom FROM commune_bassin_bmo WHERE ${activeRows()}
          UNION ALL SELECT bassin_bmo, nom_bassin_bmo FROM bmo WHERE ${activeRows()}
        ) WHERE bassin_bmo IS NOT NULL AND nom IS NOT NULL GROUP BY bassin_bmo`)
    ).map((r) => [r.k, r.nom]),
  );

  tick('statistiques');
  const state = assemble(zonage, signature, bassins, bassinRows, otherRows, censusYears, sourcesChargees, zoneNames);
  tick('assemblage');
  state.durationMs = performance.now() - started;
  state.timings = timings;
  return state;
}

/**
 * One set-based query for every indicator → every territory level × every year. Each view is read once: its commune
 * rows are summed per basin × département × year (× source zone) for all its indicators at once, then unnested into
 * one row per indicator. Summing before unnesting carries a few thousand rows instead of one per commune and
 * indicator (1,5 million on a national load); every level is a sum of these sums. The indicators' parameters
 * (scale, threshold, floor) are a table joined on the id.
 */
async function computeIndicators(db: Database, defs: readonly IndicatorRecord[]): Promise<void> {
  const views = CANONICAL_VIEWS as readonly CanonicalView[];
  const branches = defs.map((def) => {
    const { vue, numerateur, denominateur, filtre } = def.sql;
    const view = views.find((v) => v.nom === vue);
    const num = `CAST(${numerateur} AS DOUBLE)`;
    const den = denominateur !== null ? `CAST(${denominateur} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
    const where = filtre ? `WHERE ${filtre}` : '';
    const head = `SELECT ${sqlString(def.id)}, codgeo, CAST(annee AS INTEGER), ${num}, ${den}`;
    // A row counts for an indicator when it passes the filter and has a numerator (and a denominator for a rate).
    const valid = [...(filtre ? [`(${filtre})`] : []), `${num} IS NOT NULL`]
      .concat(denominateur !== null ? [`${den} IS NOT NULL`] : [])
      .join(' AND ');
    // Exact sums (db/exact.ts), kept in billionths up to the last level: every level adds the same numbers.
    return {
      def,
      view,
      num: `sum(CASE WHEN ${valid} THEN ${exactUnits(num)} END)`,
      den: denominateur !== null ? `sum(CASE WHEN ${valid} THEN ${exactUnits(den)} END)` : 'NULL::HUGEINT',
      schools: view?.attribution === 'etablissements' ? `${head}, uai, uai_departement FROM ${vue} ${where}` : null,
      france: view?.france ? `${head} FROM ${vue}_france ${where}` : null,
    };
  });
  const perView = [...groupBy(branches, (b) => b.def.sql.vue)].map(([vue, list]) => {
    const zones =
      list[0].view?.attribution === 'zones'
        ? 'v.source_niveau, v.source_code'
        : 'NULL::VARCHAR AS source_niveau, NULL::VARCHAR AS source_code';
    const sums = list.map((b, i) => `${b.num} AS n${i}, ${b.den} AS d${i}`);
    const structs = list.map((b, i) => `{indicateur: ${sqlString(b.def.id)}, num: n${i}, den: d${i}}`);
    return `SELECT x.indicateur, annee, x.num, x.den, bassin_id, dep, source_niveau, source_code FROM (
        SELECT unnest([${structs.join(', ')}]) AS x, annee, bassin_id, dep, source_niveau, source_code FROM (
          SELECT geoz.bassin_id, geoz.dep, CAST(v.annee AS INTEGER) AS annee, ${zones}, ${sums.join(', ')}
          FROM ${vue} v LEFT JOIN geoz ON geoz.code = v.codgeo
          WHERE v.codgeo IS NOT NULL AND v.annee IS NOT NULL GROUP BY ALL))
      -- No row passed for this indicator: none in the per-commune reading either.
      WHERE x.num IS NOT NULL`;
  });
  // Schools are counted one by one (count DISTINCT uai) to tell which are unplaced: their views are small.
  const schools = branches.flatMap((b) => (b.schools ? [b.schools] : []));
  const schoolsSql = schools.length
    ? schools.join('\n      UNION ALL ')
    : 'SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::INTEGER, NULL::DOUBLE, NULL::DOUBLE, NULL::VARCHAR, NULL::VARCHAR ' +
      'WHERE false';
  // The France rows from the national sums, for the views that have them (views.ts); a query that reads none.
  const france = branches.flatMap((b) => (b.france ? [b.france] : []));
  const nationalSql = france.length
    ? france.join('\n      UNION ALL ')
    : 'SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::INTEGER, NULL::DOUBLE, NULL::DOUBLE WHERE false';
  const params = defs.map(
    (d) =>
      `(${sqlString(d.id)}, ${d.sql.denominateur !== null}, ${Number(d.echelle)}, ${Number(d.seuil_effectif)}, ` +
      `${d.plancher === undefined ? 'NULL::DOUBLE' : Number(d.plancher)}, ${Number(d.polarite)})`,
  );
  // Basin level: the coarsest source of its value when that source is not the basin's own (a département, or one
  // zone shared with other basins).
  // One zone: min = max (cheaper than counting distinct codes).
  const bassinFlags = `CASE WHEN bool_or(c.source_niveau = 'departement') THEN 'departement'
        WHEN min(c.source_code) = max(c.source_code) AND max(zb.nb) > 1 THEN any_value(c.source_niveau) END
        AS niveau_source,
      CASE WHEN bool_or(c.source_niveau = 'departement')
          THEN any_value(c.source_code) FILTER (WHERE c.source_niveau = 'departement')
        WHEN min(c.source_code) = max(c.source_code) AND max(zb.nb) > 1 THEN min(c.source_code) END AS code_source`;
  const raw = 'CASE WHEN p.ratio THEN agg.numerateur / nullif(agg.denominateur, 0) * p.echelle ELSE agg.numerateur END';
  await db.run(
    `
    INSERT INTO methodo_valeur
    WITH p AS (
      SELECT * FROM (VALUES ${params.join(', ')}) p(indicateur, ratio, echelle, seuil, plancher, polarite)
    ), un(indicateur, codgeo, annee, num, den) AS (
      ${nationalSql}
    ), geoz AS MATERIALIZED (
      -- Each code's commune, département and basin (commune codes read on the zoning's geography; département from
      -- the zoning or the COG, never a code prefix).
      SELECT geo.code, geo.codgeo AS commune, geo.departement AS dep, z.bassin_id
      FROM clee_geo geo LEFT JOIN clee_zonage z ON z.codgeo = geo.codgeo
    ), nat AS (
      -- France from the national sums of the files clee fetch filtered (when a view has them for that year).
      SELECT indicateur, annee, sum(${exactUnits('num')}) AS num, sum(${exactUnits('den')}) AS den
      FROM un JOIN p USING (indicateur)
      WHERE un.annee IS NOT NULL AND un.num IS NOT NULL AND (NOT p.ratio OR un.den IS NOT NULL)
      GROUP BY ALL
    ), c AS MATERIALIZED (
      ${perView.join('\n      UNION ALL ')}
    ), s(indicateur, codgeo, annee, num, den, uai, uai_departement) AS (
      ${schoolsSql}
    ), nr AS MATERIALIZED (
      -- Schools reaching no basin: unknown UAI, unknown commune, or a commune of the académie outside the zoning.
      SELECT indicateur, annee, coalesce(geoz.dep, uai_departement) AS dep, count(DISTINCT uai) AS n
      FROM s JOIN p USING (indicateur) LEFT JOIN geoz ON geoz.code = s.codgeo
      WHERE s.annee IS NOT NULL AND s.num IS NOT NULL AND (NOT p.ratio OR s.den IS NOT NULL) AND uai IS NOT NULL
        AND (geoz.commune IS NULL OR (geoz.bassin_id IS NULL AND list_contains($deps, geoz.dep)))
      GROUP BY ALL
    ), zb AS (
      SELECT indicateur, source_code, count(DISTINCT bassin_id) AS nb FROM c
      WHERE source_code IS NOT NULL AND bassin_id IS NOT NULL GROUP BY ALL
    ), ba AS MATERIALIZED (
      -- departements is counted for départements, the académie and France only (names and the France rule).
      SELECT c.indicateur, c.bassin_id AS code, c.annee, sum(num) AS numerateur, sum(den) AS denominateur,
        NULL::BIGINT AS departements, ${bassinFlags}
      FROM c LEFT JOIN zb ON zb.indicateur = c.indicateur AND zb.source_code = c.source_code
      WHERE c.bassin_id IS NOT NULL GROUP BY c.indicateur, c.bassin_id, c.annee
    ), da AS (
      SELECT indicateur, dep, annee, sum(num) AS numerateur, sum(den) AS denominateur FROM c
      WHERE dep IS NOT NULL GROUP BY ALL
    ), dn AS (
      SELECT indicateur, annee, count(*) AS n FROM da GROUP BY ALL
    ), agg AS (
      SELECT 'bassin' AS niveau, ba.* FROM ba JOIN p USING (indicateur) WHERE p.ratio
      -- A count is 0 in a basin without any unit (no lycée…) in a year the source covers in the basin's département:
      -- a file of another département says nothing of this one (no value, and the sources to fetch are named).
      UNION ALL SELECT 'bassin', y.indicateur, b.id, y.annee, coalesce(ba.numerateur, 0), NULL,
        NULL, ba.niveau_source, ba.code_source
      FROM clee_bassin b
        JOIN (SELECT DISTINCT indicateur, annee, dep FROM c JOIN p USING (indicateur) WHERE NOT p.ratio) y
          ON y.dep = b.departement
      LEFT JOIN ba ON ba.indicateur = y.indicateur AND ba.code = b.id AND ba.annee = y.annee
      UNION ALL SELECT 'departement', indicateur, dep, annee, numerateur, denominateur, 1, NULL, NULL FROM da
      -- The académie is the union of its basins: its total is the sum of theirs.
      UNION ALL SELECT 'academie', ba.indicateur, $academie, ba.annee, sum(ba.numerateur), sum(ba.denominateur),
          count(DISTINCT b.departement), NULL, NULL
        FROM ba JOIN clee_bassin b ON b.id = ba.code WHERE b.academie GROUP BY ba.indicateur, ba.annee
      UNION ALL SELECT 'france', c.indicateur, $france, c.annee, sum(num), sum(den), any_value(dn.n), NULL, NULL
        FROM c LEFT JOIN dn ON dn.indicateur = c.indicateur AND dn.annee = c.annee
        WHERE NOT EXISTS (SELECT 1 FROM nat WHERE nat.indicateur = c.indicateur AND nat.annee = c.annee)
        GROUP BY c.indicateur, c.annee
      UNION ALL SELECT 'france', indicateur, $france, annee, num, den, ${DEPARTEMENTS_FRANCE}, NULL, NULL FROM nat
    ), nra AS (
      SELECT indicateur, annee, sum(n) FILTER (WHERE list_contains($deps, dep)) AS academie, sum(n) AS france
      FROM nr GROUP BY ALL
    ), units AS (
      -- Back from billionths to numbers, once every level is summed.
      SELECT * REPLACE (${fromUnits('numerateur')} AS numerateur, ${fromUnits('denominateur')} AS denominateur)
      FROM agg
    ), val AS (
      SELECT agg.*, p.ratio, p.seuil, p.polarite,
        CASE WHEN p.plancher IS NULL THEN ${raw} ELSE greatest(${raw}, p.plancher) END AS valeur,
        CASE agg.niveau WHEN 'bassin' THEN nrd.n WHEN 'departement' THEN nrd.n
          WHEN 'academie' THEN nra.academie ELSE nra.france END AS non_rattaches
      FROM units agg JOIN p USING (indicateur)
      -- An equality alone (not AND-ed with the level test): a hash join rather than a nested loop.
      LEFT JOIN clee_bassin b ON b.id = CASE WHEN agg.niveau = 'bassin' THEN agg.code END
      LEFT JOIN nr nrd ON nrd.indicateur = agg.indicateur AND nrd.annee = agg.annee
        AND nrd.dep = CASE agg.niveau WHEN 'bassin' THEN b.departement WHEN 'departement' THEN agg.code END
      LEFT JOIN nra ON nra.indicateur = agg.indicateur AND nra.annee = agg.annee
    )
    SELECT indicateur, niveau, code, annee, numerateur, CASE WHEN ratio THEN denominateur END, valeur,
      ${SIGNIFICANCE_SQL}, departements, polarite, niveau_source, code_source, coalesce(non_rattaches, 0)::INTEGER
    FROM val`,
    { academie: ACADEMIE.code, france: FRANCE_CODE, deps: listValue([...ACADEMIE.departements]) },
  );
}

/** The national sums cover every département of France (overseas included): how many the France row spans. */
const DEPARTEMENTS_FRANCE = 101;

/** A string literal of our own registry (indicator ids): quotes doubled. */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function assemble(
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
      missing: missingSources(def, loaded),
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
