// Reads the start of a file to learn what DuckDB needs to parse it: encoding, separator, header.
// Detection uses the content only, never the file name.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { IngestError } from './errors.ts';

type Encoding = 'utf-8' | 'windows-1252';
type Delimiter = ';' | ',' | '\t';

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
  /** The file is a gzip-compressed CSV (starts with 1f 8b): the fields above describe its decompressed text. */
  gzip: boolean;
}

const SAMPLE_BYTES = 1 << 20; // the header line must fit in 1 MiB
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
/** Compound File (OLE2) signature: legacy Excel 97-2003 workbooks (.xls, BIFF8), e.g. INSEE's sl_etc_*.xls. */
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** True when the bytes start a zip archive (magic PK 03 04): an xlsx workbook or a zip download. */
export function isZipStart(start: Buffer): boolean {
  return start.subarray(0, 4).equals(ZIP_MAGIC);
}

/** True when the bytes start a gzip stream (magic 1f 8b). */
export function isGzip(start: Buffer): boolean {
  return start.length >= 2 && start.subarray(0, 2).equals(GZIP_MAGIC);
}

/** The first `length` bytes of the file (fewer when it is shorter). */
export async function fileStart(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function sniffFile(path: string): Promise<Sniffed> {
  const size = (await stat(path)).size;
  if (size === 0)
    throw new IngestError({
      file: path,
      reason: 'le fichier est vide',
      expected: "une ligne d'en-tête puis des lignes de données",
    });
  let buffer = await fileStart(path, Math.min(size, SAMPLE_BYTES));
  if (buffer.subarray(0, 8).equals(OLE2_MAGIC)) throw legacyExcelError(path);
  if (isZipStart(buffer)) {
    return {
      path,
      size,
      encoding: 'utf-8',
      bom: false,
      delimiter: ';',
      headers: [],
      sampleLines: [],
      spreadsheet: true,
      gzip: false,
    };
  }
  // `partial`: the sample holds only the start of the (decompressed) text.
  let partial = buffer.length < size;
  const gzip = isGzip(buffer);
  if (gzip) {
    ({ buffer, partial } = await gunzipStart(path, SAMPLE_BYTES));
    if (buffer.length === 0) {
      throw new IngestError({
        file: path,
        reason: 'le fichier est vide (archive gzip sans contenu)',
        expected: "une ligne d'en-tête puis des lignes de données",
      });
    }
  }
  const nul = buffer.indexOf(0);
  if (nul >= 0) {
    const line = buffer.subarray(0, nul).toString('latin1').split('\n').length;
    throw new IngestError({
      file: path,
      line,
      reason: `fichier binaire (octet nul à la position ${nul + 1}${gzip ? ' du contenu décompressé' : ''})`,
      expected: 'un fichier texte CSV',
    });
  }
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const body = bom ? buffer.subarray(3) : buffer;
  const encoding: Encoding = isValidUtf8Prefix(body, partial) ? 'utf-8' : 'windows-1252';
  const text = new TextDecoder(encoding).decode(body);
  const newline = text.search(/\r?\n/);
  if (bom && encoding !== 'utf-8') throw invalidUtf8Error(path, body, text.slice(0, newline < 0 ? undefined : newline));
  if (newline < 0 && partial) {
    throw new IngestError({
      file: path,
      line: 1,
      reason: `la ligne d'en-tête dépasse ${SAMPLE_BYTES / 1024} Kio`,
      expected: "une ligne d'en-tête de taille raisonnable",
    });
  }
  const headerLine = newline < 0 ? text : text.slice(0, newline);
  const delimiter = guessDelimiter(headerLine);
  const headers = splitCsvLine(headerLine, delimiter);
  const rest = newline < 0 ? '' : text.slice(newline).replace(/^\r?\n/, '');
  const sampleLines = rest
    .split(/\r?\n/)
    .slice(0, 200)
    .filter((l) => l.length > 0);
  if (partial && sampleLines.length > 1) sampleLines.pop(); // last one may be cut by the sample
  return { path, size, encoding, bom, delimiter, headers, sampleLines, spreadsheet: false, gzip };
}

/**
 * No maintained npm library reading Excel 97 (BIFF8) is installed (SheetJS is no longer published on npm): such a
 * workbook is refused with the way to convert it, rather than read by a hand-written parser of a binary format.
 */
function legacyExcelError(path: string): IngestError {
  const name = basename(path);
  return new IngestError({
    file: path,
    reason:
      'classeur Excel 97-2003 (.xls, format binaire ancien) : ce format n’est pas lu. Convertissez-le : ouvrez-le ' +
      'dans ' +
      'LibreOffice Calc ou Excel et enregistrez-le au format .xlsx (ou CSV), ou en ligne de commande ' +
      `« libreoffice --headless --convert-to xlsx ${name} », puis chargez le fichier converti`,
    expected: 'un classeur .xlsx ou un fichier CSV',
  });
}

/**
 * The first `limit` bytes of a gzip file's decompressed content (streaming: stops reading once they are out).
 * A stream that ends or breaks before them is refused: corrupt or truncated archive.
 */
function gunzipStart(path: string, limit: number): Promise<{ buffer: Buffer; partial: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const input = createReadStream(path, { highWaterMark: 64 * 1024 });
    const gunzip = createGunzip();
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      input.destroy();
      gunzip.destroy();
      outcome();
    };
    const done = (partial: boolean) =>
      settle(() => resolve({ buffer: Buffer.concat(chunks).subarray(0, limit), partial }));
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= limit) done(true);
    });
    gunzip.on('end', () => done(false));
    gunzip.on('error', (error) => settle(() => reject(gzipError(path, Buffer.concat(chunks), error))));
    input.on('error', (error) => settle(() => reject(error)));
    input.pipe(gunzip);
  });
}

