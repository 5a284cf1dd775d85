// Shared by the methodology commands (indicators, diagnose, compare, territories, methodology): year and zoning
// options, CSV output.
import { csvRecords, type CsvCell } from '../shared/csv.ts';
import type { Zonage } from '../territory/bassin-level.ts';
import { choice, UserError, type OptionSpec } from './command.ts';

export const YEAR_OPTION: OptionSpec = {
  name: 'annee',
  oldNames: ['year'],
  value: 'ANNÉE',
  description: 'année (défaut : la dernière année disponible de chaque indicateur)',
};
export const ZONAGE_OPTION: OptionSpec = {
  name: 'zonage',
  value: 'clee|ze2020',
  description: "zonage des bassins (défaut : clee, le zonage chargé ; ze2020 : zones d'emploi)",
};

export function parseYear(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || !Number.isInteger(year))
    throw new UserError(`Année invalide : « ${text} » (attendu : une année sur quatre chiffres, ex. 2023).`, 2);
  return year;
}

export function parseZonage(value: unknown): Zonage {
  return choice(value, ['clee', 'ze2020'] as const, 'zonage');
}

/**
 * Flat records (src/server/list-tables.ts, tables.ts rows) as CSV on stdout with the project's one writer, the API's
 * columns in the API's order: the same bytes as the API's ?format=csv.
 */
export function printCsvRecords(
  columns: readonly string[],
  records: readonly Readonly<Record<string, CsvCell>>[],
): void {
  process.stdout.write(csvRecords(columns, records));
}
