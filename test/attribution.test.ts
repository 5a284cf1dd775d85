// What a basin value is built from, told and never classed when it cannot distinguish the basin: values from a
// coarser level (département, a zone shared with other basins), schools reaching no commune, codes of merged
// communes re-read on the zoning's geography. Fixture: helpers/methodology-fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { clearCache, computeAll } from '../src/methodology/index.ts';
import type { IndicatorResult } from '../src/methodology/types.ts';
import { geographyReport, prepareGeography } from '../src/territory/geography.ts';
import { freshDb } from './helpers/db.ts';
import { buildFixture, insertRows } from './helpers/methodology-fixture.ts';

let db: Database;
let results: IndicatorResult[];
const result = (id: string, bassin: string, annee?: number) =>
  results.find((r) => r.indicateur === id && r.bassin === bassin && (annee === undefined || r.annee === annee))!;

beforeAll(async () => {
  db = await freshDb();
  await buildFixture(db);
  results = await computeAll(db);
}, 120_000);
afterAll(() => db?.close());

describe('coarser attribution: shown with its level, never classed', () => {
  it('BMO projects of a bassin BMO unknown to the composition reach B1 and B2 from the département', () => {
    for (const b of ['B1', 'B2']) {
      const r = result('bmo_projets_1000_actifs', b, 2025);
      expect(r.niveau_attribution).toEqual({ niveau: 'departement', code: '38', libelle: 'département Isère (38)' });
      expect(['force', 'faiblesse']).not.toContain(r.verdict);
      expect(r.non_classe).toMatch(/^valeur publiée pour le département Isère \(38\), qui couvre plusieurs bassins/);
      expect(r.explication).toContain(r.non_classe!);
    }
    // Gamma's BMO basins are its own: classed by the rule.
    expect(result('bmo_projets_1000_actifs', 'B3', 2025).niveau_attribution).toBeNull();
  });

  it("a basin lying in one zone d'emploi shared with another basin gets the zone's rate, not classed", () => {
    const b2 = result('chomage_localise', 'B2', 2023);
    expect(b2.valeur).toBe(8);
    expect(b2.niveau_attribution).toMatchObject({ niveau: 'ze', code: 'Z2' });
    expect(['force', 'faiblesse']).not.toContain(b2.verdict);
    expect(b2.non_classe).toMatch(/zone d'emploi Z2/);
    expect(b2.explication).toContain(b2.non_classe!);
    // B1 is the only basin of Z1; B3 mixes Z2 and Z3: both keep their verdict.
    expect(result('chomage_localise', 'B1', 2023).niveau_attribution).toBeNull();
    expect(result('chomage_localise', 'B3', 2023).niveau_attribution).toBeNull();
  });
});

describe('schools reaching no commune', () => {
  it('an unknown UAI of Isère makes the Isère basins unclassed, says how many, and leaves Savoie alone', async () => {
    await insertRows(db, 'effectifs_lycee_gt', [
      { file_id: 1011, uai: '0389999Z', rentree: 2023, nb_eleves: 400, nb_2nde: 150 },
    ]);
    clearCache(db);
    const after = await computeAll(db);
    const get = (b: string) =>
      after.find((r) => r.indicateur === 'eleves_lycee_gt' && r.bassin === b && r.annee === 2023)!;
    for (const b of ['B1', 'B2']) {
      expect(get(b).etablissements_non_rattaches).toBe(1);
      expect(['force', 'faiblesse']).not.toContain(get(b).verdict);
      expect(get(b).explication).toMatch(
        /1 établissement du département Isère n'est rattaché à aucune commune du zonage/,
      );
    }
    expect(get('B3').etablissements_non_rattaches).toBe(0);
    expect(get('B1').valeur).toBe(600); // the unknown lycée is counted nowhere
    await db.run("DELETE FROM effectifs_lycee_gt WHERE uai = '0389999Z'");
    clearCache(db);
  });
});

describe('one geography whatever the vintage', () => {
  it("maps a merged commune's old code to the commune that absorbed it and reports it per file", async () => {
    await prepareGeography(db);
    // 38062 is a current commune; 01015's old code 01340 (Arboys en Bugey, from the shipped COG) is re-coded.
    const rows = await db.all<{ code: string; codgeo: string; departement: string; recode: boolean }>(
      "SELECT * FROM clee_geo WHERE code IN ('01340', '38001') ORDER BY code",
    );
    expect(rows).toEqual([
      { code: '01340', codgeo: '01015', departement: '01', recode: true },
      { code: '38001', codgeo: '38001', departement: '38', recode: false },
    ]);
    await insertRows(db, 'ips_college', [
      { file_id: 1012, uai: '0019999X', rentree: 2023, code_commune: '01340', ips: 100 },
      { file_id: 1012, uai: '0019998X', rentree: 2023, code_commune: '99999', ips: 100 },
    ]);
    await db.run(
      "INSERT INTO provenance VALUES (1012, 'education-ips-college', 'ips.csv', NULL, NULL, 'x', 0, NULL, NULL, 2, " +
        "NULL, NULL, now(), 'actif')",
    );
    const report = (await geographyReport(db)).find((r) => r.file_id === 1012)!;
    expect(report).toMatchObject({ recodees: 1, non_placees: 1, exemples: ['99999'] });
  });
});
