// The one generic loader: any file of any registered format, one file = one transaction, with provenance.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createWriteStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { IngestError } from './errors.ts';
import { planLoad, readType, type Cell, type LoadPlan } from './plan.ts';
import { describePattern, detectFormats, SOURCE_FORMATS } from './registry.ts';
import { countLineBreaks, gzipError, sniffFile, splitCsvLine, type Sniffed } from './sniff.ts';
import { coverage, reconcile } from './vintage.ts';
import { spreadsheetToCsv } from './spreadsheet.ts';
import { ingestContours, looksLikeGeoJson } from '../territory/contours.ts';
import type { SourceFormat } from './types.ts';

export type IngestStatus = 'chargé' | 'déjà chargé' | 'ignoré';

export interface IngestResult {
  file: string;
  source: string;
  status: IngestStatus;
  rows: number;
  vintage: string | null;
  sha256: string;
  fileId?: number;
  /** file_ids of the older vintage(s) this load replaced. */
  replaced: number[];
  note?: string;
}

export interface ProgressEvent {
  file: string;
  phase: 'empreinte' | 'lecture' | 'validation';
  /** 0..1 when known. */
  fraction?: number;
}

export interface IngestOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Where the file was downloaded from (recorded in provenance by `clee fetch`). */
  url?: string;
  /** Set by ingestFiles in all-or-nothing mode: the caller owns the transaction. */
  inOuterTransaction?: boolean;
}

const MAX_LINE_BYTES = 2 * 1024 * 1024;

/** Loads one file. Throws IngestError (database unchanged) when the file is refused. */
export async function ingestFile(db: Database, path: string, options: IngestOptions = {}): Promise<IngestResult> {
  const file = resolve(path);
  // Commune contours (GeoJSON) are not a table of rows: their own loader, same transaction and provenance rules.
  if (await looksLikeGeoJson(file)) return ingestContours(db, file, options);
  let sniffed = await sniffFile(file);
  let cleanup: (() => Promise<void>) | undefined;
  let locate: ((error: IngestError) => IngestError) | undefined;
  try {
    if (sniffed.spreadsheet) {
      const converted = await spreadsheetToCsv(file, SOURCE_FORMATS);
      cleanup = converted.cleanup;
      // Errors name the sheet and its row, not the line of the intermediate CSV.
      locate = converted.locate;
      sniffed = { ...(await sniffFile(converted.csvPath)), path: converted.csvPath };
    }
    const format = detectFormat(file, sniffed.headers);
    const plan = planLoad(file, format, sniffed.headers);
    // Same file twice is a no-op. Only a loaded file of the same source and size can be identical: then hash
    // first and stop early; otherwise hash while DuckDB loads (the digest is needed only for provenance).
    const bytes = (await stat(file)).size;
    const sameSize = await db.one(
      "SELECT 1 AS x FROM provenance WHERE source = $source AND bytes = $bytes AND status = 'actif'",
      { source: format.id, bytes },
    );
    // The digest is that of the file as given; a gzip file is also inflated to the end on the way, because DuckDB
    // reads a truncated or corrupt archive without complaint (it stops early or reads garbage).
    const hashing = hashFile(
      file,
      (fraction) => options.onProgress?.({ file, phase: 'empreinte', fraction }),
      sniffed.gzip,
    );
    if (sameSize) {
      const sha256 = await hashing;
      const already = await db.one<{ file_id: number; vintage: string | null; rows: number }>(
        "SELECT file_id, vintage, rows FROM provenance WHERE source = $source AND sha256 = $sha256 AND status = 'actif'",
        { source: format.id, sha256 },
      );
      if (already) {
        return {
          file,
          source: format.id,
          status: 'déjà chargé',
          rows: already.rows,
          vintage: already.vintage,
          sha256,
          fileId: already.file_id,
          replaced: [],
        };
      }
    }
    hashing.catch(() => undefined); // awaited in the transaction; avoid an unhandled rejection meanwhile
    // A broken archive explains whatever went wrong while reading it: its own error comes first.
    const load = (s: Sniffed) =>
      loadInTransaction(db, file, s, plan, hashing, bytes, options).catch(async (error: unknown) => {
        if (s.gzip) await hashing;
        throw error;
      });
    try {
      return await load(sniffed);
    } catch (error) {
      // A file whose first MiB is valid UTF-8 can still hold Windows-1252 bytes further down.
      if (
        error instanceof IngestError &&
        error.details.reason.startsWith('octets UTF-8 invalides') &&
        !sniffed.bom &&
        sniffed.encoding === 'utf-8'
      ) {
        return await load({ ...sniffed, encoding: 'windows-1252' });
      }
      throw error;
    }
  } catch (error) {
    throw locate && error instanceof IngestError ? locate(error) : error;
  } finally {
    await cleanup?.();
  }
}

