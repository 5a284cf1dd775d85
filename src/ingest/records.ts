// Counts the records of a CSV on the way (while hashing), so that a load can prove every line was either loaded or
// refused: DuckDB drops a line longer than its reader buffer without a word (tried: 34 MiB), and the file would be
// accepted short of it. Also reads them again, cells split, when a refusal must name a line (communes, non-finite).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { type Sniffed, splitCsvLine } from './sniff.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Quote-aware like read_csv: a quote opens a quoted field only at the start of a field (`""` inside is a quote), and
 * a line break inside a quoted field does not end the record; a quote in the middle of a field is text.
 */
export class RecordCounter {
  /** Non-blank records, header included. */
  records = 0;
  /** The longest record: its bytes and the line (1-based, physical) where it starts. */
  longest = { bytes: 0, line: 0 };
  private line = 1;
  private recordLine = 1;
  private bytes = 0;
  private inQuotes = false;
  private lastByte = -1;
  /** The byte before the current position (-1 at the start of a record). */
  private previous = -1;
  /** The last byte read closed a quoted field (a quote right after it is an escaped `""`). */
  private closed = false;
  private readonly delimiter: number;

  constructor(delimiter = ';') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  feed(buf: Uint8Array): void {
    const len = buf.length;
    let pos = 0;
    // Next quote / line break at or after pos, found once per occurrence (-1: none left in this chunk).
    let nextQuote = -2;
    let nextBreak = -2;
    const quote = () => {
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
      return nextQuote;
    };
    const lineBreak = () => {
      if (nextBreak !== -1 && nextBreak < pos) nextBreak = buf.indexOf(LF, pos);
      return nextBreak;
    };
    while (pos < len) {
      const q = quote();
      if (this.inQuotes) {
        const end = q === -1 ? len : q;
        this.bytes += end - pos + (q === -1 ? 0 : 1);
        // Line breaks inside the quoted field: physical lines, same record.
        for (let n = lineBreak(); n !== -1 && n < end; pos = n + 1, n = lineBreak()) this.line++;
        this.lastByte = QUOTE;
        if (q === -1) return;
        this.inQuotes = false;
        this.closed = true;
        pos = q + 1;
        continue;
      }
      const n = lineBreak();
      if (q !== -1 && (n === -1 || q < n)) {
        const before = q > pos ? buf[q - 1] : this.previous;
        const opens =
          (q === pos && this.closed) || before === -1 || before === this.delimiter || before === LF || before === CR;
        this.bytes += q + 1 - pos;
        this.lastByte = QUOTE;
        this.inQuotes = opens;
        this.closed = false;
        this.previous = QUOTE;
        pos = q + 1;
        continue;
      }
      if (n === -1) {
        this.bytes += len - pos;
        this.lastByte = buf[len - 1];
        this.previous = buf[len - 1];
        this.closed = false;
        return;
      }
      this.bytes += n - pos;
      if (n > pos) this.lastByte = buf[n - 1];
      this.previous = -1;
      this.closed = false;
      this.endRecord();
      this.line++;
      this.recordLine = this.line;
      pos = n + 1;
    }
  }

  /** Call once after the last chunk (a last record without a final line break counts). */
  end(): void {
    this.endRecord();
  }

  private endRecord(): void {
    // A blank line (or a lone CR) is no record: read_csv skips it too.
    const blank = this.bytes === 0 || (this.bytes === 1 && this.lastByte === CR);
    if (!blank) {
      this.records++;
      if (this.bytes > this.longest.bytes) this.longest = { bytes: this.bytes, line: this.recordLine };
    }
    this.bytes = 0;
    this.lastByte = -1;
  }
}

/** Counts the records of a file (inflated first when gzip). */
export async function countRecords(path: string, delimiter: string, gzip = false): Promise<RecordCounter> {
  const counter = new RecordCounter(delimiter);
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of gzip ? input.pipe(createGunzip()) : input) counter.feed(chunk as Buffer);
  counter.end();
  return counter;
}

/** The text DuckDB reads for a load: the file or its UTF-8 copy, gzip-compressed or not, as sniffed. */
export interface CsvText {
  path: string;
  compressed: boolean;
  sniffed: Sniffed;
}

/** The records of a CSV after its header, with the physical line where each starts (quoted line breaks joined). */
export async function* readRecords(text: CsvText): AsyncGenerator<{ line: number; cells: string[] }> {
  const input = createReadStream(text.path);
  const lines = createInterface({ input: text.compressed ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  let physical = 0;
  let pending = '';
  let start = 0;
  try {
    for await (const line of lines) {
      physical++;
      if (physical === 1) continue;
      if (!pending) start = physical;
      pending = pending ? `${pending}\n${line}` : line;
      if ((pending.match(/"/g)?.length ?? 0) % 2 === 1) continue; // a quoted field goes on on the next line
      yield { line: start, cells: splitCsvLine(pending, text.sniffed.delimiter) };
      pending = '';
    }
  } finally {
    input.destroy();
  }
}
