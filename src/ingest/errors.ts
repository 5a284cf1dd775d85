// A refused file: the message names the file, the line, the column, the value and what was expected.
import { basename } from 'node:path';

interface IngestErrorDetails {
  file: string;
  /** Spreadsheet sources: the sheet; `line` is then its row and `column` its column (shown as a letter). */
  sheet?: string;
  line?: number;
  column?: number;
  columnName?: string;
  value?: string;
  expected?: string;
  /** The problem, in French, without the location (added by the message). */
  reason: string;
  /** Extra lines shown after the message (e.g. the list of known formats). */
  hint?: string;
}

export class IngestError extends Error {
  readonly details: IngestErrorDetails;
  constructor(details: IngestErrorDetails) {
    super(formatIngestError(details));
    this.name = 'IngestError';
    this.details = details;
  }
}

function formatIngestError(d: IngestErrorDetails): string {
  const where = [basename(d.file)];
  if (d.sheet !== undefined) where.push(`feuille « ${d.sheet} »`);
  if (d.line !== undefined) where.push(`ligne ${d.line}`);
  if (d.column !== undefined)
    where.push(
      `colonne ${d.sheet !== undefined ? columnLetters(d.column) : d.column}` +
        (d.columnName ? ` (« ${d.columnName} »)` : ''),
    );
  else if (d.columnName) where.push(`colonne « ${d.columnName} »`);
  let message = `${where.join(', ')} : ${d.reason}`;
  if (d.value !== undefined) message += ` ; valeur lue : « ${truncate(d.value, 80)} »`;
  if (d.expected) message += ` ; attendu : ${d.expected}`;
  return `${message}.${d.hint ? `\n${d.hint}` : ''}`;
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}… (${value.length} caractères)` : value;
}

/** 1 → A, 27 → AA: spreadsheet column names. */
function columnLetters(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
