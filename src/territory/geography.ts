// One geography, whatever the vintage: every commune code found in a file is read on the zoning's geography.
// Files come on different vintages (census on its year's communes, contours before the 2019 mergers, Sirene on
// today's communes); a code the zoning does not know would otherwise be lost without a word. The passage from an
// old code to the commune that absorbed it comes from the commune events published by INSEE: the loaded COG
// (rows COMD/COMA point to their parent commune, column comparent) and the COG shipped by
// @etalab/decoupage-administratif (field anciensCodes of each current commune, built from INSEE's mvt_commune).
// A merger sums counts (several old codes → one commune); a split cannot be undone: such a code stays unplaced.
import { createRequire } from 'node:module';
import type { Database } from '../db/database.ts';
import { activeRows } from '../ingest/provenance.ts';

const require = createRequire(import.meta.url);

/** SQL of the zoning's communes (codgeo, departement) for a basin level. */
function zoningSql(zonage: 'clee' | 'ze2020'): string {
  return zonage === 'clee'
    ? `SELECT code_commune AS codgeo, any_value(departement) AS departement FROM bassin_commune
       WHERE ${activeRows()} AND code_commune IS NOT NULL GROUP BY code_commune`
    : `SELECT codgeo, any_value(dep) AS departement FROM commune_ze
       WHERE ${activeRows()} AND codgeo IS NOT NULL GROUP BY codgeo`;
}

/**
 * Creates clee_geo(code, codgeo, departement, recode): for every known commune code, the commune of the zoning's
 * geography it stands for and its département. Join data on `code`; read `codgeo` and `departement`.
 */
