// The official bassins de formation of the annuaire proposed as a zoning (`clee territories propose --depuis
// annuaire`), on the demo: the demo's schools carry the bassin de formation of their commune's basin, so the proposal
// must give every commune the name of its basin in the shipped zoning; the majority rule checked on edited schools.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.ts';
import { readZoningFile, validateZoning } from '../src/territory/zoning-file.ts';
import { proposeZoningFromAnnuaire } from '../src/territory/zoning-proposal.ts';
import { demoDatabaseCopy } from './helpers/demo-db.ts';
import { runMain } from './helpers/console.ts';

let copy: { path: string; cleanup: () => void };

beforeAll(async () => {
  copy = await demoDatabaseCopy();
}, 300_000);
afterAll(() => copy?.cleanup());

/** Runs the CLI on the copy, its standard output and error kept. */
const cli = (args: string[]) => runMain([...args, '--db', copy.path]);

describe('clee territories propose --depuis annuaire', () => {
  it('places every commune in the bassin de formation of its schools, else of its basin, and validates', async () => {
    const file = join(copy.path, '..', 'bassins-formation.csv');
    const r = await cli(['territories', 'propose', '--depuis', 'annuaire', '--sortie', file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Zonage proposé : 17 bassins de formation/);
    expect(r.out).toMatch(/Zonage valide/);
    const { rows, issues } = await readZoningFile(file);
    expect(issues).toEqual([]);
    expect(validateZoning(rows, file).valide).toBe(true);
    const db = await Database.open(copy.path, { readOnly: true });
    try {
      const shipped = await db.all<{ code_commune: string; bassin_nom: string }>(
        'SELECT code_commune, bassin_nom FROM bassin_commune',
      );
      expect(rows).toHaveLength(shipped.length);
      const proposed = new Map(rows.map((x) => [x.code_commune, x.bassin_nom]));
      for (const s of shipped) expect(proposed.get(s.code_commune), s.code_commune).toBe(s.bassin_nom);
      const withSchools = await db.one<{ n: number }>(
        `SELECT count(DISTINCT code_commune)::INTEGER AS n FROM annuaire_education
         WHERE code_bassin_formation IS NOT NULL`,
      );
      expect(r.out).toContain(`${withSchools!.n} communes placées par leurs établissements`);
    } finally {
      db.close();
    }
    expect(readFileSync(file, 'utf-8').split('\r\n')[0]).toBe(
      '\uFEFFcode_commune;nom_commune;departement;bassin_id;bassin_nom',
    );
  });

  it('follows the majority of a commune’s schools, the lowest code on a tie', async () => {
    const db = await Database.open(copy.path);
    try {
      const [three] = await db.all<{ code_commune: string; code: string }>(
        `SELECT code_commune, any_value(code_bassin_formation) AS code FROM annuaire_education
         GROUP BY 1 HAVING count(*) = 3 ORDER BY 1 LIMIT 1`,
      );
      const uais = (
        await db.all<{ uai: string }>('SELECT uai FROM annuaire_education WHERE code_commune = $c ORDER BY uai', {
          c: three.code_commune,
        })
      ).map((u) => u.uai);
      const other = three.code === '08001' ? '08002' : '08001';
      const setCode = (uai: string, code: string) =>
        db.run('UPDATE annuaire_education SET code_bassin_formation = $code WHERE uai = $uai', { code, uai });
      await setCode(uais[0], other);
      const one = await proposeZoningFromAnnuaire(db);
      expect(one!.rows.find((x) => x.code_commune === three.code_commune)!.bassin_id).toBe(`bf-${three.code}`);
      await setCode(uais[1], other);
      const two = await proposeZoningFromAnnuaire(db);
      expect(two!.rows.find((x) => x.code_commune === three.code_commune)!.bassin_id).toBe(`bf-${other}`);
      // One school of each, the third without a bassin de formation: a tie, the lowest code.
      await db.run('UPDATE annuaire_education SET code_bassin_formation = NULL WHERE uai = $uai', { uai: uais[1] });
      await setCode(uais[2], three.code);
      const tie = await proposeZoningFromAnnuaire(db);
      const lowest = [three.code, other].sort()[0];
      expect(tie!.rows.find((x) => x.code_commune === three.code_commune)!.bassin_id).toBe(`bf-${lowest}`);
    } finally {
      db.close();
    }
  });

  it('is named by clee ingest when a loaded annuaire carries bassins de formation', async () => {
    const lines = readFileSync('datasets/demo/fr-en-annuaire-education-demo-simule.csv', 'utf-8').split(/\r?\n/);
    // One school fewer: another file, so that it is loaded (the demo's own is already in the base).
    const file = join(copy.path, '..', 'annuaire-extrait.csv');
    writeFileSync(file, [lines[0], ...lines.slice(2)].join('\n'));
    const r = await cli(['ingest', file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/L'annuaire chargé nomme 17 bassin\(s\) de formation : « clee territories propose/);
  });

  it('asks for its source in French', async () => {
    const none = await cli(['territories', 'propose']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--depuis annuaire/);
    const bad = await cli(['territories', 'propose', '--depuis', 'sirene']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/source inconnue : « sirene »/);
  });
});
