// Numbers that are not numbers. DuckDB's CSV reader accepts « NaN », « inf » or « Infinity » as valid doubles; no
// published file carries them, and one of them would poison every sum it enters (the methodology adds values
// exactly, as whole units, which a NaN cannot be). Such a file is refused, naming the line, the column and the value.
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { IngestError } from './errors.ts';
import { type CsvText, readRecords } from './records.ts';

/** A loaded numeric column: its name where the rows were written, and its index in the file. */
interface NumericColumn {
  name: string;
  index: number;
}

/**
 * Refuses the file when a numeric column got a non-finite value. `rows` is where the file's rows were written (the
 * raw table, with the file's id, or the staging table).
 */
export async function refuseNonFinite(
  db: Database,
  file: string,
  source: CsvText,
  rows: { table: string; fileId?: number },
  columns: readonly NumericColumn[],
): Promise<void> {
  if (columns.length === 0) return;
  const which = columns.map((c, k) => `CASE WHEN NOT isfinite(${ident(c.name)}) THEN ${k} END`).join(', ');
  const found = await db.one<{ k: number }>(
    `SELECT coalesce(${which}) AS k FROM ${ident(rows.table)}
     WHERE ${rows.fileId === undefined ? 'true' : 'file_id = $fileId'}
       AND (${columns.map((c) => `NOT isfinite(${ident(c.name)})`).join(' OR ')})
     LIMIT 1`,
    rows.fileId === undefined ? undefined : { fileId: rows.fileId },
  );
  if (!found) return;
  const column = columns[found.k];
  const where = await firstNonFinite(source, column.index);
  throw new IngestError({
    file,
    line: where?.line,
    column: column.index + 1,
    columnName: source.sniffed.headers[column.index],
    value: where?.value,
    reason: "valeur qui n'est pas un nombre fini (NaN, infini)",
    expected: 'un nombre',
  });
}

/** The first line whose cell in that column reads as a non-finite number, and the cell. */
async function firstNonFinite(source: CsvText, index: number): Promise<{ line: number; value: string } | undefined> {
  for await (const r of readRecords(source)) {
    const cell = (r.cells[index] ?? '').trim();
    if (/^[+-]?(nan|inf|infinity)$/i.test(cell)) return { line: r.line, value: cell };
  }
  return undefined;
}