export async function prepareGeography(db: Database, zonage: 'clee' | 'ze2020' = 'clee'): Promise<void> {
  await shippedCog(db);
  // One row per code from full joins of the zoning, the COG and the passages (each unique per code), rather than a
  // UNION of their codes joined back to each: 45 % less time (académie demo: 33 → 18 ms). Where the loaded and the
  // shipped COG disagree, the shipped one is read first, as the former any_value over both did on every database
  // tried (the newer: a commune merged twice goes straight to today's commune).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE clee_geo AS
    WITH zon AS (${zoningSql(zonage)}),
    cog_loaded AS (
      SELECT com AS code, any_value(dep) AS dep,
        any_value(CASE WHEN typecom IN ('COMD', 'COMA') THEN comparent END) AS parent
      FROM cog_commune WHERE ${activeRows()} AND com IS NOT NULL GROUP BY com
    ),
    cog AS MATERIALIZED (
      SELECT coalesce(l.code, s.code) AS code, coalesce(s.dep, l.dep) AS dep
      FROM cog_loaded l FULL JOIN clee_cog_livre_dep s ON s.code = l.code
    ),
    passage AS (
      SELECT coalesce(l.code, s.code) AS code, coalesce(s.actuel, l.actuel) AS actuel
      FROM (
        SELECT code, parent AS actuel FROM cog_loaded WHERE parent IS NOT NULL AND code <> parent
          -- A code that is again a current commune (a merger undone) is not re-coded.
          AND code NOT IN (SELECT code FROM clee_cog_livre_dep)
      ) l
      FULL JOIN clee_cog_livre_passage s ON s.code = l.code
    ),
    -- The département of each passage's commune, looked up for the few passages rather than for every code.
    passage_dep AS (
      SELECT p.code, p.actuel, coalesce(zp.departement, cp.dep) AS dep_actuel
      FROM passage p LEFT JOIN zon zp ON zp.codgeo = p.actuel LEFT JOIN cog cp ON cp.code = p.actuel
    ),
    base AS (
      SELECT coalesce(zon.codgeo, c.code, p.code) AS code, zon.codgeo AS zone, zon.departement AS zone_dep, c.dep,
        p.actuel, p.dep_actuel
      FROM zon FULL JOIN cog c ON c.code = zon.codgeo
      FULL JOIN passage_dep p ON p.code = coalesce(zon.codgeo, c.code)
    )
    SELECT code,
      CASE WHEN zone IS NOT NULL OR actuel IS NULL THEN code ELSE actuel END AS codgeo,
      coalesce(zone_dep, dep, dep_actuel) AS departement,
      zone IS NULL AND actuel IS NOT NULL AS recode
    FROM base`,
  );
}

const shipped = new WeakSet<Database>();

/**
 * The shipped COG as temporary tables, read once per open database: clee_cog_livre_dep(code, dep) of the current
 * communes (and municipal arrondissements), clee_cog_livre_passage(code, actuel) of the former codes and the
 * commune that took them (a code that is again a current commune excluded), one row per code each.
 */
async function shippedCog(db: Database): Promise<void> {
  if (shipped.has(db)) return;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE clee_cog_livre AS
    WITH j AS (SELECT * FROM read_json($path, columns = {code: 'VARCHAR', departement: 'VARCHAR', type: 'VARCHAR',
      chefLieu: 'VARCHAR', anciensCodes: 'VARCHAR[]'}))
    SELECT code, departement AS dep,
      NULL::VARCHAR AS actuel FROM j WHERE type IN ('commune-actuelle', 'arrondissement-municipal')
    UNION ALL SELECT unnest(anciensCodes), NULL,
      code FROM j WHERE type = 'commune-actuelle' AND anciensCodes IS NOT NULL
    UNION ALL SELECT code, NULL, chefLieu FROM j
      WHERE chefLieu IS NOT NULL AND type NOT IN ('commune-actuelle', 'arrondissement-municipal')`,
    { path: require.resolve('@etalab/decoupage-administratif/data/communes.json') },
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE clee_cog_livre_dep AS
    SELECT code, any_value(dep) AS dep FROM clee_cog_livre WHERE dep IS NOT NULL GROUP BY code`);
  await db.run(`CREATE OR REPLACE TEMP TABLE clee_cog_livre_passage AS
    SELECT code, any_value(actuel) AS actuel FROM clee_cog_livre
    WHERE actuel IS NOT NULL AND code <> actuel AND code NOT IN (SELECT code FROM clee_cog_livre_dep) GROUP BY code`);
  await db.run('DROP TABLE clee_cog_livre');
  shipped.add(db);
}

/** Tables and columns holding a commune code, for the per-file harmonisation report. */
const COMMUNE_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'rp_population', column: 'codgeo' },
  { table: 'rp_emploi', column: 'codgeo' },
  { table: 'rp_diplomes', column: 'codgeo' },
  { table: 'sirene_etablissement', column: 'code_commune' },
  { table: 'annuaire_education', column: 'code_commune' },
  { table: 'ips_college', column: 'code_commune' },
  { table: 'ips_lycee', column: 'code_commune' },
  { table: 'commune_ze', column: 'codgeo' },
  { table: 'commune_bassin_bmo', column: 'codgeo' },
];

export interface GeographyReportRow {
  file_id: number;
  source: string;
  file: string;
  lignes: number;
  /** Rows whose commune code was replaced by the code of the commune that absorbed it. */
  recodees: number;
  /** Rows whose commune code is known neither to the zoning nor to the COG: attached to no territory. */
  non_placees: number;
  /** A few of those codes, to look them up. */
  exemples: string[];
}

/** Per loaded file: rows re-coded to the zoning's geography and rows that could not be placed. Needs clee_geo. */
export async function geographyReport(db: Database): Promise<GeographyReportRow[]> {
  const parts: string[] = [];
  for (const { table, column } of COMMUNE_COLUMNS) {
    if (!(await db.tableExists(table))) continue;
    parts.push(`SELECT t.file_id, t.${column} AS code, g.code IS NULL AS inconnu, coalesce(g.recode, false) AS recode
      FROM ${table} t LEFT JOIN clee_geo g ON g.code = t.${column} WHERE t.${column} IS NOT NULL`);
  }
  if (!parts.length) return [];
  return db.all<GeographyReportRow>(`WITH r AS (${parts.join(' UNION ALL ')})
    SELECT r.file_id, p.source, p.file_name AS file, count(*)::INTEGER AS lignes,
      count(*) FILTER (WHERE recode)::INTEGER AS recodees, count(*) FILTER (WHERE inconnu)::INTEGER AS non_placees,
      coalesce(list(DISTINCT code ORDER BY code) FILTER (WHERE inconnu), [])[1:5] AS exemples
    FROM r JOIN provenance p ON p.file_id = r.file_id AND p.status = 'actif'
    GROUP BY ALL ORDER BY r.file_id`);
}
