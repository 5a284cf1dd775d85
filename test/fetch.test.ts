// `clee fetch` against a local Express server: success with provenance, département filter, cache reuse,
// retry, resume, proxy, and every failure leaving both the cache and the database unchanged.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import express, { type Request, type Response } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import yazl from 'yazl';
import { fetchCommand } from '../src/cli/commands/fetch.ts';
import type { Database } from '../src/db/database.ts';
import { download } from '../src/ingest/fetch/download.ts';
import { fetchSource, listTree, rawFileName, type FetchOptions } from '../src/ingest/fetch/fetch.ts';
import { departementOf, filterCsvStream, normaliseDepartement, parseDepartements } from '../src/ingest/fetch/filter.ts';
import { bypassesProxy, proxyFor } from '../src/ingest/fetch/http.ts';
import { SOURCES, type SourceRecord } from '../src/ingest/fetch/manifest.ts';
import { SOURCE_FORMATS } from '../src/ingest/registry.ts';
import { freshDb, snapshot, tempDir } from './helpers/db.ts';

// ── Fixtures ─────────────────────────────────────────────────────────────────────────────────
const CSV = `${[
  'CODGEO;LIBGEO;P21_POP1564;P21_ACT1564;P21_CHOM1564',
  '07186;Privas;5000,5;2400,2;310,1',
  '38185;Grenoble;110000;60000;8000',
  '69123;Lyon;350000;190000;21000',
  '2A004;Ajaccio;48000;24000;2600',
  '97411;Saint-Denis;100000;50000;11000',
  '"74010";"Annecy";90000;48000;3500',
].join('\r\n')}\r\n`;
const META = 'COD_VAR;LIB_VAR\nP21_POP1564;Pop 15-64 ans en 2021\n';
const MEMBER = 'base-cc-emploi-pop-active-2021.CSV';

function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, content] of Object.entries(files))
      zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let rpZip: Buffer;
let otherZip: Buffer;
/** 8 Mio of one byte: a few kilobytes zipped. */
let bombZip: Buffer;
/** An entry named ../../evil.txt (a path out of the extraction folder). */
let slipZip: Buffer;
let bmoXlsx: Buffer;
let bmo2026Xlsx: Buffer;
/** DARES portal export by département (use_labels=true): one row per month × breakdown. */
const DEFM_DEP = `${[
  "Date;Code région;Code département;Département;Catégorie;Type de données;Sexe;Tranche d'âge;Ancienneté;" +
    "Nombre de demandeurs d'emploi",
  '2024-12;84;07;Ardèche;A;Brutes;Total;Moins de 25 ans;Total;1520',
  '2024-12;84;07;Ardèche;A;Brutes;Hommes;Moins de 25 ans;Total;800',
  '2024-11;84;07;Ardèche;A;Brutes;Total;Moins de 25 ans;Total;1490',
  '2024-12;84;69;Rhône;A;Brutes;Total;Moins de 25 ans;Total;9100',
].join('\n')}\n`;
const contours = JSON.stringify({
  type: 'FeatureCollection',
  features: ['07186', '38185', '69123'].map((code, i) => ({
    type: 'Feature',
    properties: { code, nom: `Commune ${code}` },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [i, 0],
          [i + 1, 0],
          [i + 1, 1],
          [i, 1],
          [i, 0],
        ],
      ],
    },
  })),
});

// ── Local server ─────────────────────────────────────────────────────────────────────────────
let server: Server;
let base = '';
let closedPortUrl = '';
const hits = new Map<string, number>();
const ranges: (string | undefined)[] = [];
const hit = (name: string) => hits.set(name, (hits.get(name) ?? 0) + 1) && hits.get(name)!;

/** Serves `body`, honouring `Range: bytes=N-` with a 206. */
function sendRanged(req: Request, res: Response, body: Buffer, type = 'application/zip') {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  ranges.push(req.headers.range);
  if (range) {
    const start = Number(range[1]);
    if (start >= body.length) return res.status(416).end();
    res.status(206).set({
      'content-type': type,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
      'content-length': String(body.length - start),
    });
    return res.end(body.subarray(start));
  }
  res.status(200).set({ 'content-type': type, 'content-length': String(body.length) });
  res.end(body);
}

function cutHalfway(res: Response, body: Buffer) {
  res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)));
  setTimeout(() => res.socket?.destroy(), 30);
}

