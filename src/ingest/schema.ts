// Creates the provenance table and one raw table per target of the format registry.
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { storageType } from './plan.ts';
import { SOURCE_FORMATS } from './registry.ts';
import type { SourceFormat } from './types.ts';

const PROVENANCE_DDL = `
CREATE TABLE IF NOT EXISTS provenance (
  file_id INTEGER PRIMARY KEY,
  source VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  path VARCHAR,
  url VARCHAR,
  sha256 VARCHAR NOT NULL,
  bytes BIGINT,
  vintage VARCHAR,
  -- periods whose rows this file provides (years, rentrées, quarters; '*' for a snapshot of the whole source)
  periods VARCHAR[],
  rows BIGINT NOT NULL,
  encoding VARCHAR,
  delimiter VARCHAR,
  loaded_at TIMESTAMP NOT NULL,
  -- 'actif' while some of its rows are in the raw table, 'remplacé' once newer vintages took all its periods
  status VARCHAR NOT NULL
)`;

/** Columns of a raw table, merged over every format that writes into it. */
function tableColumns(table: string, formats: readonly SourceFormat[] = SOURCE_FORMATS): Map<string, string> {
  const columns = new Map<string, string>([['file_id', 'INTEGER']]);
  for (const f of formats.filter((x) => x.table === table)) {
    for (const key of Object.keys(f.constants ?? {})) columns.set(key, 'VARCHAR');
    for (const c of f.columns) columns.set(c.name, storageType(c.type));
    if (f.wide?.kind === 'year-prefixed') {
      columns.set('annee', 'INTEGER');
      for (const v of f.wide.expected) columns.set(v, 'DOUBLE');
    }
    if (f.wide?.kind === 'period-wide') {
      columns.set('periode', 'VARCHAR');
      columns.set('valeur', f.wide.valueType === 'integer' ? 'BIGINT' : 'DOUBLE');
    }
  }
  return columns;
}

/** True when the provenance table and every raw table with every declared column exist (no write needed). */
export async function schemaIsCurrent(db: Database): Promise<boolean> {
  const rows = await db.all<{ t: string; c: string }>(
    "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'main'",
  );
  const present = new Set(rows.map((r) => `${r.t}.${r.c}`));
  if (!present.has('provenance.file_id')) return false;
  for (const table of new Set(SOURCE_FORMATS.map((f) => f.table)))
    for (const name of tableColumns(table).keys()) if (!present.has(`${table}.${name}`)) return false;
  return true;
}

/** Creates what is missing; a current schema is left untouched, so a read-only database passes. */
export async function ensureSchema(db: Database): Promise<void> {
  if (await schemaIsCurrent(db)) return;
  await db.run(PROVENANCE_DDL);
  const tables = [...new Set(SOURCE_FORMATS.map((f) => f.table))];
  for (const table of tables) {
    const columns = tableColumns(table);
    if (!(await db.tableExists(table))) {
      const list = [...columns].map(([name, type]) => `${ident(name)} ${type}`).join(', ');
      await db.run(`CREATE TABLE ${ident(table)} (${list})`);
      continue;
    }
    // A database made by an older version: add the columns the registry declares since.
    const existing = new Set((await db.columns(table)).map((c) => c.name));
    for (const [name, type] of columns) {
      if (!existing.has(name)) await db.run(`ALTER TABLE ${ident(table)} ADD COLUMN ${ident(name)} ${type}`);
    }
  }
}
