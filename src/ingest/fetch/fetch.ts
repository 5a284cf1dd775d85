// `clee fetch`: download a declared source into the cache, unzip the declared member, keep the rows of the
// requested départements, then load it with the one generic loader (provenance records url and sha256).
//
// Failure rule: a source that fails leaves the cache and the database as they were. Downloads go to `.part`
// files and derived files to a staging folder; they take their place in the cache only once the loader has
// committed, and the previous cache entries are put back if it refuses the file.
//
// Locks: the database is needed only for the load, so a caller that passes a `WithDatabase` opens it (and takes its
// write lock) only then — a download of several minutes blocks no other command. Two runs fetching the same source
// into the same cache would share its `.part` file: each source folder has its own lock for the whole fetch.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../db/database.ts';
import { acquireFileLock, DatabaseBusyError, processAlive } from '../../db/lock.ts';
import { IngestError } from '../errors.ts';
import { ingestFile, type IngestResult, type ProgressEvent } from '../loader.ts';
import { detectFormats, SOURCE_FORMATS } from '../registry.ts';
import { sniffFile } from '../sniff.ts';
import { spreadsheetToCsv } from '../spreadsheet.ts';
import { looksLikeGeoJson } from '../contours.ts';
import { ArchiveError, gunzipTo, isGzipFile, isZip, openMember } from './archive.ts';
import { download, DownloadError, type DownloadOptions } from './download.ts';
import { filterCsvStream, filterGeoJson, FilterError, type FilterStats } from './filter.ts';
import { SOURCES, type SourceRecord } from './manifest.ts';
import { hasNationalSums, type NationalReference, writeNationalReference } from './national.ts';

export const DEFAULT_CACHE_DIR = 'data/cache';

