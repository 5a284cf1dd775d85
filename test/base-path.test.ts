// The base path behind a reverse proxy (`clee serve --chemin /clee/`, `X-Forwarded-Prefix`): the page shells write
// every address under it, the server answers whether the proxy strips the prefix or forwards it, and a hostile
// header or option is refused rather than written into a page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseOption } from '../src/cli/commands/serve.ts';
import { PAGE_SPECS } from '../dashboards/pages.ts';
import type { Database } from '../src/db/database.ts';
import { normaliseBase } from '../src/server/base-path.ts';
import { type AppServer, listenApp } from './helpers/app-server.ts';
import { freshDb, tempDir } from './helpers/db.ts';

let db: Database;
const servers: AppServer[] = [];
const dist = join(tempDir('clee-dist-'), 'dist');

async function listen(base?: string): Promise<string> {
  const server = await listenApp(db, { distDir: dist, base });
  servers.push(server);
  return server.base;
}

beforeAll(async () => {
  db = await freshDb();
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'style.css'), 'body{}');
  for (const { name } of PAGE_SPECS) writeFileSync(join(dist, `${name}.js`), '');
});

afterAll(async () => {
  for (const s of servers) await s.close();
  db.close();
});

/** The addresses a page shell refers to (href, src) and the base it announces to the page code. */
async function shell(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const html = await response.text();
  return {
    status: response.status,
    base: /<meta name="clee-base" content="([^"]*)">/.exec(html)?.[1],
    addresses: [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]),
  };
}

describe('base path', () => {
  it('normalises a path and refuses what is not a plain path', () => {
    expect(normaliseBase('clee')).toBe('/clee/');
    expect(normaliseBase('/outils/clee')).toBe('/outils/clee/');
    expect(normaliseBase('/')).toBe('/');
    expect(normaliseBase('')).toBe('/');
    for (const bad of ['/../etc/', '/a b/', '/"><script>/', '/é/', '/x?y', '//evil.example/..'])
      expect(normaliseBase(bad), bad).toBeNull();
    expect(baseOption('/clee')).toBe('/clee/');
    expect(() => baseOption('/../x')).toThrow(/Chemin invalide : « \/\.\.\/x » \(attendu : un chemin/);
  });

  it('--chemin /clee/: the shells write every address under /clee/, stripped or forwarded whole', async () => {
    const url = await listen('/clee/');
    for (const path of ['/', '/clee/', '/clee', '/comparaison', '/clee/comparaison', '/clee/methodologie']) {
      const page = await shell(`${url}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.base, path).toBe('/clee/');
      expect(page.addresses.length, path).toBeGreaterThan(1);
      for (const address of page.addresses) expect(address, path).toMatch(/^\/clee\//);
    }
    expect((await fetch(`${url}/clee/api/indicateurs`)).status).toBe(200);
    expect((await fetch(`${url}/api/indicateurs`)).status).toBe(200);
    expect((await fetch(`${url}/clee/assets/style.css`)).status).toBe(200);
    const missing = await shell(`${url}/clee/inconnue`, { Accept: 'text/html' });
    expect(missing.status).toBe(404);
    expect(missing.addresses).toEqual(['/clee/assets/style.css', '/clee/']);
  });

  it('X-Forwarded-Prefix gives the base when it is a plain path, and is ignored otherwise', async () => {
    const url = await listen();
    expect((await shell(`${url}/`)).base).toBe('/');
    expect((await shell(`${url}/`, { 'X-Forwarded-Prefix': '/clee' })).base).toBe('/clee/');
    const hostile = await shell(`${url}/`, { 'X-Forwarded-Prefix': '/"><script>alert(1)</script>' });
    expect(hostile.base).toBe('/');
    for (const address of hostile.addresses) expect(address).not.toContain('script');
  });
});
