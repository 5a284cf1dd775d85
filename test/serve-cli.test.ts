// `clee serve` and `clee start` as a user runs them: a child process that prints its address in French, answers,
// and stops cleanly on SIGTERM; `clee start --no-serve` stops after the summary.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { demoDatabaseCopy } from './helpers/demo-db.ts';
import { captureConsole } from './helpers/console.ts';

const ROOT = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
let dbPath: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ path: dbPath, cleanup } = await demoDatabaseCopy());
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  cleanup?.();
});

/** Runs `clee ARGS` in a child process until its output matches `until`; returns the output so far. */
function run(
  args: string[],
  until: RegExp,
): Promise<{ child: ChildProcess; output: () => string; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/clee.js'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`délai dépassé ; sortie : ${out}`)), 60_000);
    const check = () => {
      const match = until.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, output: () => out, match });
      }
    };
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      check();
    });
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`arrêt inattendu (code ${code}) ; sortie : ${out}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

const capture = async (fn: () => Promise<number>) => {
  const printed = await captureConsole(fn);
  return { code: printed.code, out: printed.all };
};

describe('clee serve', () => {
  it('listens on the loopback, prints its URL in French, answers, and stops on SIGTERM', async () => {
    const { child, match, output } = await run(
      ['serve', '--port', '0', '--db', dbPath],
      /Tableaux de bord disponibles sur (http:\/\/127\.0\.0\.1:\d+\/)/,
    );
    const url = match[1];
    const response = await fetch(`${url}api/bassins`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBeGreaterThan(5);
    const page = await fetch(`${url}fiche`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="module" src="\/assets\/fiche\.js">/);
    expect(await stop(child)).toBe(0);
    expect(output()).toMatch(/Serveur arrêté/);
  });

  it('--host 0.0.0.0: warns in French and prints the addresses other machines reach', async () => {
    const { child, match, output } = await run(
      ['serve', '--port', '0', '--host', '0.0.0.0', '--db', dbPath],
      /Tableaux de bord disponibles sur (http:\/\/localhost:\d+\/)[\s\S]*(Adresses sur le réseau|Aucune adresse)/,
    );
    expect(output()).toMatch(/Attention : --hote 0\.0\.0\.0 ouvre les tableaux de bord et l'API à d'autres machines/);
    expect(output()).toMatch(/proxy inverse/);
    expect((await fetch(`${match[1]}api/libelles`)).status).toBe(200);
    expect(await stop(child)).toBe(0);
  });

  it('--chemin /clee/: says where the proxy publishes the pages, and writes every address under /clee/', async () => {
    const { child, match, output } = await run(
      ['serve', '--port', '0', '--chemin', 'clee', '--db', dbPath],
      /Tableaux de bord disponibles sur (http:\/\/127\.0\.0\.1:\d+\/)[\s\S]*Arrêt/,
    );
    expect(output()).toMatch(/Derrière le proxy inverse, les pages sont publiées sous \/clee\//);
    const page = await (await fetch(`${match[1]}clee/fiche`)).text();
    expect(page).toMatch(/<script type="module" src="\/clee\/assets\/fiche\.js">/);
    expect(page).toMatch(/<meta name="clee-base" content="\/clee\/">/);
    expect(await stop(child)).toBe(0);
  });

  it('refuses a bad port, a bad path or a missing database with a French message', async () => {
    const port = await capture(() => main(['serve', '--port', 'abc', '--db', dbPath]));
    expect(port.code).toBe(2);
    expect(port.out).toMatch(/Port invalide/);
    for (const command of ['serve', 'start']) {
      const base = await capture(() => main([command, '--chemin', '/../admin', '--db', dbPath]));
      expect(base.code).toBe(2);
      expect(base.out).toMatch(/Chemin invalide : « \/\.\.\/admin »/);
    }
    for (const command of ['serve', 'start']) {
      const memory = await capture(() => main([command, '--db', ':memory:']));
      expect(memory.code).toBe(2);
      expect(memory.out).toMatch(/une base en mémoire \(:memory:\) ne peut pas être servie/);
    }
    const missing = await capture(() => main(['serve', '--db', join(ROOT, 'data', 'absente-xyz.duckdb')]));
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/n'existe pas encore/);
  });
});

describe('clee start', () => {
  it('--no-serve prints the summary and returns', async () => {
    const r = await capture(() => main(['start', '--no-serve', '--db', dbPath]));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/fichier\(s\) chargé\(s\)/);
    expect(r.out).not.toMatch(/Tableaux de bord disponibles/);
  });

  it('serves the dashboards after the summary and prints the URL', async () => {
    const { child, match, output } = await run(
      ['start', '--port', '0', '--db', dbPath],
      /Tableaux de bord disponibles sur (http:\/\/127\.0\.0\.1:\d+\/)/,
    );
    expect(output()).toMatch(/fichier\(s\) chargé\(s\)[\s\S]*Tableaux de bord disponibles/);
    expect((await fetch(`${match[1]}api/indicateurs`)).status).toBe(200);
    expect(await stop(child)).toBe(0);
  });
});