/** A source that could not be fetched; the message is French and names the source. */
export class FetchError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source} : ${message}`);
    this.name = 'FetchError';
  }
}

export type FetchProgress =
  | { source: string; phase: 'téléchargement'; received: number; total?: number; attempt: number }
  | { source: string; phase: 'préparation'; message: string }
  | { source: string; phase: 'chargement'; detail: ProgressEvent };

export interface FetchOptions {
  cacheDir?: string;
  /** Normalised département codes (see parseDepartements); absent → whole file. */
  departements?: readonly string[];
  /** Download address replacing the manifest's (one source only). */
  url?: string;
  /** Download again even when the cache holds the file. */
  refresh?: boolean;
  /** The declared sources (tests pass their own). */
  manifest?: readonly SourceRecord[];
  /** Retry and network settings (tests use short delays). */
  download?: Pick<DownloadOptions, 'attempts' | 'backoffMs' | 'idleTimeoutMs' | 'ca'>;
  onProgress?: (event: FetchProgress) => void;
}

export interface FetchResult {
  source: string;
  url: string;
  /** false when the cached download was reused. */
  downloaded: boolean;
  /** The cached raw download. */
  rawFile: string;
  /** SHA-256 of the raw download. */
  rawSha256: string;
  /** The file given to the loader (raw, unzipped member or filtered extract). */
  file: string;
  filter?: FilterStats;
  /** Why the département filter was not applied, when asked for. */
  filterNote?: string;
  ingest: IngestResult;
  /** A filtered national file: what the whole file sums to (France as a reference), loaded after it. */
  nationale?: NationalReference & { ingest: IngestResult };
}

/** Runs `load` on the database open for writing, holding its write lock only meanwhile. */
export type WithDatabase = <T>(load: (db: Database) => Promise<T>) => Promise<T>;

interface CacheNote {
  url: string;
  raw: string;
  sha256: string;
  downloadedAt: string;
}

/** Fetches one declared source. Throws FetchError; the cache and the database are then unchanged. */
export async function fetchSource(
  db: Database | WithDatabase,
  id: string,
  options: FetchOptions = {},
): Promise<FetchResult> {
  const withDb: WithDatabase = typeof db === 'function' ? db : (load) => load(db);
  const manifest = options.manifest ?? SOURCES;
  const record = manifest.find((s) => s.id === id);
  if (!record) {
    throw new FetchError(
      id,
      `source inconnue. Sources déclarées : ${manifest.map((s) => s.id).join(', ')} (voir « clee fetch --liste »)`,
    );
  }
  const url = options.url ?? record.url;
  if (!url) {
    throw new FetchError(
      id,
      `pas d'adresse de téléchargement direct connue.${record.note ? ` ${record.note}` : ''} Page de la source : ` +
        `${record.page}. Relancez avec « clee fetch ${id} --url ADRESSE ».`,
    );
  }
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const dir = join(cacheDir, record.id);
  const created = await createdDirectories(dir);
  await mkdir(dir, { recursive: true });
  let releaseCache: () => void;
  try {
    releaseCache = await acquireFileLock(
      join(dir, CACHE_LOCK),
      'clee fetch',
      (holder, waitedMs) =>
        `téléchargement déjà en cours dans ${dir} par ${holder} ; attendu ${Math.round(waitedMs / 1000)} s. ` +
        'Relancez la commande quand ce téléchargement aura fini.',
    );
  } catch (error) {
    for (const d of created.reverse()) await rmdir(d).catch(() => undefined);
    throw asFetchError(id, error);
  }
  const rawPath = join(dir, rawFileName(url, record));
  const partPath = `${rawPath}.part`;
  const partExisted = await exists(partPath);
  // The staging folder names its process: one left by a run that was killed (Ctrl+C, kill) is removed next time.
  await removeAbandonedStaging(dir);
  const staging = join(dir, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  const commit = new CacheCommit();
  const progress = (event: FetchProgress) => options.onProgress?.(event);
  let committed = false;
  try {
    await mkdir(staging, { recursive: true });
    // 1. The raw download: reused from the cache, or fetched into a `.part` file.
    const note = await readNote(dir);
    const reuse = !options.refresh && note?.url === url && note.raw === basename(rawPath) && (await exists(rawPath));
    let rawSource = rawPath;
    let rawSha256 = note?.sha256 ?? '';
    if (!reuse) {
      const result = await download({
        url,
        partPath,
        sha256: record.sha256,
        ...options.download,
        onProgress: (p) =>
          progress({ source: id, phase: 'téléchargement', received: p.received, total: p.total, attempt: p.attempt }),
      });
      rawSource = partPath;
      rawSha256 = result.sha256;
    }

    // 2. The file to load: the raw download, its zip member, or an extract of the requested départements.
    const prepared = await prepare(record, rawSource, basename(rawPath), staging, options.departements, (message) =>
      progress({ source: id, phase: 'préparation', message }),
    );
    await checkFormat(record, prepared.path);
    // The whole national file, summed before it is left aside: France stays a reference.
    let national: NationalReference | null = null;
    if (prepared.full) {
      progress({ source: id, phase: 'préparation', message: 'sommes nationales (référence France)' });
      national = await writeNationalReference(
        prepared.full,
        join(staging, `${stem(basename(prepared.full))}.reference-nationale.csv`),
      );
    }

    // 3. Into the cache, then into the database (its write lock taken only now); put the cache back if the loader
    // refuses the file or the database stays busy.
    const nationalFile = national ? join(dir, basename(national.path)) : null;
    const finalFile = prepared.path === rawSource ? rawPath : join(dir, basename(prepared.path));
    const { ingest, nationalIngest } = await withDb(async (opened) => {
      if (!reuse) await commit.place(rawSource, rawPath);
      if (prepared.path !== rawSource) await commit.place(prepared.path, finalFile);
      if (national && nationalFile) await commit.place(national.path, nationalFile);
      const loaded = await ingestFile(opened, finalFile, {
        url,
        onProgress: (detail) => progress({ source: id, phase: 'chargement', detail }),
      });
      const reference = nationalFile ? await ingestFile(opened, nationalFile, { url }) : undefined;
      return { ingest: loaded, nationalIngest: reference };
    }).catch(async (error: unknown) => {
      await commit.rollback();
      throw error;
    });
    await commit.finish();
    if (!reuse) {
      await writeFile(
        join(dir, 'source.json'),
        JSON.stringify(
          {
            url,
            raw: basename(rawPath),
            sha256: rawSha256,
            downloadedAt: new Date().toISOString(),
          } satisfies CacheNote,
          null,
          2,
        ),
      );
    }
    committed = true;
    return {
      source: id,
      url,
      downloaded: !reuse,
      rawFile: rawPath,
      rawSha256,
      file: finalFile,
      filter: prepared.filter,
      filterNote: prepared.filterNote,
      ingest,
      ...(national && nationalFile && nationalIngest
        ? { nationale: { ...national, path: nationalFile, ingest: nationalIngest } }
        : {}),
    };
  } catch (error) {
    throw asFetchError(id, error);
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (!committed) {
      if (!partExisted) {
        await rm(partPath, { force: true });
        await rm(`${partPath}.json`, { force: true });
      }
    }
    releaseCache();
    // Folders this call created (cache folder, source folder) go away again if they are empty.
    if (!committed) for (const d of created.reverse()) await rmdir(d).catch(() => undefined);
  }
}

