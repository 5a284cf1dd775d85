// Spreadsheet sources (.xlsx): the sheet holding a registered layout is written out as a CSV and then goes through
// the very same loader, transaction and error rules as any CSV. The workbook is streamed row by row (ExcelJS's
// streaming reader): reading it whole took ~700 MB and 10 s on the 50 000-row BMO file, gigabytes on larger ones.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { IngestError } from './errors.ts';
import { detectFormats } from './registry.ts';
import { MAX_LINE_BYTES } from './rejects.ts';
import { rowTexts, SheetCsvWriter } from './sheet-csv.ts';
import type { SourceFormat } from './types.ts';
import { OversizedText } from './xlsx-guard.ts';
import { type CellPlace, cellUsingSharedString, type OpenedWorkbook, openWorkbook } from './xlsx-reader.ts';

interface ConvertedSheet {
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

interface SpreadsheetOptions {
  /** Longest text accepted in one cell, in bytes of the workbook's XML (default: the loader's line limit). */
  maxCellBytes?: number;
}

const HEADER_SEARCH_ROWS = 15;

/** The sheet whose headers match a format, written out in full. */
interface Written {
  sheet: string;
  writer: SheetCsvWriter;
}

export async function spreadsheetToCsv(
  path: string,
  formats: readonly SourceFormat[],
  options: SpreadsheetOptions = {},
): Promise<ConvertedSheet> {
  const limit = options.maxCellBytes ?? MAX_LINE_BYTES;
  const dir = await mkdtemp(join(tmpdir(), 'clee-xlsx-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const { written: chosen, sheetNames } = await writeFirstMatchingSheet(path, formats, dir, limit);
    if (!chosen) {
      throw new IngestError({
        file: path,
        reason:
          `aucune feuille du classeur (${sheetNames.join(', ')}) ne porte les en-têtes d'un format connu dans ` +
          `ses ${HEADER_SEARCH_ROWS} premières lignes`,
        expected: "une feuille de données au format d'une source déclarée (voir « clee sources »)",
      });
    }
    const { headerRow } = chosen.writer;
    const rowOf = (line: number) => headerRow + line - 1;
    const locate = (error: IngestError) =>
      new IngestError({
        ...error.details,
        file: path,
        sheet: chosen.sheet,
        line: error.details.line === undefined ? undefined : rowOf(error.details.line),
      });
    return { csvPath: chosen.writer.path, sheet: chosen.sheet, headerRow, rowOf, locate, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Streams the sheets in the workbook's order; the first whose first rows hold a format's headers is written out as a
 * CSV file in `dir`, and reading stops there. Other sheets are read no further than their header search.
 */
async function writeFirstMatchingSheet(
  path: string,
  formats: readonly SourceFormat[],
  dir: string,
  limit: number,
): Promise<{ written: Written | undefined; sheetNames: string[] }> {
  let workbook: OpenedWorkbook | undefined;
  let written: Written | undefined;
  let current: { sheet: string; row: number; headers?: string[] } | undefined;
  try {
    workbook = await openWorkbook(path, limit);
    for await (const sheet of workbook.sheets()) {
      current = { sheet: sheet.name, row: 0 };
      for await (const row of sheet.rows) {
        current.row = row.number;
        if (written) {
          await written.writer.row(row.number, row.values as ExcelJS.CellValue[]);
        } else if (row.number > HEADER_SEARCH_ROWS) {
          break;
        } else {
          const headers = rowTexts(row);
          if (!matchesFormat(headers, sheet.name, formats)) continue;
          const file = join(dir, `${sheet.name.replace(/[^\w-]+/g, '_') || 'feuille'}.csv`);
          written = { sheet: sheet.name, writer: new SheetCsvWriter(file, row.number, headers) };
          current.headers = headers;
        }
      }
      if (written) {
        await written.writer.close();
        break;
      }
    }
  } catch (error) {
    written?.writer.discard();
    throw await readFailure(path, error, current, limit);
  } finally {
    workbook?.close();
  }
  return { written, sheetNames: workbook.sheetNames };
}

function matchesFormat(headers: string[], sheet: string, formats: readonly SourceFormat[]): boolean {
  const format = detectFormats(headers).find((f) => formats.includes(f));
  if (!format) return false;
  return !(format.sheet && typeof format.sheet.name !== 'string' && !format.sheet.name.test(sheet));
}

/** Any failure while streaming the workbook, in French and located as precisely as the reader allows. */
async function readFailure(
  path: string,
  error: unknown,
  current: { sheet: string; row: number; headers?: string[] } | undefined,
  limit: number,
): Promise<IngestError> {
  if (error instanceof IngestError) return error;
  if (error instanceof OversizedText) {
    const place: CellPlace | undefined =
      error.sharedString !== undefined
        ? await cellUsingSharedString(path, error.sharedString, limit)
        : current && error.cell && { sheet: current.sheet, ...error.cell };
    return oversizedCell(path, limit, place, error.sharedString, current?.sheet === place?.sheet ? current : undefined);
  }
  // Past the guard (which sees every text and attribute), only a sum of many parts can exhaust V8: told all the same.
  if (error instanceof RangeError) {
    return new IngestError({
      file: path,
      sheet: current?.sheet,
      // V8 says « Invalid string length » or « Array buffer allocation failed »: told in French, without it.
      reason:
        'donnée trop grande pour la mémoire du lecteur' +
        (current ? ` (dans une ligne après la ligne ${current.row} de la feuille)` : ''),
      expected: 'un classeur aux cellules de taille raisonnable',
    });
  }
  return unreadable(path, readerReason((error as Error).message));
}

/** The XML reader's English reasons (« 2:457: undefined entity. »), said in French. */
export function readerReason(message: string): string {
  const located = /^(\d+):(\d+): (.*)$/s.exec(message.trim());
  const [where, what] = located
    ? [` (ligne ${located[1]}, colonne ${located[2]} d'une partie XML du classeur)`, located[3]]
    : ['', message];
  const known: [RegExp, string][] = [
    // zlib, on a damaged part (yauzl checks sizes, not checksums): before the XML patterns, which say « invalid » too.
    [
      /incorrect (data|header) check|invalid (block type|distance|stored block|code)|too many length/i,
      'archive du classeur abîmée',
    ],
    [/only one root/i, 'XML abîmé'],
    [/undefined entity|unknown entity|disallowed character in entity/i, 'XML abîmé : entité inconnue'],
    [/unclosed tag|unexpected end|unexpected close tag|text data outside of root node/i, 'XML abîmé ou tronqué'],
    [/invalid|disallowed|unexpected/i, 'XML abîmé'],
    [/end of central directory|zip|signature/i, 'archive du classeur abîmée ou incomplète'],
  ];
  const reason = known.find(([pattern]) => pattern.test(what))?.[1];
  return reason ? `${reason}${where} : fichier endommagé, ou produit par un autre programme qu'un tableur` : message;
}

function oversizedCell(
  path: string,
  limit: number,
  place: CellPlace | undefined,
  sharedString: number | undefined,
  sheetHeaders: { headers?: string[] } | undefined,
): IngestError {
  const size = `plus de ${bytesText(limit)} de texte`;
  const expected = 'des cellules de taille raisonnable (un tableur en admet 32 767 caractères)';
  if (!place) {
    return new IngestError({
      file: path,
      reason:
        sharedString === undefined
          ? `texte trop grand (${size}) à un endroit du classeur qui n'est pas une cellule`
          : `texte partagé n° ${sharedString + 1} trop grand (${size}), qu'aucune cellule n'affiche`,
      expected,
    });
  }
  return new IngestError({
    file: path,
    sheet: place.sheet,
    line: place.row,
    column: place.column,
    columnName: sheetHeaders?.headers?.[place.column - 1] || undefined,
    reason: `cellule trop grande (${size})`,
    expected,
  });
}

function unreadable(path: string, why: string): IngestError {
  return new IngestError({
    file: path,
    reason: `classeur illisible (${why})`,
    expected: 'un classeur Excel .xlsx',
  });
}

function bytesText(bytes: number): string {
  const [value, unit] =
    bytes >= 1 << 20 ? [bytes / (1 << 20), 'Mio'] : bytes >= 1024 ? [bytes / 1024, 'Kio'] : [bytes, 'octets'];
  return `${value.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ${unit}`;
}