/**
 * The French refusal of a corrupt or truncated gzip archive (`decompressed`: the text inflated before the failure,
 * or its number of line breaks). A truncated archive is named at the line where its readable text stops (zlib
 * hands over all it could inflate before saying so). Damaged data is found only once zlib reaches it, and the
 * text of the block in progress is lost: no line then, only the number of lines read intact before it.
 */
export function gzipError(path: string, decompressed: Buffer | number, cause: unknown): IngestError {
  const breaks = typeof decompressed === 'number' ? decompressed : countLineBreaks(decompressed);
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const message = (cause as Error | undefined)?.message ?? '';
  const expected = 'un fichier gzip complet et intact (à télécharger de nouveau)';
  const intact =
    breaks > 0
      ? ` ; ${breaks} ligne${breaks > 1 ? 's' : ''} lue${breaks > 1 ? 's' : ''} intacte${breaks > 1 ? 's' : ''} ` +
        `avant l'erreur`
      : '';
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(message)) {
    return new IngestError({
      file: path,
      line: breaks + 1,
      reason: "archive gzip tronquée : le contenu compressé s'arrête avant sa fin (téléchargement interrompu ?)",
      expected,
    });
  }
  if (/incorrect (data|length) check/i.test(message)) {
    return new IngestError({
      file: path,
      reason: `archive gzip corrompue : somme de contrôle incorrecte, le contenu a été altéré (zlib : ${message})`,
      expected,
    });
  }
  if (/incorrect header check/i.test(message)) {
    // The file starts with the gzip signature: a bad header further on is what follows the end of the archive.
    return new IngestError({
      file: path,
      reason:
        `octets illisibles après la fin de l'archive gzip (données en trop, fichiers collés bout à bout ? ` +
        `zlib : ${message})${intact}`,
      expected,
    });
  }
  return new IngestError({
    file: path,
    reason:
      `archive gzip corrompue : données compressées invalides (zlib : ` +
      `${message || code || 'erreur inconnue'})${intact}`,
    expected,
  });
}

/** Number of line feeds (0x0a) in the bytes. */
export function countLineBreaks(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
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
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
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
  const lineText = new TextDecoder('windows-1252')
    .decode(body.subarray(lineStart, lineEnd < 0 ? undefined : lineEnd))
    .replace(/\r$/, '');
  const before = new TextDecoder('windows-1252').decode(body.subarray(lineStart, offset));
  const column = splitCsvLine(before, delimiter).length;
  const headers = splitCsvLine(headerLine, delimiter);
  return new IngestError({
    file: path,
    line,
    column,
    columnName: headers[column - 1],
    value: splitCsvLine(lineText, delimiter)[column - 1],
    reason: 'le fichier annonce UTF-8 (BOM) mais contient des octets invalides',
    expected: 'un texte UTF-8 valide',
  });
}

/** Line (1-based), byte offset and line start of the first invalid UTF-8 byte sequence. */
function firstInvalidUtf8(bytes: Buffer): { line: number; offset: number; lineStart: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (!ok) return { line, offset: i, lineStart };
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += len;
  }
  return { line, offset: bytes.length, lineStart };
}
