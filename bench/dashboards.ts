// Dashboards benchmark: time to first chart of the fiche page in headless Chromium, from `clee serve` and from the
// static site `clee build` writes (served by a plain file server), bundle size (raw and gzip), API latency (p50 / p95 /
// p99) under 50 concurrent clients with autocannon, and the diagnostic under 200 (median of several runs: a shared
// machine's noise). The server runs in its own process (`clee serve`) so that the load generator does not share its
// event loop. `npm run bench -- api` runs the latency part alone.
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { Database } from '../src/db/database.ts';
import { expandPaths, ingestFiles } from '../src/ingest/batch.ts';
import { ensureSchema } from '../src/ingest/schema.ts';
import { DEMO_PATHS } from '../src/cli/commands/start.ts';
import { buildDashboards, DIST_DIR } from '../src/bundle/dashboards.ts';
import { DATA_MARK_SELECTOR, launchChromium } from '../src/render/browser.ts';
import { buildSite } from '../src/publish/site.ts';
import { serveStatic } from '../test/helpers/static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TARGETS = { firstChartMs: 1000, staticFirstChartMs: 500, bundleGzipKB: 400, p95Ms: 50, p95Ms200: 100 };
/** Runs of the 200-client measure; their median is reported. */
const RUNS_200 = 3;

function fr(n: number, decimals = 0): string {
  return n.toLocaleString('fr-FR', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function demoDatabase(dir: string): Promise<string> {
  const path = join(dir, 'bench.duckdb');
  const db = await Database.open(path);
  try {
    await ensureSchema(db);
    const outcome = await ingestFiles(db, await expandPaths(DEMO_PATHS));
    if (outcome.failures.length)
      throw new Error(`données de démonstration refusées : ${outcome.failures.map((f) => f.file).join(', ')}`);
    await db.run('CHECKPOINT');
  } finally {
    db.close();
  }
  return path;
}

async function startServerProcess(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/clee.js'), 'serve', '--port', '0', '--db', dbPath], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`le serveur n'a pas démarré : ${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`le serveur s'est arrêté (code ${code}) : ${out}`)));
  });
  return { child, url };
}

function bundleSize(): { raw: number; gzip: number; files: number } {
  const result = { raw: 0, gzip: 0, files: 0 };
  const walk = (dir: string, prefix = '') => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (/\.(js|css|html)$/.test(entry.name)) {
        const bytes = readFileSync(path);
        result.raw += bytes.length;
        result.gzip += gzipSync(bytes, { level: 9 }).length;
        result.files += 1;
      }
    }
  };
  walk(DIST_DIR);
  return result;
}

/** Milliseconds from navigation start to the first data-bearing SVG mark, seen by a MutationObserver. */
async function firstChart(url: string, runs: number): Promise<number[]> {
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // A string, not a function: tsx would decorate named inner functions with helpers the page does not have.
      await page.addInitScript({
        content: `(() => {
          const observer = new MutationObserver(() => {
            if (window.__firstChart === undefined && document.querySelector(${JSON.stringify(DATA_MARK_SELECTOR)})) {
              window.__firstChart = performance.now();
              observer.disconnect();
            }
          });
          observer.observe(document, { childList: true, subtree: true });
        })();`,
      });
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => (window as unknown as { __firstChart?: number }).__firstChart !== undefined,
        null,
        { timeout: 30_000 },
      );
      times.push(await page.evaluate(() => (window as unknown as { __firstChart: number }).__firstChart));
      await context.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
}

async function latency(url: string, seconds: number, connections = 50): Promise<Latency> {
  const samples: number[] = [];
  let errors = 0;
  // Without a callback autocannon returns its event emitter, made thenable.
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    // As a browser asks: the API answers compressed, once per answer (src/server/formats.ts).
    headers: { 'accept-encoding': 'gzip' },
  }) as unknown as EventEmitter & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
    samples.push(time);
    if (status >= 400) errors += 1;
  });
  const result = await instance;
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    requests: samples.length,
    errors: errors + result.errors + result.timeouts,
  };
}

/** The static site of the same database, built, served by a plain file server, and its fiche's first chart. */
async function staticSiteFirstChart(dbPath: string, dir: string, bassin: string, runs: number): Promise<string[]> {
  const db = await Database.open(dbPath);
  let built: Awaited<ReturnType<typeof buildSite>>;
  try {
    built = await buildSite({ db, out: join(dir, 'site'), pdf: false });
  } finally {
    db.close();
  }
  const site = await serveStatic(built.out);
  try {
    const times = await firstChart(`${site.url}fiche.html?bassin=${encodeURIComponent(bassin)}`, runs);
    const warm = [...times.slice(1)].sort((a, b) => a - b);
    const median = warm.length ? percentile(warm, 50) : times[0];
    const ok = Math.max(times[0], median) < TARGETS.staticFirstChartMs;
    return [
      `Site statique (clee build, sans PDF) : ${built.files} fichiers, ${fr(built.bytes / 1024 / 1024, 1)} Mo, ` +
        `construit en ${fr(built.millis / 1000, 1)} s`,
      `Site statique, fiche bassin, premier graphique : ${fr(times[0])} ms à froid, médiane ${fr(median)} ms sur ` +
        `${warm.length} chargements suivants (cible < ${fr(TARGETS.staticFirstChartMs)} ms) ${ok ? '✓' : '✗'}`,
    ];
  } finally {
    await site.close();
  }
}

