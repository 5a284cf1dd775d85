// The SQL of a load: DuckDB's read_csv with the file's declared types, into the format's raw table.
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { type Cell, type ColumnCell, type LoadPlan, readType } from './plan.ts';
import { refuseNonFinite } from './non-finite.ts';
import type { CsvText } from './records.ts';
import { MAX_LINE_BYTES, raiseFirstReject } from './rejects.ts';
import { type Sniffed, splitCsvLine } from './sniff.ts';

/**
 * Indices of the file's columns that no declared column of the raw table receives (undeclared text columns, census
 * variables the format does not list). They are read as text and left out: a table's shape never depends on one file
 * (a file of thousands of extra columns once widened the table for good, one ALTER TABLE per column).
 */
export async function undeclaredCells(db: Database, plan: LoadPlan): Promise<Cell[]> {
  const existing = new Set((await db.columns(plan.format.table)).map((c) => c.name));
  return plan.cells.filter(
    (cell) =>
      (cell.kind === 'extra' && !existing.has(cell.name)) || (cell.kind === 'year-var' && !existing.has(cell.variable)),
  );
}

function isNumeric(cell: Cell): boolean {
  if (cell.kind === 'year-var' || cell.kind === 'period') return true;
  return cell.kind === 'column' && cell.spec.type === 'double';
}

/** `,` when a numeric cell of the sample is written `12,5` (only possible when `,` is not the separator). */
export function guessDecimalSeparator(sniffed: Sniffed, plan: LoadPlan): '.' | ',' {
  if (sniffed.delimiter === ',') return '.';
  const numeric = plan.cells.filter(isNumeric).map((c) => c.index);
  for (const line of sniffed.sampleLines) {
    const cells = splitCsvLine(line, sniffed.delimiter);
    if (numeric.some((i) => /^-?\d+,\d+$/.test(cells[i] ?? ''))) return ',';
  }
  return '.';
}

/** Column k of the file is read as c<k>: names in SQL never come from the file. */
const col = (index: number) => `c${index}`;

function readCsvSql(sniffed: Sniffed, plan: LoadPlan, compressed: boolean, ignored: Set<number>): string {
  const columns = sniffed.headers.map((_, i) => {
    const cell = plan.cells.find((c) => c.index === i)!;
    return `'${col(i)}': '${ignored.has(i) ? 'VARCHAR' : readType(cell, plan.format)}'`;
  });
  return `read_csv($path, delim = $delim, quote = '"', escape = '"', header = false, skip = 1,
    columns = {${columns.join(', ')}}, nullstr = $nulls, decimal_separator = $decimal,
    auto_detect = false, strict_mode = true, max_line_size = ${MAX_LINE_BYTES},
      compression = '${compressed ? 'gzip' : 'none'}',
    store_rejects = true, rejects_table = 'clee_rejects', rejects_scan = 'clee_reject_scans')`;
}

/** SQL expression turning the parsed cell into the stored value. */
function valueSql(cell: ColumnCell): string {
  const c = col(cell.index);
  if (cell.spec.type === 'year-first') return `TRY_CAST(NULLIF(regexp_extract(${c}, '(\\d{4})', 1), '') AS BIGINT)`;
  if (cell.spec.type === 'year-last') return `TRY_CAST(NULLIF(regexp_extract(${c}, '(\\d{4})\\D*$', 1), '') AS BIGINT)`;
  if (cell.spec.type === 'period') return periodSql(c);
  return c;
}

/** SQL turning a quarter or month cell into the period label of the wide series (see ColumnType 'period'). */
function periodSql(c: string): string {
  const year = `regexp_extract(${c}, '(\\d{4})', 1)`;
  const quarter = `regexp_extract(${c}, '[Tt] *([1-4])', 1)`;
  const month = `TRY_CAST(substr(trim(${c}), 6, 2) AS INTEGER)`;
  const quarterly = `'\\d{4} *[-_ ]? *[Tt] *[1-4]|[Tt] *[1-4] *[-_ ]? *\\d{4}'`;
  return `CASE
    WHEN regexp_full_match(trim(${c}), ${quarterly}) THEN ${year} || '-T' || ${quarter}
    WHEN regexp_full_match(trim(${c}), '\\d{4}-(0[1-9]|1[0-2])(\\D.*)?') THEN
      CASE WHEN ${month} % 3 = 0 THEN left(trim(${c}), 4) || '-T' || (${month} // 3) ELSE left(trim(${c}), 7) END
    ELSE trim(${c}) END`;
}

