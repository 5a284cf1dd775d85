// Several files in one command: each on its own (default) or all-or-nothing in a single transaction.
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { Database } from '../db/database.ts';
import { IngestError } from './errors.ts';
import { ingestFile, type IngestOptions, type IngestResult } from './loader.ts';

/**
 * Extensions read when a folder is given (an explicitly named file is always tried, whatever its name). `.gz`
 * (e.g. `.csv.gz`): a gzip-compressed CSV — what the file holds is still told by its content, not its name. `.xls`
 * is listed so that a legacy workbook in a folder is refused with the way to convert it, never skipped in silence.
 */
export const FOLDER_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.xlsx', '.xls', '.geojson', '.gz']);

interface BatchOutcome {
  results: IngestResult[];
  failures: { file: string; error: IngestError | Error }[];
  /** In all-or-nothing mode, files that were loaded then rolled back because another one failed. */
  rolledBack: string[];
}

/** Files of the given paths; folders are walked recursively, in name order, skipping hidden entries. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw new IngestError({ file: p, reason: 'fichier ou dossier introuvable' });
    if (info.isDirectory()) files.push(...(await walk(resolve(p))));
    else files.push(resolve(p));
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (FOLDER_EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

export async function ingestFiles(
  db: Database,
  files: string[],
  options: IngestOptions & { allOrNothing?: boolean } = {},
): Promise<BatchOutcome> {
  // A computation on small data leaves DuckDB on one thread (methodology/compute.ts): loads use them all.
  await db.useThreads(null);
  const outcome: BatchOutcome = { results: [], failures: [], rolledBack: [] };
  if (!options.allOrNothing) {
    for (const file of files) {
      try {
        outcome.results.push(await ingestFile(db, file, options));
      } catch (error) {
        outcome.failures.push({ file, error: error as Error });
      }
    }
    return outcome;
  }
  await db.run('BEGIN TRANSACTION');
  for (const file of files) {
    try {
      outcome.results.push(await ingestFile(db, file, { ...options, inOuterTransaction: true }));
    } catch (error) {
      outcome.failures.push({ file, error: error as Error });
      break;
    }
  }
  if (outcome.failures.length > 0) {
    await db.run('ROLLBACK');
    outcome.rolledBack = outcome.results.filter((r) => r.status === 'chargé').map((r) => r.file);
    outcome.results = [];
  } else {
    await db.run('COMMIT');
  }
  return outcome;
}
