// ExcelJS's streaming workbook reader, with every XML part it parses watched for over-long texts (xlsx-guard.ts).
// The reader parses each part in a method of its own; those are wrapped on the instance, because the library gives
// no other way to see the bytes before its XML parser turns them into one string.
import { createReadStream, type ReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { guardedChunks, OversizedText, XmlTextGuard } from './xlsx-guard.ts';

/** What the reader keeps of the workbook (ExcelJS 4's stream reader; not in its typings). */
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  model?: { sheets?: { name: string }[] };
}

/** A worksheet as the reader hands it over: its rows, and its name once the workbook part has been read. */
export type SheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name?: string; id?: number | string };

interface OpenedWorkbook {
  reader: ExcelJS.stream.xlsx.WorkbookReader;
  /** Sheet names in the workbook's order (known once its workbook part is read: before the sheets, in practice). */
  sheetNames: () => string[];
  close: () => void;
}

export function openWorkbook(
  path: string,
  maxTextBytes: number,
  sharedStrings: 'cache' | 'ignore' = 'cache',
): OpenedWorkbook {
  const input: ReadStream = createReadStream(path, { highWaterMark: 1 << 20 });
  // Styles are read so that a date cell comes out as a date, as the full reader gave it.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings,
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) =>
    parseWorksheet(guardedChunks(iterator, new XmlTextGuard(maxTextBytes, 'worksheet')), sheetNo);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseSharedStrings = (entry) =>
    parseSharedStrings(
      Readable.from(guardedChunks(entry as AsyncIterable<Buffer>, new XmlTextGuard(maxTextBytes, 'shared-strings'))),
    );
  return {
    reader,
    sheetNames: () => (internals.model?.sheets ?? []).map((s) => s.name),
    close: () => input.destroy(),
  };
}

export function sheetName(sheet: SheetReader): string {
  return sheet.name ?? `feuille ${sheet.id ?? '?'}`;
}

export interface CellPlace {
  sheet: string;
  row: number;
  column: number;
}

/**
 * The first cell showing shared string n° `index` (a second pass, shared strings left aside: cells then carry the
 * string's number). A worksheet holding an over-long text itself is told instead, being just as refused.
 */
export async function cellUsingSharedString(
  path: string,
  index: number,
  maxTextBytes: number,
): Promise<CellPlace | undefined> {
  const { reader, close } = openWorkbook(path, maxTextBytes, 'ignore');
  let found: CellPlace | undefined;
  let current = '';
  try {
    for await (const sheet of reader as AsyncIterable<SheetReader>) {
      current = sheetName(sheet);
      for await (const row of sheet) {
        if (found) continue; // read to the end: the reader cleans its temporary files only then
        row.eachCell((cell, column) => {
          const value = cell.value as { sharedString?: number } | null;
          if (!found && value?.sharedString === index) found = { sheet: current, row: row.number, column };
        });
      }
    }
  } catch (error) {
    if (error instanceof OversizedText && error.cell) return { sheet: current, ...error.cell };
    return found;
  } finally {
    close();
  }
  return found;
}
