// Which periods a loaded file covers, and the rule « for each period, the most recent vintage counts ».
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import type { LoadPlan } from './plan.ts';
import type { SourceFormat } from './types.ts';
import { activeFiles, markReplaced, setPeriods } from './provenance.ts';

/** The pseudo-period of a snapshot source: the whole source. */
const WHOLE_SOURCE = '*';

interface Coverage {
  periods: string[];
  vintage: string | null;
}

interface Reconciliation {
  /** Periods this file keeps (those no newer vintage already provides). */
  kept: string[];
  /** Older files all of whose periods this file took over (now 'remplacé'). */
  replaced: number[];
  /** Older files that lost some periods to this file but keep others. */
  trimmed: { fileId: number; periods: string[] }[];
  /** Periods this file brought but a newer vintage already provides (its rows for them were removed). */
  superseded: string[];
}

/** Column holding the period in the raw table, or null for a snapshot. */
function periodColumn(format: SourceFormat): string | null {
  const rule = format.vintage;
  if (rule.kind === 'prefix-year') return 'annee';
  if (rule.kind === 'latest-period') return 'periode';
  if (rule.kind === 'period-column') return rule.column;
  return null;
}

export async function coverage(db: Database, plan: LoadPlan, fileId: number): Promise<Coverage> {
  const rule = plan.format.vintage;
  const table = ident(plan.format.table);
  if (rule.kind === 'prefix-year')
    return { periods: plan.years.map(String), vintage: plan.years.length ? String(plan.years.at(-1)) : null };
  if (rule.kind === 'latest-period') return { periods: plan.periods, vintage: plan.periods.at(-1) ?? null };
  if (rule.kind === 'period-column') {
    const rows = await db.all<{ p: string }>(
      `SELECT DISTINCT ${ident(rule.column)}::VARCHAR AS p FROM ${table} WHERE file_id = $fileId AND ` +
        `${ident(rule.column)} IS NOT NULL ORDER BY 1`,
      { fileId },
    );
    const periods = rows.map((r) => r.p);
    return { periods, vintage: periods.at(-1) ?? null };
  }
  if (!rule.column) return { periods: [WHOLE_SOURCE], vintage: null };
  const row = await db.one<{ v: string | null }>(
    `SELECT max(${ident(rule.column)})::VARCHAR AS v FROM ${table} WHERE file_id = $fileId`,
    { fileId },
  );
  return { periods: [WHOLE_SOURCE], vintage: row?.v ?? null };
}

/** Applies the rule against the active files of the same source, inside the caller's transaction. */
export async function reconcile(
  db: Database,
  format: SourceFormat,
  fileId: number,
  mine: Coverage,
): Promise<Reconciliation> {
  const previous = await activeFiles(db, format.id);
  const kept = new Set(mine.periods);
  const result: Reconciliation = { kept: [], replaced: [], trimmed: [], superseded: [] };
  for (const old of previous) {
    const overlap = (old.periods ?? []).filter((p) => kept.has(p));
    if (overlap.length === 0) continue;
    // Unknown vintages (reference files without a date): the file loaded last wins.
    const mineIsNewer = mine.vintage === null || old.vintage === null || mine.vintage >= old.vintage;
    if (mineIsNewer) {
      await deletePeriods(db, format, old.file_id, overlap);
      const remaining = old.periods.filter((p) => !overlap.includes(p));
      if (remaining.length === 0) {
        await markReplaced(db, [old.file_id]);
        result.replaced.push(old.file_id);
      } else {
        await setPeriods(db, old.file_id, remaining);
        result.trimmed.push({ fileId: old.file_id, periods: overlap });
      }
    } else {
      await deletePeriods(db, format, fileId, overlap);
      for (const p of overlap) kept.delete(p);
      result.superseded.push(...overlap);
    }
  }
  result.kept = mine.periods.filter((p) => kept.has(p));
  return result;
}

async function deletePeriods(db: Database, format: SourceFormat, fileId: number, periods: string[]): Promise<void> {
  const column = periodColumn(format);
  const table = ident(format.table);
  if (column === null || periods.includes(WHOLE_SOURCE)) {
    await db.run(`DELETE FROM ${table} WHERE file_id = $fileId`, { fileId });
  } else {
    await db.run(
      `DELETE FROM ${table} WHERE file_id = $fileId AND ${ident(column)}::VARCHAR IN (SELECT unnest($periods))`,
      { fileId, periods: listValue(periods) },
    );
  }
}
