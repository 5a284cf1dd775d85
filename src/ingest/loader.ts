// The one generic loader: any file of any registered format, one file = one transaction, with provenance.
// The jobs live beside it: detect.ts (format), hash.ts (digest, gzip check), transcode.ts (Windows-1252),
// sql-load.ts (read_csv into the raw table), rejects.ts (errors), progress.ts, contours.ts (GeoJSON).
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Database } from '../db/database.ts';
import { repairCommuneCodes } from './communes.ts';
import { ingestContours, looksLikeGeoJson } from './contours.ts';
import { detectFormat } from './detect.ts';
import { IngestError } from './errors.ts';
import { readError, unreadLines } from './rejects.ts';
import { hashFile } from './hash.ts';
import { type LoadPlan, planLoad } from './plan.ts';
import { progressWhile } from './progress.ts';
import { countRecords, RecordCounter } from './records.ts';
import { SOURCE_FORMATS } from './registry.ts';
import type { IngestOptions, IngestResult } from './result.ts';
import { type Sniffed, sniffFile } from './sniff.ts';
import { spreadsheetToCsv } from './spreadsheet.ts';
import { guessDecimalSeparator, insertRows, undeclaredCells } from './sql-load.ts';
import { transcodeToUtf8 } from './transcode.ts';
import { coverage, reconcile } from './vintage.ts';
import { activeFileWithHash, hasActiveFileOfSize, nextFileId, recordFile } from './provenance.ts';

export type { IngestOptions, IngestResult, ProgressEvent } from './result.ts';

/** Loads one file. Throws IngestError (database unchanged) when the file is refused. */
export async function ingestFile(db: Database, path: string, options: IngestOptions = {}): Promise<IngestResult> {
  const file = resolve(path);
  // Commune contours (GeoJSON) are not a table of rows: their own loader, same transaction and provenance rules.
  if (await looksLikeGeoJson(file)) return ingestContours(db, file, options);
  let sniffed = await sniffFile(file);
  let cleanup: (() => Promise<void>) | undefined;
  let locate: ((error: IngestError) => IngestError) | undefined;
  let converted = false;
  try {
    if (sniffed.spreadsheet) {
      converted = true;
      const csv = await spreadsheetToCsv(file, SOURCE_FORMATS);
      cleanup = csv.cleanup;
      // Errors name the sheet and its row, not the line of the intermediate CSV.
      locate = csv.locate;
      sniffed = { ...(await sniffFile(csv.csvPath)), path: csv.csvPath };
    }
    const format = detectFormat(file, sniffed.headers);
    const plan = planLoad(file, format, sniffed.headers);
    await options.checkFile?.(file, format.id);
    // Same file twice is a no-op. Only a loaded file of the same source and size can be identical: then hash
    // first and stop early; otherwise hash while DuckDB loads (the digest is needed only for provenance).
    const bytes = (await stat(file)).size;
    const sameSize = await hasActiveFileOfSize(db, format.id, bytes);
    // The digest is that of the file as given; a gzip file is also inflated to the end on the way, because DuckDB
    // reads a truncated or corrupt archive without complaint (it stops early or reads garbage).
    // Records are counted on the same pass (those of the intermediate CSV for a workbook), to prove that every line
    // was loaded or refused.
    const counter = new RecordCounter(sniffed.delimiter);
    const hashing = hashFile(
      file,
      (fraction) => options.onProgress?.({ file, phase: 'empreinte', fraction }),
      sniffed.gzip,
      converted ? undefined : counter,
    );
    const counting = converted ? countRecords(sniffed.path, sniffed.delimiter) : hashing.then(() => counter);
    counting.catch(() => undefined); // awaited in the transaction (its errors are hashing's)
    if (sameSize) {
      const sha256 = await hashing;
      const already = await activeFileWithHash(db, format.id, sha256);
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
      loadInTransaction(db, file, s, plan, hashing, counting, bytes, options).catch(async (error: unknown) => {
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

async function loadInTransaction(
  db: Database,
  file: string,
  sniffed: Sniffed,
  plan: LoadPlan,
  hashing: Promise<string>,
  counting: Promise<RecordCounter>,
  bytes: number,
  options: IngestOptions,
): Promise<IngestResult> {
  const transcoded = sniffed.encoding === 'windows-1252';
  const source = transcoded
    ? await transcodeToUtf8(sniffed.path, sniffed.gzip)
    : { path: sniffed.path, cleanup: async () => undefined };
  // DuckDB inflates a gzip file itself; the transcoded copy is plain UTF-8.
  const text = { path: source.path, compressed: sniffed.gzip && !transcoded, sniffed };
  const body = async (): Promise<IngestResult> => {
    const fileId = await nextFileId(db);
    const undeclared = await undeclaredCells(db, plan);
    const ignored = new Set(undeclared.map((c) => c.index));
    const decimal = guessDecimalSeparator(sniffed, plan);
    // Rejected lines carry their own line numbers, so row order is not needed while loading: faster, less memory.
    await db.run('SET preserve_insertion_order = false');
    const rows = await progressWhile(db, file, options, () =>
      insertRows(db, file, text, plan, fileId, decimal, ignored),
    )
      .catch(async (error: unknown) => {
        // DuckDB's own message (and, after it, « transaction is aborted ») names neither file nor line.
        if (error instanceof IngestError) throw error;
        throw readError(file, error, await counting.catch(() => undefined));
      })
      // In an aborted transaction the RESET fails too: the first error is the one to tell.
      .finally(() => db.run('RESET preserve_insertion_order').catch(() => undefined));
    // Every record of the file is loaded or the file is refused (DuckDB skips over-long lines without a word).
    const counted = await counting;
    if (counted.records - 1 !== rows) throw unreadLines(file, counted, rows);
    if (rows === 0) {
      throw new IngestError({
        file,
        line: 2,
        reason: "aucune ligne de données après l'en-tête",
        expected: 'au moins une ligne de données',
      });
    }
    const repaired = await repairCommuneCodes(db, file, text, plan, fileId);
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
        note:
          `millésime ${vintage ?? 'inconnu'} plus ancien : les périodes ${outcome.superseded.join(', ')} sont ` +
          `déjà fournies par un millésime plus récent`,
      };
    }
    const replaced = outcome.replaced;
    const notes = [
      ...outcome.trimmed.map((t) => `remplace les périodes ${t.periods.join(', ')} du fichier n° ${t.fileId}`),
      ...(outcome.superseded.length
        ? [`périodes ${outcome.superseded.join(', ')} non reprises (un millésime plus récent les fournit)`]
        : []),
      ...(repaired ? [repaired] : []),
      ...(undeclared.length ? [ignoredNote(undeclared.map((c) => c.header))] : []),
    ];
    await recordFile(db, {
      fileId,
      source: plan.format.id,
      fileName: basename(file),
      path: file,
      url: options.url ?? null,
      sha256,
      bytes,
      vintage,
      periods: outcome.kept,
      rows,
      encoding: sniffed.encoding + (sniffed.bom ? ' (BOM)' : ''),
      delimiter: sniffed.delimiter,
    });
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

/** Says which columns were left out (never silent), the first few by name. */
function ignoredNote(headers: string[]): string {
  const shown = headers.slice(0, 5).join(', ') + (headers.length > 5 ? ', …' : '');
  return `${headers.length} colonne(s) non déclarée(s) par le format, non chargée(s) : ${shown}`;
}
