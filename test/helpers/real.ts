// The real published files live outside the repository (../shared/datasets/real, never copied here): the tests
// needing them skip only when that folder is absent.
import { resolve } from 'node:path';
import type { Database } from '../../src/db/database.ts';
import { ingestFiles } from '../../src/ingest/batch.ts';
import { freshDb } from './db.ts';

export const REAL = resolve(process.cwd(), '..', 'shared', 'datasets', 'real');

const ZONING = resolve('datasets/territories/bassins-academie-grenoble.csv');

/** A fresh database loaded as a user would (`clee ingest`): the académie's CLEE zoning, then these files. */
export async function zonedDb(
  files: string[],
): Promise<{ db: Database; outcome: Awaited<ReturnType<typeof ingestFiles>> }> {
  const db = await freshDb();
  return { db, outcome: await ingestFiles(db, [ZONING, ...files]) };
}
