// Comparaison des bassins (/comparaison?departement=38&indicateur=…): ranked bars with the académie reference, a
// scatter of two indicators, the map coloured by the indicator, small multiples of trends, and a CSV of what is shown.
import * as Plot from '@observablehq/plot';
import { scaleSequential } from 'd3';
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
import { comparisonTable } from './lib/comparison-table.ts';
import { chartFigure, verdictLegend } from './lib/figure.ts';
import { formatValue, periodsOf, tickFormat } from './lib/format.ts';
import { lowerFirst } from '../../src/shared/text.ts';
import { bassinMap, mapCaption } from './lib/map.ts';
import { overviewLegend, overviewTable, type OverviewSort } from './lib/overview.ts';
import { departementColors, hatchId, SEQUENTIAL, verdictFill } from './lib/palette.ts';
import { sourceLine, showSimulatedBanner } from './lib/sources.ts';
import { loadPageContext, type PageContext } from './lib/context.ts';
import { ranking } from './lib/ranking.ts';
import { departementLabel, domainLabel, domainsOf, isAcademieDepartement } from './lib/labels.ts';

interface State {
  departement: string;
  indicateur: string;
  x: string;
  y: string;
  annee?: number;
  /** Order of the overview's basin columns: by département, by name, or by rank on the indicator shown. */
  tri: 'departement' | 'nom' | 'rang';
  /** The overview's domain ('' : every domain). */
  domaine: string;
  /** After a click in the overview, the charts of the picked indicator are brought into view. */
  focus?: boolean;
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
    tri: (['departement', 'nom', 'rang'] as const).find((t) => t === q.get('tri')) ?? 'departement',
    domaine: ctx.libelles.domaines.some((d) => d.id === q.get('domaine')) ? (q.get('domaine') as string) : '',
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
      tri: state.tri === 'departement' ? undefined : state.tri,
      domaine: state.domaine || undefined,
    });
    renderControls(controls, ctx, state, update);
    render(body, ctx, state, update).catch((error) => showError(body, error));
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

