// The basin level: the loaded CLEE zoning (default) or, as an alternative, the zones d'emploi 2020
// restricted to the académie. Both become the temporary table clee_zonage(codgeo, bassin_id) and the
// list clee_bassin(id, nom, departement, communes, population, academie).
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { exactSum } from '../db/exact.ts';
import { ACADEMIE } from './academie.ts';
import type { Bassin } from './types.ts';
import { activeRows } from '../ingest/provenance.ts';

export type Zonage = 'clee' | 'ze2020';
export const ZONAGES: Record<Zonage, string> = {
  clee: 'bassins des CLEE (zonage chargé, table bassin_commune)',
  ze2020: "zones d'emploi 2020, restreintes aux communes de l'académie",
};

/**
 * The rule of a school reaching no basin, shared by the engine and the coverage report: no commune (unknown UAI or
 * commune code), or a commune of one of `deps` (the académie's départements, a SQL list) in no basin. Each argument
 * is a SQL expression of the caller's query.
 */
export function unplacedSchoolSql(e: { commune: string; bassin: string; departement: string; deps: string }): string {
  return `(${e.commune} IS NULL OR (${e.bassin} IS NULL AND list_contains(${e.deps}, ${e.departement})))`;
}

/**
 * Needs clee_geo (geography.ts) and clee_commune_pop (prepareAttribution) for basin populations. Leaves DuckDB on
 * one thread.
 */
export async function prepareZonage(db: Database, zonage: Zonage = 'clee'): Promise<void> {
  // On one DuckDB thread, left so for the caller to set what follows: results of a few thousand rows are written
  // 2-3 times slower on two threads than on one.
  await db.useThreads(1);
  const deps = listValue([...ACADEMIE.departements]);
  if (zonage === 'clee') {
    await db.run(`CREATE OR REPLACE TEMP TABLE clee_zonage AS
      SELECT code_commune AS codgeo, any_value(bassin_id) AS bassin_id, any_value(bassin_nom) AS bassin_nom
      FROM bassin_commune WHERE ${activeRows()} AND bassin_id IS NOT NULL GROUP BY code_commune`);
  } else {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE clee_zonage AS
      SELECT z.codgeo, any_value(z.ze2020) AS bassin_id, any_value(z.libze2020) AS bassin_nom
      FROM commune_ze z JOIN clee_geo g ON g.code = z.codgeo
      WHERE ${activeRows('z')} AND z.ze2020 IS NOT NULL AND list_contains($deps, g.departement)
      GROUP BY z.codgeo`,
      { deps },
    );
  }
  // A basin belongs to the département holding most of its communes (ties: the smallest code).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE clee_bassin AS
    WITH c AS (
      SELECT z.bassin_id, z.bassin_nom, z.codgeo, g.departement, p.pop
      FROM clee_zonage z LEFT JOIN clee_geo g ON g.code = z.codgeo LEFT JOIN clee_commune_pop p ON p.codgeo = z.codgeo
    ), d AS (
      SELECT bassin_id, departement, count(*) AS n FROM c GROUP BY ALL
    ), main AS (
      SELECT bassin_id, arg_min(departement, (-n, departement)) AS departement FROM d GROUP BY bassin_id
    )
    SELECT c.bassin_id AS id, mode(c.bassin_nom) AS nom, main.departement, count(*)::INTEGER AS communes,
      ${exactSum('c.pop')} AS population, list_contains($deps, main.departement) AS academie
    FROM c JOIN main USING (bassin_id)
    GROUP BY c.bassin_id, main.departement`,
    { deps },
  );
}

/** The zoning's basins, with whether each belongs to the académie. */
export async function readBassins(db: Database): Promise<(Bassin & { academie: boolean })[]> {
  return db.all<Bassin & { academie: boolean }>(
    'SELECT id, nom, departement, communes, population, academie FROM clee_bassin ORDER BY departement, nom, id',
  );
}
