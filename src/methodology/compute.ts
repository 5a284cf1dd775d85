// The engine: one set-based DuckDB query per indicator over every territory (basins, départements,
// académie, France) and every year, then académie statistics (statistics.ts: rank, mean, σ), then verdicts and
// sentences (assemble.ts). Results are computed once per database state (provenance + raw row counts + zoning) and
// kept in memory, so the API answers a diagnostic in milliseconds.
import { createHash } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { SOURCE_FORMATS } from '../ingest/registry.ts';
import { ensureSchema } from '../ingest/schema.ts';
import { ACADEMIE, FRANCE_CODE } from '../territory/academie.ts';
import { prepareAttribution } from '../territory/attribution.ts';
import { prepareZonage, readBassins, unplacedSchoolSql, type Zonage } from '../territory/bassin-level.ts';
import { prepareGeography } from '../territory/geography.ts';
import { INDICATORS, type IndicatorRecord } from './indicators.ts';
import { COMPARABLES_RULE } from './comparables.ts';
import { SIGNIFICANCE_SQL, VERDICT_RULE } from './verdict.ts';
import { readBassinRows, type ValueRow } from './statistics.ts';
import { assemble, type ComputedState } from './assemble.ts';
import { CANONICAL_VIEWS, type CanonicalView, createCanonicalViews } from './views.ts';
import { activeRows, loadedSourceIds, provenanceSignature } from '../ingest/provenance.ts';
import { groupBy } from '../shared/group.ts';
import { exactUnits, fromUnits } from '../db/exact.ts';

interface ComputeOptions {
  zonage?: Zonage;
}

export type { ComputedState } from './assemble.ts';

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
 * (a load gives it all its threads back, ingest/batch.ts): the computation's hundred small operators cost more to
 * coordinate between threads than they gain (académie demo at load 4: 450-530 ms and 400 ms of CPU on one thread,
 * 680-690 ms and 570 ms of CPU on two). Switching back to all threads after each computation cost the next one
 * 15-20 ms, for lists that gain little (a basin's employers: 216 ms on one thread, 178 on two). A national load keeps
 * every thread (but for the small tables, views.ts).
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

  const bassins = await readBassins(db);
  const bassinRows = await readBassinRows(db, bassins);
  const otherRows = await db.allByColumn<ValueRow>(
    `SELECT indicateur, niveau, code, annee, numerateur, denominateur, valeur, significatif, departements
     FROM methodo_valeur WHERE niveau <> 'bassin'
     -- In one order: the values (and the API's lists of them) read the same at every computation.
     ORDER BY indicateur, niveau, code, annee`,
  );
  const censusYears = (
    await db.all<{ annee: number }>('SELECT DISTINCT annee FROM v_recensement WHERE annee IS NOT NULL ORDER BY annee')
  ).map((r) => r.annee);

  const sourcesChargees = await loadedSourceIds(db);
  // Names of the zones d'emploi and bassins BMO, so that a value from a coarser level says which zone it is (read
  // only when some basin value came from one of them).
  const zoneNames = bassinRows.some((r) => r.niveau_source === 'ze' || r.niveau_source === 'bmo')
    ? await readZoneNames(db)
    : new Map<string, string>();

  tick('statistiques');
  const state = assemble(zonage, signature, bassins, bassinRows, otherRows, censusYears, sourcesChargees, zoneNames);
  tick('assemblage');
  state.durationMs = performance.now() - started;
  state.timings = timings;
  return state;
}

