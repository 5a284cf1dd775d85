// The real BMO 2025 workbook (../shared/datasets/real, never copied here) with the académie's CLEE zoning: the
// demo's bassins BMO composition uses France Travail's real basin codes, so every basin of the file is known; a
// composition lacking a basin, or no composition at all, is told (load summary, status, API) and the values then
// come from the département, shown with that level and never classed. Sums hand-checked on the published file.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { ingestFiles } from '../src/ingest/batch.ts';
import { attributionWarnings, sourceCoverage, warningLines } from '../src/methodology/coverage.ts';
import { clearCache, computeAll, computedState } from '../src/methodology/index.ts';
import { tempDir, writeFixture } from './helpers/db.ts';
import { REAL, zonedDb } from './helpers/real.ts';
import { readFileSync } from 'node:fs';

const DEMO_COMPOSITION = resolve('datasets/demo/bassins-bmo-composition-communale-demo-simule.csv');
const ID = 'bmo_projets_1000_actifs';

let db: Database;

const bmoResults = async () => (await computeAll(db, { annee: 2025 })).filter((r) => r.indicateur === ID);
const departement = async (code: string) =>
  (await computedState(db)).values.find(
    (v) => v.indicateur === ID && v.annee === 2025 && v.niveau === 'departement' && v.code === code,
  )!;

describe.skipIf(!existsSync(REAL))('the real BMO 2025 file with the zoning', () => {
  beforeAll(async () => {
    const loaded = await zonedDb([
      // Population and actifs as weights and denominators (simulated census, real communes).
      resolve('datasets/demo/base-cc-evol-struct-pop-2021-demo-simule.csv'),
      resolve('datasets/demo/base-cc-emploi-pop-active-2021-demo-simule.csv'),
      join(REAL, 'Base_open_data_BMO_2025.xlsx'),
    ]);
    db = loaded.db;
    const { outcome } = loaded;
    expect(outcome.failures.map((f) => f.error.message)).toEqual([]);
  }, 300_000);
  afterAll(() => db?.close());

  it('without a composition: told, every basin gets its département value, never classed', async () => {
    const w = await attributionWarnings(db);
    expect(w.bmo_sans_composition).toBe(true);
    expect(warningLines(w).join('\n')).toMatch(/BMO sans composition communale des bassins BMO/);
    expect((await departement('38')).numerateur).toBeCloseTo(36_002, 6); // Σ met of Dept 38 in the file
    expect((await departement('73')).numerateur).toBeCloseTo(27_552, 6);
    const rows = await bmoResults();
    expect(rows.length).toBe(17);
    for (const r of rows) {
      expect(r.niveau_attribution?.niveau, r.bassin).toBe('departement');
      expect(['force', 'faiblesse']).not.toContain(r.verdict);
      expect(r.non_classe).toMatch(/^valeur publiée pour le département/);
    }
  });

  it("with the demo composition (real basin codes): every basin of the file is known; Maurienne's own", async () => {
    const outcome = await ingestFiles(db, [DEMO_COMPOSITION]);
    expect(outcome.failures).toEqual([]);
    clearCache(db);
    const w = await attributionWarnings(db);
    expect(w.bmo_sans_composition).toBe(false);
    expect(w.bassins_bmo_inconnus).toEqual([]);
    const rows = await bmoResults();
    // Maurienne is bassin BMO 8409 alone, and 8409 covers no other basin: its own value, classed by the rule.
    const maurienne = rows.find((r) => r.bassin === '73-maurienne')!;
    expect(maurienne.niveau_attribution).toBeNull();
    expect(maurienne.numerateur).toBeCloseTo(3_418, 6); // Σ met of BE25 8409 in the file
    // Grenoble and Grésivaudan share bassin BMO 8412: shown with it, never classed.
    for (const b of ['38-grenoble', '38-gresivaudan']) {
      const r = rows.find((x) => x.bassin === b)!;
      expect(r.niveau_attribution).toMatchObject({ niveau: 'bmo', code: '8412' });
      expect(['force', 'faiblesse']).not.toContain(r.verdict);
    }
    const coverage = (await sourceCoverage(db)).find((s) => s.source === 'france-travail-bmo')!;
    expect(coverage.bassins.find((b) => b.bassin === '38-grenoble')).toMatchObject({
      etat: 'niveau_plus_large',
      detail: 'bassin BMO 8412 GRENOBLE (Isère)',
    });
    expect(coverage.bassins.find((b) => b.bassin === '73-maurienne')!.etat).toBe('bassin');
    // What is loaded for the source: the real file (not simulated) and its period.
    expect(coverage.fichiers).toEqual([
      { source: 'france-travail-bmo', fichier: 'Base_open_data_BMO_2025.xlsx', periodes: ['2025'], simule: false },
    ]);
    // No value is handed out per département any more: verdicts differ within a département.
    expect(rows.every((r) => r.niveau_attribution?.niveau !== 'departement')).toBe(true);
  });

  it(
    'a composition lacking GRENOBLE (8412): the basin is named, Isère basins fall back to the ' + 'département',
    async () => {
      const lines = readFileSync(DEMO_COMPOSITION, 'utf-8').split('\n');
      const header = lines[0].split(';');
      const be = header.findIndex((h) => /^BE\d\d$/.test(h));
      const trimmed = lines.filter((l, i) => i === 0 || l.split(';')[be] !== '8412').join('\n');
      const file = writeFixture(tempDir(), 'bassins-bmo-sans-grenoble.csv', trimmed);
      expect((await ingestFiles(db, [file])).failures).toEqual([]);
      clearCache(db);
      const w = await attributionWarnings(db);
      expect(w.bassins_bmo_inconnus).toEqual([
        { annee: 2025, departement: '38', bassin_bmo: '8412', nom: 'GRENOBLE', projets: 21_028 },
      ]);
      expect(warningLines(w).join('\n')).toContain(
        'BMO 2025 : 1 bassin(s) BMO absent(s) de la composition chargée (8412 GRENOBLE en Isère)',
      );
      const rows = await bmoResults();
      for (const b of ['38-grenoble', '38-gresivaudan', '38-voironnais-chartreuse', '38-nord-isere']) {
        const r = rows.find((x) => x.bassin === b)!;
        expect(r.niveau_attribution, b).toMatchObject({ niveau: 'departement', code: '38' });
        expect(['force', 'faiblesse']).not.toContain(r.verdict);
      }
      // Savoie's basins keep their own bassins BMO.
      expect(rows.find((r) => r.bassin === '73-maurienne')!.niveau_attribution).toBeNull();
    },
  );
});
