// Progress of a long load, polled from DuckDB.
import type { Database } from '../db/database.ts';
import type { IngestOptions } from './result.ts';

/** Polls DuckDB's query progress while a long statement runs. */
export async function progressWhile<T>(
  db: Database,
  file: string,
  options: IngestOptions,
  fn: () => Promise<T>,
): Promise<T> {
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
