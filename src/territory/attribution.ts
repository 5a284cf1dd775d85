// How values published by zone d'emploi, département or bassin BMO reach a commune, hence a CLEE basin.
// Declared rules: each one has an id, a French sentence (printed in the methodology and carried by every
// value it produced) and the SQL that builds the commune weights.
import type { Database } from '../db/database.ts';
import { exactSum } from '../db/exact.ts';
import { activeRows } from '../ingest/provenance.ts';

interface AttributionRule {
  id: string;
  libelle: string;
  /** The rule as one French sentence (IndicatorDefinition.attribution, IndicatorResult.attribution). */
  regle: string;
  formule: string;
}

export const ATTRIBUTION_RULES = {
  taux_zone: {
    id: 'taux-pondere-population',
    libelle: "Taux publié par zone d'emploi, rapporté au bassin par pondération de population",
    regle:
      "Taux publié par zone d'emploi (à défaut par département), attribué au bassin par pondération de population : " +
      'taux(bassin) = Σ_zones taux(zone) × pop(zone ∩ bassin) / pop(bassin).',
    formule: 'taux(bassin) = Σ_z taux(z) × pop(z ∩ bassin) / Σ_z pop(z ∩ bassin)',
  },
  effectif_zone: {
    id: 'effectif-reparti-population',
    libelle: "Effectif publié par zone d'emploi, réparti entre communes au prorata de la population",
    regle:
      "Effectif publié par zone d'emploi (par département pour une période sans données par zone), réparti entre " +
      'les communes au prorata de leur population : ' +
      'effectif(bassin) = Σ_zones effectif(zone) × pop(zone ∩ bassin) / pop(zone).',
    formule: 'effectif(bassin) = Σ_z effectif(z) × pop(z ∩ bassin) / pop(z)',
  },
  effectif_bmo: {
    id: 'bmo-reparti-population',
    libelle: 'Projets BMO publiés par bassin BMO, répartis au prorata de la population',
    regle:
      'Projets de recrutement publiés par bassin BMO et département, répartis entre les communes du bassin BMO ' +
      'situées dans ce département au prorata de leur population (à défaut de table de passage communes → ' +
      'bassins BMO, répartis dans tout le département) : projets(bassin) = Σ_b projets(b) × pop(b ∩ bassin) / pop(b).',
    formule: 'projets(bassin) = Σ_b projets(b) × pop(b ∩ bassin) / pop(b)',
  },
} as const satisfies Record<string, AttributionRule>;

export const POPULATION_RULE =
  "La population d'une commune est celle du dernier recensement chargé (P_POP, base « Évolution et structure de la " +
  'population ») ; à défaut, la population des 15-64 ans de la base « Emploi – population active ». ' +
  "La population d'une zone est la somme de celle de ses communes présentes dans les données.";

/**
 * Creates the commune weights used by every attribution, as temporary tables (needs clee_geo, geography.ts), on
 * one DuckDB thread:
 * - clee_commune_pop(codgeo, departement, annee, pop): latest census population of each commune;
 * - clee_recensement_recent(codgeo, population, actifs_1564, actifs_1524): latest census denominators;
 * - clee_zone_commune(niveau, code, codgeo, pop, part): membership of communes in zones (ze, departement,
 *   bmo = bassin BMO × département) with the commune's share of the zone's population.
 */
export async function prepareAttribution(db: Database): Promise<void> {
  // On one DuckDB thread, left so for the caller to set what follows: DuckDB writes a result smaller than a row
  // group (122 880 rows) 2-3 times slower on two threads than on one, and these inputs are as small (synthetic
  // France, load 6: 110 against 175 ms of CPU).
  await db.useThreads(1);
  await db.run(`CREATE OR REPLACE TEMP TABLE clee_recensement_recent AS
    WITH pop AS (
      SELECT codgeo, arg_max(p_pop, annee) FILTER (WHERE p_pop IS NOT NULL) AS pop,
        max(annee) FILTER (WHERE p_pop IS NOT NULL) AS annee
      FROM rp_population WHERE ${activeRows()} GROUP BY codgeo
    ), emp AS (
      SELECT codgeo,
        arg_max(p_pop1564, annee) FILTER (WHERE p_pop1564 IS NOT NULL) AS pop1564,
        arg_max(p_act1564, annee) FILTER (WHERE p_act1564 IS NOT NULL) AS actifs_1564,
        arg_max(p_act1524, annee) FILTER (WHERE p_act1524 IS NOT NULL) AS actifs_1524,
        max(annee) AS annee
      FROM rp_emploi WHERE ${activeRows()} GROUP BY codgeo
    )
    , r AS (
      SELECT coalesce(pop.codgeo, emp.codgeo) AS codgeo, coalesce(pop.annee, emp.annee) AS annee,
        coalesce(pop.pop, emp.pop1564) AS population, emp.actifs_1564, emp.actifs_1524
      FROM pop FULL OUTER JOIN emp ON emp.codgeo = pop.codgeo
    )
    -- Merged communes: their populations add up in the commune of the zoning's geography.
    SELECT coalesce(g.codgeo, r.codgeo) AS codgeo, max(r.annee) AS annee, ${exactSum('r.population')} AS population,
      ${exactSum('r.actifs_1564')} AS actifs_1564, ${exactSum('r.actifs_1524')} AS actifs_1524
    FROM r LEFT JOIN clee_geo g ON g.code = r.codgeo GROUP BY ALL`);
  await db.run(`CREATE OR REPLACE TEMP TABLE clee_commune_pop AS
    SELECT r.codgeo, g.departement, r.annee, r.population AS pop
    FROM clee_recensement_recent r LEFT JOIN clee_geo g ON g.code = r.codgeo WHERE r.population IS NOT NULL`);
  await db.run(`CREATE OR REPLACE TEMP TABLE clee_zone_commune AS
    WITH m AS (
      SELECT DISTINCT 'ze' AS niveau, z.ze2020 AS code, coalesce(g.codgeo, z.codgeo) AS codgeo
      FROM commune_ze z LEFT JOIN clee_geo g ON g.code = z.codgeo WHERE ${activeRows('z')} AND z.ze2020 IS NOT NULL
      UNION ALL
      SELECT 'departement', departement, codgeo FROM clee_commune_pop WHERE departement IS NOT NULL
      UNION ALL
      SELECT DISTINCT 'bmo', b.bassin_bmo || '|' || g.departement, g.codgeo
      FROM commune_bassin_bmo b JOIN clee_geo g ON g.code = b.codgeo
      WHERE ${activeRows('b')} AND b.bassin_bmo IS NOT NULL AND g.departement IS NOT NULL
    ), mp AS (
      SELECT m.niveau, m.code, m.codgeo, coalesce(p.pop, 0) AS pop
      FROM m LEFT JOIN clee_commune_pop p ON p.codgeo = m.codgeo
    ),
    -- The zones' populations as a GROUP BY joined back rather than a window sum: a third less work on France.
    zone AS (SELECT niveau, code, ${exactSum('pop')} AS pop FROM mp GROUP BY ALL)
    SELECT mp.niveau, mp.code, mp.codgeo, mp.pop, mp.pop / nullif(zone.pop, 0) AS part
    FROM mp JOIN zone ON zone.niveau = mp.niveau AND zone.code IS NOT DISTINCT FROM mp.code`);
}