/** The names of the zones d'emploi and bassins BMO, keyed « ze|code » and « bmo|code ». */
async function readZoneNames(db: Database): Promise<Map<string, string>> {
  const rows = await db.all<{ k: string; nom: string }>(`
    SELECT 'ze|' || ze2020 AS k, any_value(libze2020) AS nom FROM commune_ze
    WHERE ${activeRows()} AND ze2020 IS NOT NULL AND libze2020 IS NOT NULL GROUP BY ze2020
    UNION ALL
    SELECT 'bmo|' || bassin_bmo, any_value(nom) FROM (
      SELECT bassin_bmo, nom_bassin_bmo AS nom FROM commune_bassin_bmo WHERE ${activeRows()}
      UNION ALL SELECT bassin_bmo, nom_bassin_bmo FROM bmo WHERE ${activeRows()}
    ) WHERE bassin_bmo IS NOT NULL AND nom IS NOT NULL GROUP BY bassin_bmo`);
  return new Map(rows.map((r) => [r.k, r.nom]));
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
    // A row counts for an indicator when it passes the filter and has a numerator (and a denominator for a rate). A
    // missing numerator adds nothing to the numerators' sum by itself: each sum tests only the other side.
    const when = (other: string | null) => {
      const tests = [...(filtre ? [`(${filtre})`] : []), ...(other ? [`${other} IS NOT NULL`] : [])];
      return (units: string) =>
        tests.length ? `sum(CASE WHEN ${tests.join(' AND ')} THEN ${units} END)` : `sum(${units})`;
    };
    // Exact sums (db/exact.ts), kept in whole units up to the last level: every level adds the same numbers.
    return {
      def,
      view,
      num: when(denominateur !== null ? den : null)(exactUnits(num)),
      den: denominateur !== null ? when(num)(exactUnits(den)) : 'NULL::HUGEINT',
      schools: view?.attribution === 'etablissements' ? `${head}, uai, uai_departement FROM ${vue} ${where}` : null,
    };
  });
  const byView = groupBy(branches, (b) => b.def.sql.vue);
  /** A view's indicators as structs of their sums (n0, d0, n1…), to unnest into one row per indicator. */
  const unnested = (list: typeof branches) => ({
    sums: list.map((b, i) => `${b.num} AS n${i}, ${b.den} AS d${i}`).join(', '),
    structs: `[${list.map((b, i) => `{indicateur: ${sqlString(b.def.id)}, num: n${i}, den: d${i}}`).join(', ')}]`,
  });
  const perView = [...byView].map(([vue, list]) => {
    const zones =
      list[0].view?.attribution === 'zones'
        ? 'v.source_niveau, v.source_code'
        : 'NULL::VARCHAR AS source_niveau, NULL::VARCHAR AS source_code';
    const { sums, structs } = unnested(list);
    return `SELECT x.indicateur, annee, x.num, x.den, bassin_id, dep, source_niveau, source_code FROM (
        SELECT unnest(${structs}) AS x, annee, bassin_id, dep, source_niveau, source_code FROM (
          SELECT geoz.bassin_id, geoz.dep, CAST(v.annee AS INTEGER) AS annee, ${zones}, ${sums}
          FROM ${vue} v LEFT JOIN geoz ON geoz.code = v.codgeo
          WHERE v.codgeo IS NOT NULL AND v.annee IS NOT NULL GROUP BY ALL))
      -- No row passed for this indicator: none in the per-commune reading either.
      WHERE x.num IS NOT NULL`;
  });
  // The France rows from the national sums, for the views that have them (views.ts), the same way.
  const perFranceView = [...byView]
    .filter(([, list]) => list[0].view?.france)
    .map(([vue, list]) => {
      const { sums, structs } = unnested(list);
      return `SELECT x.indicateur, annee, x.num, x.den FROM (
          SELECT unnest(${structs}) AS x, annee FROM (
            SELECT CAST(v.annee AS INTEGER) AS annee, ${sums} FROM ${vue}_france v
            WHERE v.annee IS NOT NULL GROUP BY ALL))
        WHERE x.num IS NOT NULL`;
    });
  // Schools are counted one by one (count DISTINCT uai) to tell which are unplaced: their views are small.
  const schools = branches.flatMap((b) => (b.schools ? [b.schools] : []));
  const schoolsSql = schools.length
    ? schools.join('\n      UNION ALL ')
    : 'SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::INTEGER, NULL::DOUBLE, NULL::DOUBLE, NULL::VARCHAR, NULL::VARCHAR ' +
      'WHERE false';
  const nationalSql = perFranceView.length
    ? perFranceView.join('\n      UNION ALL ')
    : 'SELECT NULL::VARCHAR, NULL::INTEGER, NULL::HUGEINT, NULL::HUGEINT WHERE false';
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
  const unplaced = unplacedSchoolSql({
    commune: 'geoz.commune',
    bassin: 'geoz.bassin_id',
    departement: 'geoz.dep',
    deps: '$deps',
  });
  const raw = 'CASE WHEN p.ratio THEN agg.numerateur / nullif(agg.denominateur, 0) * p.echelle ELSE agg.numerateur END';
  await db.run(
    `
    INSERT INTO methodo_valeur
    WITH p AS (
      SELECT * FROM (VALUES ${params.join(', ')}) p(indicateur, ratio, echelle, seuil, plancher, polarite)
    ), geoz AS MATERIALIZED (
      -- Each code's commune, département and basin (commune codes read on the zoning's geography; département from
      -- the zoning or the COG, never a code prefix).
      -- Only the codes the views hold: every view joins this table, and France's COG has ten times more codes than
      -- an académie's files.
      SELECT geo.code, geo.codgeo AS commune, geo.departement AS dep, z.bassin_id
      FROM clee_geo geo LEFT JOIN clee_zonage z ON z.codgeo = geo.codgeo
      WHERE geo.code IN (${[...byView.keys()].map((vue) => `SELECT codgeo FROM ${vue}`).join(' UNION ALL ')})
    ), nat(indicateur, annee, num, den) AS (
      -- France from the national sums of the files clee fetch filtered (when a view has them for that year).
      ${nationalSql}
    ), c AS MATERIALIZED (
      ${perView.join('\n      UNION ALL ')}
    ), s(indicateur, codgeo, annee, num, den, uai, uai_departement) AS (
      ${schoolsSql}
    ), nr AS MATERIALIZED (
      -- Schools reaching no basin: unknown UAI, unknown commune, or a commune of the académie outside the zoning.
      SELECT indicateur, annee, coalesce(geoz.dep, uai_departement) AS dep, count(DISTINCT uai) AS n
      FROM s JOIN p USING (indicateur) LEFT JOIN geoz ON geoz.code = s.codgeo
      WHERE s.annee IS NOT NULL AND s.num IS NOT NULL AND (NOT p.ratio OR s.den IS NOT NULL) AND uai IS NOT NULL
        AND ${unplaced}
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
      -- Back from whole units to numbers, once every level is summed.
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
