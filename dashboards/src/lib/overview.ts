// The basins × indicators overview of the comparison page: one row per indicator (grouped under its domain), one
// column per basin, each cell the basin's latest value in the colour of its verdict. An HTML table rather than a
// chart: names wrap instead of being cut, the basin column headers stay readable on any screen, the table scrolls
// sideways on a phone. It shows what the API sends (values, verdicts, ranks, periods) and computes nothing.
import type { Domaine, Indicator, Libelles, TerritoryValue } from './api.ts';
import { h } from './dom.ts';
import { formatNumber, formatValue } from './format.ts';
import { lowerFirst } from '../../../src/shared/text.ts';
import { unitNote } from './charts.ts';
import { domainLabel, domainsOf } from './labels.ts';

/** How the basin columns are ordered: by département then name, by name, or by their rank on an indicator. */
export type OverviewSort = 'departement' | 'nom' | { indicateur: string };

interface OverviewSpec {
  /** Every indicator's basin values (GET /api/comparaison without indicator: each at its latest year). */
  values: TerritoryValue[];
  indicateurs: Indicator[];
  libelles: Libelles;
  sort: OverviewSort;
  /** Only this domain's indicators; all domains when absent. */
  domaine?: Domaine | null;
  /** The indicator the rest of the page shows (its row is marked). */
  current?: string;
  /** A click on an indicator's name: show it on the page and order the basins by it. */
  onPick?: (indicateur: string) => void;
}

/** The cell's class: the verdict, or « contexte » for an indicator that never gets one. */
function cellClass(v: TerritoryValue, def: Indicator): string {
  if (!v.significatif || v.verdict === 'non_significatif') return 'non_significatif';
  if (def.verdict_possible === false || def.polarite === 0) return 'contexte';
  return v.verdict ?? 'neutre';
}

function orderBasins(values: TerritoryValue[], sort: OverviewSort, libelles: Libelles): TerritoryValue[] {
  const basins = [...new Map(values.map((v) => [v.code, v])).values()];
  const depOrder = libelles.academie.departements.map((d) => d.code);
  const byName = (a: TerritoryValue, b: TerritoryValue) => a.nom.localeCompare(b.nom, 'fr');
  if (sort === 'nom') return basins.sort(byName);
  if (sort === 'departement')
    return basins.sort(
      (a, b) => depOrder.indexOf(a.departement ?? '') - depOrder.indexOf(b.departement ?? '') || byName(a, b),
    );
  const rank = new Map(
    values.filter((v) => v.indicateur === sort.indicateur).map((v) => [v.code, v.rang ?? Number.POSITIVE_INFINITY]),
  );
  return basins.sort(
    (a, b) =>
      (rank.get(a.code) ?? Number.POSITIVE_INFINITY) - (rank.get(b.code) ?? Number.POSITIVE_INFINITY) || byName(a, b),
  );
}

export function overviewTable(spec: OverviewSpec): HTMLElement {
  const { values, libelles } = spec;
  const defs = spec.indicateurs.filter(
    (d) => (!spec.domaine || d.domaine === spec.domaine) && values.some((v) => v.indicateur === d.id),
  );
  const basins = orderBasins(values, spec.sort, libelles);
  const cell = new Map(values.map((v) => [`${v.indicateur}\u0000${v.code}`, v]));
  const sortedBy = typeof spec.sort === 'object' ? spec.sort.indicateur : null;
  const head = h(
    'tr',
    null,
    h('th', { scope: 'col', class: 'corner' }, 'Indicateur (dernière période)'),
    basins.map((b) =>
      h('th', { scope: 'col', class: 'basin', title: b.nom }, h('span', { class: 'basin-name' }, b.nom)),
    ),
  );
  const groups = domainsOf(libelles, defs).map((domaine) => {
    const own = defs.filter((d) => d.domaine === domaine);
    return h(
      'tbody',
      null,
      h(
        'tr',
        { class: 'domain' },
        // The name stays in view when the table scrolls sideways (sticky inside its full-width cell).
        h(
          'th',
          { scope: 'rowgroup', colspan: basins.length + 1 },
          h('span', { class: 'domain-name' }, domainLabel(libelles, domaine)),
        ),
      ),
      own.map((def) => {
        const periode = values.find((v) => v.indicateur === def.id)?.periode ?? '';
        const label = [def.libelle, unitNote(def.unite)].join('');
        return h(
          'tr',
          { class: def.id === spec.current ? 'current' : '', 'data-indicateur': def.id },
          h(
            'th',
            { scope: 'row', 'aria-sort': sortedBy === def.id ? 'ascending' : undefined },
            spec.onPick
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'linklike',
                    title: `Afficher cet indicateur et classer les bassins selon son rang`,
                    onclick: () => spec.onPick?.(def.id),
                  },
                  label,
                )
              : label,
            periode ? h('span', { class: 'period' }, ` ${periode}`) : null,
          ),
          basins.map((b) => {
            const v = cell.get(`${def.id}\u0000${b.code}`);
            if (!v || v.valeur === null)
              return h('td', { class: 'num missing', title: `${b.nom} : non disponible` }, '—');
            const title = [
              `${b.nom} — ${def.libelle} (${v.periode ?? v.annee})`,
              formatValue(v.valeur, def.unite),
              lowerFirst(v.verdict_libelle ?? ''),
              v.rang ? `rang ${v.rang}` : '',
            ]
              .filter(Boolean)
              .join(' · ');
            return h('td', { class: `num v-${cellClass(v, def)}`, title }, formatNumber(v.valeur, def.unite));
          }),
        );
      }),
    );
  });
  return h(
    'div',
    { class: 'overview-wrap' },
    h(
      'table',
      { class: 'overview', 'aria-label': 'Vue d’ensemble : valeur et verdict de chaque indicateur, par bassin' },
      h('thead', null, head),
      groups,
    ),
  );
}

/** The overview's colour key, with the methodology's words for the verdicts and for context indicators. */
export function overviewLegend(libelles: Libelles): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'aria-label': 'Légende' },
    libelles.verdicts.map((v) =>
      h('span', null, h('span', { class: `swatch v-${v.id}` }), v.id === 'neutre' ? lowerFirst(v.libelle) : v.legende),
    ),
    h('span', null, h('span', { class: 'swatch v-contexte' }), lowerFirst(libelles.contexte)),
  );
}
