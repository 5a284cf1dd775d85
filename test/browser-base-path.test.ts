// The pages published under a sub-path by a reverse proxy (https://intranet…/clee/), in headless Chromium on the
// demo: a tiny node:http proxy forwards /clee/* to `clee serve` with the prefix stripped, as nginx does with
// `proxy_pass http://127.0.0.1:3000/;`, and answers 404 to anything else. Every page loads and draws, every request
// the browser makes stays under /clee/, none fails, and the links lead to pages under /clee/. No Chromium = failure.
import { request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboards } from '../src/bundle/dashboards.ts';
import type { Database } from '../src/db/database.ts';
import { launchChromium } from '../src/render/browser.ts';
import { startServer, type StartedServer } from '../src/server/app.ts';
import { demoDatabase } from './helpers/demo-db.ts';

const PREFIX = '/clee/';
const BASSIN = '38-grenoble';

let browser: Browser;
let db: Database;
let cleanup: () => void;

interface Proxy {
  url: string;
  /** Paths the proxy was asked for outside the prefix: requests that escaped it. */
  escaped: string[];
  close(): Promise<void>;
}

/** A reverse proxy publishing `target` under PREFIX; `forwardPrefix` also sends `X-Forwarded-Prefix`. */
async function reverseProxy(target: StartedServer, forwardPrefix: boolean): Promise<Proxy> {
  const escaped: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(PREFIX)) {
      escaped.push(url);
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('hors du proxy');
      return;
    }
    const headers = { ...req.headers, ...(forwardPrefix ? { 'x-forwarded-prefix': PREFIX.slice(0, -1) } : {}) };
    const upstream = request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: url.slice(PREFIX.length - 1), headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`,
    escaped,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Opens `path` (relative to the prefix) through the proxy; returns the page and what went wrong. */
async function open(proxy: Proxy, path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith('http') && !url.pathname.startsWith(PREFIX))
      problems.push(`hors de ${PREFIX}: ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const response = await page.goto(new URL(path, proxy.url).href);
  expect(response?.status(), path).toBe(200);
  await page.waitForFunction(
    () => document.body.dataset.ready === 'true' || document.querySelector('.error') !== null,
    null,
    { timeout: 60_000 },
  );
  expect(await page.locator('.error').count(), path).toBe(0);
  return { page, problems };
}

beforeAll(async () => {
  browser = await launchChromium();
  await ensureDashboards();
  const demo = await demoDatabase();
  db = demo.db;
  cleanup = demo.cleanup;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  cleanup?.();
});

describe('behind a reverse proxy under /clee/ (clee serve --chemin /clee/)', () => {
  let server: StartedServer;
  let proxy: Proxy;
  beforeAll(async () => {
    server = await startServer({ db, port: 0, host: '127.0.0.1', base: PREFIX });
    proxy = await reverseProxy(server, false);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('loads every page, with no request outside /clee/ and no failed request', async () => {
    for (const path of ['', `fiche/${BASSIN}`, 'comparaison', 'seminaire', 'methodologie']) {
      const { page, problems } = await open(proxy, path);
      expect(problems, path || 'accueil').toEqual([]);
      await page.close();
    }
    expect(proxy.escaped).toEqual([]);
  });

  it('links to pages and API answers under /clee/, and a link leads to a drawn fiche', async () => {
    const { page, problems } = await open(proxy, '');
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => h.startsWith('/api/') || h.startsWith('/fiche') || h === '/')).toEqual([]);
    expect(hrefs).toContain(`${PREFIX}comparaison`);
    expect(hrefs).toContain(`${PREFIX}api/bassins`);
    await page.locator(`a[href^="${PREFIX}fiche/"]`).first().click();
    await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.querySelector('.error'), null, {
      timeout: 60_000,
    });
    expect(new URL(page.url()).pathname).toMatch(/^\/clee\/fiche\/[^/]+$/);
    expect(await page.locator('.error').count()).toBe(0);
    expect(await page.locator('h1').first().textContent()).not.toBe('');
    expect(problems).toEqual([]);
    await page.close();
    expect(proxy.escaped).toEqual([]);
  });
});

describe('behind a reverse proxy that sends X-Forwarded-Prefix (no --chemin)', () => {
  let server: StartedServer;
  let proxy: Proxy;
  beforeAll(async () => {
    server = await startServer({ db, port: 0, host: '127.0.0.1' });
    proxy = await reverseProxy(server, true);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('loads the fiche with every request under /clee/', async () => {
    const { page, problems } = await open(proxy, `fiche/${BASSIN}`);
    expect(problems).toEqual([]);
    await page.close();
    expect(proxy.escaped).toEqual([]);
  });
});
