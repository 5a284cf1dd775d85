// Comparaison des bassins (/comparaison?departement=38&indicateur=…): ranked bars with the académie reference, a
// scatter of two indicators, the map coloured by the indicator, small multiples of trends, and a CSV of what is shown.
import * as Plot from '@observablehq/plot';
import { scaleDiverging, scaleSequential } from 'd3';
import { api, type Indicator, type TerritoryValue } from './lib/api.ts';
import {
  rankedBars,
  scatterChart,
  trendMultiples,
  unitNote,
  type ScatterPoint,
  type TrendPoint,
} from './lib/charts.ts';
import { app, clear, h, params, select, setParams, showError } from './lib/dom.ts';
import { downloadCsv, type CsvCell } from './lib/export.ts';
import { chartFigure, verdictLegend } from './lib/figure.ts';
import { formatNumber, formatValue, lowerFirst, periodsOf, tickFormat } from './lib/format.ts';
import { bassinMap, mapCaption } from './lib/map.ts';
import { departementColors, divergingInterpolator, hatchId, SEQUENTIAL } from './lib/palette.ts';
import { sourceLine, showSimulatedBanner } from './lib/sources.ts';
import { loadPageContext, type PageContext } from './lib/context.ts';
import { departementLabel, domainLabel, isAcademieDepartement } from './lib/labels.ts';

interface State {
  departement: string;
  indicateur: string;
  x: string;
  y: string;
  annee?: number;
}

type Context = PageContext;

const root = app();
void showSimulatedBanner();
main().catch((error) => showError(root, error));

async function main(): Promise<void> {
  const ctx: Context = await loadPageContext();
  const { indicateurs } = ctx;
  if (indicateurs.length === 0) throw new Error('Aucun indicateur déclaré.');
  const q = params();
  const valid = (id: string | null) => (id && indicateurs.some((i) => i.id === id) ? id : null);
  const main = valid(q.get('indicateur')) ?? (indicateurs.find((i) => i.polarite !== 0) ?? indicateurs[0]).id;
  const others = indicateurs.filter((i) => i.id !== main && i.polarite !== 0);
  const state: State = {
    departement: isAcademieDepartement(ctx.libelles, q.get('departement')) ? (q.get('departement') as string) : '',
    indicateur: main,
    x: valid(q.get('x')) ?? main,
    y: valid(q.get('y')) ?? (others[0] ?? indicateurs[0]).id,
    annee: Number(q.get('annee')) || undefined,
  };
  clear(root);
  const controls = h('div', { class: 'controls grid-controls' });
  const body = h('div', { id: 'comparaison-corps' });
  root.append(
    h('h1', null, 'Comparaison des bassins'),
    h(
      'p',
      { class: 'lede' },
      "Classer les bassins d'un département ou de toute l'académie sur un indicateur, croiser deux indicateurs, " +
        'suivre les évolutions. Les couleurs suivent la règle de verdict (bleu : force, orange : faiblesse, gris : ' +
        'neutre, hachuré : non significatif).',
    ),
    controls,
    body,
  );
  const update = () => {
    setParams({
      departement: state.departement || undefined,
      indicateur: state.indicateur,
      x: state.x,
      y: state.y,
      annee: state.annee ? String(state.annee) : undefined,
    });
    renderControls(controls, ctx, state, update);
    render(body, ctx, state).catch((error) => showError(body, error));
  };
  update();
}

function indicatorOptions(ctx: Context) {
  return ctx.indicateurs.map((i) => ({ value: i.id, label: i.libelle, group: domainLabel(ctx.libelles, i.domaine) }));
}

