// What reaches no basin, or a basin from a coarser level, is told: the warnings (schools reaching no commune,
// bassins BMO unknown to the composition), the coverage per source × basin, and their French lines in
// `clee ingest` and `clee status [--coverage]`. Fixture: helpers/methodology-fixture.ts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { departementCoverageText } from '../src/cli/commands/status.ts';
import { attributionWarnings, sourceCoverage, warningLines, warningsForSources } from '../src/methodology/coverage.ts';
import { departementCoverage } from '../src/methodology/coverage-departements.ts';
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
  // The files behind two sources: a simulated BMO, real lycée effectifs (the coverage per département says which).
  await db.run(`INSERT INTO provenance (file_id, source, file_name, sha256, vintage, rows, loaded_at, status) VALUES
    (1007, 'france-travail-bmo', 'bmo-2025-simule.csv', 'b', '2025', 6, now()::TIMESTAMP, 'actif'),
    (1011, 'education-effectifs-lycee-gt', 'effectifs-lycee-gt.csv', 'c', '2023', 4, now()::TIMESTAMP, 'actif')`);
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

describe('coverage per département', () => {
  it('says per source whether files are real or simulated, the periods with a value, how basins get it', async () => {
    const departements = await departementCoverage(db);
    expect(departements.map((d) => [d.departement, d.nom, d.bassins])).toEqual([
      ['07', 'Ardèche', 0],
      ['26', 'Drôme', 0],
      ['38', 'Isère', 2],
      ['73', 'Savoie', 1],
      ['74', 'Haute-Savoie', 0],
    ]);
    const of = (departement: string, source: string) =>
      departements.find((d) => d.departement === departement)!.sources.find((s) => s.source === source)!;
    expect(of('38', 'france-travail-bmo')).toEqual({
      source: 'france-travail-bmo',
      donnees: 'simulees',
      fichiers: ['bmo-2025-simule.csv'],
      periodes: ['BMO 2025'],
      annee: 2025,
      rattachement: { bassin: 0, niveau_plus_large: 2, etablissements_non_rattaches: 0, sans_donnees: 0 },
    });
    expect(of('73', 'france-travail-bmo').rattachement).toMatchObject({ bassin: 1, niveau_plus_large: 0 });
    expect(of('38', 'education-effectifs-lycee-gt')).toMatchObject({
      donnees: 'reelles',
      periodes: ['rentrée 2022', 'rentrée 2023'],
      annee: 2023,
      rattachement: { bassin: 0, etablissements_non_rattaches: 2 },
    });
    expect(of('73', 'education-effectifs-lycee-gt').rattachement).toMatchObject({ bassin: 1 });
    expect(of('38', 'insee-rp-emploi')).toMatchObject({ donnees: 'reelles', fichiers: ['base-cc-emploi.csv'] });
    expect(of('07', 'insee-rp-emploi')).toMatchObject({ periodes: [], annee: null });
  });

  it('in text: a missing source says what to fetch, a département without basins says so', () => {
    const none = { bassin: 0, niveau_plus_large: 0, etablissements_non_rattaches: 0, sans_donnees: 0 };
    const text = departementCoverageText([
      {
        departement: '07',
        nom: 'Ardèche',
        bassins: 3,
        sources: [
          {
            source: 'insee-chomage-ze',
            donnees: 'absentes',
            fichiers: [],
            periodes: [],
            annee: null,
            rattachement: none,
          },
          {
            source: 'insee-rp-emploi',
            donnees: 'reelles_et_simulees',
            fichiers: ['a.csv', 'b-simule.csv'],
            periodes: ['RP 2015', 'RP 2021'],
            annee: 2021,
            rattachement: { ...none, bassin: 2, sans_donnees: 1 },
          },
        ],
      },
      { departement: '74', nom: 'Haute-Savoie', bassins: 0, sources: [] },
    ]);
    expect(text.split('\n').slice(1)).toEqual([
      '',
      'Ardèche (07), 3 bassin(s) :',
      '  - insee-rp-emploi : données réelles et simulées ; RP 2015, RP 2021 ; valeur du bassin 2, sans données 1',
      '',
      'Haute-Savoie (74) : aucun bassin dans le zonage chargé.',
      '',
      'Sources non chargées (aucun département) :',
      "  - insee-chomage-ze : il manque : Taux de chômage localisés par zone d'emploi (trimestriels, CVS) " +
        '(clee fetch insee-chomage-ze) ou Taux de chômage localisés par département (trimestriels, CVS) ' +
        '(clee fetch insee-chomage-dep)',
    ]);
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
    expect(text.stdout).toContain('Ardèche (07) : aucun bassin dans le zonage chargé.');
    expect(text.stdout).toMatch(
      /Isère \(38\), 2 bassin\(s\) :\n(?: {2}- .*\n)* {2}- france-travail-bmo : données SIMULÉES ; BMO 2025 ; d'un niveau/,
    );
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
    const savoie = json.couverture_departements.find((d: { departement: string }) => d.departement === '73');
    expect(savoie.sources.find((s: { source: string }) => s.source === 'france-travail-bmo')).toMatchObject({
      donnees: 'simulees',
      rattachement: { bassin: 1 },
    });
    const plain = JSON.parse(clee(['status', '--db', path, '--json']).stdout);
    expect(plain.couverture).toBeUndefined();
    expect(plain.couverture_departements).toBeUndefined();
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
