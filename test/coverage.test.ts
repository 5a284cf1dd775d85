// What reaches no basin, or a basin from a coarser level, is told: the warnings (schools reaching no commune,
// bassins BMO unknown to the composition), the coverage per source × basin, and their French lines in
// `clee ingest` and `clee status [--coverage]`. Fixture: helpers/methodology-fixture.ts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { attributionWarnings, sourceCoverage, warningLines, warningsForSources } from '../src/methodology/coverage.ts';
import { freshDb, tempDir, writeFixture } from './helpers/db.ts';
import { buildFixture, insertRows } from './helpers/methodology-fixture.ts';

const clee = (args: string[]) => spawnSync('node', ['bin/clee.js', ...args], { encoding: 'utf-8' });

let db: Database;
let path: string;

beforeAll(async () => {
  path = join(tempDir(), 'base.duckdb');
  db = await freshDb(path);
  await buildFixture(db);
  // An Isère lycée whose UAI neither the annuaire nor an IPS file knows.
  await insertRows(db, 'effectifs_lycee_gt', [
    { file_id: 1011, uai: '0389999Z', rentree: 2023, nb_eleves: 400, nb_2nde: 150 },
  ]);
}, 120_000);
afterAll(() => db?.close());

describe('warnings of the loaded data', () => {
  it('count the schools reaching no commune per source, rentrée and département, with examples', async () => {
    const w = await attributionWarnings(db);
    expect(w.etablissements_non_rattaches).toEqual([
      {
        source: 'education-effectifs-lycee-gt',
        annee: 2023,
        departement: '38',
        etablissements: 1,
        uai_inconnus: 1,
        exemples: ['0389999Z'],
      },
    ]);
    expect(warningLines(w)).toContainEqual(
      'education-effectifs-lycee-gt, 2023 : 1 établissement(s) rattaché(s) à aucune commune du zonage (1 UAI ' +
        "inconnus de l'annuaire et des fichiers IPS) — dans l'académie : Isère 1 ; exemples : 0389999Z. Les valeurs " +
        'des bassins de ces départements ne sont jamais classées.',
    );
  });

  it('name the bassins BMO of the BMO file that the composition does not know', async () => {
    const w = await attributionWarnings(db);
    expect(w.bmo_sans_composition).toBe(false);
    expect(w.bassins_bmo_inconnus).toEqual([
      { annee: 2025, departement: '38', bassin_bmo: '8499', nom: null, projets: 35 },
    ]);
    expect(warningLines(w).join('\n')).toMatch(/BMO 2025 : 1 bassin\(s\) BMO absent\(s\) .*\(8499 en Isère\)/);
  });

  it('a load shows the warnings of its own sources only, all of them when the zoning changes', async () => {
    const w = await attributionWarnings(db);
    const census = warningsForSources(w, new Set(['insee-rp-emploi']));
    expect(warningLines(census)).toEqual([]);
    expect(warningsForSources(w, new Set(['france-travail-bmo'])).bassins_bmo_inconnus).toHaveLength(1);
    expect(warningsForSources(w, new Set(['clee-bassins']))).toEqual(w);
  });
});

describe('coverage per source and basin', () => {
  it('says whether each basin value is its own, from a coarser level, or misses schools', async () => {
    const coverage = await sourceCoverage(db);
    const of = (source: string, bassin: string) =>
      coverage.find((s) => s.source === source)!.bassins.find((b) => b.bassin === bassin)!;
    expect(of('france-travail-bmo', 'B1')).toMatchObject({
      etat: 'niveau_plus_large',
      detail: 'département Isère (38)',
      annee: 2025,
    });
    expect(of('france-travail-bmo', 'B3').etat).toBe('bassin');
    expect(of('insee-chomage-ze', 'B2')).toMatchObject({
      etat: 'niveau_plus_large',
      detail: "zone d'emploi Z2 Zone Z2",
    });
    expect(of('education-effectifs-lycee-gt', 'B1')).toMatchObject({
      etat: 'etablissements_non_rattaches',
      detail: '1 établissement(s) du département rattaché(s) à aucune commune',
    });
    expect(of('education-effectifs-lycee-gt', 'B3').etat).toBe('bassin');
  });
});

describe('clee status and clee ingest', () => {
  beforeAll(async () => {
    await db.run('CHECKPOINT');
    db.close();
  });

  it('status tells the warnings; --coverage lists the basins not attributed on their own; JSON carries both', () => {
    const text = clee(['status', '--db', path, '--coverage']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Rattachement aux bassins :');
    expect(text.stdout).toMatch(/- education-effectifs-lycee-gt, 2023 : 1 établissement\(s\) rattaché\(s\)/);
    expect(text.stdout).toContain('Couverture par source et par bassin');
    expect(text.stdout).toMatch(/Bassin Alpha \(38\), 2025 : d'un niveau plus large — département Isère \(38\)/);
    const json = JSON.parse(clee(['status', '--db', path, '--coverage', '--format', 'json']).stdout);
    expect(json.attribution.bassins_bmo_inconnus).toEqual([
      { annee: 2025, departement: '38', bassin_bmo: '8499', nom: null, projets: 35 },
    ]);
    expect(json.attribution.alertes.length).toBe(2);
    const bmo = json.couverture.find((s: { source: string }) => s.source === 'france-travail-bmo');
    expect(bmo.bassins.map((b: { etat: string }) => b.etat)).toEqual([
      'niveau_plus_large',
      'niveau_plus_large',
      'bassin',
    ]);
    const plain = JSON.parse(clee(['status', '--db', path, '--json']).stdout);
    expect(plain.couverture).toBeUndefined();
  });

  it('ingest ends its summary with the schools of the loaded file that reach no commune', () => {
    const dir = tempDir();
    const file = writeFixture(
      dir,
      'lycees.csv',
      'rentree_scolaire;numero_lycee;nombre_d_eleves;2ndes_gt\n2024;0389998Y;300;100\n2024;0380003C;610;200\n',
    );
    const r = clee(['ingest', file, '--db', path, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Rattachement aux bassins :');
    expect(r.stdout).toMatch(
      /education-effectifs-lycee-gt, 2024 : 1 établissement\(s\) rattaché\(s\) à aucune commune/,
    );
    expect(r.stdout).toMatch(/exemples : 0389998Y\./);
    // Warnings of sources this load did not touch are left to clee status.
    expect(r.stdout).not.toContain('8499');
  });
});
