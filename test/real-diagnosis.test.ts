// The diagnosis on every real published file of ../shared/datasets/real (never copied here) loaded as a user would,
// with the académie's zoning: a file that covers another département (the collège enrolments of Ille-et-Vilaine)
// never gives the académie's basins a 0, and every indicator without a value names the files to fetch.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { diagnose } from '../src/methodology/index.ts';
import { REAL, zonedDb } from './helpers/real.ts';

let db: Database;

describe.skipIf(!existsSync(REAL))('diagnosis on the whole real folder', () => {
  beforeAll(async () => {
    const files = readdirSync(REAL)
      .filter((f) => f !== 'README.md')
      .map((f) => join(REAL, f));
    const loaded = await zonedDb(files);
    db = loaded.db;
    const { outcome } = loaded;
    expect(outcome.failures.map((f) => f.error.message)).toEqual([]);
  }, 300_000);
  afterAll(() => db?.close());

  it("gives no basin a count from another département's file, and names the files for every empty value", async () => {
    for (const bassin of ['38-grenoble', '07-ardeche-meridionale', '74-chablais']) {
      const d = await diagnose(db, bassin);
      // The only collège enrolments in the folder are Ille-et-Vilaine's (35): nothing to say of this basin.
      const college = d.indicateurs.find((l) => l.id === 'eleves_college');
      expect(college?.valeur ?? null, bassin).toBeNull();
      const texts = [
        ...d.indisponibles.map((i) => [i.id, i.manque] as const),
        ...d.indicateurs.filter((l) => l.valeur === null).map((l) => [l.id, l.manque ?? ''] as const),
      ];
      expect(texts.length, bassin).toBeGreaterThan(20);
      for (const [id, manque] of texts) expect(manque, `${bassin} ${id}`).toMatch(/\(clee fetch [a-z0-9-]+\)/);
      expect(Object.fromEntries(texts).eleves_college).toMatch(/clee fetch education-effectifs-college/);
    }
  });
});
