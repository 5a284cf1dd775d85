// Watches the XML of a workbook on its way to the parser and stops at a text far too long for a cell. A spreadsheet
// cell holds at most 32 767 characters; a 200 MiB cell (or one past V8's longest string, which the XML parser
// would fail on with an English « Invalid string length ») is a broken or hostile file. The parser builds each
// text node in one string, so the only place to stop it in time is before it: the raw bytes, between two « < ».

const LT = 0x3c;
/** Bytes kept before the start of a text, to find the cell (`<c r="M3" …>`) that holds it. */
const CONTEXT_BYTES = 512;
const SI_CLOSE = Buffer.from('</si>');

/** A text longer than the limit: where it starts, as far as the XML says. */
export class OversizedText extends Error {
  constructor(
    readonly limit: number,
    /** Worksheet XML: the cell holding the text (1-based column and row), when its tag is found. */
    readonly cell: { column: number; row: number } | undefined,
    /** Shared strings XML: the index of the string (the cells refer to it by this number). */
    readonly sharedString: number | undefined,
  ) {
    super(`text over ${limit} bytes`);
  }
}

/**
 * Counts the bytes since the last « < » across chunks. Only the run crossing chunk boundaries needs counting when a
 * chunk is shorter than the limit, so most chunks cost one indexOf and one lastIndexOf.
 */
export class XmlTextGuard {
  private run = 0;
  /** The chunk holding the last « < » seen, its index, and the bytes before that chunk (context for the cell tag). */
  private ltChunk: Buffer = Buffer.alloc(0);
  private ltIndex = -1;
  private beforeLt: Buffer = Buffer.alloc(0);
  /** The last bytes before the current chunk (chunks may be smaller than a tag). */
  private tail: Buffer = Buffer.alloc(0);
  /** Shared strings XML: `</si>` seen, i.e. the index of the string being read. */
  private closedStrings = 0;

  constructor(
    private readonly limit: number,
    private readonly kind: 'worksheet' | 'shared-strings',
  ) {}

  check(chunk: Buffer): void {
    if (chunk.length <= this.limit) {
      const first = chunk.indexOf(LT);
      if (this.run + (first < 0 ? chunk.length : first) > this.limit) throw this.oversized();
      if (first < 0) this.run += chunk.length;
      else {
        const last = chunk.lastIndexOf(LT);
        this.markLt(chunk, last);
        this.run = chunk.length - last - 1;
      }
    } else {
      // A chunk longer than the limit can hide a whole over-long text: walk its « < » one by one.
      for (let pos = 0; ; ) {
        const lt = chunk.indexOf(LT, pos);
        this.run += (lt < 0 ? chunk.length : lt) - pos;
        if (this.run > this.limit) {
          // The text started in this chunk: the strings closed before it count.
          if (this.kind === 'shared-strings' && this.ltChunk === chunk) this.countStrings(chunk, this.ltIndex);
          throw this.oversized();
        }
        if (lt < 0) break;
        this.markLt(chunk, lt);
        this.run = 0;
        pos = lt + 1;
      }
    }
    // Counted once the chunk has passed: a `</si>` after the over-long text would not be before it.
    if (this.kind === 'shared-strings') this.countStrings(chunk, chunk.length);
    this.tail =
      chunk.length >= CONTEXT_BYTES
        ? chunk.subarray(-CONTEXT_BYTES)
        : Buffer.concat([this.tail, chunk]).subarray(-CONTEXT_BYTES);
  }

  private markLt(chunk: Buffer, index: number): void {
    if (this.ltChunk !== chunk) this.beforeLt = this.tail;
    this.ltChunk = chunk;
    this.ltIndex = index;
  }

  /** Counts the `</si>` ending before `end` in the chunk, one cut between the previous chunk and this one included. */
  private countStrings(chunk: Buffer, end: number): void {
    const cut = SI_CLOSE.length - 1;
    const joint = Buffer.concat([this.tail.subarray(-cut), chunk.subarray(0, Math.min(cut, end))]);
    if (joint.includes(SI_CLOSE)) this.closedStrings++;
    const part = chunk.subarray(0, end);
    for (let i = part.indexOf(SI_CLOSE); i >= 0; i = part.indexOf(SI_CLOSE, i + SI_CLOSE.length)) this.closedStrings++;
  }

  private oversized(): OversizedText {
    if (this.kind === 'shared-strings') return new OversizedText(this.limit, undefined, this.closedStrings);
    return new OversizedText(this.limit, this.cellBeforeText(), undefined);
  }

  /** The last cell tag before the text: `<c r="M3" t="inlineStr"><is><t>` ends right before it. */
  private cellBeforeText(): { column: number; row: number } | undefined {
    if (this.ltIndex < 0) return undefined;
    const end = this.ltIndex + 1;
    const context = Buffer.concat([
      end < CONTEXT_BYTES ? this.beforeLt.subarray(-(CONTEXT_BYTES - end)) : Buffer.alloc(0),
      this.ltChunk.subarray(Math.max(0, end - CONTEXT_BYTES), end),
    ]).toString('latin1');
    const tags = [...context.matchAll(/<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"/g)];
    const tag = tags.at(-1);
    if (!tag) return undefined;
    return { column: columnNumber(tag[1]), row: Number(tag[2]) };
  }
}

/** A → 1, AA → 27. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** The chunks of one XML part, checked on the way. */
export async function* guardedChunks(
  chunks: AsyncIterable<Buffer>,
  guard: XmlTextGuard,
): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of chunks) {
    guard.check(chunk);
    yield chunk;
  }
}
