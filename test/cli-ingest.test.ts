// The `clee` binary: help on every command, French errors, exit codes, status --json shape.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands/index.ts';
import { tempDir, writeFixture } from './helpers/db.ts';
import { runMain } from './helpers/console.ts';

const clee = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync('node', ['bin/clee.js', ...args], { encoding: 'utf-8', env: { ...process.env, ...env } });

describe('clee (ligne de commande)', () => {
  it('--help pour chaque commande, en français', async () => {
    // The binary once (the same entry point as every command), then each command's help through it in-process:
    // twenty Node start-ups would only measure the machine.
    const top = clee(['--help']);
    expect(top.status).toBe(0);
    const one = clee(['ingest', '--help']);
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('Usage : clee ingest');
    for (const c of COMMANDS) {
      expect(top.stdout).toContain(c.name);
      const r = await runMain([c.name, '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.all).toContain(`Usage : clee ${c.name}`);
      expect(r.all).toContain('affiche cette aide');
    }
  });

  it('commande ou option inconnue : message français, code non nul', () => {
    const r = clee(['injest']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Commande inconnue : « injest »');
    expect(r.stderr).toContain('ingest');
    const o = clee(['status', '--bogus']);
    expect(o.status).toBe(2);
    expect(o.stderr).toContain('Option inconnue : --bogus');
  });

  it('ingest puis status --json ; un fichier refusé donne un code non nul', () => {
    const dir = tempDir();
    const db = join(dir, 'base.duckdb');
    const good = writeFixture(dir, 'pop.csv', 'CODGEO;LIBGEO;P21_POP;P21_POP1529\n07001;Accons;361;50\n');
    const bad = writeFixture(dir, 'bad.csv', 'CODGEO;LIBGEO;P21_POP;P21_POP1529\n07001;Accons;trois;50\n');
    const r = clee(['ingest', good, bad, '--db', db, '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('1 fichier(s) chargé(s), 0 inchangé(s), 1 refusé(s)');
    expect(r.stderr).toContain('bad.csv, ligne 2, colonne 3 (« P21_POP »)');
    const status = JSON.parse(
      execFileSync('node', ['bin/clee.js', 'status', '--json'], {
        encoding: 'utf-8',
        env: { ...process.env, CLEE_DB: db },
      }),
    );
    expect(status).toEqual({
      sources: [
        {
          source: 'insee-rp-population',
          file: 'pop.csv',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          vintage: '2021',
          rows: 1,
        },
      ],
      // A known commune, no school, no BMO file: nothing to tell.
      attribution: {
        fichiers: [],
        etablissements_non_rattaches: [],
        bmo_sans_composition: false,
        bassins_bmo_inconnus: [],
        alertes: [],
      },
    });
  });

  it('sources --format json liste chaque format avec ses colonnes identifiantes', () => {
    const out = JSON.parse(execFileSync('node', ['bin/clee.js', 'sources', '--format', 'json'], { encoding: 'utf-8' }));
    const ids = out.map((f: { id: string }) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'insee-rp-emploi',
        'dares-defm-ze',
        'france-travail-bmo',
        'education-annuaire',
        'clee-bassins',
      ]),
    );
    expect(out[0]).toHaveProperty('colonnes_identifiantes');
  });
});