function detectFormat(file: string, headers: string[]): SourceFormat {
  const candidates = detectFormats(headers);
  if (candidates.length === 0) {
    const known = SOURCE_FORMATS.map(
      (f) => `  - ${f.id} (${f.publisher}) : ${f.detect.map(describePattern).join(', ')}`,
    ).join('\n');
    const shown = headers.slice(0, 8).join(', ') + (headers.length > 8 ? ', …' : '');
    throw new IngestError({
      file,
      line: 1,
      reason: `format inconnu : aucun format déclaré ne reconnaît ces en-têtes (${shown})`,
      expected: "les colonnes identifiantes d'un des formats connus (voir « clee sources »)",
      hint: `Formats connus :\n${known}`,
    });
  }
  if (candidates.length > 1 && candidates[1].detect.length === candidates[0].detect.length) {
    throw new IngestError({
      file,
      line: 1,
      reason: `en-têtes ambigus : ils correspondent à plusieurs formats (${candidates
        .filter((c) => c.detect.length === candidates[0].detect.length)
        .map((c) => c.id)
        .join(', ')})`,
      expected: "les en-têtes d'un seul format",
    });
  }
  return candidates[0];
}

async function loadInTransaction(
  db: Database,
  file: string,
  sniffed: Sniffed,
  plan: LoadPlan,
  hashing: Promise<string>,
  bytes: number,
  options: IngestOptions,
): Promise<IngestResult> {
  const transcoded = sniffed.encoding === 'windows-1252';
  const source = transcoded
    ? await transcodeToUtf8(sniffed.path, sniffed.gzip)
    : { path: sniffed.path, cleanup: async () => undefined };
  // DuckDB inflates a gzip file itself; the transcoded copy is plain UTF-8.
  const compressed = sniffed.gzip && !transcoded;
  const body = async (): Promise<IngestResult> => {
    const fileId =
      (await db.one<{ id: number }>('SELECT coalesce(max(file_id), 0) + 1 AS id FROM provenance'))?.id ?? 1;
    await addMissingColumns(db, plan);
    const decimal = guessDecimalSeparator(sniffed, plan);
    // Rejected lines carry their own line numbers, so row order is not needed while loading: faster, less memory.
    await db.run('SET preserve_insertion_order = false');
    const rows = await withProgress(db, file, options, () =>
      insertRows(db, file, source.path, compressed, sniffed, plan, fileId, decimal),
    ).finally(() => db.run('RESET preserve_insertion_order'));
    if (rows === 0) {
      throw new IngestError({
        file,
        line: 2,
        reason: "aucune ligne de données après l'en-tête",
        expected: 'au moins une ligne de données',
      });
    }
    const covered = await coverage(db, plan, fileId);
    const vintage = covered.vintage;
    const sha256 = await hashing;
    const outcome = await reconcile(db, plan.format, fileId, covered);
    if (outcome.kept.length === 0) {
      return {
        file,
        source: plan.format.id,
        status: 'ignoré',
        rows: 0,
        vintage,
        sha256,
        replaced: [],
        note: `millésime ${vintage ?? 'inconnu'} plus ancien : les périodes ${outcome.superseded.join(', ')} sont déjà fournies par un millésime plus récent`,
      };
    }
    const replaced = outcome.replaced;
    const notes = [
      ...outcome.trimmed.map((t) => `remplace les périodes ${t.periods.join(', ')} du fichier n° ${t.fileId}`),
      ...(outcome.superseded.length
        ? [`périodes ${outcome.superseded.join(', ')} non reprises (un millésime plus récent les fournit)`]
        : []),
    ];
    await db.run(
      `INSERT INTO provenance BY NAME SELECT $fileId AS file_id, $source AS source, $fileName AS file_name, $path AS path, $url AS url,
         $sha256 AS sha256, $bytes AS bytes, $vintage AS vintage, $periods AS periods, $rows AS rows, $encoding AS encoding, $delimiter AS delimiter,
         now()::TIMESTAMP AS loaded_at, 'actif' AS status`,
      {
        fileId,
        source: plan.format.id,
        fileName: basename(file),
        path: file,
        url: options.url ?? null,
        sha256,
        bytes,
        vintage,
        periods: listValue(outcome.kept),
        rows,
        encoding: sniffed.encoding + (sniffed.bom ? ' (BOM)' : ''),
        delimiter: sniffed.delimiter,
      },
    );
    return {
      file,
      source: plan.format.id,
      status: 'chargé',
      rows,
      vintage,
      sha256,
      fileId,
      replaced,
      ...(notes.length ? { note: notes.join(' ; ') } : {}),
    };
  };
  try {
    return options.inOuterTransaction ? await body() : await db.transaction(body);
  } finally {
    await source.cleanup();
  }
}

