// Output formats of the API: JSON (default), CSV for spreadsheets (French conventions), Arrow IPC for notebooks.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import { csvRecords, frenchNumber } from '../shared/csv.ts';
import { BadRequest } from './errors.ts';

export { frenchNumber };

export type OutputFormat = 'json' | 'csv' | 'arrow';
const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'csv', 'arrow'];

export type Scalar = string | number | boolean | null;
export type FlatRow = Record<string, Scalar>;

const ARROW_CONTENT_TYPE = 'application/vnd.apache.arrow.stream';

/** Reads `?format=`; absent means JSON. */
export function outputFormat(value: unknown, allowed: readonly string[] = OUTPUT_FORMATS): OutputFormat {
  if (value === undefined || value === '') return 'json';
  if (typeof value === 'string' && allowed.includes(value)) return value as OutputFormat;
  throw new BadRequest(`Format inconnu : « ${String(value)} ». Formats possibles : ${allowed.join(', ')}.`);
}

/** The project's one CSV writer (src/shared/csv.ts: French conventions, formulas neutralised) over flat rows. */
export function toCsv(rows: readonly FlatRow[], columns: readonly string[] = columnsOf(rows)): string {
  return csvRecords(columns, rows);
}

/** Arrow IPC stream of flat rows; a column that is entirely empty is typed as text. */
export function toArrow(rows: readonly FlatRow[], columns: readonly string[] = columnsOf(rows)): Uint8Array {
  const kinds = new Map<string, 'number' | 'string' | 'boolean'>();
  for (const c of columns) {
    const sample = rows.find((r) => r[c] !== null && r[c] !== undefined)?.[c];
    kinds.set(c, typeof sample === 'number' ? 'number' : typeof sample === 'boolean' ? 'boolean' : 'string');
  }
  if (rows.length === 0) {
    // tableFromJSON cannot infer a schema from no rows: one typed row, then keep zero rows.
    const probe: Record<string, Scalar> = {};
    for (const c of columns) probe[c] = kinds.get(c) === 'string' ? '' : kinds.get(c) === 'number' ? 0 : false;
    return tableToIPC(tableFromJSON([probe]).slice(0, 0), 'stream');
  }
  const normalised = rows.map((row) => {
    const out: Record<string, Scalar> = {};
    for (const c of columns) {
      const v = row[c];
      const kind = kinds.get(c);
      out[c] = v === undefined || v === null ? null : kind === 'string' && typeof v !== 'string' ? String(v) : v;
    }
    return out;
  });
  // A column holding only nulls would be inferred as the Null type: a sentinel first row types it as text, then goes.
  const allNull = columns.filter((c) => normalised.every((r) => r[c] === null));
  if (allNull.length > 0) {
    const sentinel: Record<string, Scalar> = {};
    for (const c of columns) sentinel[c] = allNull.includes(c) ? '' : normalised[0][c];
    const table = tableFromJSON([sentinel, ...normalised]);
    return tableToIPC(table.slice(1), 'stream');
  }
  return tableToIPC(tableFromJSON(normalised), 'stream');
}

function columnsOf(rows: readonly FlatRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

export interface TablePayload {
  /** What `?format=json` returns (the API's own object). */
  json: unknown;
  /** The same content as a flat table for CSV and Arrow. */
  rows: readonly FlatRow[];
  /** The rows as the CSV writes them when they differ (numbers rounded as the pages show them). */
  csvRows?: readonly FlatRow[];
  columns?: readonly string[];
  /** File name offered to the browser, without extension. */
  filename: string;
}

/** A response ready to send again: the serialised body and its headers. */
export interface Rendered {
  body: Buffer;
  type: string;
  disposition: string | null;
  etag: string;
  /** The body gzip-compressed, made the first time a client accepts it, then kept with the body. */
  gzip?: Buffer;
}

/** Below this size compressing costs more than it saves. */
const GZIP_MIN_BYTES = 1024;

/** Serialises a payload in the asked format (once: the API keeps the result, see ApiContext.rendered). */
export function renderPayload(format: OutputFormat, payload: TablePayload): Rendered {
  const safeName = payload.filename.replace(/[^A-Za-z0-9_.-]+/g, '_');
  let rendered: Omit<Rendered, 'etag'>;
  if (format === 'json') {
    rendered = {
      body: Buffer.from(JSON.stringify(payload.json)),
      type: 'application/json; charset=utf-8',
      disposition: null,
    };
  } else {
    const columns = payload.columns ?? columnsOf(payload.rows);
    rendered =
      format === 'csv'
        ? {
            body: Buffer.from(toCsv(payload.csvRows ?? payload.rows, columns)),
            type: 'text/csv; charset=utf-8',
            disposition: `attachment; filename="${safeName}.csv"`,
          }
        : {
            body: Buffer.from(toArrow(payload.rows, columns)),
            type: ARROW_CONTENT_TYPE,
            disposition: `attachment; filename="${safeName}.arrow"`,
          };
  }
  return { ...rendered, etag: `W/"${createHash('sha1').update(rendered.body).digest('base64url').slice(0, 27)}"` };
}

export function sendRendered(req: Request, res: Response, rendered: Rendered): void {
  res.setHeader('Content-Type', rendered.type);
  if (rendered.disposition) res.setHeader('Content-Disposition', rendered.disposition);
  res.setHeader('ETag', rendered.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  // A diagnostic is ~90 Ko of JSON, ~10 Ko compressed: compressed once, sent to every browser that accepts it.
  let body = rendered.body;
  if (body.length >= GZIP_MIN_BYTES && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    rendered.gzip ??= gzipSync(body);
    body = rendered.gzip;
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
