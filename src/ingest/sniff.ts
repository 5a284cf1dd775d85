// Reads the start of a file to learn what DuckDB needs to parse it: encoding, separator, header.
// Detection uses the content only, never the file name.
import { open, stat } from 'node:fs/promises';
import { IngestError } from './errors.ts';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ';' | ',' | '\t';

export interface Sniffed {
  path: string;
  size: number;
  encoding: Encoding;
  bom: boolean;
  delimiter: Delimiter;
  /** Header cells as published (BOM and surrounding quotes removed). */
  headers: string[];
  /** A few decoded data lines after the header, for decimal-separator detection. */
  sampleLines: string[];
  /** The file is a spreadsheet (zip container, e.g. .xlsx): read by the spreadsheet reader. */
  spreadsheet: boolean;
}

const SAMPLE_BYTES = 1 << 20; // the header line must fit in 1 MiB
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function sniffFile(path: string): Promise<Sniffed> {
  const size = (await stat(path)).size;
  if (size === 0) throw new IngestError({ file: path, reason: 'le fichier est vide', expected: 'une ligne d\'en-tête puis des lignes de données' });
  const handle = await open(path, 'r');
  const buffer = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
  try {
    await handle.read(buffer, 0, buffer.length, 0);
  } finally {
    await handle.close();
  }
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) {
    return { path, size, encoding: 'utf-8', bom: false, delimiter: ';', headers: [], sampleLines: [], spreadsheet: true };
  }
  const nul = buffer.indexOf(0);
  if (nul >= 0) {
    const line = buffer.subarray(0, nul).toString('latin1').split('\n').length;
    throw new IngestError({ file: path, line, reason: `fichier binaire (octet nul à la position ${nul + 1})`, expected: 'un fichier texte CSV' });
  }
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const body = bom ? buffer.subarray(3) : buffer;
  const encoding: Encoding = isValidUtf8Prefix(body, buffer.length < size) ? 'utf-8' : 'windows-1252';
  const text = new TextDecoder(encoding).decode(body);
  const newline = text.search(/\r?\n/);
  if (bom && encoding !== 'utf-8') throw invalidUtf8Error(path, body, text.slice(0, newline < 0 ? undefined : newline));
  if (newline < 0 && buffer.length < size) {
    throw new IngestError({ file: path, line: 1, reason: `la ligne d'en-tête dépasse ${SAMPLE_BYTES / 1024} Kio`, expected: 'une ligne d\'en-tête de taille raisonnable' });
  }
  const headerLine = newline < 0 ? text : text.slice(0, newline);
  const delimiter = guessDelimiter(headerLine);
  const headers = splitCsvLine(headerLine, delimiter);
  const rest = newline < 0 ? '' : text.slice(newline).replace(/^\r?\n/, '');
  const sampleLines = rest.split(/\r?\n/).slice(0, 200).filter((l) => l.length > 0);
  if (buffer.length < size && sampleLines.length > 1) sampleLines.pop(); // last one may be cut by the sample
  return { path, size, encoding, bom, delimiter, headers, sampleLines, spreadsheet: false };
}

function guessDelimiter(headerLine: string): Delimiter {
  const candidates: Delimiter[] = [';', ',', '\t'];
  const counts = candidates.map((d) => splitCsvLine(headerLine, d).length);
  const best = Math.max(...counts);
  return candidates[counts.indexOf(best)];
}

/** Splits one CSV line, honouring double quotes ("" inside a quoted field is a quote). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

/** True when the bytes are UTF-8; a multi-byte character cut at the end of a partial sample is allowed. */
function isValidUtf8Prefix(bytes: Buffer, partial: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
    return true;
  } catch {
    return false;
  }
}

/** Names the line, the CSV column and the cell (read as Windows-1252) holding the first invalid UTF-8 bytes. */
function invalidUtf8Error(path: string, body: Buffer, headerLine: string): IngestError {
  const { line, offset, lineStart } = firstInvalidUtf8(body);
  const delimiter = guessDelimiter(headerLine);
  const lineEnd = body.indexOf(0x0a, lineStart);
  const lineText = new TextDecoder('windows-1252').decode(body.subarray(lineStart, lineEnd < 0 ? undefined : lineEnd)).replace(/\r$/, '');
  const before = new TextDecoder('windows-1252').decode(body.subarray(lineStart, offset));
  const column = splitCsvLine(before, delimiter).length;
  const headers = splitCsvLine(headerLine, delimiter);
  return new IngestError({
    file: path, line, column, columnName: headers[column - 1], value: splitCsvLine(lineText, delimiter)[column - 1],
    reason: 'le fichier annonce UTF-8 (BOM) mais contient des octets invalides', expected: 'un texte UTF-8 valide',
  });
}

/** Line (1-based), byte offset and line start of the first invalid UTF-8 byte sequence. */
export function firstInvalidUtf8(bytes: Buffer): { line: number; offset: number; lineStart: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (!ok) return { line, offset: i, lineStart };
    if (b === 0x0a) { line++; lineStart = i + 1; }
    i += len;
  }
  return { line, offset: bytes.length, lineStart };
}