/** Undeclared columns of this file (text, or numeric census variables) are added to the raw table. */
async function addMissingColumns(db: Database, plan: LoadPlan): Promise<void> {
  const table = plan.format.table;
  const existing = new Set((await db.columns(table)).map((c) => c.name));
  const wanted = new Map<string, string>();
  for (const cell of plan.cells) {
    if (cell.kind === 'extra') wanted.set(cell.name, 'VARCHAR');
    if (cell.kind === 'year-var') wanted.set(cell.variable, 'DOUBLE');
  }
  for (const [name, type] of wanted) {
    if (!existing.has(name)) await db.run(`ALTER TABLE ${ident(table)} ADD COLUMN ${ident(name)} ${type}`);
  }
}

function isNumeric(cell: Cell): boolean {
  if (cell.kind === 'year-var' || cell.kind === 'period') return true;
  return cell.kind === 'column' && cell.spec.type === 'double';
}

/** `,` when a numeric cell of the sample is written `12,5` (only possible when `,` is not the separator). */
function guessDecimalSeparator(sniffed: Sniffed, plan: LoadPlan): '.' | ',' {
  if (sniffed.delimiter === ',') return '.';
  const numeric = plan.cells.filter(isNumeric).map((c) => c.index);
  for (const line of sniffed.sampleLines) {
    const cells = splitCsvLine(line, sniffed.delimiter);
    if (numeric.some((i) => /^-?\d+,\d+$/.test(cells[i] ?? ''))) return ',';
  }
  return '.';
}

/** Column k of the file is read as c<k>: names in SQL never come from the file. */
const col = (index: number) => `c${index}`;

function readCsvSql(sniffed: Sniffed, plan: LoadPlan, compressed: boolean): string {
  const columns = sniffed.headers.map((_, i) => {
    const cell = plan.cells.find((c) => c.index === i)!;
    return `'${col(i)}': '${readType(cell, plan.format)}'`;
  });
  return `read_csv($path, delim = $delim, quote = '"', escape = '"', header = false, skip = 1,
    columns = {${columns.join(', ')}}, nullstr = $nulls, decimal_separator = $decimal,
    auto_detect = false, strict_mode = true, max_line_size = ${MAX_LINE_BYTES}, compression = '${compressed ? 'gzip' : 'none'}',
    store_rejects = true, rejects_table = 'clee_rejects', rejects_scan = 'clee_reject_scans')`;
}

/** SQL expression turning the parsed cell into the stored value. */
function valueSql(cell: Cell & { kind: 'column' }): string {
  const c = col(cell.index);
  if (cell.spec.type === 'year-first') return `TRY_CAST(NULLIF(regexp_extract(${c}, '(\\d{4})', 1), '') AS BIGINT)`;
  if (cell.spec.type === 'year-last') return `TRY_CAST(NULLIF(regexp_extract(${c}, '(\\d{4})\\D*$', 1), '') AS BIGINT)`;
  return c;
}

