// Files shipped with the package are found from the package root, not the working directory: `clee` run from
// another folder loads the demo and the default zoning (it failed with « fichier ou dossier introuvable »).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PATHS } from '../src/cli/commands/start.ts';
import { CATALOGUE_FILE } from '../src/methodology/actions.ts';
import { PACKAGE_ROOT } from '../src/shared/paths.ts';
import { DEFAULT_ZONING_FILE } from '../src/territory/zoning-file.ts';
import { tempDir } from './helpers/db.ts';

const ROOT = resolve(import.meta.dirname, '..');

function clee(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/clee.js'), ...args], {
      cwd,
      env: { ...process.env, CLEE_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('paths anchored to the package', () => {
  it('the shipped files are absolute paths inside the package, and exist', () => {
    expect(PACKAGE_ROOT).toBe(ROOT);
    for (const p of [...DEMO_PATHS, DEFAULT_ZONING_FILE, CATALOGUE_FILE]) {
      expect(p.startsWith(ROOT), p).toBe(true);
      expect(existsSync(p), p).toBe(true);
    }
  });

  it('`clee start --no-serve` from another folder loads the demo into an empty database', async () => {
    const elsewhere = tempDir('clee-ailleurs-');
    const r = await clee(['start', '--no-serve', '--db', 'base.duckdb'], elsewhere);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/introuvable/);
    expect(r.stdout).toMatch(/Base vide : chargement des données de démonstration/);
    expect(r.stdout).toMatch(/clee-bassins/);
    expect(r.stdout).toMatch(/\d+ fichier\(s\) chargé\(s\)/);
    expect(existsSync(join(elsewhere, 'base.duckdb'))).toBe(true);
  }, 600_000);
});