async function render(body: HTMLElement, ctx: Context, state: State, update: () => void): Promise<void> {
  const token = ++renderToken;
  document.body.dataset.ready = 'false';
  const def = ctx.indicateurs.find((i) => i.id === state.indicateur) as Indicator;
  const xDef = ctx.indicateurs.find((i) => i.id === state.x) as Indicator;
  const yDef = ctx.indicateurs.find((i) => i.id === state.y) as Indicator;
  const departement = state.departement || undefined;
  const [overview, comparison, xValues, yValues, xAcad, yAcad] = await Promise.all([
    // Every indicator at its latest year, for the overview (the same answer as the seminar's synthesis).
    api.comparaison({ departement }),
    api.comparaison({ departement, indicateur: def.id, annee: state.annee }),
    api.valeurs(xDef.id, { niveau: 'bassin', departement, annee: state.annee }),
    api.valeurs(yDef.id, { niveau: 'bassin', departement, annee: state.annee }),
    api.valeurs(xDef.id, { niveau: 'academie', annee: state.annee }),
    api.valeurs(yDef.id, { niveau: 'academie', annee: state.annee }),
  ]);
  if (token !== renderToken) return;
  const shown = ranking(comparison, def, departement, ctx);
  const { values, academie: acad, departement: dep, france, periode, rangNote } = shown;
  const annee = values.find((v) => v.annee)?.annee ?? state.annee ?? null;
  const territory = departement ? departementLabel(ctx.libelles, departement) : lowerFirst(ctx.libelles.academie.nom);

  // Panels first, so that every chart is drawn at the width it will be shown at.
  clear(body);
  const overviewPanel = h('section', { class: 'panel', id: 'vue-ensemble' });
  const barsPanel = h('section', { class: 'panel', id: 'classement', style: 'margin-top:1rem' });
  const mapPanel = h('section', { class: 'panel' });
  const scatterPanel = h('section', { class: 'panel' });
  const trendsHolder = h(
    'section',
    { class: 'panel', style: 'margin-top:1rem' },
    h('p', { class: 'loading' }, 'Chargement des évolutions…'),
  );
  const tableHolder = h('section', { style: 'margin-top:1rem' });
  body.append(
    overviewPanel,
    barsPanel,
    h('div', { class: 'grid two top', style: 'margin-top:1rem' }, mapPanel, scatterPanel),
    trendsHolder,
    tableHolder,
  );

  overviewPanel.append(overviewSection(ctx, state, overview.bassins, departement, territory, update));

  barsPanel.append(
    chartFigure({
      title: `${def.libelle}${unitNote(def.unite)} — bassins (${territory}, ${periode || annee || ''})`,
      caption: shown.caption,
      legend: shown.legend,
      chart: rankedBars(values, {
        ...shown.bars,
        width: Math.min(innerWidth(barsPanel), 1000),
        // On a phone each name goes above its bar: never cut, and the bars keep the width.
        labelsAbove: innerWidth(barsPanel) < 600,
      }),
    }),
  );

  const mapHatch = hatchId();
  const color = mapColor(values, def, ctx);
  const byCode = new Map(values.map((v) => [v.code, v]));
  mapPanel.append(
    chartFigure({
      title: `${def.libelle} : carte des bassins`,
      caption: `${mapCaption(ctx.contours)}. ${shown.source}`,
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
          return color.fill(v, mapHatch);
        },
        title: (id) => {
          const v = byCode.get(id);
          const b = ctx.bassins.find((x) => x.id === id);
          return (
            `${b?.nom ?? id}\n${def.libelle} : ${formatValue(v?.valeur, def.unite)}` +
            `${v?.verdict_libelle ? ` (${lowerFirst(v.verdict_libelle)})` : ''}\n` +
            `Académie : ${formatValue(acad?.valeur, def.unite)}`
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
      caption: axesSourceLine(ctx, xDef, yDef, xValues, yValues),
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
        height: Math.round(Math.min(460, Math.max(320, innerWidth(scatterPanel) * 0.8))),
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
  const academie = (list: TerritoryValue[]) => list.filter((v) => v.niveau === 'academie');
  tableHolder.append(
    comparisonTable({
      def,
      xDef,
      yDef,
      values,
      xValues: [...xValues, ...academie(xAcad)],
      yValues: [...yValues, ...academie(yAcad)],
      references: [dep, acad, france].filter((r): r is TerritoryValue => r !== null),
      referenceLabel: 'référence',
      rangNote,
      filename: `comparaison_${territory.replace(/\W+/g, '_')}_${def.id}${annee ? `_${annee}` : ''}`,
    }),
  );
  if (state.focus) {
    state.focus = false;
    barsPanel.scrollIntoView({ block: 'start' });
  }
  document.body.dataset.ready = 'true';
}

/** Content width of a panel (its padding excluded). */
function innerWidth(el: HTMLElement): number {
  const style = getComputedStyle(el);
  return Math.max(280, Math.floor(el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)));
}

/** The basins × indicators overview with its own controls (domain, order of the basins). */
function overviewSection(
  ctx: Context,
  state: State,
  values: TerritoryValue[],
  departement: string | undefined,
  territory: string,
  update: () => void,
): HTMLElement {
  const own = values.filter((v) => !departement || v.departement === departement);
  const def = ctx.indicateurs.find((i) => i.id === state.indicateur) as Indicator;
  const sort: OverviewSort = state.tri === 'rang' ? { indicateur: state.indicateur } : state.tri;
  const domains = domainsOf(ctx.libelles, ctx.indicateurs);
  const controls = h(
    'div',
    { class: 'controls' },
    h(
      'label',
      null,
      'Domaines',
      select(
        [
          { value: '', label: 'tous, regroupés par domaine' },
          ...domains.map((d) => ({ value: d, label: domainLabel(ctx.libelles, d) })),
        ],
        state.domaine,
        (v) => {
          state.domaine = v;
          update();
        },
        { id: 'choix-domaine', name: 'domaine' },
      ),
    ),
    h(
      'label',
      null,
      'Ordre des bassins',
      select(
        [
          { value: 'departement', label: 'par département' },
          { value: 'nom', label: 'par nom' },
          { value: 'rang', label: `par rang : ${lowerFirst(def.libelle)}` },
        ],
        state.tri,
        (v) => {
          state.tri = v as State['tri'];
          update();
        },
        { id: 'choix-tri', name: 'tri' },
      ),
    ),
  );
  const periods = periodsOf([...new Map(own.map((v) => [v.indicateur, v])).values()]);
  return h(
    'div',
    null,
    h('h2', { class: 'chart-title', style: 'margin-top:0' }, `Vue d'ensemble : les bassins (${territory})`),
    h(
      'p',
      { class: 'small muted', style: 'margin:0 0 .5rem' },
      "La valeur de chaque indicateur, dans la couleur de son verdict, à la dernière période de l'indicateur. " +
        'Un clic sur un indicateur le montre dans les graphiques ci-dessous et classe les bassins selon son rang.',
    ),
    controls,
    overviewLegend(ctx.libelles),
    overviewTable({
      values: own,
      indicateurs: ctx.indicateurs,
      libelles: ctx.libelles,
      sort,
      domaine: (state.domaine || null) as Indicator['domaine'] | null,
      current: state.indicateur,
      onPick: (id) => {
        state.indicateur = id;
        state.annee = undefined;
        state.tri = 'rang';
        state.focus = true;
        update();
      },
    }),
    h(
      'p',
      { class: 'small muted' },
      `${sourceLine(ctx.indicateurs, null, ctx.sources).replace(/\.$/, '')} — ${periods}. ` +
        'Règle de verdict : page Méthodologie.',
    ),
  );
}

/** One source line per axis of the scatter, each with the period of its own values. */
function axesSourceLine(
  ctx: Context,
  xDef: Indicator,
  yDef: Indicator,
  xValues: TerritoryValue[],
  yValues: TerritoryValue[],
): string {
  const x = sourceLine(xDef, periodsOf(xValues.slice(0, 1)), ctx.sources);
  if (xDef.id === yDef.id) return x;
  const y = sourceLine(yDef, periodsOf(yValues.slice(0, 1)), ctx.sources);
  return `Horizontal : ${lowerFirst(x)} Vertical : ${lowerFirst(y)}`;
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

/**
 * The map's colours. An indicator that can be classed is coloured by its verdict, as the bars are (a « neutre » basin
 * is grey whatever its value); a context indicator, which has no verdict, by its value on a purple ramp.
 */
function mapColor(
  values: TerritoryValue[],
  def: Indicator,
  ctx: Context,
): { fill: (v: TerritoryValue, hatch: string) => string; legend: Element } {
  if (def.polarite !== 0 && def.verdict_possible !== false)
    return {
      fill: (v, hatch) => verdictFill(v.verdict, v.significatif, hatch),
      legend: verdictLegend(ctx.libelles),
    };
  const vs = values.filter((v) => v.valeur !== null && v.significatif).map((v) => v.valeur as number);
  const lo = vs.length ? Math.min(...vs) : 0;
  const hi = vs.length ? Math.max(...vs) : 1;
  const domain = [lo, hi === lo ? lo + 1 : hi];
  const scale = scaleSequential(SEQUENTIAL).domain(domain);
  const legend = Plot.legend({
    color: { type: 'sequential', domain, interpolate: SEQUENTIAL, label: `${def.libelle}${unitNote(def.unite)}` },
    width: 320,
    tickFormat: tickFormat(def.unite),
    ticks: 5,
  } as Plot.LegendScales);
  return {
    fill: (v, hatch) => (v.significatif ? scale(v.valeur as number) : `url(#${hatch})`),
    legend: h(
      'div',
      { class: 'legend' },
      legend,
      h('span', null, def.sans_verdict ?? lowerFirst(ctx.libelles.contexte)),
      h('span', null, h('span', { class: 'swatch non_significatif' }), 'non significatif'),
    ),
  };
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
