// One thin wrapper over @duckdb/node-api: parameterised queries, JSON-friendly rows, transactions.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { busyMessage, DatabaseBusyError, lockHolder, waitLimitMs } from './lock.ts';

type Params = Record<string, DuckDBValue> | DuckDBValue[];
type Row = Record<string, unknown>;

const DEFAULT_DB_PATH = 'data/clee.duckdb';

/** The database path from --db, then CLEE_DB, then the default. */
export function resolveDbPath(flag?: string): string {
  return flag ?? process.env.CLEE_DB ?? DEFAULT_DB_PATH;
}

export class Database {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens the file (created if missing, unless read-only). Another process holding it (DuckDB allows one writer, or
   * several readers) is waited for at most `waitMs` (CLEE_DB_WAIT_MS), then refused in French naming that process.
   */
  static async open(
    path: string = resolveDbPath(),
    options: { readOnly?: boolean; waitMs?: number } = {},
  ): Promise<Database> {
    const memory = path === ':memory:';
    if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
    const settings: Record<string, string> = options.readOnly && !memory ? { access_mode: 'READ_ONLY' } : {};
    const waitMs = options.waitMs ?? waitLimitMs();
    const start = Date.now();
    for (;;) {
      try {
        const instance = await DuckDBInstance.create(path, settings);
        const connection = await instance.connect();
        return new Database(path, instance, connection);
      } catch (error) {
        const message = (error as Error).message;
        if (!/Could not set lock|Conflicting lock/i.test(message)) throw error;
        if (Date.now() - start >= waitMs) {
          const pid = Number(/PID (\d+)/.exec(message)?.[1]) || undefined;
          const holder = lockHolder(path) ?? { pid };
          throw new DatabaseBusyError(busyMessage(path, holder, waitMs), holder);
        }
        await sleep(Math.min(200, waitMs));
      }
    }
  }

  /** Rows as plain objects; BIGINT/DECIMAL come back as JS numbers, dates as ISO strings. */
  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, usedParams(sql, params) as never);
    return reader.getRowObjectsJS().map(normaliseRow) as T[];
  }

  /**
   * The rows of all(), read column by column: several times faster on tens of thousands of rows (the
   * methodology reads every value of every territory at once).
   */
  async allByColumn<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const columns = await this.readColumns(sql, params);
    const names = Object.keys(columns);
    const count = names.length ? columns[names[0]].length : 0;
    const rows: Row[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const row: Row = {};
      for (const name of names) row[name] = columns[name][i];
      rows[i] = row;
    }
    return rows as T[];
  }

  /**
   * The result as one array per column (values as in all()), for a caller that builds its own objects: no row
   * object made only to be copied.
   */
  async readColumns(sql: string, params?: Params): Promise<Record<string, unknown[]>> {
    const reader = await this.connection.runAndReadAll(sql, usedParams(sql, params) as never);
    const names = reader.columnNames();
    const out: Record<string, unknown[]> = {};
    // No row: no chunk, no column from the reader; every column is still there, empty.
    const columns = reader.getColumnsJS();
    names.forEach((name, j) => {
      const values = columns[j] ?? [];
      const sample = values.find((v) => v !== null && v !== undefined);
      out[name] =
        sample === undefined || typeof sample === 'number' || typeof sample === 'string' || typeof sample === 'boolean'
          ? values
          : values.map(normaliseValue);
    });
    return out;
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, usedParams(sql, params) as never);
  }

  /** Runs fn inside BEGIN/COMMIT; any error rolls everything back and is re-thrown. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** DuckDB's own thread count, read at the first change; the thread count now. */
  private threads?: { initial: number; current: number };

  /**
   * DuckDB's worker threads for the queries that follow: `count`, or DuckDB's own choice (null). The setting is the
   * instance's and is issued only when it changes: starting threads again costs about 10 ms.
   */
  async useThreads(count: number | null): Promise<void> {
    if (!this.threads) {
      const row = await this.one<{ t: number }>("SELECT current_setting('threads')::INTEGER AS t");
      this.threads = { initial: row?.t ?? 1, current: row?.t ?? 1 };
    }
    const wanted =
      count === null ? this.threads.initial : Math.max(1, Math.min(Math.floor(count), this.threads.initial));
    if (wanted === this.threads.current) return;
    await this.run(`SET threads = ${wanted}`);
    this.threads.current = wanted;
  }

  async tableExists(name: string): Promise<boolean> {
    const row = await this.one<{ n: number }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = $name",
      { name },
    );
    return (row?.n ?? 0) > 0;
  }

  async columns(table: string): Promise<{ name: string; type: string }[]> {
    return this.all(
      "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = 'main' " +
        'AND table_name = $table ORDER BY ordinal_position',
      { table },
    );
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** DuckDB refuses named values the statement does not use: keep only the `$name`s the SQL mentions. */
function usedParams(sql: string, params?: Params): Params | undefined {
  if (!params || Array.isArray(params)) return params;
  const used: Record<string, DuckDBValue> = {};
  for (const [key, value] of Object.entries(params)) if (new RegExp(`\\$${key}\\b`).test(sql)) used[key] = value;
  return used;
}

function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
  return out;
}

function normaliseValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normaliseValue);
  if (value && typeof value === 'object' && value.constructor === Object)
    return normaliseRow(value as Record<string, unknown>);
  if (value && typeof value === 'object' && 'toDouble' in value) return (value as { toDouble(): number }).toDouble();
  return value;
}

/** Quotes an identifier that comes from our own registries (never from user input). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Identifiant SQL invalide : ${name}`);
  return `"${name}"`;
}