/** p50 / p95 / p99 of the API under 50 clients on four routes, then the diagnostic under 200 (median of runs). */
async function apiLatency(
  url: string,
  bassin: { id: string; departement: string },
  indicateur: string,
  seconds: number,
): Promise<string[]> {
  const lines: string[] = [];
  const diagnostic = `api/bassins/${encodeURIComponent(bassin.id)}/diagnostic`;
  const routes: [string, string][] = [
    ['GET /api/bassins', 'api/bassins'],
    ['GET /api/bassins/:id/diagnostic', diagnostic],
    ['GET /api/indicateurs/:id/valeurs', `api/indicateurs/${indicateur}/valeurs?niveau=bassin`],
    [
      'GET /api/comparaison (CSV)',
      `api/comparaison?departement=${bassin.departement}&indicateur=${indicateur}&format=csv`,
    ],
  ];
  const line = (label: string, r: Latency, target: number) =>
    `  ${label.padEnd(34)} p50 ${fr(r.p50, 1)} ms · p95 ${fr(r.p95, 1)} ms · p99 ${fr(r.p99, 1)} ms · ` +
    `${fr(r.requests / seconds)} req/s${r.errors ? ` · ${r.errors} erreurs` : ''} ` +
    `${r.p95 < target && !r.errors ? '✓' : '✗'}`;
  lines.push(`Latence de l'API, 50 clients simultanés, ${seconds} s par route (cible p95 < ${TARGETS.p95Ms} ms) :`);
  for (const [label, path] of routes) lines.push(line(label, await latency(`${url}${path}`, seconds), TARGETS.p95Ms));

  const runs: (Latency & { load: string })[] = [];
  for (let i = 0; i < RUNS_200; i++) {
    const load = loadavg()[0].toFixed(2);
    runs.push({ ...(await latency(`${url}${diagnostic}`, seconds, 200)), load });
  }
  const median = (pick: (r: Latency) => number) =>
    percentile(
      runs.map(pick).sort((a, b) => a - b),
      50,
    );
  const summary: Latency = {
    p50: median((r) => r.p50),
    p95: median((r) => r.p95),
    p99: median((r) => r.p99),
    requests: median((r) => r.requests),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
  lines.push(
    `Latence de l'API, 200 clients simultanés, diagnostic, médiane de ${RUNS_200} passes de ${seconds} s (cible p95 ` +
      `< ` +
      `${TARGETS.p95Ms200} ms, aucune erreur ; charge 1 min avant chaque passe : ` +
      `${runs.map((r) => r.load).join(' ; ')}) :`,
    line('GET /api/bassins/:id/diagnostic', summary, TARGETS.p95Ms200),
    `  passes : ${runs.map((r) => `p95 ${fr(r.p95, 1)} ms`).join(' · ')}`,
  );
  return lines;
}

/** The API latency alone (50 and 200 clients), without Chromium nor the static site. */
export async function benchApi(options: { seconds?: number } = {}): Promise<string[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 5);
  await buildDashboards();
  const dir = await mkdtemp(join(tmpdir(), 'clee-bench-api-'));
  let server: ChildProcess | undefined;
  try {
    const started = await startServerProcess(await demoDatabase(dir));
    server = started.child;
    const bassins = (await (await fetch(`${started.url}api/bassins`)).json()) as { id: string; departement: string }[];
    const indicateurs = (await (await fetch(`${started.url}api/indicateurs`)).json()) as { id: string }[];
    const indicateur = indicateurs.find((i) => i.id === 'chomage_15_24')?.id ?? indicateurs[0].id;
    return await apiLatency(started.url, bassins[0], indicateur, seconds);
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchDashboards(options: { seconds?: number; runs?: number } = {}): Promise<string[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 5);
  const runs = options.runs ?? 5;
  const lines: string[] = [];
  const built = await buildDashboards();
  const size = bundleSize();
  lines.push(
    `Bundle : ${size.files} fichiers, ${fr(size.raw / 1024)} Ko bruts, ${fr(size.gzip / 1024)} Ko gzip (cible < ` +
      `${TARGETS.bundleGzipKB} Ko gzip) ${size.gzip / 1024 < TARGETS.bundleGzipKB ? '✓' : '✗'} — construit en ` +
      `${fr(built.millis)} ms`,
  );

  const dir = await mkdtemp(join(tmpdir(), 'clee-bench-dash-'));
  let server: ChildProcess | undefined;
  try {
    const dbPath = await demoDatabase(dir);
    const started = await startServerProcess(dbPath);
    server = started.child;
    const bassins = (await (await fetch(`${started.url}api/bassins`)).json()) as { id: string; departement: string }[];
    const indicateurs = (await (await fetch(`${started.url}api/indicateurs`)).json()) as { id: string }[];
    const bassin = bassins[0].id;
    const indicateur = indicateurs.find((i) => i.id === 'chomage_15_24')?.id ?? indicateurs[0].id;

    const times = await firstChart(`${started.url}fiche/${encodeURIComponent(bassin)}`, runs);
    const warm = [...times.slice(1)].sort((a, b) => a - b);
    const median = warm.length ? percentile(warm, 50) : times[0];
    lines.push(
      `Fiche bassin, premier graphique : ${fr(times[0])} ms à froid, médiane ${fr(median)} ms sur ${warm.length} ` +
        `chargements suivants (cible < ${fr(TARGETS.firstChartMs)} ms) ` +
        `${Math.max(times[0], median) < TARGETS.firstChartMs ? '✓' : '✗'}`,
    );

    lines.push(...(await staticSiteFirstChart(dbPath, dir, bassin, runs)));

    lines.push(...(await apiLatency(started.url, bassins[0], indicateur, seconds)));
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchDashboards()) console.log(line);
}
