// `clee fetch --departements` keeps only the académie's rows of a national file, so France would never be a
// reference. While filtering, the whole file is read once by the ordinary loader into a throw-away database and
// its additive variables are summed per period; the sums are written as a `clee-reference-nationale` file (a
// declared format, with its own provenance: a newer national file replaces the sums of the periods it covers).
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Database, ident } from '../../db/database.ts';
import { exactSum } from '../../db/exact.ts';
import { ingestFile } from '../loader.ts';
import { formatById } from '../registry.ts';
import { ensureSchema } from '../schema.ts';
import type { SourceFormat } from '../types.ts';

/** The format id of the sums file (src/ingest/formats/territoire.ts). */
const NATIONAL_FORMAT = 'clee-reference-nationale';

/** What a national file sums to: one line per period and variable. */
export interface NationalReference {
  /** The sums file written. */
  path: string;
  /** Source format of the national file. */
  source: string;
  periods: number[];
  variables: number;
  /** Rows of the national file summed. */
  rows: number;
}

/** The period column of a format whose rows add up per period; null for snapshots and quarterly series. */
function periodColumn(format: SourceFormat): string | null {
  if (format.vintage.kind === 'prefix-year') return 'annee';
  if (format.vintage.kind === 'period-column') return format.vintage.column;
  return null;
}

/**
 * The variables whose national sum means something: the census counts (year-prefixed variables) and the declared
 * integer columns (pupils, projects…). Rates, means and indices (IPS, InserJeunes rates) are never summed. The demo's
 * simulated national sums (scripts/demo/national.ts) follow the same rule.
 */
export function additiveVariables(format: SourceFormat): string[] {
  const period = periodColumn(format);
  if (period === null) return [];
  const wide = format.wide?.kind === 'year-prefixed' ? format.wide.expected : [];
  const integers = format.columns.filter((c) => c.type === 'integer' && c.name !== period).map((c) => c.name);
  return [...new Set([...wide, ...integers])];
}

/** True when a national file of one of these formats can give France its sums. */
export function hasNationalSums(formatIds: readonly string[]): boolean {
  return formatIds.some((id) => {
    const format = formatById(id);
    return format !== undefined && format.id !== NATIONAL_FORMAT && additiveVariables(format).length > 0;
  });
}

/**
 * Loads the whole national file into an in-memory database with the ordinary loader (same parsing, same refusals),
 * sums its additive variables per period and writes them to `outPath`. Null when the format has nothing to sum.
 */
export async function writeNationalReference(fullFile: string, outPath: string): Promise<NationalReference | null> {
  const db = await Database.open(':memory:');
  try {
    await ensureSchema(db);
    const loaded = await ingestFile(db, fullFile);
    const format = formatById(loaded.source);
    if (!format) return null;
    const period = periodColumn(format);
    if (period === null) return null;
    const present = new Set((await db.columns(format.table)).map((c) => c.name));
    const variables = additiveVariables(format).filter((v) => present.has(v));
    if (variables.length === 0) return null;
    // Exact sums (db/exact.ts): the national reference is the same whatever order DuckDB adds a file in.
    const sums = variables.map((v) => `${exactSum(ident(v))} AS ${ident(v)}`).join(', ');
    const rows = await db.all<Record<string, number | null>>(
      `SELECT CAST(${ident(period)} AS INTEGER) AS annee, count(*)::INTEGER AS lignes, ${sums}
       FROM ${ident(format.table)} WHERE ${ident(period)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    const lines = ['source_nationale;periode_nationale;annee;variable;somme_nationale;lignes;fichier_national'];
    for (const r of rows) {
      for (const v of variables) {
        // A variable secret or absent everywhere has no national sum (never 0).
        if (r[v] === null || r[v] === undefined) continue;
        lines.push(
          [
            format.id,
            `${format.id}:${r.annee}`,
            r.annee,
            v,
            String(r[v]),
            r.lignes,
            basename(fullFile).replaceAll(';', ','),
          ].join(';'),
        );
      }
    }
    await writeFile(outPath, `${lines.join('\n')}\n`);
    return {
      path: outPath,
      source: format.id,
      periods: rows.map((r) => Number(r.annee)),
      variables: variables.length,
      rows: rows.reduce((n, r) => n + Number(r.lignes), 0),
    };
  } finally {
    db.close();
  }
}