beforeAll(async () => {
  for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'])
    delete process.env[v];
  rpZip = await zipOf({ [MEMBER]: CSV, [`meta_${MEMBER}`]: META });
  otherZip = await zipOf({ [`meta_${MEMBER}`]: META, 'LISEZMOI.txt': 'rien' });
  bombZip = await zipOf({ [MEMBER]: Buffer.alloc(8 * 1024 * 1024, 0x30) });
  const slip = await zipOf({ 'aa/aa/evil.txt': 'x', [MEMBER]: CSV });
  // yazl refuses to write such a name: write a harmless one of the same length, then change its bytes.
  slipZip = Buffer.from(slip.toString('latin1').replaceAll('aa/aa/evil.txt', '../../evil.txt'), 'latin1');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Description_des_variables').addRows([
    ['Variable', 'Libellé'],
    ['met', 'Projets de recrutement'],
  ]);
  const data = wb.addWorksheet('BMO_2025_open_data');
  data.addRow([
    'annee',
    'Code métier BMO',
    'Nom métier BMO',
    'Famille_met',
    'Lbl_fam_met',
    'REG',
    'NOM_REG',
    'Dept',
    'NomDept',
    'BE25',
    'NOMBE25',
    'met',
    'xmet',
    'smet',
  ]);
  data.addRow([
    2025,
    'A0X40',
    'Agriculteurs',
    'A',
    'Fonctions',
    '84',
    'ARA',
    '07',
    'Ardèche',
    '8201',
    'PRIVAS',
    120,
    40,
    '*',
  ]);
  data.addRow([
    2025,
    'A0X40',
    'Agriculteurs',
    'A',
    'Fonctions',
    '84',
    'ARA',
    '69',
    'Rhône',
    '8220',
    'LYON',
    300,
    100,
    20,
  ]);
  data.addRow([
    2025,
    'A0X40',
    'Agriculteurs',
    'A',
    'Fonctions',
    '84',
    'ARA',
    '38',
    'Isère',
    '8213',
    'GRENOBLE',
    '*',
    '*',
    '*',
  ]);
  bmoXlsx = Buffer.from(await wb.xlsx.writeBuffer());
  // BMO 2026: basin columns BE26 / NOMBE26 before Dept, and the new clpe column.
  const wb26 = new ExcelJS.Workbook();
  wb26.addWorksheet('Description_des_variables').addRow(['Variable', 'Libellé']);
  wb26.addWorksheet('BMO_2026_open_data').addRows([
    ['annee', 'BE26', 'NOMBE26', 'clpe', 'Code métier BMO', 'Nom métier BMO', 'Dept', 'met', 'xmet', 'smet'],
    [2026, '8436', 'ARDECHE CENTRE', '07003', 'A0X40', 'Agriculteurs', '07', 75, 30, 10],
    [2026, '8220', 'LYON', '69001', 'A0X40', 'Agriculteurs', '69', 310, 90, '*'],
  ]);
  bmo2026Xlsx = Buffer.from(await wb26.xlsx.writeBuffer());

  const app = express();
  app.get('/rp.zip', (req, res) => {
    hit('rp');
    sendRanged(req, res, rpZip);
  });
  app.get('/redirect', (_req, res) => {
    hit('redirect');
    res.redirect(302, '/rp.zip');
  });
  app.get('/other.zip', (req, res) => sendRanged(req, res, otherZip));
  app.get('/flaky.zip', (req, res) =>
    hit('flaky') <= 2 ? res.status(500).send('erreur') : sendRanged(req, res, rpZip),
  );
  app.get('/down.zip', (_req, res) => {
    hit('down');
    res.status(503).send('maintenance');
  });
  app.get('/cut.zip', (_req, res) => {
    hit('cut');
    cutHalfway(res, rpZip);
  });
  app.get('/cut-once.zip', (req, res) =>
    hit('cut-once') === 1 ? cutHalfway(res, rpZip) : sendRanged(req, res, rpZip),
  );
  app.get('/slow-close.zip', (req, res) => {
    // « Connection: close », the body trickled out in small pieces, the socket closed half-way (first time only).
    if (hit('slow-close') > 1) return sendRanged(req, res, rpZip);
    res.writeHead(200, {
      'content-type': 'application/zip',
      'content-length': String(rpZip.length),
      connection: 'close',
    });
    let sent = 0;
    const half = Math.floor(rpZip.length / 2);
    const step = () => {
      if (sent >= half) return setTimeout(() => res.socket?.destroy(), 30);
      res.write(rpZip.subarray(sent, sent + 16));
      sent += 16;
      setImmediate(step);
    };
    step();
  });
  app.get('/bomb.zip', (req, res) => sendRanged(req, res, bombZip));
  app.get('/slip.zip', (req, res) => sendRanged(req, res, slipZip));
  app.get('/resumable.zip', (req, res) => {
    hit('resumable');
    sendRanged(req, res, rpZip);
  });
  app.get('/page', (_req, res) => res.type('html').send('<!DOCTYPE html><html><body>Maintenance</body></html>'));
  app.get('/disguised.zip', (_req, res) =>
    res.type('application/octet-stream').send(Buffer.from('  <html><body>Connexion requise</body></html>')),
  );
  app.get('/wrong.csv', (_req, res) => res.type('text/csv').send('a;b;c\n1;2;3\n'));
  app.get('/bmo.xlsx', (req, res) =>
    sendRanged(req, res, bmoXlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  );
  app.get('/communes.geojson', (req, res) => sendRanged(req, res, Buffer.from(contours), 'application/geo+json'));
  app.get('/communes-100m.geojson.gz', (req, res) => sendRanged(req, res, gzipSync(contours), 'application/gzip'));
  // data.gouv.fr's stable links have no file name (…/datasets/r/<id>): the content tells what the file is.
  app.get('/api/1/datasets/r/bmo', (req, res) =>
    sendRanged(req, res, bmo2026Xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  );
  app.get('/dares/exports/csv', (_req, res) => res.type('text/csv').send(DEFM_DEP));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
  closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/rp.zip`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ── Helpers ──────────────────────────────────────────────────────────────────────────────────
const rpRecord = (url: string, extra: Partial<SourceRecord> = {}): SourceRecord => ({
  id: 'rp-test',
  editeur: 'INSEE',
  dataset: 'test',
  page: `${base}/`,
  url,
  edition: 'recensement 2021',
  licence: 'Licence Ouverte / Etalab 2.0',
  format: ['insee-rp-emploi'],
  frequence: 'annuelle',
  archive: { member: /^base-cc-emploi-pop-active-\d{4}\.csv$/i },
  departement: { columns: ['codgeo'], rule: 'commune' },
  ...extra,
});

interface Ctx {
  db: Database;
  cache: string;
  options: FetchOptions;
}
const open: Database[] = [];
async function setup(records: SourceRecord[], extra: Partial<FetchOptions> = {}): Promise<Ctx> {
  const db = await freshDb();
  open.push(db);
  const cache = join(tempDir('clee-fetch-'), 'cache');
  return {
    db,
    cache,
    options: { cacheDir: cache, manifest: records, download: { attempts: 3, backoffMs: 5 }, ...extra },
  };
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** Runs a fetch that must fail; checks the French message and that cache and database did not change. */
async function expectCleanFailure(ctx: Ctx, id: string, message: RegExp, extra: Partial<FetchOptions> = {}) {
  const cacheBefore = await listTree(ctx.cache);
  const dbBefore = await snapshot(ctx.db);
  const error = await fetchSource(ctx.db, id, { ...ctx.options, ...extra }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error, 'le téléchargement aurait dû échouer').toBeInstanceOf(Error);
  expect(error!.name).toBe('FetchError');
  expect(error!.message).toMatch(message);
  expect(error!.message.startsWith(`${id} : `)).toBe(true);
  expect(await listTree(ctx.cache)).toEqual(cacheBefore);
  expect(await snapshot(ctx.db)).toEqual(dbBefore);
  return error!;
}

// ── Success paths ────────────────────────────────────────────────────────────────────────────
describe('clee fetch : téléchargement réussi', () => {
  it('télécharge, extrait le membre du zip, charge et note url + sha256 dans la provenance', async () => {
    const ctx = await setup([rpRecord(`${base}/rp.zip`)]);
    const result = await fetchSource(ctx.db, 'rp-test', ctx.options);
    expect(result.downloaded).toBe(true);
    expect(result.ingest).toMatchObject({ status: 'chargé', rows: 6, source: 'insee-rp-emploi' });
    expect(result.rawSha256).toBe(sha(rpZip));
    expect(readFileSync(result.file, 'utf-8')).toBe(CSV); // the member, unchanged
    const prov = await ctx.db.all<{ url: string; sha256: string; file_name: string; path: string }>(
      'SELECT url, sha256, file_name, path FROM provenance',
    );
    expect(prov).toEqual([{ url: `${base}/rp.zip`, sha256: sha(CSV), file_name: MEMBER, path: result.file }]);
    expect(await listTree(ctx.cache)).toEqual([
      'rp-test/',
      `rp-test/${MEMBER}`,
      'rp-test/rp.zip',
      'rp-test/source.json',
    ]);
    expect(readFileSync(join(ctx.cache, 'rp-test', 'rp.zip')).equals(rpZip)).toBe(true);
    const rows = await ctx.db.all<{ codgeo: string; p_pop1564: number }>(
      'SELECT codgeo, p_pop1564 FROM rp_emploi ORDER BY codgeo',
    );
    expect(rows.map((r) => r.codgeo)).toEqual(['07186', '2A004', '38185', '69123', '74010', '97411']);
    expect(rows[0].p_pop1564).toBeCloseTo(5000.5);
  });

  it("--departements ne garde que les lignes de l'académie (codes 2A et 97x compris)", async () => {
    const ctx = await setup([rpRecord(`${base}/rp.zip`)]);
    const result = await fetchSource(ctx.db, 'rp-test', {
      ...ctx.options,
      departements: parseDepartements('07, 26,38,73,74'),
    });
    expect(result.filter).toEqual({ kept: 3, read: 6, column: 'CODGEO' });
    expect(await ctx.db.all('SELECT codgeo FROM rp_emploi ORDER BY 1')).toEqual([
      { codgeo: '07186' },
      { codgeo: '38185' },
      { codgeo: '74010' },
    ]);
    expect(result.file.endsWith('base-cc-emploi-pop-active-2021.dep-07-26-38-73-74.csv')).toBe(true);
    const text = readFileSync(result.file, 'utf-8');
    expect(text.split('\r\n')[0]).toBe(CSV.split('\r\n')[0]); // header and line endings kept byte for byte
    const prov = await ctx.db.one<{ sha256: string; url: string }>(
      "SELECT sha256, url FROM provenance WHERE source = 'insee-rp-emploi'",
    );
    expect(prov).toEqual({ sha256: sha(text), url: `${base}/rp.zip` });
    // The whole national file summed on the way (France as a reference), loaded with its own provenance.
    expect(result.nationale).toMatchObject({ source: 'insee-rp-emploi', periods: [2021], rows: 6 });
    expect(result.nationale!.ingest).toMatchObject({ status: 'chargé', source: 'clee-reference-nationale' });
    const sums = await ctx.db.all<{ variable: string; somme_nationale: number; lignes: number }>(
      `SELECT variable, somme_nationale, lignes FROM reference_nationale
       WHERE periode_nationale = 'insee-rp-emploi:2021' AND variable IN ('p_pop1564', 'p_chom1564') ORDER BY 1`,
    );
    expect(sums).toHaveLength(2);
    expect(sums[0].variable).toBe('p_chom1564');
    expect(sums[0].somme_nationale).toBeCloseTo(310.1 + 8000 + 21000 + 2600 + 11000 + 3500, 6);
    expect(sums[1].somme_nationale).toBeCloseTo(5000.5 + 110000 + 350000 + 48000 + 100000 + 90000, 6);
    expect(sums.every((r) => r.lignes === 6)).toBe(true);
    // Variables the file does not publish have no sum (never 0).
    expect(await ctx.db.all("SELECT variable FROM reference_nationale WHERE variable = 'p_act1524'")).toEqual([]);

    const corse = await setup([rpRecord(`${base}/rp.zip`)]);
    await fetchSource(corse.db, 'rp-test', { ...corse.options, departements: parseDepartements('2a,974') });
    expect(await corse.db.all('SELECT codgeo FROM rp_emploi ORDER BY 1')).toEqual([
      { codgeo: '2A004' },
      { codgeo: '97411' },
    ]);
  });

  it('réutilise le cache au deuxième passage (aucune requête, « déjà chargé »)', async () => {
    const ctx = await setup([rpRecord(`${base}/rp.zip`)]);
    const before = hits.get('rp') ?? 0;
    await fetchSource(ctx.db, 'rp-test', ctx.options);
    const second = await fetchSource(ctx.db, 'rp-test', ctx.options);
    expect(hits.get('rp')).toBe(before + 1);
    expect(second).toMatchObject({ downloaded: false, ingest: { status: 'déjà chargé' } });
    const refreshed = await fetchSource(ctx.db, 'rp-test', { ...ctx.options, refresh: true });
    expect(hits.get('rp')).toBe(before + 2);
    expect(refreshed).toMatchObject({ downloaded: true, ingest: { status: 'déjà chargé' } });
    expect(await listTree(ctx.cache)).toEqual([
      'rp-test/',
      `rp-test/${MEMBER}`,
      'rp-test/rp.zip',
      'rp-test/source.json',
    ]);
  });

  it('suit une redirection (liens data.gouv.fr/datasets/r/…)', async () => {
    const ctx = await setup([rpRecord(`${base}/redirect`)]);
    const result = await fetchSource(ctx.db, 'rp-test', ctx.options);
    expect(result.ingest.status).toBe('chargé');
    expect(rawFileName(`${base}/redirect`, rpRecord('x'))).toBe('rp-test.zip');
    expect(await ctx.db.one('SELECT url FROM provenance')).toEqual({ url: `${base}/redirect` });
  });

  it('réessaie après des erreurs 500 puis réussit', async () => {
    const ctx = await setup([rpRecord(`${base}/flaky.zip`)]);
    const result = await fetchSource(ctx.db, 'rp-test', ctx.options);
    expect(hits.get('flaky')).toBe(3);
    expect(result.ingest).toMatchObject({ status: 'chargé', rows: 6 });
  });

  it('reprend un fichier partiel du cache avec Range (réponse 206)', async () => {
    const ctx = await setup([rpRecord(`${base}/resumable.zip`)]);
    const half = Math.floor(rpZip.length / 2);
    mkdirSync(join(ctx.cache, 'rp-test'), { recursive: true });
    writeFileSync(join(ctx.cache, 'rp-test', 'resumable.zip.part'), rpZip.subarray(0, half));
    ranges.length = 0;
    const progress: number[] = [];
    const result = await fetchSource(ctx.db, 'rp-test', {
      ...ctx.options,
      onProgress: (e) => {
        if (e.phase === 'téléchargement') progress.push(e.received);
      },
    });
    expect(ranges).toEqual([`bytes=${half}-`]);
    expect(hits.get('resumable')).toBe(1);
    expect(result.rawSha256).toBe(sha(rpZip));
    expect(progress.at(-1)).toBe(rpZip.length);
    expect(result.ingest.rows).toBe(6);
    expect(existsSync(join(ctx.cache, 'rp-test', 'resumable.zip.part'))).toBe(false);
  });

  it("une connexion coupée en cours de route est reprise là où elle s'était arrêtée", async () => {
    const ctx = await setup([rpRecord(`${base}/cut-once.zip`)]);
    ranges.length = 0;
    const result = await fetchSource(ctx.db, 'rp-test', ctx.options);
    expect(hits.get('cut-once')).toBe(2);
    expect(ranges).toHaveLength(1);
    expect(ranges[0]).toMatch(/^bytes=[1-9]\d*-$/);
    expect(result.rawSha256).toBe(sha(rpZip));
  });

  it('une connexion fermée par le serveur (« Connection: close ») en plein envoi lent est reprise', async () => {
    const ctx = await setup([rpRecord(`${base}/slow-close.zip`)]);
    ranges.length = 0;
    const result = await fetchSource(ctx.db, 'rp-test', ctx.options);
    expect(hits.get('slow-close')).toBe(2);
    expect(ranges).toEqual([expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
    expect(result.rawSha256).toBe(sha(rpZip));
    expect(result.ingest.rows).toBe(6);
  });

  it('un classeur Excel (BMO) est filtré par département, « * » chargé vide', async () => {
    const record: SourceRecord = {
      id: 'bmo-test',
      editeur: 'France Travail',
      dataset: 'BMO',
      page: base,
      url: `${base}/bmo.xlsx`,
      edition: 'BMO 2025',
      licence: 'Licence Ouverte / Etalab 2.0',
      format: ['france-travail-bmo'],
      frequence: 'annuelle',
      departement: { columns: ['dept'], rule: 'departement' },
    };
    const ctx = await setup([record]);
    const result = await fetchSource(ctx.db, 'bmo-test', { ...ctx.options, departements: ['07', '38'] });
    expect(result.filter).toMatchObject({ kept: 2, read: 3 });
    expect(
      await ctx.db.all('SELECT departement, bassin_bmo, projets, projets_saisonniers FROM bmo ORDER BY 1'),
    ).toEqual([
      { departement: '07', bassin_bmo: '8201', projets: 120, projets_saisonniers: null },
      { departement: '38', bassin_bmo: '8213', projets: null, projets_saisonniers: null },
    ]);
  });

  it('des contours GeoJSON sont filtrés par département et chargés', async () => {
    const record: SourceRecord = {
      id: 'contours-test',
      editeur: 'Etalab',
      dataset: 'contours',
      page: base,
      url: `${base}/communes.geojson`,
      edition: 'contours 2025',
      licence: 'Licence Ouverte / Etalab 2.0',
      format: ['contours-communes'],
      frequence: 'annuelle',
      departement: { columns: ['code'], rule: 'commune' },
    };
    const ctx = await setup([record]);
    const result = await fetchSource(ctx.db, 'contours-test', { ...ctx.options, departements: ['07', '38'] });
    expect(result.ingest).toMatchObject({ source: 'contours-communes', status: 'chargé', rows: 2 });
    expect(await ctx.db.all('SELECT code FROM commune_contour ORDER BY 1')).toEqual([
      { code: '07186' },
      { code: '38185' },
    ]);
  });

  it('des contours publiés compressés (communes-100m.geojson.gz) sont décompressés, filtrés et chargés', async () => {
    const manifest = SOURCES.find((s) => s.id === 'contours-communes')!;
    const record: SourceRecord = { ...manifest, url: `${base}/communes-100m.geojson.gz` };
    const ctx = await setup([record]);
    const result = await fetchSource(ctx.db, 'contours-communes', { ...ctx.options, departements: ['07', '38'] });
    expect(result.ingest).toMatchObject({ source: 'contours-communes', status: 'chargé', rows: 2 });
    expect(await ctx.db.all('SELECT code FROM commune_contour ORDER BY 1')).toEqual([
      { code: '07186' },
      { code: '38185' },
    ]);
  });

  it('BMO 2026 par son lien stable : feuille BMO_2026_open_data, BE26 avant Dept, colonne clpe', async () => {
    const manifest = SOURCES.find((s) => s.id === 'france-travail-bmo')!;
    const record: SourceRecord = { ...manifest, url: `${base}/api/1/datasets/r/bmo` };
    const ctx = await setup([record]);
    const result = await fetchSource(ctx.db, 'france-travail-bmo', { ...ctx.options, departements: ['07'] });
    expect(result.ingest).toMatchObject({ source: 'france-travail-bmo', status: 'chargé', rows: 1, vintage: '2026' });
    expect(await ctx.db.all('SELECT annee, departement, bassin_bmo, nom_bassin_bmo, clpe, projets FROM bmo')).toEqual([
      {
        annee: 2026,
        departement: '07',
        bassin_bmo: '8436',
        nom_bassin_bmo: 'ARDECHE CENTRE',
        clpe: '07003',
        projets: 75,
      },
    ]);
  });

  it("demandeurs d'emploi par département, export du portail de la DARES (lignes par mois)", async () => {
    const manifest = SOURCES.find((s) => s.id === 'dares-defm-dep')!;
    const record: SourceRecord = { ...manifest, url: `${base}/dares/exports/csv?use_labels=true` };
    const ctx = await setup([record]);
    const result = await fetchSource(ctx.db, 'dares-defm-dep', { ...ctx.options, departements: ['07'] });
    expect(result.ingest).toMatchObject({ source: 'dares-defm-dep-long', status: 'chargé', rows: 3 });
    expect(
      await ctx.db.all('SELECT niveau, code, periode, sexe, valeur FROM demandeurs_emploi ORDER BY periode, sexe'),
    ).toEqual([
      { niveau: 'departement', code: '07', periode: '2024-11', sexe: 'Total', valeur: 1490 },
      { niveau: 'departement', code: '07', periode: '2024-T4', sexe: 'Hommes', valeur: 800 },
      { niveau: 'departement', code: '07', periode: '2024-T4', sexe: 'Total', valeur: 1520 },
    ]);
  });

  it('passe par HTTP_PROXY (adresse complète) et HTTPS_PROXY (tunnel CONNECT), sauf NO_PROXY', async () => {
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      // A forwarding proxy: the request line carries the whole address.
      seen.push(`GET ${req.url}`);
      const upstream = httpRequest(String(req.url), { headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end();
    });
    const tunnels: Socket[] = [];
    proxy.on('connect', (req, client: Socket, head: Buffer) => {
      seen.push(`CONNECT ${req.url}`);
      tunnels.push(client);
      const [host, port] = String(req.url).split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    const tls = join(import.meta.dirname, 'fixtures', 'tls');
    const ca = readFileSync(join(tls, 'certificat.pem'));
    const secure = createHttpsServer({ key: readFileSync(join(tls, 'cle.pem')), cert: ca }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(rpZip.length) });
      res.end(rpZip);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', () => resolve()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/rp.zip`;
    process.env.HTTP_PROXY = proxyUrl;
    process.env.HTTPS_PROXY = proxyUrl;
    try {
      const dir = tempDir();
      const plain = await download({ url: `${base}/rp.zip`, partPath: join(dir, 'a.part'), attempts: 1 });
      expect(plain.sha256).toBe(sha(rpZip));
      expect(seen).toEqual([`GET ${base}/rp.zip`]);
      const tunnelled = await download({ url: secureUrl, partPath: join(dir, 'b.part'), attempts: 1, ca });
      expect(tunnelled.sha256).toBe(sha(rpZip));
      expect(seen[1]).toBe(`CONNECT 127.0.0.1:${(secure.address() as AddressInfo).port}`);
      process.env.NO_PROXY = 'localhost,127.0.0.1';
      await download({ url: `${base}/rp.zip`, partPath: join(dir, 'c.part'), attempts: 1 });
      expect(seen).toHaveLength(2);
    } finally {
      for (const v of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) delete process.env[v];
      // A tunnel is no HTTP connection: closeAllConnections leaves it to us.
      for (const t of tunnels) t.destroy();
      for (const s of [proxy, secure]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    }
  });

  it('NO_PROXY : nom exact, domaine, port, « * »', () => {
    const env = { HTTPS_PROXY: 'proxy.ac-grenoble.fr:3128', NO_PROXY: '.intra.fr, data.gouv.fr:8443' };
    expect(proxyFor(new URL('https://www.insee.fr/x'), env)?.href).toBe('http://proxy.ac-grenoble.fr:3128/');
    expect(proxyFor(new URL('https://a.intra.fr/x'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://data.gouv.fr:8443/x'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://data.gouv.fr/x'), env)).toBeDefined();
    expect(proxyFor(new URL('http://www.insee.fr/x'), env)).toBeUndefined(); // HTTP_PROXY not set
    expect(bypassesProxy(new URL('https://x.fr'), { NO_PROXY: '*' })).toBe(true);
  });
});

// ── Failures: French message, cache and database unchanged ───────────────────────────────────
describe('clee fetch : échecs propres', () => {
  it('404 : fichier introuvable', async () => {
    const ctx = await setup([rpRecord(`${base}/fichier-absent.zip`)]);
    await expectCleanFailure(ctx, 'rp-test', /fichier introuvable sur le serveur \(HTTP 404\)/);
  });

  it('500 à chaque tentative : abandon après 3 tentatives', async () => {
    const ctx = await setup([rpRecord(`${base}/down.zip`)]);
    const before = hits.get('down') ?? 0;
    await expectCleanFailure(ctx, 'rp-test', /erreur HTTP 503 .*abandon après 3 tentatives/);
    expect(hits.get('down')).toBe(before + 3);
  });

  it("réponse qui n'est pas du HTTP : message français, sans le code du lecteur seul", async () => {
    const sockets: Socket[] = [];
    const garbage = createNetServer((socket) => {
      sockets.push(socket);
      socket.end('ceci ne ressemble pas à du HTTP\r\n\r\n');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}/rp.zip`;
      const ctx = await setup([rpRecord(url)]);
      await expectCleanFailure(ctx, 'rp-test', /réponse HTTP illisible de 127\.0\.0\.1:\d+ \(HPE_[A-Z_]+\)/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => garbage.close(r));
    }
  });

  it('connexion refusée (port fermé)', async () => {
    const ctx = await setup([rpRecord(closedPortUrl)]);
    await expectCleanFailure(ctx, 'rp-test', /impossible de joindre 127\.0\.0\.1:\d+ : connexion refusée/);
  });

  it('archive qui se décompresserait au-delà de la limite de la source : refusée avant écriture', async () => {
    const ctx = await setup([
      rpRecord(`${base}/bomb.zip`, { archive: { member: /^base-cc-emploi/i, maxExpandedBytes: 1024 ** 2 } }),
    ]);
    expect(bombZip.length).toBeLessThan(100_000);
    await expectCleanFailure(
      ctx,
      'rp-test',
      /se décompresse en 8 Mio ou plus, au-delà des 1 Mio prévus pour cette source/,
    );
  });

  it('archive dont un fichier sort du dossier (../../evil.txt) : refusée en français', async () => {
    const ctx = await setup([rpRecord(`${base}/slip.zip`)]);
    const error = await expectCleanFailure(
      ctx,
      'rp-test',
      /nom dangereux \(« \.\.\/\.\.\/evil\.txt », hors du dossier\)/,
    );
    expect(error.message).not.toMatch(/invalid relative path/);
  });

  it(
    "le dossier de préparation d'une exécution interrompue (processus arrêté) est retiré au passage " + 'suivant',
    async () => {
      const ctx = await setup([rpRecord(`${base}/rp.zip`)]);
      const dead = spawnSync(process.execPath, ['-e', '0']).pid;
      const live = join(ctx.cache, 'rp-test', `.preparation-${process.pid}-vivant`);
      const abandoned = join(ctx.cache, 'rp-test', `.preparation-${dead}-abcd`);
      for (const d of [live, abandoned]) mkdirSync(d, { recursive: true });
      writeFileSync(join(abandoned, 'base-cc-emploi-pop-active-2021.csv'), 'moitié');
      await fetchSource(ctx.db, 'rp-test', ctx.options);
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(live)).toBe(true);
    },
  );

  it('connexion coupée à chaque tentative : pas de fichier partiel laissé', async () => {
    const ctx = await setup([rpRecord(`${base}/cut.zip`)]);
    await expectCleanFailure(ctx, 'rp-test', /connexion interrompue.*abandon après 3 tentatives/);
  });

  it('page HTML au lieu des données (type text/html, ou contenu <html> déguisé)', async () => {
    const ctx = await setup([rpRecord(`${base}/page`), rpRecord(`${base}/disguised.zip`, { id: 'rp-test-2' })]);
    await expectCleanFailure(ctx, 'rp-test', /page HTML .*au lieu des données/);
    await expectCleanFailure(ctx, 'rp-test-2', /page HTML au lieu des données/);
  });

  it('archive sans le fichier attendu', async () => {
    const ctx = await setup([rpRecord(`${base}/other.zip`)]);
    await expectCleanFailure(
      ctx,
      'rp-test',
      /ne contient pas le fichier attendu .*fichiers présents : meta_base-cc-emploi-pop-active-2021\.CSV, LISEZMOI\.txt/,
    );
  });

  it('empreinte SHA-256 annoncée différente', async () => {
    const ctx = await setup([rpRecord(`${base}/rp.zip`, { sha256: '0'.repeat(64) })]);
    await expectCleanFailure(
      ctx,
      'rp-test',
      new RegExp(`empreinte SHA-256 incorrecte : attendu 0{64}, obtenu ${sha(rpZip)}`),
    );
  });

  it("fichier d'un autre format que celui déclaré", async () => {
    const ctx = await setup([rpRecord(`${base}/wrong.csv`, { archive: undefined })]);
    await expectCleanFailure(
      ctx,
      'rp-test',
      /ne correspond pas au format attendu \(insee-rp-emploi\) ; en-têtes lus : a, b, c/,
    );
  });

  it("un échec laisse en place le cache et les données d'un chargement précédent", async () => {
    const ctx = await setup([rpRecord(`${base}/rp.zip`)]);
    await fetchSource(ctx.db, 'rp-test', ctx.options);
    await expectCleanFailure(ctx, 'rp-test', /empreinte SHA-256 incorrecte/, {
      refresh: true,
      manifest: [rpRecord(`${base}/rp.zip`, { sha256: 'f'.repeat(64) })],
    });
    await expectCleanFailure(ctx, 'rp-test', /ne contient pas le fichier attendu/, {
      refresh: true,
      url: `${base}/other.zip`,
    });
  });

  it('source sans adresse directe : message qui renvoie à --url', async () => {
    const ctx = await setup([rpRecord(`${base}/x`, { url: null, note: 'Adresse non vérifiée.' })]);
    await expectCleanFailure(
      ctx,
      'rp-test',
      /pas d'adresse de téléchargement direct connue\. Adresse non vérifiée\. .*--url ADRESSE/,
    );
    const ok = await fetchSource(ctx.db, 'rp-test', { ...ctx.options, url: `${base}/rp.zip` });
    expect(await ctx.db.one('SELECT url FROM provenance')).toEqual({ url: `${base}/rp.zip` });
    expect(ok.ingest.status).toBe('chargé');
  });
});

// ── Département rules and the manifest ───────────────────────────────────────────────────────
describe('filtre par département sur de longues lignes', () => {
  const HEADER = 'CODGEO;LIBGEO;P21_POP1564\n';
  const filter = { columns: ['codgeo'], rule: 'commune' as const };
  /** The bytes in pieces of 64 Kio, as a download or an archive gives them. */
  function* pieces(...parts: (string | Buffer)[]) {
    const all = Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
    for (let i = 0; i < all.length; i += 65536) yield all.subarray(i, i + 65536);
  }

  it('une ligne de 8 Mio (champ entre guillemets) passe, en une lecture', async () => {
    const long = `38185;"${'Grenoble ; '.repeat(800_000)}";1\n`;
    const out = join(tempDir(), 'f.csv');
    const stats = await filterCsvStream(Readable.from(pieces(HEADER, long, '69123;Lyon;2\n')), out, filter, ['38']);
    expect(stats).toMatchObject({ kept: 1, read: 2 });
    expect(readFileSync(out, 'utf8')).toBe(HEADER + long);
  });

  it('au-delà de 16 Mio sans fin de ligne : refus en français avec le numéro de ligne', async () => {
    const runaway = `38185;"${'x'.repeat(17 * 1024 * 1024)}`;
    const out = join(tempDir(), 'f.csv');
    await expect(
      filterCsvStream(Readable.from(pieces(HEADER, '07186;Privas;1\n', runaway)), out, filter, ['38']),
    ).rejects.toThrow(/ligne 3 : plus de 16 Mio sans fin de ligne/);
  });

  it('beaucoup de lignes gardées : aucun avertissement « MaxListenersExceeded »', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const rows = `${'38185;Grenoble;110000\n'.repeat(400_000)}`;
      const out = join(tempDir(), 'f.csv');
      const stats = await filterCsvStream(Readable.from(pieces(HEADER, rows)), out, filter, ['38']);
      expect(stats.kept).toBe(400_000);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});

describe('règles de département et manifeste', () => {
  it("lit le département d'un code commune, d'un code département et d'un UAI", () => {
    expect(['07186', '7186', '2A004', '2b033', '97411', '38185'].map((c) => departementOf(c, 'commune'))).toEqual([
      '07',
      '07',
      '2A',
      '2B',
      '974',
      '38',
    ]);
    expect(['7', '07', '038', '02A', '2A', '974', ' 26 '].map((c) => departementOf(c, 'departement'))).toEqual([
      '07',
      '07',
      '38',
      '2A',
      '2A',
      '974',
      '26',
    ]);
    expect(['0380001A', '0070012X', '6200001B', '7200009C', '9740001Z'].map((c) => departementOf(c, 'uai'))).toEqual([
      '38',
      '07',
      '2A',
      '2B',
      '974',
    ]);
    expect(departementOf('', 'commune')).toBeNull();
    expect(departementOf('Grenoble', 'commune')).toBeNull();
    expect(normaliseDepartement('2a')).toBe('2A');
    expect(() => parseDepartements('07,Isère')).toThrow(/liste de départements invalide/);
  });

  it('chaque format du registre est alimenté par une source déclarée', () => {
    const fed = new Set(SOURCES.flatMap((s) => s.format));
    // clee-bassins is the project's own zoning file (datasets/territories), not a download; the national sums are
    // written by clee fetch itself while it filters a national file.
    const own = new Set(['clee-bassins', 'clee-reference-nationale']);
    const missing = SOURCE_FORMATS.map((f) => f.id).filter((id) => !own.has(id) && !fed.has(id));
    expect(missing).toEqual([]);
    const known = new Set([...SOURCE_FORMATS.map((f) => f.id), 'contours-communes']);
    expect(SOURCES.flatMap((s) => s.format).filter((id) => !known.has(id))).toEqual([]);
    expect(new Set(SOURCES.map((s) => s.id)).size).toBe(SOURCES.length);
    for (const s of SOURCES) {
      if (s.url !== null) expect(s.url).toMatch(/^https:\/\//);
      else expect(s.note, `${s.id} : une source sans adresse doit dire quoi faire`).toMatch(/--url/);
      expect(s.page).toMatch(/^https:\/\//);
      expect(s.licence).toBeTruthy();
    }
  });

  it('clee fetch --list --format json', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await fetchCommand.run({ positionals: [], values: { liste: true, format: 'json' } })).toBe(0);
      const list = JSON.parse(String(log.mock.calls[0][0])) as Record<string, unknown>[];
      expect(list).toHaveLength(SOURCES.length);
      expect(Object.keys(list[0]).sort()).toEqual([
        'editeur',
        'edition',
        'format',
        'id',
        'jeu_de_donnees',
        'licence',
        'url',
      ]);
      expect(list.find((s) => s.id === 'france-travail-bmo')).toMatchObject({
        url: 'https://www.data.gouv.fr/api/1/datasets/r/228917c7-c22e-4766-835e-fcb923f29b3d',
        edition: expect.stringMatching(/^BMO 2026/),
      });
      expect(list.find((s) => s.id === 'education-annuaire')).toMatchObject({
        format: ['education-annuaire'],
        licence: 'Licence Ouverte / Etalab 2.0',
      });
    } finally {
      log.mockRestore();
    }
  });

  it('clee fetch --list dit quelle édition sert chaque adresse', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await fetchCommand.run({ positionals: [], values: { liste: true } })).toBe(0);
      const text = log.mock.calls.map((c) => String(c[0])).join('\n');
      for (const s of SOURCES) expect(text, s.id).toContain(`adresse : ${s.url ?? '(aucune adresse directe'}`);
      expect(text.match(/\n {2}édition servie : /g)).toHaveLength(SOURCES.length);
      expect(text).toContain('édition servie : COG au 1er janvier 2026');
      expect(text).toContain('édition servie : contours 2026');
    } finally {
      log.mockRestore();
    }
  });

  it('adresses publiées : BMO 2026, COG 2026, contours 2026, DARES par département, InserJeunes', () => {
    const url = (id: string) => SOURCES.find((s) => s.id === id)!.url;
    expect(url('france-travail-bmo')).toBe(
      'https://www.data.gouv.fr/api/1/datasets/r/228917c7-c22e-4766-835e-fcb923f29b3d',
    );
    expect(url('insee-cog-communes')).toBe(
      'https://www.insee.fr/fr/statistiques/fichier/8740222/cog_ensemble_2026_csv.zip',
    );
    expect(url('contours-communes')).toBe(
      'https://etalab-datasets.geo.data.gouv.fr/contours-administratifs/2026/geojson/communes-100m.geojson.gz',
    );
    expect(url('dares-defm-dep')).toBe(
      'https://data.dares.travail-emploi.gouv.fr/api/explore/v2.1/catalog/datasets/dares_defm_stock_regions_brut_mens' +
        '/exports/csv?use_labels=true',
    );
    expect(url('education-inserjeunes-lycee-pro')).toBe(
      'https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-inserjeunes-lycee_pro/exports/csv' +
        '?delimiter=%3B',
    );
  });

  it(
    'clee fetch ID --url … --departements … : charge dans la base choisie, code de sortie 0 puis 1 en ' + 'échec',
    async () => {
      const dir = tempDir();
      const dbPath = join(dir, 'clee.duckdb');
      const cache = join(dir, 'cache');
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const values = { url: `${base}/rp.zip`, departements: '07,26,38,73,74', cache, db: dbPath, silencieux: true };
        expect(await fetchCommand.run({ positionals: ['insee-rp-emploi'], values })).toBe(0);
        expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(
          new RegExp(
            '✓ insee-rp-emploi : chargé, 3 lignes ; 3 lignes gardées sur 6 \\(colonne CODGEO\\) ; ' +
              'référence France : \\d+ variables sommées sur les 6 lignes du fichier national \\(2021\\), chargé',
          ),
        );
        expect(await listTree(join(cache, 'insee-rp-emploi'))).toEqual([
          'base-cc-emploi-pop-active-2021.dep-07-26-38-73-74.csv',
          'base-cc-emploi-pop-active-2021.reference-nationale.csv',
          'rp.zip',
          'source.json',
        ]);
        expect(
          await fetchCommand.run({
            positionals: ['insee-rp-emploi'],
            values: { ...values, url: `${base}/fichier-absent.zip`, actualiser: true },
          }),
        ).toBe(1);
        expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(
          /✗ Échec — insee-rp-emploi : fichier introuvable/,
        );
      } finally {
        log.mockRestore();
        err.mockRestore();
      }
      const { Database } = await import('../src/db/database.ts');
      const db = await Database.open(dbPath);
      try {
        expect(await db.all('SELECT codgeo FROM rp_emploi ORDER BY 1')).toEqual([
          { codgeo: '07186' },
          { codgeo: '38185' },
          { codgeo: '74010' },
        ]);
        expect(await db.one("SELECT url FROM provenance WHERE source = 'insee-rp-emploi'")).toEqual({
          url: `${base}/rp.zip`,
        });
      } finally {
        db.close();
      }
    },
  );

  it('--url exige exactement une source', async () => {
    await expect(fetchCommand.run({ positionals: [], values: { url: 'https://exemple.fr/f.csv' } })).rejects.toThrow(
      /exactement une source/,
    );
    await expect(fetchCommand.run({ positionals: ['inconnue'], values: {} })).rejects.toThrow(
      /source inconnue : inconnue/,
    );
  });
});
