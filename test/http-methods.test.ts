// The server as a browser, a proxy or a scanner meets it: GET and HEAD everywhere, OPTIONS the same on every route,
// other methods 405 with `Allow` in French, no English redirect page for `/assets/.`, and the addresses it is
// reachable at when it listens beyond the loopback.
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { reachableUrls } from '../src/server/app.ts';
import { type AppServer, listenApp } from './helpers/app-server.ts';
import { freshDb, tempDir } from './helpers/db.ts';

let db: Database;
let server: AppServer;
let base: string;

beforeAll(async () => {
  db = await freshDb();
  const dist = join(tempDir('clee-dist-'), 'dist');
  mkdirSync(join(dist, 'chunks'), { recursive: true });
  writeFileSync(join(dist, 'style.css'), 'body{}');
  server = await listenApp(db, { distDir: dist });
  base = server.base;
});

afterAll(async () => {
  await server.close();
  db.close();
});

describe('HTTP methods', () => {
  it('a method other than GET, HEAD, OPTIONS: 405 with Allow, in French, on the API and on the pages', async () => {
    for (const [method, path] of [
      ['POST', '/api/bassins'],
      ['DELETE', '/api/bassins/grenoble/diagnostic'],
      ['PUT', '/api/inconnue'],
      ['PATCH', '/fiche'],
    ]) {
      const r = await fetch(`${base}${path}`, { method, headers: { accept: 'application/json' } });
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      const body = (await r.json()) as { erreur: string; statut: number };
      expect(body).toEqual({ erreur: expect.stringMatching(/^Méthode .* non acceptée sur/), statut: 405 });
    }
    const page = await fetch(`${base}/fiche`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(page.status).toBe(405);
    expect(await page.text()).toMatch(/<h1>Méthode non acceptée<\/h1>/);
  });

  it('OPTIONS answers the same on every route: 204 with Allow', async () => {
    for (const path of ['/api/bassins', '/api/contours', '/', '/fiche/x', '/assets/style.css', '/nulle-part']) {
      const r = await fetch(`${base}${path}`, { method: 'OPTIONS' });
      expect(r.status, path).toBe(204);
      expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    }
  });

  it('/assets/. and /assets/ are not found, in French, without a redirect page', async () => {
    for (const path of ['/assets/.', '/assets/', '/assets/chunks']) {
      const r = await fetch(`${base}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
      expect(r.status, path).toBe(404);
      const text = await r.text();
      expect(text).not.toMatch(/Redirecting/);
      expect(text).toMatch(/introuvable/);
    }
    expect((await fetch(`${base}/assets/style.css`)).status).toBe(200);
  });
});

describe('compression', () => {
  /** Raw bytes and headers (fetch would inflate the body itself). */
  const raw = (path: string, headers: Record<string, string>) =>
    new Promise<{ headers: import('node:http').IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get(`${base}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });

  it('sends the API answers gzip-compressed to clients that accept it, the same bytes once inflated', async () => {
    const plain = await raw('/api/indicateurs', {});
    const zipped = await raw('/api/indicateurs', { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  });
});

describe('listening beyond the loopback', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '10.38.1.20', family: 'IPv4', internal: false },
      { address: '2a01:e0a::20', family: 'IPv6', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
    ],
  } as unknown as Parameters<typeof reachableUrls>[2];

  it('names the addresses other machines reach, none on the loopback', () => {
    expect(reachableUrls('127.0.0.1', 3000, interfaces)).toEqual([]);
    expect(reachableUrls('0.0.0.0', 3000, interfaces)).toEqual(['http://10.38.1.20:3000/']);
    expect(reachableUrls('::', 3000, interfaces)).toEqual(['http://10.38.1.20:3000/', 'http://[2a01:e0a::20]:3000/']);
    expect(reachableUrls('10.38.1.20', 8080, interfaces)).toEqual(['http://10.38.1.20:8080/']);
  });
});
