// `--departements`: keep only the rows of some départements before ingestion, in one streamed pass.
// Works on bytes (the separator, quotes and codes are ASCII), so UTF-8 and Windows-1252 files alike are copied
// unchanged; quoted fields (with separators or line breaks inside) are honoured.
import { constants as bufferConstants } from 'node:buffer';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { normaliseHeader } from '../registry.ts';
import { splitCsvLine } from '../sniff.ts';
import type { DepartementFilter } from './manifest.ts';

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** A département code as users and files write it: 7, 07, 038 → 07 / 38; 2a, 02A → 2A; 974 stays. */
export function normaliseDepartement(value: string): string {
  const v = value.trim().replace(/^"|"$/g, '').toUpperCase();
  if (/^\d$/.test(v)) return `0${v}`;
  if (/^0(\d\d|2[AB])$/.test(v)) return v.slice(1);
  return v;
}

/** The département of a cell according to the declared rule; null when the cell cannot hold one. */
export function departementOf(cell: string, rule: DepartementFilter['rule']): string | null {
  const v = cell.trim().replace(/^"|"$/g, '').toUpperCase();
  if (v === '') return null;
  switch (rule) {
    case 'departement':
      return normaliseDepartement(v);
    case 'commune': {
      // A spreadsheet may have turned 07186 into 7186.
      const code = /^\d{4}$/.test(v) ? `0${v}` : v;
      if (!/^(\d{5}|2[AB]\d{3})$/.test(code)) return null;
      if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3);
      return code.slice(0, 2);
    }
    case 'uai': {
      const prefix = v.slice(0, 3);
      if (!/^\d{3}$/.test(prefix)) return null;
      if (prefix === '620') return '2A';
      if (prefix === '720') return '2B';
      return normaliseDepartement(prefix);
    }
  }
}

/** Parses `--departements 07,26,38` (spaces allowed) into normalised codes. */
export function parseDepartements(list: string): string[] {
  const codes = list
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map(normaliseDepartement);
  const wrong = codes.filter((c) => !/^(\d\d|2[AB]|97\d)$/.test(c));
  if (codes.length === 0 || wrong.length) {
    throw new FilterError(`liste de départements invalide : « ${list} » (attendu par exemple 07,26,38,73,74)`);
  }
  return [...new Set(codes)];
}

export interface FilterStats {
  kept: number;
  read: number;
  /** Header of the file, as published. */
  column: string;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** Longest record the filter accepts: far above any published row, low enough to refuse a runaway quote. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * Copies the header line and the rows whose département is in `keep` from `input` to `outPath`.
 * Throws FilterError when the header has none of the declared columns, or a record is longer than 16 Mio.
 * One pass over the bytes: a record split over several chunks is kept as its pieces and joined once it ends.
 */
export async function filterCsvStream(
  input: Readable,
  outPath: string,
  filter: DepartementFilter,
  keep: readonly string[],
  maxRecordBytes = MAX_RECORD_BYTES,
): Promise<FilterStats> {
  const wanted = new Set(keep.map(normaliseDepartement));
  const out = createWriteStream(outPath);
  const outDone = finished(out);
  outDone.catch(() => undefined);
  const write = async (bytes: Buffer) => {
    // events.once removes its listeners again (one per pause used to pile up).
    if (!out.write(bytes)) await once(out, 'drain');
  };
  let header: { index: number; column: string; delimiter: number } | undefined;
  let kept = 0;
  let read = 0;
  let line = 1;

  const handleRecord = async (record: Buffer) => {
    if (!header) {
      header = readHeader(record, filter);
      await write(record);
      return;
    }
    if (isBlank(record)) return;
    read++;
    const cell = fieldAt(record, header.delimiter, header.index);
    const dep = cell === undefined ? null : departementOf(cell, filter.rule);
    if (dep !== null && wanted.has(dep)) {
      kept++;
      await write(record);
    }
  };

  const pieces: Buffer[] = [];
  let pieceBytes = 0;
  let quoted = false;
  const tooLong = () =>
    new FilterError(
      `ligne ${line} : plus de ${Math.round(maxRecordBytes / 1024 / 1024)} Mio sans fin de ligne (guillemet jamais ` +
        'refermé ou fichier qui n’est pas un CSV) : fichier refusé',
    );
  try {
    for await (const data of input) {
      const chunk = data as Buffer;
      let start = 0;
      let pos = 0;
      // Next quote and newline from `pos`, searched again only once passed: each byte is looked at once.
      let nextQuote = chunk.indexOf(QUOTE);
      let nextNewline = chunk.indexOf(NEWLINE);
      while (pos < chunk.length) {
        if (nextQuote >= 0 && nextQuote < pos) nextQuote = chunk.indexOf(QUOTE, pos);
        if (quoted) {
          if (nextQuote < 0) break;
          quoted = false; // "" inside a quoted field closes and reopens: still balanced
          pos = nextQuote + 1;
          continue;
        }
        if (nextNewline >= 0 && nextNewline < pos) nextNewline = chunk.indexOf(NEWLINE, pos);
        if (nextQuote >= 0 && (nextNewline < 0 || nextQuote < nextNewline)) {
          quoted = true;
          pos = nextQuote + 1;
          continue;
        }
        if (nextNewline < 0) break;
        const end = nextNewline + 1;
        if (pieceBytes + end - start > maxRecordBytes) throw tooLong();
        const tail = chunk.subarray(start, end);
        await handleRecord(pieces.length ? Buffer.concat([...pieces, tail]) : tail);
        pieces.length = 0;
        pieceBytes = 0;
        line++;
        start = end;
        pos = end;
      }
      if (start < chunk.length) {
        pieces.push(chunk.subarray(start));
        pieceBytes += chunk.length - start;
        if (pieceBytes > maxRecordBytes) throw tooLong();
      }
    }
    if (pieceBytes) await handleRecord(Buffer.concat([...pieces, Buffer.from('\n')]));
  } catch (error) {
    out.destroy();
    throw error;
  }
  out.end();
  await outDone;
  if (!header) throw new FilterError("fichier vide : aucune ligne d'en-tête à lire");
  return { kept, read, column: header.column };
}

/** Text of field `index` of one record (ASCII-safe: only used for codes). */
function fieldAt(record: Buffer, delimiter: number, index: number): string | undefined {
  let field = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= record.length; i++) {
    const b = i < record.length ? record[i] : delimiter;
    if (b === QUOTE) quoted = !quoted;
    else if ((b === delimiter || b === NEWLINE || b === 0x0d) && !quoted) {
      if (field === index) return record.subarray(start, i).toString('latin1').replace(/^"|"$/g, '');
      if (b !== delimiter) return undefined;
      field++;
      start = i + 1;
    }
  }
  return undefined;
}

