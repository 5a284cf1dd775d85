// Test helpers: a fresh database with the schema, and a fingerprint of every table to prove "unchanged".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, ident } from '../../src/db/database.ts';
import { ensureSchema } from '../../src/ingest/schema.ts';

export async function freshDb(path = ':memory:'): Promise<Database> {
  const db = await Database.open(path);
  await ensureSchema(db);
  return db;
}

export function tempDir(prefix = 'clee-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a file (string → UTF-8, Buffer as is) into dir and returns its path. */
export function writeFixture(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Every table's columns, row count and an order-independent hash of its rows. */
export async function snapshot(db: Database): Promise<Record<string, string>> {
  const tables = await db.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1",
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const cols = (await db.columns(name)).map((c) => `${c.name}:${c.type}`).join(',');
    const row = await db.one<{ n: number; h: string }>(
      `SELECT count(*) AS n, coalesce(sum(hash(t))::VARCHAR, '0') AS h FROM ${ident(name)} t`,
    );
    out[name] = `${cols} | ${row!.n} | ${row!.h}`;
  }
  return out;
}
