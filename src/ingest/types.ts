// A source format is a declared record: the generic loader (loader.ts) reads any file described here.
// Adding a published layout means adding a record to a file of ./formats, never a new code path.

/** Column types as stored in DuckDB. Codes are text so that 07001, 2A004 and 0070001A keep their shape. */
export type ColumnType = 'code' | 'text' | 'integer' | 'double' | 'year-first' | 'year-last' | 'period';
// 'year-first' / 'year-last': an integer year taken from a cell such as « 2022-2023 » or « cumul 2021-2022 »
// (first or last four-digit group): IPS files give the rentrée as « 2022-2023 », InserJeunes pools two years.
// 'period': a quarter or month cell of a long series (« 1997-T3 », « T3 1997 », « 2024-12 », « 2024-12-31 ») stored as
// the label the wide series use (`1997-T3`); a month ending a quarter is that quarter's end-of-quarter stock
// (`2024-12` → `2024-T4`), any other month keeps its own label (`2024-11`), and an unreadable cell is kept as written.

export interface ColumnSpec {
  /** Column name in the DuckDB table (snake_case, ASCII). */
  name: string;
  /**
   * Header names accepted in published files, in normalised form (see normaliseHeader):
   * lower case, accents removed, every run of non-alphanumerics turned into `_`.
   * Data.education.gouv.fr exports exist with field names and with labels: list both.
   */
  headers: readonly (string | RegExp)[];
  type: ColumnType;
  /** A file lacking a required column is refused. Default: true. */
  required?: boolean;
  /** Human description, French (shown by `clee sources --format json` and the docs). */
  description?: string;
}

/**
 * INSEE census bases: one column per variable and census year, `P21_POP1564`, `C21_ACT1564`.
 * The loader writes one row per (key, year): `P21_POP1564` → column `p_pop1564`, annee 2021.
 */
interface YearPrefixedColumns {
  kind: 'year-prefixed';
  /** Must capture (1) the exploitation letter P or C, (2) the two-digit year, (3) the variable name. */
  pattern: RegExp;
  /** Variables (as stored, e.g. `p_pop1524`) created in the table even if a file lacks them, so SQL always binds. */
  expected: string[];
}

/**
 * Series published wide by period (`2023-T1`, `2023-T2`, … or `2024-01`): unpivoted by the loader into
 * rows (…keys, periode, valeur).
 */
export interface PeriodColumns {
  kind: 'period-wide';
  /** Matches a period header; its first capture group, normalised by `period`, gives the period label. */
  pattern: RegExp;
  /** Turns the header (as published) into a sortable period label such as `2023-T1`. */
  period: (header: string) => string;
  valueType: 'double' | 'integer';
}

/**
 * What periods a file covers and how recent it is. For each period of a source (census year, rentrée,
 * quarter, BMO year), the rows of the most recent vintage count: a newer file replaces the periods it
 * shares with older ones, and an older file only adds the periods nobody else has.
 */
type VintageRule =
  /** Periods: the census years of the year-prefixed columns; vintage: the latest. */
  | { kind: 'prefix-year' }
  /** Periods: the distinct values of a column (e.g. the rentrée scolaire, the BMO year); vintage: the latest. */
  | { kind: 'period-column'; column: string }
  /** Periods: the period columns of a wide series; vintage: the latest period. */
  | { kind: 'latest-period' }
  /**
   * A snapshot of the whole source (Sirene stock, annuaire, COG): a newer one replaces it entirely; vintage: max of
   * `column` if any.
   */
  | { kind: 'snapshot'; column?: string };

/** A column holding commune codes and, when the layout has one, the column giving the row's département. */
interface CommuneColumn {
  /** Declared column name (ColumnSpec.name) of the commune code. */
  column: string;
  /** Declared column name of the row's département code, which makes the repair of a lost leading zero certain. */
  departement?: string;
}

export interface SourceFormat {
  /** Stable id, e.g. `insee-rp-emploi`. */
  id: string;
  /** Family, i.e. the adapter folder: one of the publisher families the product covers. */
  family: 'insee' | 'emploi' | 'education' | 'territoire';
  /** Who publishes the dataset (INSEE, DARES…), the same word `editeur` in the registries, the CLI and the API. */
  editeur: string;
  /** Title of the published dataset, in French (`jeu_de_donnees` in the API and CLI outputs). */
  dataset: string;
  /**
   * Normalised headers that together identify the format; a string is an exact header, a RegExp any
   * matching header. Detection uses headers only, never the file name.
   */
  detect: readonly (string | RegExp)[];
  /** Declared columns (keys and typed values). Undeclared columns of a file are kept as text. */
  columns: ColumnSpec[];
  /** Wide layouts, unpivoted by the loader. At most one. */
  wide?: YearPrefixedColumns | PeriodColumns;
  /** Constant columns written on every row, e.g. { niveau: 'ze' } when two layouts share one table. */
  constants?: Record<string, string>;
  /** Cell values meaning "secret or missing": stored as NULL, never 0. The empty cell is always one. */
  secretMarkers: string[];
  /** Target table (created from this record by ensureSchema). */
  table: string;
  vintage: VintageRule;
  /**
   * Commune code columns, checked after loading (communes.ts): a four-digit code (leading zero lost, `7010` for
   * 07010) is repaired when the row's département confirms it and said in the load note; the file is refused otherwise.
   */
  communes?: readonly CommuneColumn[];
  /** For spreadsheet sources (issue 5): which sheet and which header row (1-based). */
  sheet?: { name: string | RegExp; headerRow: number };
}

/** Default secret/missing markers seen across INSEE, DARES and Éducation nationale files. */
export const COMMON_SECRET_MARKERS = ['s', 'nd', '(s)', 'n.d.', 'NA', '*', '-'];

/**
 * Declares formats keeping each id as a literal type, so that the ids form a union (SourceId, registry.ts) and a
 * reference to a format elsewhere (an indicator's sources) is checked by the compiler.
 */
export function defineFormats<const T extends readonly SourceFormat[]>(formats: T): T {
  return formats;
}
