// A chart in its frame: title, the SVG, the source and year under it, SVG / PNG export buttons.
import type { Libelles, TerritoryValue } from './api.ts';
import { h } from './dom.ts';
import { download, pngBlob, slug, standaloneSvg, svgBlob } from './export.ts';

interface FigureSpec {
  title: string;
  /** Source and year, e.g. « Source : INSEE, recensement 2021 ». */
  caption: string;
  chart: Element;
  legend?: Element | null;
  /** Offer SVG / PNG downloads (default true). */
  exportable?: boolean;
  className?: string;
  /** Accessible description of the chart. */
  description?: string;
}

export function chartFigure(spec: FigureSpec): HTMLElement {
  const svg = spec.chart instanceof SVGSVGElement ? spec.chart : spec.chart.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-roledescription', 'graphique');
    if (!svg.getAttribute('aria-label')) svg.setAttribute('aria-label', spec.description ?? spec.title);
  }
  const name = slug(spec.title);
  // A chart may be redrawn to fit its box (seminar slides): export the one shown.
  const shown = () => (body.querySelector('svg') as SVGSVGElement | null) ?? (svg as SVGSVGElement);
  if (svg instanceof SVGSVGElement && svg.dataset.base === 'academie')
    spec = { ...spec, caption: `${spec.caption} Les barres partent de la valeur de l'académie.` };
  const body = h('div', { class: 'chart-body' }, spec.chart);
  const tools =
    spec.exportable === false || !svg
      ? null
      : h(
          'div',
          { class: 'chart-tools' },
          h(
            'button',
            {
              type: 'button',
              'data-export': 'svg',
              'aria-label': `Exporter « ${spec.title} » en SVG`,
              onclick: () => {
                download(svgBlob(standaloneSvg(shown(), spec.title, spec.caption)), `${name}.svg`);
              },
            },
            'SVG',
          ),
          h(
            'button',
            {
              type: 'button',
              'data-export': 'png',
              'aria-label': `Exporter « ${spec.title} » en PNG`,
              onclick: async () => {
                download(await pngBlob(standaloneSvg(shown(), spec.title, spec.caption)), `${name}.png`);
              },
            },
            'PNG',
          ),
        );
  return h(
    'figure',
    { class: `chart${spec.className ? ` ${spec.className}` : ''}` },
    h('div', { class: 'chart-title' }, spec.title),
    spec.legend ?? null,
    body,
    h('figcaption', null, spec.caption),
    tools,
  );
}

/** The verdict colours with the methodology's words for them (GET /api/libelles), then the reference marks. */
export function verdictLegend(
  labels: Libelles,
  options: {
    references?: boolean;
    departement?: boolean;
    france?: boolean;
    comparables?: boolean;
    intervalle?: boolean;
  } = {},
): HTMLElement {
  const reference = (id: string) => labels.references.find((r) => r.id === id)?.libelle ?? id;
  return h(
    'div',
    { class: 'legend', 'aria-label': 'Légende' },
    labels.verdicts.map((v) => h('span', null, h('span', { class: `swatch ${v.id}` }), v.legende)),
    options.intervalle ? h('span', null, h('span', { class: 'swatch intervalle' }), labels.intervalle) : null,
    options.references ? h('span', null, h('span', { class: 'swatch tick' }), reference('academie')) : null,
    options.departement ? h('span', null, h('span', { class: 'swatch tick dep' }), reference('departement')) : null,
    options.france ? h('span', null, h('span', { class: 'swatch tick france' }), reference('france')) : null,
    options.comparables
      ? h('span', null, h('span', { class: 'swatch tick comparables' }), reference('comparables'))
      : null,
  );
}

/** The key of rankedBars: the verdicts, the ticks of the references it is given, the intervals when a value has one. */
export function rankedBarsLegend(
  labels: Libelles,
  values: TerritoryValue[],
  refs: { departement: TerritoryValue | null; france: TerritoryValue | null },
): HTMLElement {
  return verdictLegend(labels, {
    references: true,
    departement: Boolean(refs.departement),
    france: Boolean(refs.france),
    intervalle: values.some((v) => v.intervalle),
  });
}