function renderControls(el: HTMLElement, ctx: Context, state: State, update: () => void): void {
  clear(el);
  const def = ctx.indicateurs.find((i) => i.id === state.indicateur);
  // The years of the indicator, each as it reads for its source (« RP 2021 », « T4 2024 »…).
  const periods = [...(def?.periodes ?? [])].sort((a, b) => b.annee - a.annee);
  el.append(
    h(
      'label',
      null,
      'Territoire',
      select(
        [
          { value: '', label: `${ctx.libelles.academie.nom} (tous les bassins)` },
          ...ctx.libelles.academie.departements.map((d) => ({ value: d.code, label: d.libelle })),
        ],
        state.departement,
        (v) => {
          state.departement = v;
          update();
        },
        { id: 'choix-territoire', name: 'departement' },
      ),
    ),
    h(
      'label',
      null,
      'Indicateur',
      select(
        indicatorOptions(ctx),
        state.indicateur,
        (v) => {
          state.indicateur = v;
          state.annee = undefined;
          update();
        },
        { id: 'choix-indicateur', name: 'indicateur' },
      ),
    ),
    h(
      'label',
      null,
      'Année',
      select(
        [
          { value: '', label: 'la plus récente' },
          ...periods.map((p) => ({ value: String(p.annee), label: p.periode })),
        ],
        state.annee ? String(state.annee) : '',
        (v) => {
          state.annee = Number(v) || undefined;
          update();
        },
        { id: 'choix-annee', name: 'annee' },
      ),
    ),
    h(
      'label',
      null,
      'Nuage : abscisse',
      select(
        indicatorOptions(ctx),
        state.x,
        (v) => {
          state.x = v;
          update();
        },
        { id: 'choix-x', name: 'x' },
      ),
    ),
    h(
      'label',
      null,
      'Nuage : ordonnée',
      select(
        indicatorOptions(ctx),
        state.y,
        (v) => {
          state.y = v;
          update();
        },
        { id: 'choix-y', name: 'y' },
      ),
    ),
  );
}

let renderToken = 0;

