// Pieces of the pages' plain data tables (class « data »): the column header row and the bar drawn in a count cell.
import { h } from './dom.ts';
import { formatCount } from './format.ts';

/** A column: its header text, right-aligned when it holds numbers. */
type Column = string | { label: string; num: true };

/** The header of a table, each column a `th scope="col"`; a null column is left out. */
export function tableHead(columns: (Column | null)[]): HTMLElement {
  return h(
    'thead',
    null,
    h(
      'tr',
      null,
      columns.map((c) =>
        c === null
          ? null
          : typeof c === 'string'
            ? h('th', { scope: 'col' }, c)
            : h('th', { scope: 'col', class: 'num' }, c.label),
      ),
    ),
  );
}

/** A count with a bar as long as its share of the column's largest count. */
export function barCell(value: number | null, max: number): HTMLElement {
  return h(
    'span',
    { class: 'bar-cell' },
    h(
      'span',
      { class: 'track' },
      h('span', { class: 'bar', style: `width:${Math.round((100 * (value ?? 0)) / max)}%` }),
    ),
    h('span', null, formatCount(value)),
  );
}
