// One worksheet written out as the CSV the loader reads, row by row as the streaming reader hands them over: line k
// of the CSV is row headerRow + k − 1 of the sheet (rows absent from the XML become empty lines), so that errors
// found in the CSV are told at the sheet's own row.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type ExcelJS from 'exceljs';

/**
 * Bytes gathered per write. Lines go into a buffer rather than a growing string: a string of many rows survives the
 * reader's frequent collections and is promoted to the old heap (a 1 MiB one kept ~25 MB more at peak on BMO 2025).
 */
const BUFFER_BYTES = 1 << 16;

export class SheetCsvWriter {
  private readonly out: WriteStream;
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private nextRow: number;
  /** Empty rows not written yet: written only when a non-empty row follows (trailing empty rows are dropped). */
  private pendingEmpty = 0;
  private readonly emptyLine: string;
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    readonly headerRow: number,
    readonly headers: string[],
  ) {
    this.out = createWriteStream(path);
    this.out.on('error', (error) => {
      this.failure = error;
    });
    this.nextRow = headerRow + 1;
    this.emptyLine = ';'.repeat(Math.max(0, headers.length - 1));
    this.put(`${csvLine(headers)}\n`);
  }

  /** Writes one row of the sheet (its cell values, indexed from 1 as ExcelJS gives them). */
  async row(number: number, values: ExcelJS.CellValue[]): Promise<void> {
    const skipped = Math.max(0, number - this.nextRow);
    this.nextRow = number + 1;
    const line = csvLineOf(values, this.headers.length);
    if (line === undefined) {
      this.pendingEmpty += skipped + 1;
      return;
    }
    this.pendingEmpty += skipped;
    if (this.pendingEmpty > 0) {
      const empties = this.put(`${this.emptyLine}\n`.repeat(this.pendingEmpty));
      this.pendingEmpty = 0;
      if (empties) await empties;
    }
    const written = this.put(`${line}\n`);
    if (written) await written;
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
    if (this.failure) throw this.failure;
  }

  /** Closes without waiting for the rest (the file is being dropped). */
  discard(): void {
    this.out.destroy();
  }

  /** Copies the text into the buffer; a promise only when the buffer had to be written out first. */
  private put(text: string): Promise<void> | undefined {
    const bytes = Buffer.byteLength(text);
    if (this.used + bytes <= this.buffer.length) {
      this.used += this.buffer.write(text, this.used);
      return undefined;
    }
    return this.flush().then(async () => {
      if (bytes > this.buffer.length) await this.send(Buffer.from(text));
      else this.used = this.buffer.write(text, 0);
    });
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    this.used = 0;
    await this.send(full);
  }

  private async send(bytes: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }
}

/** The cells of a row as text, columns 1..width (width: the row's own cell count when absent). */
export function rowTexts(row: ExcelJS.Row, width?: number): string[] {
  const values = row.values as ExcelJS.CellValue[];
  const count = width ?? row.cellCount;
  const texts: string[] = new Array(count);
  for (let c = 1; c <= count; c++) texts[c - 1] = cellText(values[c]);
  return texts;
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

function csvLine(cells: string[]): string {
  return cells.map(quote).join(';');
}

/**
 * The CSV line of cells 1..width, or undefined when they are all empty. Built in one pass: this runs for every cell of
 * the workbook, and numbers (most cells) never need quoting.
 */
function csvLineOf(values: ExcelJS.CellValue[], width: number): string | undefined {
  let line = '';
  let empty = true;
  for (let c = 1; c <= width; c++) {
    const value = values[c];
    let text: string;
    if (typeof value === 'number') text = String(value);
    else {
      text = cellText(value);
      if (NEEDS_QUOTING.test(text)) text = quote(text);
    }
    if (text !== '') empty = false;
    line = c === 1 ? text : `${line};${text}`;
  }
  return empty ? undefined : line;
}

const NEEDS_QUOTING = /[;"\r\n]/;

/** One CSV line per sheet row (so that line numbers map back to rows): a line break inside a cell becomes a space. */
function quote(value: string): string {
  const flat = value.replace(/\r\n|\r|\n/g, ' ');
  return /[;"]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}