async function render(body: HTMLElement, ctx: Context, state: State): Promise<void> {
  const token = ++renderToken;
  document.body.dataset.ready = 'false';
  const def = ctx.indicateurs.find((i) => i.id === state.indicateur) as Indicator;
  const xDef = ctx.indicateurs.find((i) => i.id === state.x) as Indicator;
  const yDef = ctx.indicateurs.find((i) => i.id === state.y) as Indicator;
  const departement = state.departement || undefined;
  const [comparison, xValues, yValues, xAcad, yAcad] = await Promise.all([
    api.comparaison({ departement, indicateur: def.id, annee: state.annee }),
    api.valeurs(xDef.id, { niveau: 'bassin', departement, annee: state.annee }),
    api.valeurs(yDef.id, { niveau: 'bassin', departement, annee: state.annee }),
    api.valeurs(xDef.id, { niveau: 'academie', annee: state.annee }),
    api.valeurs(yDef.id, { niveau: 'academie', annee: state.annee }),
  ]);
  if (token !== renderToken) return;
  const values = comparison.bassins.filter(
    (v) => v.indicateur === def.id && (!departement || v.departement === departement),
  );
  const annee = values.find((v) => v.annee)?.annee ?? state.annee ?? null;
  const acad = comparison.reference.find((r) => r.niveau === 'academie' && r.indicateur === def.id) ?? null;
  const dep = departement
    ? (comparison.reference.find((r) => r.niveau === 'departement' && r.indicateur === def.id) ?? null)
    : null;
  const france = comparison.reference.find((r) => r.niveau === 'france' && r.indicateur === def.id) ?? null;
  const territory = departement ? departementLabel(ctx.libelles, departement) : lowerFirst(ctx.libelles.academie.nom);
  const periode = periodsOf(values.slice(0, 1));
  const rangNote = values[0]?.rang_sens ? ctx.libelles.rangs[values[0].rang_sens] : '';
  const caption = sourceLine(def, periode, ctx.sources);

  // Panels first, so that every chart is drawn at the width it will be shown at.
  clear(body);
  const barsPanel = h('section', { class: 'panel' });
  const mapPanel = h('section', { class: 'panel' });
  const scatterPanel = h('section', { class: 'panel' });
  const trendsHolder = h(
    'section',
    { class: 'panel', style: 'margin-top:1rem' },
    h('p', { class: 'loading' }, 'Chargement des évolutions…'),
  );
  const tableHolder = h('section', { style: 'margin-top:1rem' });
  body.append(
    barsPanel,
    h('div', { class: 'grid two top', style: 'margin-top:1rem' }, mapPanel, scatterPanel),
    trendsHolder,
    tableHolder,
  );

  barsPanel.append(
    chartFigure({
      title: `${def.libelle}${unitNote(def.unite)} — bassins (${territory}, ${periode || annee || ''})`,
      caption: rangNote ? `${caption} Rangs : ${rangNote}.` : caption,
      legend: verdictLegend(ctx.libelles, {
        references: true,
        departement: Boolean(dep),
        france: Boolean(france),
        intervalle: values.some((v) => v.intervalle),
      }),
      chart: rankedBars(values, {
        unite: def.unite,
        libelle: def.libelle,
        academie: acad?.valeur ?? null,
        departement: dep ? { nom: dep.nom, valeur: dep.valeur } : null,
        france: france?.valeur ?? null,
        width: Math.min(innerWidth(barsPanel), 1000),
      }),
    }),
  );

  const mapHatch = hatchId();
  const color = mapColor(values, def, acad?.valeur ?? null);
  const byCode = new Map(values.map((v) => [v.code, v]));
  mapPanel.append(
    chartFigure({
      title: `${def.libelle} : carte des bassins`,
      caption: `${mapCaption(ctx.contours)}. ${caption}`,
      legend: color.legend,
      chart: bassinMap({
        contours: ctx.contours,
        bassins: ctx.bassins,
        departements: ctx.libelles.academie.departements,
        departement: departement ?? null,
        hatch: mapHatch,
        width: Math.min(innerWidth(mapPanel), 520),
        fill: (id) => {
          const v = byCode.get(id);
          if (!v || v.valeur === null) return '#f0f0f0';
          return v.significatif ? color.fill(v.valeur) : `url(#${mapHatch})`;
        },
        title: (id) => {
          const v = byCode.get(id);
          const b = ctx.bassins.find((x) => x.id === id);
          return (
            `${b?.nom ?? id}\n${def.libelle} : ` +
            `${formatValue(v?.valeur, def.unite)}${v && !v.significatif ? ' (non significatif)' : ''}\nAcadémie : ` +
            `${formatValue(acad?.valeur, def.unite)}`
          );
        },
      }),
    }),
  );

  const points: ScatterPoint[] = mergeXY(xValues, yValues);
  const colorOf = departementColors(ctx.libelles.academie.departements.map((d) => d.code));
  scatterPanel.append(
    chartFigure({
      title: `Croisement : ${yDef.libelle} (vertical) et ${lowerFirst(xDef.libelle)} (horizontal)`,
      caption: sourceLine([xDef, yDef], periodsOf([xValues[0], yValues[0]]), ctx.sources),
      legend: h(
        'div',
        { class: 'legend' },
        [...new Set(points.map((p) => p.departement ?? ''))]
          .sort()
          .map((code) =>
            h(
              'span',
              null,
              h('span', { class: 'swatch', style: `background:${colorOf(code)}` }),
              departementLabel(ctx.libelles, code),
            ),
          ),
        h(
          'span',
          null,
          h('span', { class: 'swatch', style: 'background:#fff;border:1px dashed #6b6b6b' }),
          'non significatif',
        ),
        h('span', null, 'tirets : moyennes académiques'),
      ),
      chart: scatterChart(points, {
        x: { libelle: xDef.libelle, unite: xDef.unite, reference: xAcad[0]?.valeur ?? null },
        y: { libelle: yDef.libelle, unite: yDef.unite, reference: yAcad[0]?.valeur ?? null },
        width: Math.min(innerWidth(scatterPanel), 600),
        color: colorOf,
      }),
    }),
  );

  const trends = trendData(values, acad);
  clear(trendsHolder);
  trendsHolder.append(
    trends.points.length === 0
      ? h('p', { class: 'muted' }, 'Pas de série disponible pour cet indicateur.')
      : chartFigure({
          title: `Évolution par bassin : ${lowerFirst(def.libelle)}`,
          caption:
            `${sourceLine(def, null, ctx.sources)} Années ` +
            `${trends.years[0]}–${trends.years[trends.years.length - 1]}. Tirets : moyenne académique.`,
          chart: trendMultiples(trends.points, trends.reference, {
            unite: def.unite,
            libelle: def.libelle,
            width: innerWidth(trendsHolder),
          }),
        }),
  );
  tableHolder.append(
    dataTable(def, xDef, yDef, values, points, trends, { acad, dep, france, rangNote }, territory, annee),
  );
  document.body.dataset.ready = 'true';
}

