// Several commands on one database, as real processes: `clee serve` reads its own copy, so readers (diagnose,
// report, status) and a writer (ingest) work while it serves, and the pages see the new data once the load is done.
// A database held by a writer is waited for (CLEE_DB_WAIT_MS), then refused in French naming the holder's PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockPath } from '../src/db/lock.ts';
import { demoDatabaseCopy } from './helpers/demo-db.ts';

const ROOT = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
let dbPath: string;
let cleanup: () => void;
let dir: string;

beforeAll(async () => {
  ({ path: dbPath, cleanup } = await demoDatabaseCopy());
  dir = mkdtempSync(join(tmpdir(), 'clee-concurrent-'));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  cleanup?.();
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in the output so far or to come. */
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [join(ROOT, 'bin/clee.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const feed = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      const m = w.pattern.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout!.on('data', feed);
  child.stderr!.on('data', feed);
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => out,
    exit,
    waitFor: (pattern) =>
      new Promise((resolveMatch, reject) => {
        const m = pattern.exec(out);
        if (m) return resolveMatch(m);
        waiters.push({ pattern, resolve: resolveMatch });
        exit.then((code) => reject(new Error(`arrêt (code ${code}) avant « ${pattern} » ; sortie : ${out}`)));
      }),
  };
}

async function sourcesFiles(url: string, id: string): Promise<number> {
  const sources = (await (await fetch(`${url}api/sources`)).json()) as { id: string; fichiers: number }[];
  return sources.find((s) => s.id === id)!.fichiers;
}

describe('one database, several commands at once', () => {
  it('serve answers beside a 2nd serve, diagnose, report, status, ingest; new data served after the load', async () => {
    // A copy left by a server that was killed (its PID no longer runs) is removed by the next one.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const abandoned = join(tmpdir(), `clee-instantane-${dead}-test`);
    mkdirSync(abandoned, { recursive: true });
    const serve = start(['serve', '--port', '0', '--db', dbPath]);
    const url = (await serve.waitFor(/Tableaux de bord disponibles sur (http:\/\/127\.0\.0\.1:\d+\/)/))[1];
    expect(await sourcesFiles(url, 'insee-chomage-dep')).toBe(1);
    expect(existsSync(abandoned)).toBe(false);

    // A newer quarter of département unemployment: a new file of a known format.
    const file = join(dir, 'chomage-departements-2025.csv');
    writeFileSync(
      file,
      'DEP;LIBDEP;2025-T1\n07;Ardèche;7.4\n26;Drôme;8.1\n38;Isère;6.9\n73;Savoie;5.0\n74;Haute-Savoie;5.6\n',
    );
    // A second server on the same database reads its own copy too.
    const second = start(['serve', '--port', '0', '--db', dbPath]);
    const secondUrl = (await second.waitFor(/Tableaux de bord disponibles sur (http:\/\/127\.0\.0\.1:\d+\/)/))[1];
    expect((await fetch(`${secondUrl}api/bassins`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    const diagnose = start(['diagnose', 'grenoble', '--format', 'json', '--db', dbPath]);
    const report = start(['report', 'grenoble', '--out', join(dir, 'fiche.html'), '--db', dbPath]);
    const [diagnosed, reported] = await Promise.all([diagnose.exit, report.exit]);
    expect(diagnosed, diagnose.output()).toBe(0);
    expect(JSON.parse(diagnose.output()).bassin.nom).toMatch(/Grenoble/);
    expect(reported, report.output()).toBe(0);
    expect(existsSync(join(dir, 'fiche.html'))).toBe(true);

    const ingest = start(['ingest', file, '--quiet', '--db', dbPath]);
    expect(await ingest.exit, ingest.output()).toBe(0);
    expect(ingest.output()).toMatch(/1 fichier\(s\) chargé\(s\)/);
    const status = start(['status', '--json', '--db', dbPath]);
    expect(await status.exit, status.output()).toBe(0);
    expect(status.output()).toMatch(/chomage-departements-2025\.csv/);

    // The server switches to a copy holding the new file, and answers from it.
    await serve.waitFor(/Données mises à jour/);
    expect(await sourcesFiles(url, 'insee-chomage-dep')).toBe(2);
    expect((await fetch(`${url}api/bassins/grenoble/diagnostic`)).status).toBe(200);

    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
  }, 180_000);

  it('two ingests, status and diagnose at once: the writers take turns, the readers wait, all succeed', async () => {
    const files = ['2025-T2', '2025-T3'].map((quarter) => {
      const file = join(dir, `chomage-departements-${quarter}.csv`);
      const rows = ['07;Ardèche;7.1', '26;Drôme;8.0', '38;Isère;6.8', '73;Savoie;5.1', '74;Haute-Savoie;5.5'];
      writeFileSync(file, `DEP;LIBDEP;${quarter}\n${rows.join('\n')}\n`);
      return file;
    });
    const env = { CLEE_DB_WAIT_MS: '120000' };
    const all = [
      start(['ingest', files[0], '--quiet', '--db', dbPath], env),
      start(['ingest', files[1], '--quiet', '--db', dbPath], env),
      start(['status', '--db', dbPath], env),
      start(['diagnose', 'grenoble', '--db', dbPath], env),
    ];
    const codes = await Promise.all(all.map((r) => r.exit));
    expect(codes, all.map((r) => r.output()).join('\n---\n')).toEqual([0, 0, 0, 0]);
    const status = start(['status', '--json', '--db', dbPath]);
    expect(await status.exit).toBe(0);
    for (const f of ['2025-T2', '2025-T3']) expect(status.output()).toContain(`chomage-departements-${f}.csv`);
  }, 180_000);

  it(
    'a database written by another process: readers and writers wait, then refuse in French with its ' + 'PID',
    async () => {
      // A live process holds the write lock, as `clee ingest` does while it loads.
      const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      children.push(holder);
      writeFileSync(
        lockPath(dbPath),
        JSON.stringify({ pid: holder.pid, commande: 'clee ingest', depuis: new Date().toISOString() }),
      );
      try {
        const env = { CLEE_DB_WAIT_MS: '300' };
        const reader = start(['diagnose', 'grenoble', '--db', dbPath], env);
        const writer = start(['ingest', join(ROOT, 'datasets', 'demo'), '--db', dbPath], env);
        expect(await reader.exit).toBe(1);
        expect(await writer.exit).toBe(1);
        for (const out of [reader.output(), writer.output()]) {
          expect(out).toMatch(new RegExp(`utilisée en écriture par « clee ingest » \\(PID ${holder.pid}\\)`));
          expect(out).toMatch(/CLEE_DB_WAIT_MS/);
          expect(out).not.toMatch(/Erreur inattendue|IO Error|lock on file/);
        }
      } finally {
        holder.kill('SIGKILL');
      }
      // The holder is gone: its lock is stale and the next command goes through.
      const after = start(['status', '--db', dbPath], { CLEE_DB_WAIT_MS: '300' });
      expect(await after.exit, after.output()).toBe(0);
      expect(existsSync(lockPath(dbPath))).toBe(false);
    },
  );

  it('a database opened by a process outside clee: refused in French with the PID DuckDB reports', async () => {
    const script = [
      "import { DuckDBInstance } from '@duckdb/node-api';",
      `const i = await DuckDBInstance.create(${JSON.stringify(dbPath)});`,
      'await i.connect();',
      "console.log('ouverte');",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const other = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(other);
    await new Promise<void>((r) => other.stdout!.once('data', () => r()));
    try {
      const reader = start(['status', '--db', dbPath], { CLEE_DB_WAIT_MS: '300' });
      expect(await reader.exit).toBe(1);
      expect(reader.output()).toMatch(new RegExp(`ouverte par un autre programme \\(PID ${other.pid}\\)`));
      expect(reader.output()).not.toMatch(/Erreur inattendue|IO Error/);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
