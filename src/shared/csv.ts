// The one CSV writer of the project: `clee … --format csv`, the API's `?format=csv` and the pages' « Exporter (CSV) »
// all call it, so one row gives the same bytes everywhere. French spreadsheet conventions: `;` separator, decimal
// comma, UTF-8 with BOM (Excel reads the accents), CRLF line ends. It imports nothing: the browser bundle uses it too.
//
// A text cell that starts with = + - @, a tab or a carriage return is a formula to a spreadsheet: a basin named
// `=HYPERLINK("http://x","y")` in a zoning file would become a live link. Such cells are written as text, prefixed
// with an apostrophe and quoted (OWASP « CSV Injection »). Numbers are written as numbers, negative ones included.

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
/** A text that is only a number (« -0,17 », « +3 ») is no formula: left as is. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/** A number as French spreadsheets read it: decimal comma, no thousands separator, no exponent. */
export function frenchNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  let text = String(value);
  if (/e/i.test(text))
    text = value
      .toFixed(Math.min(20, Math.max(0, -Math.floor(Math.log10(Math.abs(value))) + 15)))
      .replace(/\.?0+$/, '');
  return text.replace('.', ',');
}

/** True when a spreadsheet would read this text as a formula. */
function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return frenchNumber(value);
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (isFormulaLike(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole file: header line, one line per row. */
export function csvText(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [columns, ...rows].map((row) => row.map(csvCell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The whole file from records: each row's cells taken in the order of `columns`. */
export function csvRecords<C extends string>(
  columns: readonly C[],
  records: readonly Readonly<Record<C, CsvCell>>[],
): string {
  return csvText(
    columns,
    records.map((r) => columns.map((c) => r[c])),
  );
}