/** Content width of a panel (its padding excluded). */
function innerWidth(el: HTMLElement): number {
  const style = getComputedStyle(el);
  return Math.max(280, Math.floor(el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)));
}

function mergeXY(xs: TerritoryValue[], ys: TerritoryValue[]): ScatterPoint[] {
  const yBy = new Map(ys.map((v) => [v.code, v]));
  return xs.map((x) => {
    const y = yBy.get(x.code);
    return {
      code: x.code,
      nom: x.nom,
      departement: x.departement,
      x: x.valeur,
      y: y?.valeur ?? null,
      significatif: x.significatif && (y?.significatif ?? false),
    };
  });
}

function mapColor(
  values: TerritoryValue[],
  def: Indicator,
  reference: number | null,
): { fill: (v: number) => string; legend: Element } {
  const vs = values.filter((v) => v.valeur !== null && v.significatif).map((v) => v.valeur as number);
  const lo = vs.length ? Math.min(...vs) : 0;
  const hi = vs.length ? Math.max(...vs) : 1;
  const label = `${def.libelle}${def.unite === 'nombre' ? '' : ` (${def.unite})`}`;
  if (def.polarite !== 0 && reference !== null) {
    const spread = Math.max(Math.abs(hi - reference), Math.abs(reference - lo)) || 1;
    const scale = scaleDiverging(divergingInterpolator(def.polarite)).domain([
      reference - spread,
      reference,
      reference + spread,
    ]);
    const legend = Plot.legend({
      color: {
        type: 'diverging',
        domain: [reference - spread, reference + spread],
        pivot: reference,
        interpolate: divergingInterpolator(def.polarite),
        label,
      },
      width: 320,
      tickFormat: tickFormat(def.unite),
      ticks: 5,
    } as Plot.LegendScales);
    return {
      fill: (v) => scale(v),
      legend: withNote(legend, "bleu : plus favorable que l'académie ; orange : moins favorable"),
    };
  }
  const scale = scaleSequential(SEQUENTIAL).domain([lo, hi === lo ? lo + 1 : hi]);
  const legend = Plot.legend({
    color: { type: 'sequential', domain: [lo, hi === lo ? lo + 1 : hi], interpolate: SEQUENTIAL, label },
    width: 320,
    tickFormat: tickFormat(def.unite),
    ticks: 5,
  } as Plot.LegendScales);
  return { fill: (v) => scale(v), legend: withNote(legend, 'indicateur de contexte : ni force ni faiblesse') };
}

function withNote(legend: Element, note: string): Element {
  return h(
    'div',
    { class: 'legend' },
    legend,
    h('span', null, note),
    h('span', null, h('span', { class: 'swatch non_significatif' }), 'non significatif'),
  );
}

interface Trends {
  years: number[];
  points: TrendPoint[];
  reference: { annee: number; valeur: number | null }[];
}

/** The trends of the basins and of the académie: the series the API sends with each value (no call per year). */
function trendData(values: TerritoryValue[], acad: TerritoryValue | null): Trends {
  const points: TrendPoint[] = values.flatMap((v) =>
    (v.serie ?? []).map((p) => ({ code: v.code, nom: v.nom, annee: p.annee, valeur: p.valeur })),
  );
  points.sort((a, b) => a.nom.localeCompare(b.nom, 'fr') || a.annee - b.annee);
  const reference = (acad?.serie ?? []).map((p) => ({ annee: p.annee, valeur: p.valeur }));
  const years = [...new Set([...points.map((p) => p.annee), ...reference.map((r) => r.annee)])].sort((a, b) => a - b);
  return { years, points, reference };
}

