// Spreadsheet sources (.xlsx): the sheet holding a registered layout is written out as a CSV and then
// goes through the very same loader, transaction and error rules as any CSV.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { IngestError } from './errors.ts';
import { detectFormats } from './registry.ts';
import type { SourceFormat } from './types.ts';

export interface ConvertedSheet {
  csvPath: string;
  sheet: string;
  /** Row of the sheet holding the headers (1-based). */
  headerRow: number;
  /** Row of the sheet written as line `line` of the CSV (line 1 = headers): headerRow + line − 1. */
  rowOf: (line: number) => number;
  /** The same error, located in the workbook: sheet, row and column instead of the CSV line. */
  locate: (error: IngestError) => IngestError;
  cleanup: () => Promise<void>;
}

const HEADER_SEARCH_ROWS = 15;

export async function spreadsheetToCsv(path: string, formats: readonly SourceFormat[]): Promise<ConvertedSheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new IngestError({
      file: path,
      reason: `classeur illisible (${(error as Error).message})`,
      expected: 'un classeur Excel .xlsx',
    });
  }
  for (const sheet of workbook.worksheets) {
    for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r++) {
      const headers = rowValues(sheet.getRow(r));
      const candidates = detectFormats(headers).filter((f) => formats.includes(f));
      const format = candidates[0];
      if (!format) continue;
      if (format.sheet && typeof format.sheet.name !== 'string' && !format.sheet.name.test(sheet.name)) continue;
      const lines = [headers];
      for (let k = r + 1; k <= sheet.rowCount; k++) lines.push(rowValues(sheet.getRow(k), headers.length));
      while (lines.length > 1 && lines.at(-1)!.every((v) => v === '')) lines.pop();
      const dir = await mkdtemp(join(tmpdir(), 'clee-xlsx-'));
      const csvPath = join(dir, `${sheet.name.replace(/[^\w-]+/g, '_')}.csv`);
      await writeFile(csvPath, `${lines.map((l) => l.map(quote).join(';')).join('\n')}\n`, 'utf-8');
      const headerRow = r;
      const rowOf = (line: number) => headerRow + line - 1;
      const locate = (error: IngestError) =>
        new IngestError({
          ...error.details,
          file: path,
          sheet: sheet.name,
          line: error.details.line === undefined ? undefined : rowOf(error.details.line),
        });
      return {
        csvPath,
        sheet: sheet.name,
        headerRow,
        rowOf,
        locate,
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    }
  }
  throw new IngestError({
    file: path,
    reason: `aucune feuille du classeur (${workbook.worksheets.map((s) => s.name).join(', ')}) ne porte les en-têtes d'un format connu dans ses ${HEADER_SEARCH_ROWS} premières lignes`,
    expected: "une feuille de données au format d'une source déclarée (voir « clee sources »)",
  });
}

function rowValues(row: ExcelJS.Row, width?: number): string[] {
  const values: string[] = [];
  const count = width ?? row.cellCount;
  for (let c = 1; c <= count; c++) values.push(cellText(row.getCell(c).value));
  return values;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** One CSV line per sheet row (so that line numbers map back to rows): a line break inside a cell becomes a space. */
function quote(value: string): string {
  const flat = value.replace(/\r\n|\r|\n/g, ' ');
  return /[;"]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}