async function insertRows(
  db: Database,
  file: string,
  path: string,
  compressed: boolean,
  sniffed: Sniffed,
  plan: LoadPlan,
  fileId: number,
  decimal: string,
): Promise<number> {
  const f = plan.format;
  const params = {
    path,
    delim: sniffed.delimiter,
    decimal,
    fileId,
    nulls: listValue(['', ...f.secretMarkers]),
  };
  await db.run('DROP TABLE IF EXISTS clee_rejects');
  await db.run('DROP TABLE IF EXISTS clee_reject_scans');
  const base: [string, string][] = [['file_id', '$fileId']];
  for (const [k, v] of Object.entries(f.constants ?? {})) base.push([k, `'${v.replace(/'/g, "''")}'`]);
  const columnCells = plan.cells.filter((c): c is Cell & { kind: 'column' } => c.kind === 'column');
  for (const c of columnCells) base.push([c.spec.name, valueSql(c)]);
  for (const c of plan.cells) if (c.kind === 'extra') base.push([c.name, col(c.index)]);
  const target = ident(f.table);
  let rows: number;

  if (!f.wide) {
    await db.run(
      `INSERT INTO ${target} BY NAME SELECT ${selectList(base)} FROM ${readCsvSql(sniffed, plan, compressed)}`,
      params,
    );
    await raiseFirstReject(db, file, sniffed, plan);
    rows = await countRows(db, f.table, fileId);
  } else {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE clee_stage AS SELECT * FROM ${readCsvSql(sniffed, plan, compressed)}`,
      params,
    );
    await raiseFirstReject(db, file, sniffed, plan);
    if (f.wide.kind === 'year-prefixed') {
      for (const year of plan.years) {
        const vars = plan.cells.filter(
          (c): c is Cell & { kind: 'year-var' } => c.kind === 'year-var' && c.year === year,
        );
        const list = [
          ...base,
          ['annee', String(year)] as [string, string],
          ...vars.map((v) => [v.variable, col(v.index)] as [string, string]),
        ];
        await db.run(`INSERT INTO ${target} BY NAME SELECT ${selectList(list)} FROM clee_stage`, { fileId });
      }
    } else {
      const periods = plan.cells.filter((c): c is Cell & { kind: 'period' } => c.kind === 'period');
      const mapping = periods.map((p) => `WHEN '${col(p.index)}' THEN '${p.period}'`).join(' ');
      await db.run(
        `INSERT INTO ${target} BY NAME
         SELECT ${selectList(base)}, CASE clee_col ${mapping} END AS periode, clee_val AS valeur
         FROM (UNPIVOT clee_stage ON ${periods.map((p) => col(p.index)).join(', ')} INTO NAME clee_col VALUE clee_val) u`,
        { fileId },
      );
      // UNPIVOT drops NULL cells (secret or missing values): they are kept as NULL rows, never as 0.
      const secretCells = periods.map(
        (p) =>
          `SELECT ${selectList(base)}, '${p.period}' AS periode, NULL AS valeur FROM clee_stage WHERE ${col(p.index)} IS NULL`,
      );
      await db.run(`INSERT INTO ${target} BY NAME ${secretCells.join(' UNION ALL ')}`, { fileId });
    }
    rows = (await db.one<{ n: number }>('SELECT count(*) AS n FROM clee_stage'))!.n;
    await db.run('DROP TABLE clee_stage');
  }
  return rows;
}

function selectList(items: [string, string][]): string {
  return items.map(([name, expr]) => `${expr} AS ${ident(name)}`).join(', ');
}

async function countRows(db: Database, table: string, fileId: number): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE file_id = $fileId`, { fileId }))!
    .n;
}

interface RejectRow {
  line: number;
  column_name: string | null;
  error_type: string;
  csv_line: string | null;
  error_message: string;
}

/** Turns the first line DuckDB rejected into an IngestError naming line, column, value and expectation. */
async function raiseFirstReject(db: Database, file: string, sniffed: Sniffed, plan: LoadPlan): Promise<void> {
  const reject = await db.one<RejectRow>(
    'SELECT line, column_name, error_type, csv_line, error_message FROM clee_rejects ORDER BY line LIMIT 1',
  );
  if (!reject) return;
  const index = reject.column_name?.startsWith('c') ? Number(reject.column_name.slice(1)) : undefined;
  const header = index !== undefined ? sniffed.headers[index] : undefined;
  const cells = reject.csv_line ? splitCsvLine(reject.csv_line, sniffed.delimiter) : [];
  const line = Number(reject.line);
  const expectedColumns = `${sniffed.headers.length} colonnes séparées par « ${sniffed.delimiter === '\t' ? 'tabulation' : sniffed.delimiter} »`;
  switch (reject.error_type) {
    case 'CAST': {
      const cell = plan.cells.find((c) => c.index === index);
      const type = cell ? readType(cell, plan.format) : 'DOUBLE';
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        value: index !== undefined ? cells[index] : undefined,
        reason: 'valeur illisible pour une colonne numérique',
        expected: `${type === 'BIGINT' ? 'un nombre entier' : 'un nombre'}${plan.format.secretMarkers.length ? ` ou un marqueur de secret (${plan.format.secretMarkers.join(', ')})` : ''}`,
      });
    }
    case 'MISSING COLUMNS': {
      const other = ([';', ',', '\t'] as const).find(
        (d) =>
          d !== sniffed.delimiter &&
          reject.csv_line &&
          splitCsvLine(reject.csv_line, d).length === sniffed.headers.length,
      );
      if (other) {
        throw new IngestError({
          file,
          line,
          column: 1,
          columnName: sniffed.headers[0],
          reason: `mauvais séparateur : cette ligne est séparée par « ${other === '\t' ? 'tabulation' : other} » alors que l'en-tête l'est par « ${sniffed.delimiter} »`,
          expected: expectedColumns,
        });
      }
      throw new IngestError({
        file,
        line,
        column: cells.length + 1,
        columnName: sniffed.headers[cells.length],
        reason: `ligne incomplète (${cells.length} colonnes sur ${sniffed.headers.length}, fichier tronqué ?)`,
        expected: expectedColumns,
      });
    }
    case 'TOO MANY COLUMNS':
      throw new IngestError({
        file,
        line,
        column: sniffed.headers.length + 1,
        reason: `trop de colonnes (${cells.length} au lieu de ${sniffed.headers.length} ; séparateur ou guillemets incorrects ?)`,
        expected: expectedColumns,
      });
    case 'UNQUOTED VALUE':
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        reason: 'guillemet non fermé ou mal placé',
        expected: 'un champ entre guillemets fermés (" doublés à l\'intérieur)',
      });
    case 'LINE SIZE OVER MAXIMUM':
      throw new IngestError({
        file,
        line,
        reason: `ligne trop longue (plus de ${MAX_LINE_BYTES / 1024 / 1024} Mio)`,
        expected: 'des lignes de moins de 2 Mio',
      });
    case 'INVALID UNICODE':
    case 'INVALID ENCODING': // DuckDB 1.5's name for it
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        reason: 'octets UTF-8 invalides',
        expected: 'un texte UTF-8 ou Windows-1252 cohérent',
      });
    default:
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        reason: `ligne refusée (${reject.error_message})`,
      });
  }
}