interface Prepared {
  path: string;
  /** The whole national file on disk, when it was filtered and its variables add up (national.ts). */
  full?: string;
  filter?: FilterStats;
  filterNote?: string;
}

async function prepare(
  record: SourceRecord,
  raw: string,
  rawName: string,
  staging: string,
  departements: readonly string[] | undefined,
  say: (message: string) => void,
): Promise<Prepared> {
  const filter = departements?.length ? record.departement : null;
  const filterNote =
    departements?.length && !record.departement
      ? 'filtre par département non applicable à ce fichier (pas de colonne département) : fichier chargé en entier'
      : undefined;
  const suffix = departements?.length ? `.dep-${departements.join('-')}` : '';
  const national = filter !== null && hasNationalSums(record.format);

  let input = raw;
  let name = rawName;
  if (record.archive) {
    const member = await openMember(raw, record.archive.member, record.archive.maxExpandedBytes);
    name = member.name;
    const kind = kindFromName(member.name);
    // A file whose variables add up is extracted whole (its national sums are read); others are filtered on the fly.
    if (filter && kind === 'csv' && !national) {
      say(`extraction de ${member.name} et filtre des départements ${departements!.join(', ')}`);
      const out = join(staging, `${stem(member.name)}${suffix}.csv`);
      try {
        const stats = await filterCsvStream(member.stream, out, filter, departements!);
        return { path: out, filter: stats };
      } finally {
        member.close();
      }
    }
    say(`extraction de ${member.name}`);
    input = join(staging, member.name);
    try {
      await extractTo(member.stream, input);
    } finally {
      member.close();
    }
    if (!filter) return { path: input, filterNote };
  } else if (await isGzipFile(raw)) {
    // A compressed download (contours: communes-100m.geojson.gz): inflated first, then read like a plain file.
    name = name.replace(/\.gz$/i, '');
    say(`décompression de ${rawName}`);
    input = join(staging, name);
    await gunzipTo(raw, input);
    if (!filter) return { path: input, filterNote };
  } else if (!filter) {
    return { path: raw, filterNote };
  }

  // Filter a plain file (CSV, spreadsheet or GeoJSON).
  say(`filtre des départements ${departements!.join(', ')}`);
  if (await looksLikeGeoJson(input)) {
    const out = join(staging, `${stem(name)}${suffix}.geojson`);
    return { path: out, filter: await filterGeoJson(input, out, filter!, departements!) };
  }
  const out = join(staging, `${stem(name)}${suffix}.csv`);
  // A workbook is filtered through the CSV of its data sheet.
  const converted = (await isZip(input)) ? await spreadsheetToCsv(input, SOURCE_FORMATS) : undefined;
  try {
    const csv = createReadStream(converted?.csvPath ?? input);
    return {
      path: out,
      filter: await filterCsvStream(csv, out, filter!, departements!),
      ...(national ? { full: input } : {}),
    };
  } finally {
    await converted?.cleanup();
  }
}

