// The table under the comparison charts and its CSV: exactly what the charts show, one value per column, the unit
// and the period of each column written once in its header, numbers rounded as the page shows them (so that the CSV
// reads like the API's and the CLI's exports: same writer, decimal comma, « oui » / « non »).
import type { Indicator, TerritoryValue } from './api.ts';
import { h } from './dom.ts';
import { tableHead } from './table.ts';
import { downloadCsv, type CsvCell } from './export.ts';
import { formatNumber, roundAsShown } from './format.ts';

interface ComparisonTableSpec {
  def: Indicator;
  /** The scatter's axes (left out when they repeat the indicator shown). */
  xDef: Indicator;
  yDef: Indicator;
  values: TerritoryValue[];
  /** The scatter's values by basin code (x, y), and the académie's. */
  xValues: TerritoryValue[];
  yValues: TerritoryValue[];
  /** The département (when one is chosen) and the académie, as references. */
  references: TerritoryValue[];
  /** The word for a reference row in the verdict column. */
  referenceLabel: string;
  /** What rank 1 means (« rang 1 = le plus favorable »), from the API; '' when the values have no rank. */
  rangNote: string;
  filename: string;
}

interface Column {
  header: string;
  /** Unit the column's numbers are written in ('' for text). */
  unite: string | null;
  cell: (v: TerritoryValue) => CsvCell;
  /** A cell shown as a badge with this explanation as its tooltip (the CSV holds the badge's text). */
  badge?: (v: TerritoryValue) => string | null;
}

/** « (%) », « (pour 1 000 habitants) », nothing for a bare count. */
function unitSuffix(unite: string): string {
  return unite === 'nombre' || unite === '' ? '' : ` (${unite})`;
}

/** A gap to the académie is in points for a rate, in the indicator's unit otherwise. */
function gapUnit(unite: string): string {
  return unite === '%' ? 'points' : unite;
}

function periodOf(def: Indicator, annee: number | null | undefined, fallback?: string | null): string {
  return fallback ?? def.periodes?.find((p) => p.annee === annee)?.periode ?? (annee ? String(annee) : '');
}

function columnsOf(spec: ComparisonTableSpec): Column[] {
  const { def, xDef, yDef } = spec;
  const shown = spec.values.find((v) => v.valeur !== null) ?? spec.values[0];
  const annee = shown?.annee ?? null;
  const periode = periodOf(def, annee, shown?.periode);
  const byCode = (list: TerritoryValue[]) => new Map(list.map((v) => [v.code, v]));
  const valueColumn = (d: Indicator, list: TerritoryValue[]): Column => {
    const index = byCode(list);
    const first = list.find((v) => v.valeur !== null) ?? list[0];
    return {
      header: `${d.libelle}${unitSuffix(d.unite)}, ${periodOf(d, first?.annee, first?.periode)}`,
      unite: d.unite,
      cell: (v) => roundAsShown(index.get(v.code)?.valeur, d.unite),
    };
  };
  const years = [...new Set([...spec.values, ...spec.references].flatMap((v) => (v.serie ?? []).map((p) => p.annee)))]
    .filter((y) => y !== annee)
    .sort((a, b) => a - b);
  return [
    { header: 'Bassin', unite: null, cell: (v) => v.nom },
    { header: 'Code', unite: null, cell: (v) => v.code },
    { header: 'Département', unite: null, cell: (v) => v.departement },
    {
      header: `${def.libelle}${unitSuffix(def.unite)}, ${periode}`,
      unite: def.unite,
      cell: (v) => roundAsShown(v.valeur, def.unite),
    },
    {
      header: `Écart à l'académie${unitSuffix(gapUnit(def.unite))}`,
      unite: def.unite,
      cell: (v) => (v.niveau === 'academie' ? null : roundAsShown(v.ecart_academie, def.unite)),
    },
    { header: spec.rangNote ? `Rang (${spec.rangNote})` : 'Rang', unite: 'nombre', cell: (v) => v.rang ?? null },
    {
      header: 'Verdict',
      unite: null,
      cell: (v) => (v.niveau === 'bassin' ? (v.verdict_libelle ?? null) : spec.referenceLabel),
    },
    {
      // A value from a coarser level, never classed: the API's badge, its explanation as tooltip.
      header: 'Origine de la valeur',
      unite: null,
      cell: (v) => v.alerte_attribution?.libelle ?? null,
      badge: (v) => v.alerte_attribution?.explication ?? null,
    },
    ...(xDef.id === def.id ? [] : [valueColumn(xDef, spec.xValues)]),
    ...(yDef.id === def.id || yDef.id === xDef.id ? [] : [valueColumn(yDef, spec.yValues)]),
    ...years.map((y) => ({
      header: `${def.libelle}${unitSuffix(def.unite)}, ${periodOf(def, y)}`,
      unite: def.unite,
      cell: (v: TerritoryValue) => roundAsShown(v.serie?.find((p) => p.annee === y)?.valeur, def.unite),
    })),
  ];
}

/** Header and rows of the table, as the CSV export writes them. */
function comparisonRows(spec: ComparisonTableSpec): {
  columns: Column[];
  rows: CsvCell[][];
  values: TerritoryValue[];
} {
  const columns = columnsOf(spec);
  const sorted = [...spec.values].sort((a, b) => (a.rang ?? 1e9) - (b.rang ?? 1e9) || a.nom.localeCompare(b.nom, 'fr'));
  const all = [...sorted, ...spec.references];
  const rows = all.map((v) => columns.map((c) => c.cell(v)));
  return { columns, rows, values: all };
}

export function comparisonTable(spec: ComparisonTableSpec): HTMLElement {
  const { columns, rows, values } = comparisonRows(spec);
  const headers = columns.map((c) => c.header);
  const flagged = values.filter((v) => v.alerte_attribution);
  return h(
    'div',
    { class: 'panel' },
    h(
      'div',
      { style: 'display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap' },
      h('h2', { style: 'margin:0' }, 'Les données affichées'),
      h(
        'button',
        { type: 'button', 'data-export': 'csv', onclick: () => downloadCsv(spec.filename, headers, rows) },
        'Exporter ces données (CSV)',
      ),
    ),
    h(
      'p',
      { class: 'small muted' },
      'Exactement ce que montrent les graphiques ci-dessus : une ligne par bassin, puis les références ; ' +
        "l'unité et la période de chaque colonne sont dans son titre.",
    ),
    flagged.length
      ? h(
          'ul',
          { class: 'small attribution-notes' },
          flagged.map((v) =>
            h('li', { 'data-code': v.code }, h('strong', null, v.nom), ' — ', v.alerte_attribution?.explication ?? ''),
          ),
        )
      : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        tableHead(columns.map((c) => (c.unite === null ? c.header : { label: c.header, num: true }))),
        h(
          'tbody',
          null,
          rows.map((r, row) =>
            h(
              'tr',
              null,
              r.map((cell, i) => {
                const unite = columns[i].unite;
                const badge = columns[i].badge?.(values[row]);
                if (badge && cell)
                  return h('td', null, h('span', { class: 'badge attribution', title: badge }, String(cell)));
                const text =
                  typeof cell === 'number'
                    ? formatNumber(cell, unite ?? '')
                    : cell === null || cell === undefined || cell === ''
                      ? '—'
                      : String(cell);
                return h('td', { class: unite === null ? '' : 'num' }, text);
              }),
            ),
          ),
        ),
      ),
    ),
  );
}
