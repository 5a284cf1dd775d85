// Simulated national sums (format clee-reference-nationale): what `clee fetch --departements` writes while it
// filters a national file. The demo has only the académie's communes, so France is simulated: each variable of
// the census and enrolment files is summed as the loader reads it, then scaled to a France about 20 times larger
// by a factor of its own (France does not have the académie's rates).
import { additiveVariables } from '../../src/ingest/fetch/national.ts';
import { planLoad } from '../../src/ingest/plan.ts';
import { formatById } from '../../src/ingest/registry.ts';
import type { Cell } from './csv.ts';
import { Rng } from './random.ts';

const NATIONAL_HEADER = [
  'source_nationale',
  'periode_nationale',
  'annee',
  'variable',
  'somme_nationale',
  'lignes',
  'fichier_national',
];

/** France is about 20 times the académie (68 M inhabitants for 3,4 M). */
const SCALE = 20;

/** A number as a file writes it (« 1234,5 », « 12.3 », « s » for a secret cell → null). */
function numberOf(cell: Cell): number | null {
  if (cell === null || cell === undefined) return null;
  const n = Number(String(cell).replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/**
 * The sums of one published table per period and variable: its cells mapped as the loader maps them, the variables
 * those `clee fetch --departements` sums (ingest/fetch/national.ts).
 */
function sums(format: string, header: string[], rows: Cell[][]): Map<string, Map<number, number>> {
  const f = formatById(format);
  if (!f) throw new Error(`format inconnu : ${format}`);
  const plan = planLoad(format, f, header);
  const additive = new Set(additiveVariables(f));
  const columns: { index: number; variable: string; annee: (row: Cell[]) => number | null }[] = [];
  for (const cell of plan.cells) {
    if (cell.kind === 'year-var' && additive.has(cell.variable))
      columns.push({ index: cell.index, variable: cell.variable, annee: () => cell.year });
  }
  if (f.vintage.kind === 'period-column') {
    const byName = new Map(plan.cells.flatMap((c) => (c.kind === 'column' ? [[c.spec.name, c.index] as const] : [])));
    const at = byName.get(f.vintage.column)!;
    for (const c of f.columns) {
      const index = byName.get(c.name);
      if (index !== undefined && additive.has(c.name))
        columns.push({ index, variable: c.name, annee: (row) => numberOf(row[at]) });
    }
  }
  const out = new Map<string, Map<number, number>>();
  for (const row of rows) {
    for (const c of columns) {
      const value = numberOf(row[c.index]);
      const annee = c.annee(row);
      if (value === null || annee === null) continue;
      const byYear = out.get(c.variable) ?? new Map<number, number>();
      byYear.set(annee, (byYear.get(annee) ?? 0) + value);
      out.set(c.variable, byYear);
    }
  }
  return out;
}

/** One simulated national sums file for several published tables. */
export function nationalFile(tables: { format: string; header: string[]; rows: Cell[][] }[]): {
  header: string[];
  rows: Cell[][];
} {
  const rows: Cell[][] = [];
  for (const t of tables) {
    for (const [variable, byYear] of sums(t.format, t.header, t.rows)) {
      const factor = SCALE * new Rng(`national:${t.format}:${variable}`).factor(0.02);
      for (const [annee, total] of [...byYear].sort((a, b) => a[0] - b[0])) {
        const drift = new Rng(`national:${t.format}:${variable}:${annee}`).factor(0.01);
        rows.push([
          t.format,
          `${t.format}:${annee}`,
          annee,
          variable,
          Math.round(total * factor * drift),
          t.rows.length * SCALE,
          'fichier national simulé',
        ]);
      }
    }
  }
  return { header: NATIONAL_HEADER, rows };
}
