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
export function tableColumns(table: string, formats: readonly SourceFormat[] = SOURCE_FORMATS): Map<string, string> {
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

export async function ensureSchema(db: Database): Promise<void> {
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
