// Reads a workbook sheet by sheet, rows streamed by ExcelJS's streaming worksheet reader, every XML part watched for
// over-long texts on its way (xlsx-guard.ts). The archive is opened through its central directory (yauzl) rather than
// read front to back as ExcelJS's WorkbookReader does: that pass sometimes loses the workbook part, stored last by
// many writers, and then fails with « Cannot read properties of undefined (reading 'sheets') » (exceljs#3064); it also
// copies every sheet stored before the shared strings to a temporary file. Here the workbook part, the shared strings
// and the styles are read first, then the sheets in the workbook's order, each only as far as needed.
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import type yauzl from 'yauzl';
import { guardedChunks, OversizedText, XmlTextGuard } from './xlsx-guard.ts';
import { openEntry, openZip, zipEntries } from './zip.ts';

/** The parsing methods of ExcelJS 4's WorkbookReader used here, each on one part (not in its typings). */
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<{ value: SheetReader }>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  workbookRels?: unknown[];
  sharedStrings?: unknown[];
  properties?: { model: { date1904: boolean } };
}

/** A worksheet's rows as ExcelJS's streaming reader hands them over. */
type SheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name?: string };

export interface OpenedWorkbook {
  /** Sheet names in the workbook's order. */
  sheetNames: string[];
  /** The sheets in the workbook's order; stopping early is fine (the part's stream is closed). */
  sheets(): AsyncGenerator<{ name: string; rows: SheetReader }>;
  close(): void;
}

/** Longest workbook or relationships part read whole (they list sheets: kilobytes in practice). */
const MAX_INDEX_PART_BYTES = 16 * 1024 * 1024;

export async function openWorkbook(
  path: string,
  maxTextBytes: number,
  sharedStrings: 'cache' | 'ignore' = 'cache',
): Promise<OpenedWorkbook> {
  const zip = await openZip(path);
  try {
    // Every part by name (a later part of the same name wins).
    const entries = new Map((await zipEntries(zip)).map((e) => [e.fileName.replace(/^\//, ''), e]));
    const part = (name: string) => entries.get(name);
    const officeDocument = relationships(await readSmallPart(zip, part('_rels/.rels')), '');
    const workbookPath = officeDocument.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const workbookXml = await readSmallPart(zip, part(workbookPath));
    if (workbookXml === undefined) throw new Error(`pas de partie ${workbookPath} : ce n'est pas un classeur .xlsx`);
    const relsPath = posix.join(posix.dirname(workbookPath), '_rels', `${posix.basename(workbookPath)}.rels`);
    const rels = relationships(await readSmallPart(zip, part(relsPath)), posix.dirname(workbookPath));
    const byType = (type: string) => rels.find((r) => r.type.endsWith(`/${type}`))?.target;

    // The reader is only a context here (shared strings, styles, date system): its own front-to-back pass is not run.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings,
      worksheets: 'emit',
      styles: 'cache', // so that a date cell comes out as a date, as the full reader gave it
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const internals = reader as unknown as ReaderInternals;
    internals.workbookRels = []; // names are set below, from the workbook part
    const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml);
    internals.properties = { model: { date1904 } };
    const guarded = async (name: string | undefined, kind: 'worksheet' | 'shared-strings') => {
      const entry = name === undefined ? undefined : part(name);
      if (!entry) return undefined;
      const chunks = checkedChunks(await openEntry(zip, entry), entry);
      return Readable.from(guardedChunks(chunks, new XmlTextGuard(maxTextBytes, kind)));
    };
    const styles = await guarded(byType('styles') ?? 'xl/styles.xml', 'worksheet');
    if (styles) await internals._parseStyles(styles);
    if (sharedStrings === 'cache') {
      const strings = await guarded(byType('sharedStrings') ?? 'xl/sharedStrings.xml', 'shared-strings');
      internals.sharedStrings = [];
      if (strings) for await (const _ of internals._parseSharedStrings(strings));
    }

    const sheets = sheetList(workbookXml).map((s) => ({ ...s, path: rels.find((r) => r.id === s.rId)?.target }));
    return {
      sheetNames: sheets.map((s) => s.name),
      async *sheets() {
        for (const [i, sheet] of sheets.entries()) {
          const entry = sheet.path === undefined ? undefined : part(sheet.path);
          if (!entry) continue; // a sheet declared without its part (chart sheet, say): nothing to read
          const stream = await openEntry(zip, entry);
          try {
            const chunks = guardedChunks(checkedChunks(stream, entry), new XmlTextGuard(maxTextBytes, 'worksheet'));
            const rows = internals._parseWorksheet(chunks, String(i + 1)).next().value!.value;
            rows.name = sheet.name;
            yield { name: sheet.name, rows };
          } finally {
            stream.destroy();
          }
        }
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

interface Relationship {
  id: string;
  type: string;
  /** Path of the target inside the archive. */
  target: string;
}

/** The relationships of a part, targets resolved against `base` (the folder of the part they belong to). */
function relationships(xml: string | undefined, base: string): Relationship[] {
  if (xml === undefined) return [];
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)].map((m) => {
    const target = attribute(m[1], 'Target') ?? '';
    return {
      id: attribute(m[1], 'Id') ?? '',
      type: attribute(m[1], 'Type') ?? '',
      target: target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(base, target)),
    };
  });
}

/** The sheets of the workbook part, in its order: name and relationship id. */
function sheetList(xml: string): { name: string; rId: string }[] {
  return [...xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)].map((m) => ({
    name: attribute(m[1], 'name') ?? '',
    rId: /\b\w+:id="([^"]*)"/.exec(m[1])?.[1] ?? '',
  }));
}

function attribute(attributes: string, name: string): string | undefined {
  const value = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];
  return value === undefined ? undefined : decodeXml(value);
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') {
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()]!;
  });
}

/**
 * The part's bytes, its checksum compared at the end: yauzl checks sizes only, and a damaged stored (uncompressed)
 * part would otherwise be read as if intact. The message is zlib's own, said in French by the caller.
 */
async function* checkedChunks(stream: Readable, entry: yauzl.Entry): AsyncGenerator<Buffer, void, undefined> {
  let crc = 0;
  for await (const chunk of stream) {
    crc = crc32(chunk as Buffer, crc);
    yield chunk as Buffer;
  }
  if (crc !== entry.crc32) throw new Error(`incorrect data check in ${entry.fileName}`);
}

async function readSmallPart(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined): Promise<string | undefined> {
  if (!entry) return undefined;
  if (entry.uncompressedSize > MAX_INDEX_PART_BYTES)
    throw new Error(`partie ${entry.fileName} démesurée (${entry.uncompressedSize} octets)`);
  const chunks: Buffer[] = [];
  for await (const chunk of checkedChunks(await openEntry(zip, entry), entry)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf-8');
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
  const workbook = await openWorkbook(path, maxTextBytes, 'ignore');
  let current = '';
  try {
    for await (const sheet of workbook.sheets()) {
      current = sheet.name;
      for await (const row of sheet.rows) {
        let column: number | undefined;
        row.eachCell((cell, c) => {
          const value = cell.value as { sharedString?: number } | null;
          if (column === undefined && value?.sharedString === index) column = c;
        });
        if (column !== undefined) return { sheet: sheet.name, row: row.number, column };
      }
    }
  } catch (error) {
    if (error instanceof OversizedText && error.cell) return { sheet: current, ...error.cell };
  } finally {
    workbook.close();
  }
  return undefined;
}
