// The methodology commands as a user runs them: `node bin/clee.js …` on a temporary database.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.ts';
import { methodologyMarkdown } from '../src/methodology/index.ts';
import { tempDir, writeFixture } from './helpers/db.ts';
import { buildFixture } from './helpers/methodology-fixture.ts';

const ROOT = resolve(import.meta.dirname, '..');
let dir: string;
let dbPath: string;

function clee(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/clee.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: { ...process.env, CLEE_DB: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = tempDir('clee-cli-methodo-');
  dbPath = join(dir, 'fixture.duckdb');
  const db = await Database.open(dbPath);
  await buildFixture(db);
  db.close();
});
afterAll(() => undefined);

describe('clee indicators', () => {
  it('JSON: an array of {id, libelle, definition, sources, unite, polarite} with the years of the data', () => {
    const r = clee('indicators', '--format', 'json', '--db', dbPath);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.length).toBeGreaterThanOrEqual(24);
    for (const i of list) {
      expect(Object.keys(i)).toEqual(
        expect.arrayContaining(['id', 'libelle', 'definition', 'sources', 'unite', 'polarite']),
      );
      expect(typeof i.id).toBe('string');
      expect(Array.isArray(i.sources)).toBe(true);
    }
    expect(list.find((i: { id: string }) => i.id === 'ips_college').annees).toEqual([2022, 2023]);
  });
});

describe('clee diagnose', () => {
  it('JSON shape, basin given by its name in any case and without accents', () => {
    const r = clee('diagnose', 'BASSIN BETA', '--format', 'json', '--db', dbPath);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.bassin).toMatchObject({ id: 'B2', nom: 'Bassin Bêta', departement: '38' });
    expect(Array.isArray(d.indicateurs)).toBe(true);
    for (const line of d.indicateurs) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          'id',
          'valeur',
          'reference',
          'ecart',
          'verdict',
          'explication',
          'annee',
          'references',
          'rang',
          'score_z',
        ]),
      );
    }
    const chom = d.indicateurs.find((l: { id: string }) => l.id === 'chomage_15_24');
    expect(chom.verdict).toBe('non_significatif');
    expect(chom.explication).toBe(
      "Le taux de chômage des 15-24 ans n'est pas interprété (effectif trop faible : 20 jeunes actifs, seuil 30).",
    );
    expect(Array.isArray(d.actions)).toBe(true);
    for (const a of d.actions)
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['id', 'libelle', 'description', 'repond_a', 'raison']));
  });

  it('text and markdown formats, with a year', () => {
    const text = clee('diagnose', 'B1', '--year', '2022', '--db', dbPath);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Diagnostic du bassin Bassin Alpha (B1) — Isère (38)');
    expect(text.stdout).toContain('rentrée 2022');
    const md = clee('diagnose', 'B1', '--format', 'markdown', '--db', dbPath);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Diagnostic du bassin Bassin Alpha \(B1\)/);
    expect(md.stdout).toContain('## Actions proposées');
  });

  it('unknown basin or year: French message with close names, exit code ≠ 0', () => {
    const r = clee('diagnose', 'Gama', '--db', dbPath);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Bassin inconnu : « Gama ». Vouliez-vous dire : Bassin Gamma (B3) ?');
    const y = clee('diagnose', 'B1', '--year', '1999', '--db', dbPath);
    expect(y.code).not.toBe(0);
    expect(y.stderr).toContain('Année indisponible : « 1999 »');
    const missing = clee('diagnose', 'B1', '--db', join(dir, 'absente.duckdb'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("n'existe pas encore");
  });
});

describe('clee compare', () => {
  it('JSON: ranked basins of a département and the references', () => {
    const r = clee('compare', '--departement', '38', '--indicator', 'ips_college', '--format', 'json', '--db', dbPath);
    expect(r.code, r.stderr).toBe(0);
    const { reference, bassins } = JSON.parse(r.stdout);
    expect(bassins.map((b: { code: string; rang: number }) => [b.code, b.rang])).toEqual([
      ['B1', 1],
      ['B2', 2],
    ]);
    // No collège outside the académie in the fixture: no France reference for the IPS.
    expect(reference.map((x: { niveau: string }) => x.niveau)).toEqual(['departement', 'academie']);
    for (const b of bassins)
      expect(Object.keys(b)).toEqual(
        expect.arrayContaining([
          'indicateur',
          'niveau',
          'code',
          'nom',
          'annee',
          'valeur',
          'numerateur',
          'denominateur',
          'significatif',
          'rang',
          'verdict',
        ]),
      );
  });

  it('CSV and the summary of all indicators', () => {
    const csv = clee('compare', '--indicator', 'chomage_15_24', '--format', 'csv', '--db', dbPath);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true);
    const lines = csv.stdout.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'indicateur;niveau;code;nom;departement;annee;valeur;numerateur;denominateur;significatif;rang;ecart_academie;' +
        'verdict',
    );
    expect(lines.filter((l) => l.includes(';bassin;'))).toHaveLength(3);
    const summary = clee('compare', '--db', dbPath);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('Taux de chômage des 15-24 ans');
    expect(summary.stdout).toContain('faiblesses');
  });

  it('unknown indicator or département: close names, exit code ≠ 0', () => {
    const r = clee('compare', '--indicator', 'chomage_1524', '--db', dbPath);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Indicateur inconnu : « chomage_1524 ». Vouliez-vous dire : chomage_15_24');
    const d = clee('compare', '--departement', '37', '--db', dbPath);
    expect(d.code).not.toBe(0);
    expect(d.stderr).toContain('Département inconnu : « 37 »');
  });
});

describe('clee territories', () => {
  it('list: JSON array of {id, nom, departement, communes}', () => {
    const r = clee('territories', 'list', '--format', 'json', '--db', dbPath);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { id: 'B1', nom: 'Bassin Alpha', communes: 2, departement: '38' },
      { id: 'B2', nom: 'Bassin Bêta', communes: 1, departement: '38' },
      { id: 'B3', nom: 'Bassin Gamma', communes: 2, departement: '73' },
    ]);
  });

  it('validate: exit 1 with French messages for a wrong file, 0 for the default zoning', () => {
    const bad = writeFixture(
      dir,
      'zonage.csv',
      'code_commune;nom_commune;departement;bassin_id;bassin_nom\n38185;Grenoble;38;g;Grenoble\n38185;Grenoble;38;h;' +
        'Autre\n01001;Ailleurs;01;g;Grenoble\n',
    );
    const r = clee('territories', 'validate', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('38185 (Grenoble) rattachée 2 fois (lignes 2, 3) : bassins g, h');
    expect(r.stdout).toContain("01001 (L'Abergement-Clémenciat) est une commune de Ain (01), hors de l'académie");
    expect(r.stdout).toContain('commune absente du zonage : 07001 (Accons, Ardèche)');
    expect(r.stdout).toMatch(/Zonage invalide : [\d\u202f]+ erreurs\./);
    const ok = clee('territories', 'validate', 'datasets/territories/bassins-academie-grenoble.csv');
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('Zonage valide');
  });
});

describe('clee methodology and help', () => {
  it('writes the generated document', () => {
    const out = join(dir, 'methodologie.md');
    const r = clee('methodology', '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf-8')).toBe(methodologyMarkdown());
  });

  it('every command has --help and --db', () => {
    for (const name of ['indicators', 'diagnose', 'compare', 'territories', 'methodology']) {
      const r = clee(name, '--help');
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toMatch(/^Usage : clee /);
      expect(r.stdout, name).toContain('--db FICHIER');
    }
  });
});