export async function insertRows(
  db: Database,
  file: string,
  text: CsvText,
  plan: LoadPlan,
  fileId: number,
  decimal: string,
  ignored: Set<number>,
): Promise<number> {
  const { path, compressed, sniffed } = text;
  const f = plan.format;
  const params = {
    path,
    delim: sniffed.delimiter,
    decimal,
    fileId,
    nulls: listValue(['', ...f.secretMarkers]),
  };
  await db.run('DROP TABLE IF EXISTS clee_rejects');
  await db.run('DROP TABLE IF EXISTS clee_reject_scans');
  const base: [string, string][] = [['file_id', '$fileId']];
  for (const [k, v] of Object.entries(f.constants ?? {})) base.push([k, `'${v.replace(/'/g, "''")}'`]);
  const columnCells = plan.cells.filter((c): c is ColumnCell => c.kind === 'column');
  for (const c of columnCells) base.push([c.spec.name, valueSql(c)]);
  for (const c of plan.cells) if (c.kind === 'extra' && !ignored.has(c.index)) base.push([c.name, col(c.index)]);
  const target = ident(f.table);
  let rows: number;

  if (!f.wide) {
    await db.run(
      `INSERT INTO ${target} BY NAME SELECT ${selectList(base)} FROM ${readCsvSql(sniffed, plan, compressed, ignored)}`,
      params,
    );
    await raiseFirstReject(db, file, sniffed, plan);
    const numeric = columnCells
      .filter((c) => c.spec.type === 'double')
      .map((c) => ({ name: c.spec.name, index: c.index }));
    await refuseNonFinite(db, file, text, { table: f.table, fileId }, numeric);
    rows = await countRows(db, f.table, fileId);
  } else {
    // Only the cells used are staged (all are still parsed, so a malformed line is refused).
    const kept = plan.cells
      .filter((c) => !ignored.has(c.index))
      .map((c) => col(c.index))
      .join(', ');
    await db.run(
      `CREATE OR REPLACE TEMP TABLE clee_stage AS SELECT ${kept || '*'} FROM
        ${readCsvSql(sniffed, plan, compressed, ignored)}`,
      params,
    );
    await raiseFirstReject(db, file, sniffed, plan);
    const numeric = plan.cells
      .filter((c) => !ignored.has(c.index) && readType(c, f) === 'DOUBLE')
      .map((c) => ({ name: col(c.index), index: c.index }));
    await refuseNonFinite(db, file, text, { table: 'clee_stage' }, numeric);
    if (f.wide.kind === 'year-prefixed') {
      for (const year of plan.years) {
        const vars = plan.cells.filter(
          (c): c is Cell & { kind: 'year-var' } => c.kind === 'year-var' && c.year === year && !ignored.has(c.index),
        );
        const list = [
          ...base,
          ['annee', String(year)] as [string, string],
          ...vars.map((v) => [v.variable, col(v.index)] as [string, string]),
        ];
        await db.run(`INSERT INTO ${target} BY NAME SELECT ${selectList(list)} FROM clee_stage`, { fileId });
      }
    } else {
      const periods = plan.cells.filter((c): c is Cell & { kind: 'period' } => c.kind === 'period');
      const mapping = periods.map((p) => `WHEN '${col(p.index)}' THEN '${p.period}'`).join(' ');
      await db.run(
        `INSERT INTO ${target} BY NAME
         SELECT ${selectList(base)}, CASE clee_col ${mapping} END AS periode, clee_val AS valeur
         FROM (UNPIVOT clee_stage ON ${periods.map((p) => col(p.index)).join(', ')} INTO NAME clee_col VALUE clee_val)
           u`,
        { fileId },
      );
      // UNPIVOT drops NULL cells (secret or missing values): they are kept as NULL rows, never as 0.
      const secretCells = periods.map(
        (p) =>
          `SELECT ${selectList(base)}, '${p.period}' AS periode,
            NULL AS valeur FROM clee_stage WHERE ${col(p.index)} IS NULL`,
      );
      await db.run(`INSERT INTO ${target} BY NAME ${secretCells.join(' UNION ALL ')}`, { fileId });
    }
    rows = (await db.one<{ n: number }>('SELECT count(*) AS n FROM clee_stage'))!.n;
    await db.run('DROP TABLE clee_stage');
  }
  return rows;
}

function selectList(items: [string, string][]): string {
  return items.map(([name, expr]) => `${expr} AS ${ident(name)}`).join(', ');
}

async function countRows(db: Database, table: string, fileId: number): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE file_id = $fileId`, { fileId }))!
    .n;
}
