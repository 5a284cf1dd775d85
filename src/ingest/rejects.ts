// DuckDB's rejected lines turned into French errors naming file, line, column and expectation.
import type { Database } from '../db/database.ts';
import { IngestError } from './errors.ts';
import { type LoadPlan, readType } from './plan.ts';
import type { RecordCounter } from './records.ts';
import { type Sniffed, splitCsvLine } from './sniff.ts';

/** Longest line DuckDB's reader accepts (its buffer); longer lines are rejected with their line number. */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;

interface RejectRow {
  line: number;
  column_name: string | null;
  error_type: string;
  csv_line: string | null;
  error_message: string;
}

/** Turns the first line DuckDB rejected into an IngestError naming line, column, value and expectation. */
export async function raiseFirstReject(db: Database, file: string, sniffed: Sniffed, plan: LoadPlan): Promise<void> {
  const reject = await db.one<RejectRow>(
    'SELECT line, column_name, error_type, csv_line, error_message FROM clee_rejects ORDER BY line LIMIT 1',
  );
  if (!reject) return;
  const index = reject.column_name?.startsWith('c') ? Number(reject.column_name.slice(1)) : undefined;
  const header = index !== undefined ? sniffed.headers[index] : undefined;
  const cells = reject.csv_line ? splitCsvLine(reject.csv_line, sniffed.delimiter) : [];
  const line = Number(reject.line);
  const expectedColumns =
    `${sniffed.headers.length} colonnes séparées par « ` +
    `${sniffed.delimiter === '\t' ? 'tabulation' : sniffed.delimiter} »`;
  switch (reject.error_type) {
    case 'CAST': {
      const cell = plan.cells.find((c) => c.index === index);
      const type = cell ? readType(cell, plan.format) : 'DOUBLE';
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        value: index !== undefined ? cells[index] : undefined,
        reason: 'valeur illisible pour une colonne numérique',
        expected:
          (type === 'BIGINT' ? 'un nombre entier' : 'un nombre') +
          (plan.format.secretMarkers.length
            ? ` ou un marqueur de secret (${plan.format.secretMarkers.join(', ')})`
            : ''),
      });
    }
    case 'MISSING COLUMNS': {
      const other = ([';', ',', '\t'] as const).find(
        (d) =>
          d !== sniffed.delimiter &&
          reject.csv_line &&
          splitCsvLine(reject.csv_line, d).length === sniffed.headers.length,
      );
      if (other) {
        throw new IngestError({
          file,
          line,
          column: 1,
          columnName: sniffed.headers[0],
          reason:
            `mauvais séparateur : cette ligne est séparée par « ${other === '\t' ? 'tabulation' : other} » ` +
            `alors que l'en-tête l'est par « ${sniffed.delimiter} »`,
          expected: expectedColumns,
        });
      }
      throw new IngestError({
        file,
        line,
        column: cells.length + 1,
        columnName: sniffed.headers[cells.length],
        reason: `ligne incomplète (${cells.length} colonnes sur ${sniffed.headers.length}, fichier tronqué ?)`,
        expected: expectedColumns,
      });
    }
    case 'TOO MANY COLUMNS':
      throw new IngestError({
        file,
        line,
        column: sniffed.headers.length + 1,
        reason:
          `trop de colonnes (${cells.length} au lieu de ${sniffed.headers.length} ; séparateur ou guillemets ` +
          `incorrects ?)`,
        expected: expectedColumns,
      });
    case 'UNQUOTED VALUE':
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        reason: 'guillemet non fermé ou mal placé',
        expected: 'un champ entre guillemets fermés (" doublés à l\'intérieur)',
      });
    case 'LINE SIZE OVER MAXIMUM':
      throw new IngestError({
        file,
        line,
        reason: `ligne trop longue (plus de ${MAX_LINE_BYTES / 1024 / 1024} Mio)`,
        expected: 'des lignes de moins de 2 Mio',
      });
    case 'INVALID UNICODE':
    case 'INVALID ENCODING': // DuckDB 1.5's name for it
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        reason: 'octets UTF-8 invalides',
        expected: 'un texte UTF-8 ou Windows-1252 cohérent',
      });
    default:
      throw new IngestError({
        file,
        line,
        column: index !== undefined ? index + 1 : undefined,
        columnName: header,
        reason: `ligne refusée (${reject.error_message})`,
      });
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 });

/** The file's longest line when it is over the reader's limit: the likeliest line DuckDB could not read. */
function overlong(counted: RecordCounter | undefined): { line: number; reason: string } | undefined {
  if (!counted || counted.longest.bytes <= MAX_LINE_BYTES) return undefined;
  return {
    line: counted.longest.line,
    reason: `ligne trop longue (${mib(counted.longest.bytes)} Mio, plus de ${mib(MAX_LINE_BYTES)} Mio)`,
  };
}

/** Fewer rows loaded than records in the file, no line rejected: refuse, naming the line when it is known. */
export function unreadLines(file: string, counted: RecordCounter, rows: number): IngestError {
  const missing = counted.records - 1 - rows;
  const long = overlong(counted);
  const count = `${counted.records - 1} lignes de données dans le fichier, ${rows} lues`;
  return new IngestError({
    file,
    line: long?.line,
    reason: long
      ? `${long.reason} : elle n'a pas pu être lue (${count})`
      : `${Math.abs(missing)} ligne(s) ${missing > 0 ? 'perdue(s)' : 'en trop'} à la lecture (${count})`,
    expected: `des lignes de moins de ${mib(MAX_LINE_BYTES)} Mio, chacune lue ou refusée`,
    hint: 'Aucune donnée de ce fichier n’a été chargée ; coupez ou corrigez la ligne indiquée, puis relancez.',
  });
}

/** A DuckDB error while reading the file, as an IngestError naming the file and, when known, the line. */
export function readError(file: string, error: unknown, counted: RecordCounter | undefined): IngestError {
  const message = error instanceof Error ? error.message : String(error);
  const long = overlong(counted);
  const line = long?.line ?? Number(/\bline:? (\d+)/i.exec(message)?.[1] ?? Number.NaN);
  const duckdb = message.split('\n')[0].slice(0, 300);
  return new IngestError({
    file,
    line: Number.isFinite(line) ? line : undefined,
    reason: long ? `${long.reason} : lecture impossible` : `lecture impossible (${duckdb})`,
    expected: 'un CSV bien formé (une ligne par enregistrement, guillemets fermés)',
  });
}