function isBlank(record: Buffer): boolean {
  for (const b of record) if (b !== NEWLINE && b !== 0x0d && b !== 0x20) return false;
  return true;
}

function readHeader(record: Buffer, filter: DepartementFilter): { index: number; column: string; delimiter: number } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(record);
  } catch {
    text = new TextDecoder('windows-1252').decode(record);
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  const delimiter = ([';', ',', '\t'] as const)
    .map((d) => ({ d, n: splitCsvLine(text, d).length }))
    .sort((a, b) => b.n - a.n)[0].d;
  const headers = splitCsvLine(text, delimiter);
  const normalised = headers.map(normaliseHeader);
  for (const column of filter.columns) {
    const index = normalised.indexOf(column);
    if (index >= 0) return { index, column: headers[index], delimiter: delimiter.charCodeAt(0) };
  }
  throw new FilterError(
    `impossible de filtrer par département : aucune des colonnes ` +
      `${filter.columns.map((c) => `« ${c} »`).join(', ')} dans l'en-tête ` +
      `(${headers.slice(0, 8).join(', ')}${headers.length > 8 ? ', …' : ''})`,
  );
}

/** GeoJSON FeatureCollection: keeps the features whose property (first declared one present) is in `keep`. */
export async function filterGeoJson(
  inPath: string,
  outPath: string,
  filter: DepartementFilter,
  keep: readonly string[],
): Promise<FilterStats> {
  const wanted = new Set(keep.map(normaliseDepartement));
  const size = (await stat(inPath)).size;
  if (size > bufferConstants.MAX_STRING_LENGTH)
    throw new FilterError(
      `GeoJSON de ${Math.round(size / 1024 / 1024)} Mio, trop grand pour être filtré d'un bloc : prenez les contours ` +
        'simplifiés (communes-100m) ou un fichier par département',
    );
  const data = JSON.parse((await readFile(inPath, 'utf-8')).replace(/^\uFEFF/, '')) as {
    type?: string;
    features?: { properties?: Record<string, unknown> }[];
  };
  if (data.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
    throw new FilterError('GeoJSON inattendu : une FeatureCollection était attendue');
  }
  const column = filter.columns.find((c) => data.features!.some((f) => f.properties && c in f.properties));
  if (!column) {
    throw new FilterError(
      `impossible de filtrer par département : aucune propriété ${filter.columns.map((c) => `« ${c} »`).join(', ')} ` +
        `dans les entités`,
    );
  }
  const features = data.features.filter((f) => {
    const dep = departementOf(String(f.properties?.[column] ?? ''), filter.rule);
    return dep !== null && wanted.has(dep);
  });
  await writeFile(outPath, JSON.stringify({ ...data, features }));
  return { kept: features.length, read: data.features.length, column };
}