/** Refuses, before anything is loaded, a CSV whose headers belong to no format the source feeds. */
async function checkFormat(record: SourceRecord, path: string): Promise<void> {
  if (record.format.includes('contours-communes')) {
    if (!(await looksLikeGeoJson(path)))
      throw new FilterError("le fichier n'est pas un GeoJSON de contours (FeatureCollection attendue)");
    return;
  }
  const sniffed = await sniffFile(path);
  if (sniffed.spreadsheet) return; // the spreadsheet reader finds its sheet and checks it
  const found = detectFormats(sniffed.headers);
  if (!found.some((f) => record.format.includes(f.id))) {
    const shown = sniffed.headers.slice(0, 8).join(', ') + (sniffed.headers.length > 8 ? ', …' : '');
    throw new FilterError(
      `le fichier obtenu ne correspond pas au format attendu ` +
        `(${record.format.join(', ')})${found.length ? ` mais à ${found[0].id}` : ''} ; en-têtes lus : ${shown}`,
    );
  }
}

function kindFromName(name: string): 'csv' | 'xlsx' | 'geojson' {
  const ext = extname(name).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  return 'csv';
}

async function extractTo(stream: Readable, path: string): Promise<void> {
  await pipeline(stream, createWriteStream(path));
}

/** Name of the raw download in the cache: the URL's file name, or `<id>.<ext>` for API exports. */
export function rawFileName(url: string, record: SourceRecord): string {
  let name = '';
  try {
    name = decodeURIComponent(basename(new URL(url).pathname));
  } catch {
    name = '';
  }
  if (/^[\w.() -]+\.[A-Za-z0-9]{2,8}$/.test(name)) return name;
  const ext = record.archive ? 'zip' : record.format.includes('contours-communes') ? 'geojson' : 'csv';
  return `${record.id}.${ext}`;
}

function stem(name: string): string {
  const ext = extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

/** Moves staged files into the cache, keeping the replaced ones until the load has committed. */
class CacheCommit {
  private readonly moves: { from: string; to: string; backup?: string }[] = [];

  async place(from: string, to: string): Promise<void> {
    let backup: string | undefined;
    if (await exists(to)) {
      backup = `${to}.precedent-${randomBytes(3).toString('hex')}`;
      await rename(to, backup);
    }
    await rename(from, to);
    this.moves.push({ from, to, backup });
  }

  async rollback(): Promise<void> {
    for (const move of this.moves.reverse()) {
      await rename(move.to, move.from).catch(() => rm(move.to, { force: true }));
      if (move.backup) await rename(move.backup, move.to);
    }
    this.moves.length = 0;
  }

  async finish(): Promise<void> {
    for (const move of this.moves) if (move.backup) await rm(move.backup, { force: true });
    this.moves.length = 0;
  }
}

async function readNote(dir: string): Promise<CacheNote | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'source.json'), 'utf-8')) as CacheNote;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

const STAGING_PREFIX = '.preparation-';
/** The lock of a source's cache folder (`.telechargement.verrou`): one fetch of a source at a time. */
const CACHE_LOCK = '.telechargement.verrou';

/** Removes the staging folders of processes that no longer run (a `.part` is kept: it is resumed). */
async function removeAbandonedStaging(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(/^\.preparation-(\d+)-/.exec(name)?.[1]);
    // Older names carry no PID: nothing can still be using them once their run ended.
    if (!pid || !processAlive(pid)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** The folders on the way to `dir` that do not exist yet (outermost first). */
async function createdDirectories(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let current = dir;
  while (!(await exists(current))) {
    missing.unshift(current);
    const parent = join(current, '..');
    if (parent === current) break;
    current = parent;
  }
  return missing;
}

function asFetchError(id: string, error: unknown): FetchError {
  if (error instanceof FetchError) return error;
  if (
    error instanceof DownloadError ||
    error instanceof ArchiveError ||
    error instanceof FilterError ||
    error instanceof DatabaseBusyError
  )
    return new FetchError(id, error.message);
  if (error instanceof IngestError) return new FetchError(id, `fichier refusé par le chargement : ${error.message}`);
  return new FetchError(id, `erreur inattendue : ${(error as Error).message}`);
}

/** Lists the entries of a folder recursively (used by tests and `clee fetch --liste` checks). */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, prefix: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(`${prefix}${e.name}${e.isDirectory() ? '/' : ''}`);
      if (e.isDirectory()) await walk(join(d, e.name), `${prefix}${e.name}/`);
    }
  };
  await walk(dir, '');
  return out;
}