function dataTable(
  def: Indicator,
  xDef: Indicator,
  yDef: Indicator,
  values: TerritoryValue[],
  points: ScatterPoint[],
  trends: Trends,
  refs: { acad: TerritoryValue | null; dep: TerritoryValue | null; france: TerritoryValue | null; rangNote: string },
  territory: string,
  annee: number | null,
): HTMLElement {
  const { acad, dep, france, rangNote } = refs;
  const unit = (d: Indicator) => (d.unite === 'nombre' ? '' : ` (${d.unite})`);
  const columns = [
    'Bassin',
    'Code',
    'Département',
    `${def.libelle}${unit(def)} ${annee ?? ''}`.trim(),
    rangNote ? `Rang (${rangNote})` : 'Rang',
    'Verdict',
    'Origine de la valeur',
    `${xDef.libelle}${unit(xDef)}`,
    `${yDef.libelle}${unit(yDef)}`,
    ...trends.years.map((y) => `${def.libelle} ${y}`),
  ];
  const byCode = new Map(points.map((p) => [p.code, p]));
  const sorted = [...values].sort((a, b) => (a.rang ?? 1e9) - (b.rang ?? 1e9) || a.nom.localeCompare(b.nom, 'fr'));
  const rows: CsvCell[][] = sorted.map((v) => [
    v.nom,
    v.code,
    v.departement,
    v.valeur,
    v.rang ?? null,
    v.verdict_libelle ?? null,
    v.alerte_attribution?.libelle ?? null,
    byCode.get(v.code)?.x ?? null,
    byCode.get(v.code)?.y ?? null,
    ...trends.years.map((y) => trends.points.find((p) => p.code === v.code && p.annee === y)?.valeur ?? null),
  ]);
  for (const ref of [dep, acad, france]) {
    if (!ref) continue;
    rows.push([
      ref.nom,
      ref.code,
      ref.departement,
      ref.valeur,
      null,
      'référence',
      null,
      null,
      null,
      ...trends.years.map((y) =>
        ref.niveau === 'academie' ? (trends.reference.find((r) => r.annee === y)?.valeur ?? null) : null,
      ),
    ]);
  }
  const filename = `comparaison_${territory.replace(/\W+/g, '_')}_${def.id}${annee ? `_${annee}` : ''}`;
  const numeric = new Set([3, 4, 7, 8, ...trends.years.map((_, i) => 9 + i)]);
  // The API's explanation of a value never classed for its attribution, shown as the badge's tooltip.
  const explanations = sorted.map((v) => v.alerte_attribution?.explication ?? '');
  return h(
    'div',
    { class: 'panel' },
    h(
      'div',
      { style: 'display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap' },
      h('h2', { style: 'margin:0' }, 'Les données affichées'),
      h(
        'button',
        { type: 'button', 'data-export': 'csv', onclick: () => downloadCsv(filename, columns, rows) },
        'Exporter ces données (CSV)',
      ),
    ),
    h(
      'p',
      { class: 'small muted' },
      'Exactement ce que montrent les graphiques ci-dessus : une ligne par bassin, puis les références.',
    ),
    ...sorted
      .filter((v) => v.alerte_attribution)
      .slice(0, 1)
      .map(() =>
        h(
          'ul',
          { class: 'small attribution-notes' },
          sorted
            .filter((v) => v.alerte_attribution)
            .map((v) =>
              h('li', { 'data-code': v.code }, h('strong', null, v.nom), ' — ', v.alerte_attribution!.explication),
            ),
        ),
      ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            columns.map((c, i) => h('th', { class: numeric.has(i) ? 'num' : '', scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          null,
          rows.map((r, row) =>
            h(
              'tr',
              null,
              r.map((cell, i) =>
                h(
                  'td',
                  { class: numeric.has(i) ? 'num' : '' },
                  typeof cell === 'number'
                    ? formatNumber(cell, i === 4 ? 'nombre' : i === 7 ? xDef.unite : i === 8 ? yDef.unite : def.unite)
                    : cell === null || cell === undefined || cell === ''
                      ? '—'
                      : i === 6
                        ? h('span', { class: 'badge attribution', title: explanations[row] ?? '' }, String(cell))
                        : String(cell),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