/** Polls DuckDB's query progress while a long statement runs. */
async function withProgress<T>(db: Database, file: string, options: IngestOptions, fn: () => Promise<T>): Promise<T> {
  if (!options.onProgress) return fn();
  options.onProgress({ file, phase: 'lecture', fraction: 0 });
  const timer = setInterval(() => {
    const p = db.connection.progress;
    if (p && p.percentage >= 0)
      options.onProgress!({ file, phase: 'lecture', fraction: Math.min(1, p.percentage / 100) });
  }, 250);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    options.onProgress({ file, phase: 'validation', fraction: 1 });
  }
}

/**
 * sha256 of the file as given. With `gunzip`, the bytes are also inflated on the way (output discarded, line
 * breaks counted): a corrupt or truncated archive is refused with an IngestError (see gzipError).
 */
export async function hashFile(path: string, onFraction?: (f: number) => void, gunzip = false): Promise<string> {
  const hash = createHash('sha256');
  let seen = 0;
  const { size } = await stat(path);
  let lastReport = 0;
  const inflater = gunzip ? inflateChecker(path) : undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    if (inflater) await inflater.write(chunk as Buffer);
    seen += (chunk as Buffer).length;
    if (onFraction && seen - lastReport > 32 << 20) {
      onFraction(seen / size);
      lastReport = seen;
    }
  }
  if (inflater) await inflater.end();
  return hash.digest('hex');
}

/** Feeds a gzip stream to zlib and discards the output, counting line breaks; throws the gzip IngestError. */
function inflateChecker(path: string): { write: (chunk: Buffer) => Promise<void>; end: () => Promise<void> } {
  const gunzip = createGunzip();
  let breaks = 0;
  let failure: unknown;
  const finished = new Promise<void>((resolve, reject) => {
    gunzip.on('data', (out: Buffer) => {
      breaks += countLineBreaks(out);
    });
    gunzip.on('end', resolve);
    gunzip.on('error', (error) => {
      failure = error;
      reject(gzipError(path, breaks, error));
    });
  });
  finished.catch(() => undefined); // surfaced by write/end
  const check = async () => {
    if (failure !== undefined) await finished;
  };
  return {
    async write(chunk) {
      await check();
      if (!gunzip.write(chunk))
        await new Promise<void>((resolve) => {
          gunzip.once('drain', resolve);
          gunzip.once('error', () => resolve());
        });
      await check();
    },
    async end() {
      await check();
      gunzip.end();
      await finished;
    },
  };
}

/** Windows-1252 → UTF-8 copy in a temporary folder (DuckDB reads UTF-8; its latin-1 differs on €, œ, ’). A gzip file is inflated on the way. */
async function transcodeToUtf8(path: string, gzip = false): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'clee-'));
  const out = join(dir, 'utf8.csv');
  const decoder = new TextDecoder('windows-1252');
  let breaks = 0;
  const transcode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      breaks += countLineBreaks(chunk);
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf-8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf-8'));
    },
  });
  try {
    if (gzip) await pipeline(createReadStream(path), createGunzip(), transcode, createWriteStream(out));
    else await pipeline(createReadStream(path), transcode, createWriteStream(out));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw gzip && (error as NodeJS.ErrnoException).code?.startsWith('Z_') ? gzipError(path, breaks, error) : error;
  }
  return { path: out, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
