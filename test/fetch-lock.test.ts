// `clee fetch` holds the database's write lock only while it loads: during a download (here held half-way by the
// server until the test lets it finish) other commands write and read the database, then the source loads. Two
// fetches of one source into one cache do not share its `.part` file: the second is refused in French.
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchCommand } from '../src/cli/commands/fetch.ts';
import { Database } from '../src/db/database.ts';
import { acquireWriteLock, lockHolder } from '../src/db/lock.ts';
import { fetchSource } from '../src/ingest/fetch/fetch.ts';
import { freshDb, tempDir } from './helpers/db.ts';

/** DARES portal export by département (use_labels=true), the format of the source dares-defm-dep. */
const DEFM = Buffer.from(
  `${[
    "Date;Code région;Code département;Département;Catégorie;Type de données;Sexe;Tranche d'âge;Ancienneté;" +
      "Nombre de demandeurs d'emploi",
    '2024-12;84;07;Ardèche;A;Brutes;Total;Moins de 25 ans;Total;1520',
    '2024-11;84;07;Ardèche;A;Brutes;Total;Moins de 25 ans;Total;1490',
  ].join('\n')}\n`,
);

let server: Server;
let url: string;
/** Responses sent half-way, waiting for the test to finish them. */
const held: ServerResponse[] = [];
let heldCount = 0;
const requested = () => new Promise<void>((resolve) => server.once('held', resolve));

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': DEFM.length });
    res.write(DEFM.subarray(0, 100));
    held.push(res);
    heldCount++;
    server.emit('held');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/defm.csv`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const finishHeld = () => {
  for (const res of held.splice(0)) res.end(DEFM.subarray(100));
};

describe('clee fetch and the write lock', () => {
  it('leaves the database free while downloading, then loads under the lock', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'clee.duckdb');
    const values = { url, cache: join(dir, 'cache'), db: dbPath, silencieux: true };
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const arrived = requested();
      const fetching = fetchCommand.run({ positionals: ['dares-defm-dep'], values });
      await arrived;
      // Mid-download: no one holds the lock, and another writer gets it at once (no wait allowed).
      expect(lockHolder(dbPath)).toBeUndefined();
      const release = await acquireWriteLock(dbPath, 'clee ingest', 0);
      const other = await Database.open(dbPath);
      await other.run('CREATE TABLE pendant_le_telechargement (x INTEGER)');
      other.close();
      release();
      finishHeld();
      expect(await fetching).toBe(0);
      expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/✓ dares-defm-dep : chargé, 2 lignes/);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    expect(lockHolder(dbPath)).toBeUndefined();
    const db = await Database.open(dbPath, { readOnly: true });
    try {
      expect(await db.all('SELECT periode, valeur FROM demandeurs_emploi ORDER BY periode')).toEqual([
        { periode: '2024-11', valeur: 1490 },
        { periode: '2024-T4', valeur: 1520 },
      ]);
      expect(await db.all('SELECT x FROM pendant_le_telechargement')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('refuses in French a second fetch of one source into one cache, and keeps the first whole', async () => {
    const dir = tempDir();
    const cacheDir = join(dir, 'cache');
    const first = await freshDb();
    const second = await freshDb();
    const before = heldCount;
    try {
      const arrived = requested();
      const fetching = fetchSource(first, 'dares-defm-dep', { url, cacheDir });
      await arrived;
      vi.stubEnv('CLEE_DB_WAIT_MS', '0');
      const refused = await fetchSource(second, 'dares-defm-dep', { url, cacheDir }).then(
        () => null,
        (e: Error) => e.message,
      );
      vi.unstubAllEnvs();
      expect(refused).toMatch(
        new RegExp(
          `^dares-defm-dep : téléchargement déjà en cours dans .*dares-defm-dep par « clee fetch » \\(PID ` +
            `${process.pid}\\) ; attendu 0 s\\. Relancez la commande quand ce téléchargement aura fini\\.$`,
        ),
      );
      expect(heldCount).toBe(before + 1);
      finishHeld();
      expect((await fetching).ingest).toMatchObject({ status: 'chargé', rows: 2 });
    } finally {
      vi.unstubAllEnvs();
      first.close();
      second.close();
    }
  });
});
