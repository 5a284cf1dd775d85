// The one way a command reaches the database: the path from --db, then CLEE_DB, then data/clee.duckdb; readers open it
// read-only (several at once, and never in the way of `clee serve`, which reads its own copy), writers take the write
// lock first (src/db/lock.ts). A busy database is waited for, then refused in French naming the holder.
import { existsSync } from 'node:fs';
import { Database, resolveDbPath } from '../db/database.ts';
import { acquireWriteLock, waitForWriter } from '../db/lock.ts';
import { ensureSchema, schemaIsCurrent } from '../ingest/schema.ts';
import { UnknownNameError } from '../methodology/errors.ts';
import { UserError, type ParsedCommand } from './command.ts';

type Access = 'read' | 'write';

/** The database path a command was given (--db, CLEE_DB, default). */
export function dbPathOf(values: ParsedCommand['values']): string {
  return resolveDbPath(values.db as string | undefined);
}

export function databaseExists(path: string): boolean {
  return path === ':memory:' || existsSync(path);
}

/** Refuses a database that does not exist yet (a reader would otherwise create an empty one). */
export function requireDatabase(path: string): void {
  if (!databaseExists(path))
    throw new UserError(
      `la base ${path} n'existe pas encore : chargez des données avec « clee ingest » ou lancez « npm start ».`,
    );
}

interface OpenedDatabase {
  db: Database;
  close(): void;
}

/**
 * Opens the command's database. `write` takes the write lock and creates the file and its tables if needed; `read`
 * refuses a missing file and opens it read-only (a database from an older version gets its new tables first,
 * under the write lock).
 */
async function openDatabase(path: string, access: Access, commande: string): Promise<OpenedDatabase> {
  if (path === ':memory:') {
    // Nothing to share: no lock, and an empty schema to read.
    const db = await Database.open(path);
    await ensureSchema(db);
    return { db, close: () => db.close() };
  }
  if (access === 'write') {
    const release = await acquireWriteLock(path, commande);
    try {
      const db = await Database.open(path);
      await ensureSchema(db);
      return { db, close: () => closeAll(db, release) };
    } catch (error) {
      release();
      throw error;
    }
  }
  requireDatabase(path);
  // A writer between taking its lock and opening the file would not be seen by DuckDB yet.
  await waitForWriter(path);
  let db = await Database.open(path, { readOnly: true });
  if (!(await schemaIsCurrent(db))) {
    db.close();
    (await openDatabase(path, 'write', commande)).close();
    db = await Database.open(path, { readOnly: true });
  }
  return { db, close: () => db.close() };
}

function closeAll(db: Database, release: () => void): void {
  try {
    db.close();
  } finally {
    release();
  }
}

/** Runs fn on the command's database and closes it; an unknown basin or indicator becomes a French user error. */
export async function withDatabase<T>(
  values: ParsedCommand['values'],
  access: Access,
  commande: string,
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  const opened = await openDatabase(dbPathOf(values), access, commande);
  try {
    return await fn(opened.db);
  } catch (error) {
    if (error instanceof UnknownNameError) throw new UserError(error.message);
    throw error;
  } finally {
    opened.close();
  }
}
