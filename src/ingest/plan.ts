// Maps the header cells of one file onto a source format: which cell feeds which column, with which type.
import { IngestError } from './errors.ts';
import { describePattern, headerForms, headerMatches, normaliseHeader } from './registry.ts';
import type { ColumnSpec, ColumnType, SourceFormat } from './types.ts';

export type Cell =
  | { kind: 'column'; index: number; header: string; spec: ColumnSpec }
  | { kind: 'year-var'; index: number; header: string; year: number; variable: string }
  | { kind: 'period'; index: number; header: string; period: string }
  | { kind: 'extra'; index: number; header: string; name: string };

/** A cell feeding one declared column of the format. */
export type ColumnCell = Extract<Cell, { kind: 'column' }>;

export interface LoadPlan {
  format: SourceFormat;
  cells: Cell[];
  /** Census years found among year-prefixed headers, ascending. */
  years: number[];
  /** Period labels found among period headers, ascending. */
  periods: string[];
}

/** DuckDB type in which read_csv parses a cell (text-derived types are parsed as VARCHAR, transformed in SQL). */
export function readType(cell: Cell, format: SourceFormat): string {
  if (cell.kind === 'column')
    return storageType(cell.spec.type) === 'VARCHAR' || cell.spec.type.startsWith('year')
      ? 'VARCHAR'
      : storageType(cell.spec.type);
  if (cell.kind === 'year-var') return 'DOUBLE';
  if (cell.kind === 'period')
    return format.wide?.kind === 'period-wide' && format.wide.valueType === 'integer' ? 'BIGINT' : 'DOUBLE';
  return 'VARCHAR';
}

export function storageType(type: ColumnType): string {
  switch (type) {
    case 'integer':
    case 'year-first':
    case 'year-last':
      return 'BIGINT';
    case 'period':
      return 'VARCHAR';
    case 'double':
      return 'DOUBLE';
    default:
      return 'VARCHAR';
  }
}

export function planLoad(file: string, format: SourceFormat, rawHeaders: string[]): LoadPlan {
  const normalised = rawHeaders.map(normaliseHeader);
  const forms = rawHeaders.map(headerForms);
  rejectDuplicates(file, rawHeaders, normalised);
  const cells: Cell[] = [];
  const used = new Set<string>();
  const taken = new Set<number>();

  for (const spec of format.columns) {
    // A whole header first; a label stripped of its note (headerForms) only when no whole header matches.
    const matchesAt = (form: number) =>
      forms.findIndex(
        (f, i) => !taken.has(i) && f[form] !== undefined && spec.headers.some((p) => headerMatches(p, f[form])),
      );
    const whole = matchesAt(0);
    const index = whole >= 0 ? whole : matchesAt(1);
    if (index < 0) {
      if (spec.required === false) continue;
      throw new IngestError({
        file,
        line: 1,
        columnName: spec.name,
        reason: `colonne obligatoire absente pour le format « ${format.id} »`,
        expected: `un en-tête parmi ${spec.headers.map(describePattern).join(', ')}`,
      });
    }
    taken.add(index);
    used.add(spec.name);
    cells.push({ kind: 'column', index, header: rawHeaders[index], spec });
  }

  const years = new Set<number>();
  const periods = new Set<string>();
  normalised.forEach((h, index) => {
    if (taken.has(index)) return;
    const wide = format.wide;
    if (wide?.kind === 'year-prefixed') {
      const m = wide.pattern.exec(h);
      if (m) {
        const year = 2000 + Number(m[2]);
        years.add(year);
        cells.push({ kind: 'year-var', index, header: rawHeaders[index], year, variable: `${m[1]}_${m[3]}` });
        return;
      }
    }
    if (wide?.kind === 'period-wide' && wide.pattern.test(h)) {
      const period = wide.period(h);
      periods.add(period);
      cells.push({ kind: 'period', index, header: rawHeaders[index], period });
      return;
    }
    let name = /^[a-z_]/.test(h) ? h : `x_${h}`;
    if (name === '') name = `colonne_${index + 1}`;
    while (used.has(name) || RESERVED.has(name)) name = `${name}_bis`;
    used.add(name);
    cells.push({ kind: 'extra', index, header: rawHeaders[index], name });
  });
  cells.sort((a, b) => a.index - b.index);
  return { format, cells, years: [...years].sort(), periods: [...periods].sort() };
}

/** Columns the loader itself writes. */
const RESERVED = new Set(['file_id', 'annee', 'periode', 'valeur', 'niveau']);

function rejectDuplicates(file: string, raw: string[], normalised: string[]): void {
  const seen = new Map<string, number>();
  normalised.forEach((h, i) => {
    const first = seen.get(h);
    if (first !== undefined) {
      throw new IngestError({
        file,
        line: 1,
        column: i + 1,
        columnName: raw[i],
        reason: `en-tête en double (déjà en colonne ${first + 1}, « ${raw[first]} »)`,
        expected: 'des noms de colonnes tous différents',
      });
    }
    seen.set(h, i);
  });
}
