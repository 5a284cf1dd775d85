// CSV bytes in the layouts of the published files (delimiter, BOM, encoding, line ends).
import iconv from 'iconv-lite';

export type Cell = string | number | null | undefined;

export interface CsvOptions {
  delimiter: ';' | ',';
  bom?: boolean;
  encoding?: 'utf-8' | 'windows-1252';
  eol?: '\n' | '\r\n';
}

function csvCell(value: Cell, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')
    ? `"${s.replace(/"/g, '""')}"`
    : s;
}

export function csvBytes(header: string[], rows: Cell[][], options: CsvOptions): Buffer {
  const eol = options.eol ?? '\n';
  const lines = [header, ...rows].map((r) => {
    if (r.length !== header.length)
      throw new Error(`ligne de ${r.length} cellules pour ${header.length} colonnes (${header[0]}…)`);
    return r.map((c) => csvCell(c, options.delimiter)).join(options.delimiter);
  });
  const text = lines.join(eol) + eol;
  if (options.encoding === 'windows-1252') {
    const bytes = iconv.encode(text, 'windows-1252');
    if (iconv.decode(bytes, 'windows-1252') !== text) throw new Error('caractère non représentable en Windows-1252');
    return bytes;
  }
  return Buffer.concat([options.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf-8')]);
}
