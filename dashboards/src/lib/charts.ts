// The charts of the pages, one function each, Observable Plot underneath. They draw what the API returns and compute
// nothing but positions: values, references, ranks and verdicts come from the methodology.
import * as Plot from '@observablehq/plot';
import { ticks as d3ticks } from 'd3';
import type { DiagnosticLine, TerritoryValue } from './api.ts';
import { formatGap, formatNumber, formatValue, tickFormat } from './format.ts';
import { lowerFirst } from '../../../src/shared/text.ts';
import { addHatch, COLORS, FONT, hatchId, verdictFill } from './palette.ts';
import { axisTitleLines, drawAxisTitles, drawPointLabels, textWidth, wrapText } from './placement.ts';

const BASE_STYLE = {
  fontFamily: FONT,
  fontSize: '12px',
  color: COLORS.ink,
  background: 'transparent',
  overflow: 'visible',
};

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The verdict as the methodology words it (« force », « contexte », « non significatif »), inside a sentence. */
function verdictText(d: TerritoryValue): string {
  return lowerFirst(d.verdict_libelle ?? '');
}

/** Padded extent of some values (never empty). */
function extent(values: number[], pad = 0.08): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  }
  const margin = (hi - lo) * pad;
  return [lo - margin, hi + margin];
}

// ——— fiche: the basin against the département, the académie and the other basins ———

interface StripOptions {
  line: DiagnosticLine;
  /** Values of every basin of the académie for the same indicator and year (grey dots), optional. */
  distribution?: TerritoryValue[];
  width?: number;
  /** Draw the département and académie ticks (false for counts, whose references are totals). */
  references?: boolean;
}

export function referenceStrip({
  line,
  distribution = [],
  width = 360,
  references = true,
}: StripOptions): SVGSVGElement {
  const hatch = hatchId();
  const acad = references ? (line.references.academie?.valeur ?? line.reference ?? null) : null;
  const dep = references ? (line.references.departement?.valeur ?? null) : null;
  const france = references ? (line.references.france?.valeur ?? null) : null;
  const comp = references ? (line.references.comparables?.valeur ?? null) : null;
  const interval = line.intervalle && finite(line.valeur) ? line.intervalle : null;
  const others = distribution.filter((d) => d.code !== line.bassin && finite(d.valeur));
  const xs = [line.valeur, acad, dep, france, comp, ...(interval ?? []), ...others.map((d) => d.valeur)].filter(finite);
  const fmt = (v: number | null | undefined) => formatValue(v, line.unite);
  const gap = (key: 'academie' | 'france' | 'comparables') =>
    line.ecarts[key] !== undefined ? ` (écart ${formatGap(line.ecarts[key], line.unite)})` : '';
  const tip = [
    `${line.libelle} (${line.periode ?? line.annee})`,
    `Bassin : ${fmt(line.valeur)}${line.significatif ? '' : ' — non significatif'}`,
    interval ? `Marge d'incertitude à 95 % : ${fmt(interval[0])} à ${fmt(interval[1])}` : '',
    references && finite(dep) ? `${line.references.departement?.nom ?? 'Département'} : ${fmt(dep)}` : '',
    references ? `Académie : ${fmt(acad)}${gap('academie')}` : '',
    finite(france) ? `France : ${fmt(france)}${gap('france')}` : '',
    finite(comp) ? `${line.references.comparables?.nom} : ${fmt(comp)}${gap('comparables')}` : '',
    line.rang_libelle ?? '',
  ]
    .filter(Boolean)
    .join('\n');
  const tick = (value: number | null, stroke: string, dash: string | undefined, title: string, strokeWidth = 2) =>
    finite(value)
      ? Plot.tickX([value], { x: (d: number) => d, stroke, strokeWidth, strokeDasharray: dash, title: () => title })
      : null;
  const svg = Plot.plot({
    width,
    height: 64,
    marginTop: 10,
    marginBottom: 22,
    marginLeft: 14,
    marginRight: 14,
    style: BASE_STYLE,
    x: { domain: extent(xs), ticks: 4, tickFormat: tickFormat(line.unite), label: null, tickSize: 3 },
    marks: [
      Plot.frame({ anchor: 'bottom', stroke: COLORS.light }),
      // The 95 % interval of the basin's value: a band behind its dot.
      interval
        ? Plot.barX([interval], {
            x1: (d: [number, number]) => d[0],
            x2: (d: [number, number]) => d[1],
            insetTop: 11,
            insetBottom: 11,
            rx: 5,
            fill: COLORS.ink,
            fillOpacity: 0.3,
            className: 'intervalle',
            title: () => `Marge d'incertitude à 95 % : ${fmt(interval[0])} à ${fmt(interval[1])}`,
          })
        : null,
      Plot.dot(others, {
        x: 'valeur',
        r: 3.5,
        fill: '#b8bec9',
        fillOpacity: 0.8,
        stroke: 'white',
        strokeWidth: 0.5,
        title: (d: TerritoryValue) => `${d.nom} : ${fmt(d.valeur)}`,
      }),
      tick(dep, COLORS.inkSoft, '3,2', `Département : ${fmt(dep)}`),
      tick(comp, COLORS.comparables, '1,2', `Bassins comparables : ${fmt(comp)}`, 2.5),
      tick(france, COLORS.france, '6,2', `France : ${fmt(france)}`, 2.5),
      tick(acad, COLORS.ink, undefined, `Académie : ${fmt(acad)}`, 2.5),
      finite(line.valeur)
        ? Plot.dot([line], {
            className: 'bassin',
            x: 'valeur',
            r: 7,
            fill: verdictFill(line.verdict, line.significatif, hatch),
            stroke: COLORS.ink,
            strokeWidth: 1.2,
            title: () => tip,
            tip: true,
          })
        : Plot.text(['valeur non disponible'], { frameAnchor: 'middle', fill: COLORS.inkSoft }),
    ],
  });
  addHatch(svg, hatch);
  svg.setAttribute('aria-label', tip.replace(/\n/g, ' ; '));
  return svg as SVGSVGElement;
}

export function trendChart(line: DiagnosticLine, width = 220): SVGSVGElement {
  const serie = line.serie.filter((p) => finite(p.valeur));
  const years = serie.map((p) => p.annee);
  const fmt = (v: number | null | undefined) => formatValue(v, line.unite);
  if (serie.length < 2) {
    return Plot.plot({
      width,
      height: 70,
      style: BASE_STYLE,
      x: { axis: null },
      y: { axis: null },
      marks: [
        Plot.text([serie.length === 1 ? `une seule année (${serie[0].periode})` : 'pas de série'], {
          frameAnchor: 'middle',
          fill: COLORS.inkSoft,
          fontSize: 11,
        }),
      ],
    }) as SVGSVGElement;
  }
  const svg = Plot.plot({
    width,
    height: 84,
    marginTop: 10,
    marginLeft: 44,
    marginRight: 10,
    marginBottom: 20,
    style: BASE_STYLE,
    x: { ticks: tickYears(years, 4), tickFormat: (d: number) => String(d), label: null, tickSize: 3 },
    y: {
      ticks: sparseTicks(
        trendDomain(
          serie.map((p) => p.valeur as number),
          line.unite,
        ),
      ),
      tickFormat: tickFormat(line.unite),
      label: null,
      grid: true,
      tickSize: 0,
      insetBottom: 6,
      domain: trendDomain(
        serie.map((p) => p.valeur as number),
        line.unite,
      ),
    },
    marks: [
      Plot.lineY(serie, { x: 'annee', y: 'valeur', stroke: COLORS.force, strokeWidth: 2 }),
      // A year under the small-number threshold: hollow grey dot, said in its tooltip.
      Plot.dot(serie, {
        x: 'annee',
        y: 'valeur',
        r: 2.5,
        stroke: (p: { significatif: boolean }) => (p.significatif ? COLORS.force : COLORS.inkSoft),
        fill: (p: { significatif: boolean }) => (p.significatif ? COLORS.force : 'white'),
        title: (p: { annee: number; periode?: string; valeur: number; significatif: boolean }) =>
          `${p.periode ?? p.annee} : ` +
          `${fmt(p.valeur)}${p.significatif ? '' : ' (non significatif : effectif trop faible)'}`,
        tip: true,
      }),
    ],
  });
  svg.setAttribute(
    'aria-label',
    `Évolution de ${line.libelle} : ${serie.map((p) => `${p.periode} ${fmt(p.valeur)}`).join(', ')}`,
  );
  return svg as SVGSVGElement;
}

/** A trend's vertical extent, never so narrow that a change of a few hundredths looks like a cliff. */
function trendDomain(values: number[], unite: string): [number, number] {
  const [lo, hi] = extent(values, 0.15);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const minimum = unite === '%' || unite === '‰' ? 2 : Math.abs(mean) * 0.04 || 1;
  if (hi - lo >= minimum) return [lo, hi];
  const mid = (lo + hi) / 2;
  return [mid - minimum / 2, mid + minimum / 2];
}

/** Two or three round ticks inside a domain. */
function sparseTicks([lo, hi]: [number, number]): number[] {
  for (const count of [2, 3, 4]) {
    const t = d3ticks(lo, hi, count);
    if (t.length >= 2 && t.length <= 3) return t;
  }
  return d3ticks(lo, hi, 2).slice(0, 3);
}

function tickYears(years: number[], max: number): number[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  if (sorted.length <= max) return sorted;
  const step = Math.ceil((sorted.length - 1) / (max - 1));
  const out = sorted.filter((_, i) => i % step === 0);
  if (out[out.length - 1] !== sorted[sorted.length - 1]) out.push(sorted[sorted.length - 1]);
  return out;
}

// ——— comparison: ranked bars, scatter, small multiples ———

interface RankedOptions {
  unite: string;
  libelle: string;
  academie?: number | null;
  departement?: { nom: string; valeur: number | null } | null;
  /** The France reference, when the data reach beyond the académie. */
  france?: number | null;
  highlight?: string;
  width?: number;
  /** Height of one bar in pixels. */
  band?: number;
  /** Total height to fill (the bars share it); overrides `band`. */
  height?: number;
  /** Long basin names wrap onto two lines instead of being cut (slides: every name must be readable). */
  wrapLabels?: boolean;
  /** Narrow screens: each basin's name on its own line above its bar, the bars taking the whole width. */
  labelsAbove?: boolean;
}

export function rankedBars(values: TerritoryValue[], options: RankedOptions): SVGSVGElement {
  const hatch = hatchId();
  const rows = [...values].sort(
    (a, b) => (finite(b.valeur) ? b.valeur : -Infinity) - (finite(a.valeur) ? a.valeur : -Infinity),
  );
  const shown = rows.filter((d) => finite(d.valeur));
  const missing = rows.filter((d) => !finite(d.valeur));
  const fmt = (v: number | null | undefined) => formatValue(v, options.unite);
  const acad = options.academie ?? null;
  const dep = options.departement?.valeur ?? null;
  const france = options.france ?? null;
  const intervals = shown.filter((d) => d.intervalle);
  const vals = shown.map((d) => d.valeur as number);
  // Values far from zero and close together (an index around 100…): bars start at the académie value, so that the
  // gaps the verdict reads are visible; otherwise they start at zero.
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const fromReference = finite(acad) && vals.length > 0 && lo > 0 && hi - lo < 0.3 * hi;
  const base = fromReference ? (acad as number) : 0;
  const xs = [
    base,
    ...vals,
    ...intervals.flatMap((d) => d.intervalle as [number, number]),
    ...[acad, dep, france].filter(finite),
  ];
  const names = rows.map((d) => d.nom);
  const width = options.width ?? 640;
  const longest = Math.max(...names.map((n) => n.length));
  // Slides: every name in full, on one line while it takes at most 55 % of the width, else on two lines.
  const needed = Math.max(110, longest * 6.9 + 12);
  const wraps = Boolean(options.wrapLabels) && needed > width * 0.55;
  const marginLeft = Math.round(
    options.labelsAbove
      ? 8
      : options.wrapLabels
        ? Math.min(width * 0.55, needed)
        : Math.min(Math.max(150, width * 0.32), Math.max(110, longest * 7.2 + 8)),
  );
  // A row holds its 11-12 px labels apart; a name on two lines needs more. When `height` cannot give that much,
  // the chart is drawn taller and scaled down to its box: smaller, never overlapping.
  const band = options.labelsAbove
    ? 40
    : options.height
      ? Math.max(wraps ? 30 : 16, Math.min(40, (options.height - 54) / Math.max(1, names.length)))
      : (options.band ?? 24);
  const valueText = (d: TerritoryValue) => `${formatNumber(d.valeur, options.unite)}${d.significatif ? '' : ' (n.s.)'}`;
  const tip = (d: TerritoryValue) =>
    [
      `${d.nom} (${d.departement ?? ''})`,
      `${options.libelle} : ${fmt(d.valeur)}`,
      d.intervalle ? `Marge d'incertitude à 95 % : ${fmt(d.intervalle[0])} à ${fmt(d.intervalle[1])}` : '',
      d.rang_libelle ?? '',
      finite(acad) ? `Académie : ${fmt(acad)} (écart ${formatGap(d.ecart_academie, options.unite)})` : '',
      finite(france) ? `France : ${fmt(france)}` : '',
      finite(dep) ? `${options.departement?.nom} : ${fmt(dep)}` : '',
      `Verdict : ${verdictText(d)}`,
    ]
      .filter(Boolean)
      .join('\n');
  const xDomain = roomForLabels(
    fromReference ? extent(xs, 0.1) : [Math.min(...xs), Math.max(...xs) * 1.04],
    shown
      .filter((d) => (d.valeur as number) < base)
      .map((d) => ({
        value: Math.min(d.valeur as number, d.intervalle?.[0] ?? (d.valeur as number)),
        text: valueText(d),
      })),
    width - marginLeft - 70,
  );
  // Reference values written above the bars, from their line towards the inside of the chart (never past its edge),
  // each on the first line where it meets no other.
  const share = (v: number) => (v - xDomain[0]) / (xDomain[1] - xDomain[0] || 1);
  const references = referenceLines(
    [
      finite(acad) ? { value: acad, text: `Académie : ${formatNumber(acad, options.unite)}`, fill: COLORS.ink } : null,
      finite(dep)
        ? {
            value: dep,
            text: `${options.departement?.nom ?? 'Département'} : ${formatNumber(dep, options.unite)}`,
            fill: COLORS.inkSoft,
          }
        : null,
      finite(france)
        ? { value: france, text: `France : ${formatNumber(france, options.unite)}`, fill: COLORS.france }
        : null,
    ],
    (v) => share(v) * (width - marginLeft - 70),
    (v) => (share(v) > 0.55 ? 'end' : 'start'),
  );
  const lineCount = Math.max(1, ...references.map((r) => r.line + 1));
  const svg = Plot.plot({
    width,
    height: Math.max(120, names.length * band + 38 + lineCount * 14),
    marginLeft,
    marginRight: 70,
    marginTop: 12 + lineCount * 14,
    marginBottom: 26,
    style: BASE_STYLE,
    x: {
      domain: xDomain,
      nice: true,
      ticks: Math.max(2, Math.floor(width / 110)),
      tickFormat: tickFormat(options.unite),
      label: null,
      grid: true,
    },
    y: { domain: names, label: null, tickSize: 0, padding: options.labelsAbove ? 0.5 : 0.18, axis: null },
    marks: [
      options.labelsAbove
        ? // The name in the gap above its bar (a fifth of the band): the whole width for it and for the bars.
          Plot.text(rows, {
            y: 'nom',
            text: 'nom',
            frameAnchor: 'left',
            textAnchor: 'start',
            lineAnchor: 'bottom',
            dy: -band * 0.25 - 1,
            fontSize: 12,
            fill: COLORS.ink,
            stroke: 'white',
            strokeWidth: 3,
            paintOrder: 'stroke',
            lineWidth: (width - 16) / 12,
          })
        : Plot.axisY({
            tickSize: 0,
            textOverflow: options.wrapLabels ? undefined : 'ellipsis',
            lineWidth: (marginLeft - 16) / 12,
            fontSize: 12,
          }),
      Plot.barX(shown, {
        y: 'nom',
        x1: () => base,
        x2: 'valeur',
        fill: (d: TerritoryValue) => verdictFill(d.verdict, d.significatif, hatch),
        stroke: (d: TerritoryValue) =>
          d.code === options.highlight ? COLORS.ink : d.significatif ? 'none' : '#8c8c8c',
        strokeWidth: (d: TerritoryValue) => (d.code === options.highlight ? 2 : 0.8),
        ariaLabel: (d: TerritoryValue) => `${d.nom} : ${fmt(d.valeur)}, ${verdictText(d)}`,
        title: tip,
        tip: true,
      }),
      Plot.text(
        shown.filter((d) => (d.valeur as number) >= base),
        {
          y: 'nom',
          // After the whisker of the interval, when there is one.
          x: (d: TerritoryValue) => Math.max(d.valeur as number, d.intervalle?.[1] ?? (d.valeur as number)),
          text: valueText,
          textAnchor: 'start',
          dx: 4,
          fill: COLORS.inkSoft,
          fontSize: 11,
          stroke: 'white',
          strokeWidth: 3,
          paintOrder: 'stroke',
        },
      ),
      Plot.text(
        shown.filter((d) => (d.valeur as number) < base),
        {
          y: 'nom',
          x: (d: TerritoryValue) => Math.min(d.valeur as number, d.intervalle?.[0] ?? (d.valeur as number)),
          text: valueText,
          textAnchor: 'end',
          dx: -4,
          fill: COLORS.inkSoft,
          fontSize: 11,
          stroke: 'white',
          strokeWidth: 3,
          paintOrder: 'stroke',
        },
      ),
      Plot.text(missing, {
        y: 'nom',
        frameAnchor: 'left',
        text: () => 'non disponible',
        dx: 4,
        fill: COLORS.inkSoft,
        fontStyle: 'italic',
        fontSize: 11,
      }),
      finite(dep)
        ? Plot.ruleX([dep], { x: (d: number) => d, stroke: COLORS.inkSoft, strokeWidth: 1.5, strokeDasharray: '4,3' })
        : null,
      // The 95 % interval of each basin's value: a whisker across the end of its bar.
      Plot.ruleY(intervals, {
        y: 'nom',
        x1: (d: TerritoryValue) => (d.intervalle as [number, number])[0],
        x2: (d: TerritoryValue) => (d.intervalle as [number, number])[1],
        stroke: COLORS.ink,
        strokeWidth: 1.3,
        className: 'intervalle',
      }),
      Plot.tickX(intervals, {
        y: 'nom',
        x: (d: TerritoryValue) => (d.intervalle as [number, number])[0],
        stroke: COLORS.ink,
        inset: 6,
      }),
      Plot.tickX(intervals, {
        y: 'nom',
        x: (d: TerritoryValue) => (d.intervalle as [number, number])[1],
        stroke: COLORS.ink,
        inset: 6,
      }),
      finite(france)
        ? Plot.ruleX([france], { x: (d: number) => d, stroke: COLORS.france, strokeWidth: 1.8, strokeDasharray: '6,2' })
        : null,
      finite(acad) ? Plot.ruleX([acad], { x: (d: number) => d, stroke: COLORS.ink, strokeWidth: 2 }) : null,
      ...references.map((r) =>
        Plot.text([r.value], {
          x: (d: number) => d,
          frameAnchor: 'top',
          dy: -8 - r.line * 14,
          text: () => r.text,
          fill: r.fill,
          fontSize: 10.5,
          fontWeight: r.fill === COLORS.ink ? 600 : 400,
          textAnchor: r.anchor,
          dx: r.anchor === 'end' ? -3 : 3,
        }),
      ),
    ],
  });
  svg.querySelectorAll('[aria-label="y-axis tick label"] text').forEach((node) => {
    const code = rows.find((r) => r.nom === node.textContent)?.code;
    if (code && code === options.highlight) node.setAttribute('font-weight', '700');
  });
  addHatch(svg, hatch);
  keepLabelsInside(svg as SVGSVGElement, width);
  if (fromReference) svg.dataset.base = 'academie';
  svg.setAttribute(
    'aria-label',
    `${options.libelle} par bassin, classés${fromReference ? " (barres partant de la valeur de l'académie)" : ''} : ` +
      `${shown.map((d) => `${d.nom} ${fmt(d.valeur)}`).join(', ')}`,
  );
  return svg as SVGSVGElement;
}

/** The x of a `translate(x,y)` attribute (Plot positions its texts and their groups so). */
function translateX(el: Element): number {
  return Number(/translate\(([-\d.e]+)/.exec(el.getAttribute('transform') ?? '')?.[1] ?? 0);
}

/**
 * The reference labels above the bars (« Académie : 19,3 ») hang right of their rule; one that would run past the
 * right edge of a narrow chart hangs left of it instead (and the reverse at the left edge).
 */
function keepLabelsInside(svg: SVGSVGElement, width: number): void {
  const placed: { group: Element; left: number; right: number; top: boolean; dy: number }[] = [];
  for (const group of svg.querySelectorAll('g[aria-label="text"]')) {
    if (group.children.length !== 1) continue;
    const text = group.children[0];
    const size = Number(group.getAttribute('font-size')) || 12;
    const w = textWidth(text.textContent ?? '', size, FONT, Number(group.getAttribute('font-weight')) || 400);
    const x = translateX(group) + translateX(text);
    const anchor = group.getAttribute('text-anchor') ?? 'middle';
    const dy = Number(/translate\([-\d.e]+,\s*([-\d.e]+)/.exec(group.getAttribute('transform') ?? '')?.[1] ?? 0);
    let left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
    if (left + w > width - 2) {
      group.setAttribute('text-anchor', 'end');
      group.setAttribute('transform', `translate(-3,${dy})`);
      left = translateX(text) - 3 - w;
    } else if (left < 2) {
      group.setAttribute('text-anchor', 'start');
      group.setAttribute('transform', `translate(3,${dy})`);
      left = translateX(text) + 3;
    }
    placed.push({ group, left, right: left + w, top: dy < 0, dy });
  }
  // Two labels above the frame that run into each other: the first (the département's) goes up one line.
  const top = placed.filter((p) => p.top);
  for (let i = 0; i < top.length; i++)
    for (let j = i + 1; j < top.length; j++)
      if (Math.abs(top[i].dy - top[j].dy) < 12 && top[i].left < top[j].right + 4 && top[j].left < top[i].right + 4) {
        const g = top[i].group;
        const [dx, dy] = (/translate\(([-\d.e]+),\s*([-\d.e]+)/.exec(g.getAttribute('transform') ?? '') ?? [])
          .slice(1)
          .map(Number);
        g.setAttribute('transform', `translate(${dx ?? 0},${(dy ?? 0) - 13})`);
      }
}

/**
 * A bar domain widened on the left so that the values written left of their bar end (bars below the académie) stay
 * inside the frame, clear of the basin names: `frame` is the frame's width in pixels.
 */
function roomForLabels(
  [d0, d1]: [number, number],
  left: { value: number; text: string }[],
  frame: number,
): [number, number] {
  if (left.length === 0) return [d0, d1];
  const room = Math.max(...left.map((l) => textWidth(l.text, 11, FONT))) + 8;
  const share = Math.min(0.6, room / Math.max(1, frame));
  const lowest = Math.min(...left.map((l) => l.value));
  return [Math.min(d0, (lowest - share * d1) / (1 - share)), d1];
}

interface ReferenceLabel {
  value: number;
  text: string;
  fill: string;
}

/**
 * Lines for the reference labels above a chart: each label, written from its value towards the inside of the chart,
 * goes on the first line where its estimated extent (about 6 px a character in 10.5 px type) meets no other.
 */
function referenceLines(
  labels: (ReferenceLabel | null)[],
  pixel: (v: number) => number,
  side: (v: number) => 'start' | 'end',
): (ReferenceLabel & { line: number; anchor: 'start' | 'end' })[] {
  const placed: (ReferenceLabel & { line: number; anchor: 'start' | 'end'; from: number; to: number })[] = [];
  for (const label of labels) {
    if (!label) continue;
    const anchor = side(label.value);
    const x = pixel(label.value);
    const width = label.text.length * 6 + 6;
    const [from, to] = anchor === 'end' ? [x - width, x] : [x, x + width];
    let line = 0;
    while (placed.some((p) => p.line === line && p.from < to + 4 && from < p.to + 4)) line++;
    placed.push({ ...label, line, anchor, from, to });
  }
  return placed;
}

/** « (en %) », « (pour 1 000 habitants) »… for chart titles: the axes carry no unit label. */
export function unitNote(unite: string): string {
  if (unite === 'nombre' || unite === '') return '';
  return unite === '%' || unite === '‰' ? ` (en ${unite})` : ` (${unite})`;
}

export interface ScatterPoint {
  code: string;
  nom: string;
  departement: string | null;
  x: number | null;
  y: number | null;
  significatif: boolean;
}

interface ScatterOptions {
  x: { libelle: string; unite: string; reference?: number | null };
  y: { libelle: string; unite: string; reference?: number | null };
  width?: number;
  height?: number;
  highlight?: string;
  /** Colour of a point by its département (see palette.ts departementColors); grey by default. */
  color?: (departement: string | null) => string;
}

export function scatterChart(points: ScatterPoint[], options: ScatterOptions): SVGSVGElement {
  const shown = points.filter((p) => finite(p.x) && finite(p.y));
  const fx = (v: number | null | undefined) => formatValue(v, options.x.unite);
  const fy = (v: number | null | undefined) => formatValue(v, options.y.unite);
  const xr = options.x.reference ?? null;
  const yr = options.y.reference ?? null;
  const axisLabel = (l: { libelle: string; unite: string }) =>
    `${l.libelle}${l.unite === 'nombre' ? '' : ` (${l.unite})`}`;
  const width = options.width ?? 560;
  const height = options.height ?? 420;
  const margin = { left: 48, right: 16, top: 28, bottom: 40 };
  const yTicks = extent([...shown.map((p) => p.y as number), ...(finite(yr) ? [yr] : [])], 0.12);
  // The left margin fits the widest tick label of the vertical axis.
  margin.left = Math.max(
    40,
    Math.ceil(
      Math.max(...d3ticks(yTicks[0], yTicks[1], 5).map((t) => textWidth(tickFormat(options.y.unite)(t), 12, FONT))),
    ) + 14,
  );
  // Axis titles wrapped inside the chart (a long indicator name never runs past its edge on a phone).
  const titles = axisTitleLines(axisLabel(options.x), axisLabel(options.y), {
    width,
    marginLeft: margin.left,
    fontSize: 11,
    font: FONT,
  });
  margin.top = titles.top + 8;
  margin.bottom = titles.bottom;
  const svg = Plot.plot({
    width,
    height,
    marginLeft: margin.left,
    marginBottom: margin.bottom,
    marginRight: margin.right,
    marginTop: margin.top,
    style: BASE_STYLE,
    x: {
      domain: extent([...shown.map((p) => p.x as number), ...(finite(xr) ? [xr] : [])], 0.12),
      label: null,
      tickFormat: tickFormat(options.x.unite),
      grid: true,
      ticks: Math.max(2, Math.min(5, Math.floor(width / 110))),
    },
    y: { domain: yTicks, label: null, tickFormat: tickFormat(options.y.unite), grid: true, ticks: 5 },
    marks: [
      finite(xr)
        ? Plot.ruleX([xr], { x: (d: number) => d, stroke: COLORS.ink, strokeDasharray: '4,3', strokeOpacity: 0.7 })
        : null,
      finite(yr)
        ? Plot.ruleY([yr], { y: (d: number) => d, stroke: COLORS.ink, strokeDasharray: '4,3', strokeOpacity: 0.7 })
        : null,
      Plot.dot(shown, {
        x: 'x',
        y: 'y',
        r: 6.5,
        fill: (p: ScatterPoint) => (p.significatif ? (options.color?.(p.departement) ?? COLORS.neutre) : 'white'),
        stroke: (p: ScatterPoint) => (p.code === options.highlight ? COLORS.ink : p.significatif ? 'white' : '#6b6b6b'),
        strokeWidth: 1.5,
        title: (p: ScatterPoint) =>
          `${p.nom} (${p.departement ?? ''})\n${options.x.libelle} : ${fx(p.x)}\n${options.y.libelle} : ` +
          `${fy(p.y)}${finite(xr) ? `\nAcadémie : ${fx(xr)} ; ${fy(yr)}` : ''}` +
          `${p.significatif ? '' : '\nnon significatif (effectif trop faible)'}`,
        tip: true,
      }),
    ],
  }) as SVGSVGElement & { scale(name: string): { apply(v: number): number } };
  const sx = svg.scale('x');
  const sy = svg.scale('y');
  const at = (p: ScatterPoint): [number, number] => [sx.apply(p.x as number), sy.apply(p.y as number)];
  const dots = shown.map((p) => {
    const [x, y] = at(p);
    return { x0: x - 8, x1: x + 8, y0: y - 8, y1: y + 8 };
  });
  const requests = shown.map((p) => ({ id: p.code, x: at(p)[0], y: at(p)[1], text: p.nom }));
  // The académie's crossing is labelled first, then the highlighted basin, then the points far from the centre.
  if (finite(xr) && finite(yr))
    requests.unshift({ id: '', x: sx.apply(xr), y: sy.apply(yr), text: 'moyenne académique' });
  const cx = requests.reduce((a, r) => a + r.x, 0) / Math.max(1, requests.length);
  const cy = requests.reduce((a, r) => a + r.y, 0) / Math.max(1, requests.length);
  const rank = (r: { id: string }) => (r.id === '' ? -2 : r.id === options.highlight ? -1 : 0);
  requests.sort((a, b) => rank(a) - rank(b) || Math.hypot(b.x - cx, b.y - cy) - Math.hypot(a.x - cx, a.y - cy));
  drawAxisTitles(svg, titles, { width, height, marginBottom: margin.bottom, fontSize: 11 });
  drawPointLabels(svg, requests, {
    bounds: { x0: margin.left + 2, x1: width - 2, y0: margin.top - 6, y1: height - margin.bottom - 2 },
    obstacles: dots,
    fontSize: 10.5,
    font: FONT,
    gap: 10,
    highlight: options.highlight,
    reference: '',
  });
  svg.setAttribute('aria-label', `${options.y.libelle} en fonction de ${options.x.libelle}, un point par bassin`);
  return svg as SVGSVGElement;
}

export interface TrendPoint {
  code: string;
  nom: string;
  annee: number;
  valeur: number | null;
}

/** One small line chart per basin, the académie reference dashed in each. */
export function trendMultiples(
  points: TrendPoint[],
  reference: { annee: number; valeur: number | null }[],
  options: { unite: string; libelle: string; width?: number; columns?: number },
): SVGSVGElement {
  const codes = [...new Set(points.map((p) => p.code))];
  const names = new Map(points.map((p) => [p.code, p.nom]));
  const width = options.width ?? 960;
  const columns = options.columns ?? Math.max(2, Math.min(6, Math.floor(width / 180)));
  const index = new Map(codes.map((c, i) => [c, i]));
  const cell = (code: string) => ({
    col: (index.get(code) as number) % columns,
    row: Math.floor((index.get(code) as number) / columns),
  });
  const rows = Math.ceil(codes.length / columns);
  const data = points.filter((p) => finite(p.valeur)).map((p) => ({ ...p, ...cell(p.code) }));
  const ref = codes.flatMap((code) =>
    reference.filter((r) => finite(r.valeur)).map((r) => ({ ...r, code, ...cell(code) })),
  );
  const labels = codes.map((code) => ({ code, nom: names.get(code) as string, ...cell(code) }));
  const years = [...new Set([...points.map((p) => p.annee), ...reference.map((r) => r.annee)])].sort((a, b) => a - b);
  const ys = [...data.map((d) => d.valeur as number), ...ref.map((r) => r.valeur as number)];
  const fmt = (v: number | null | undefined) => formatValue(v, options.unite);
  // Each panel's year labels stay inside the panel (inset by half a label), and there are only as many as fit, so
  // that the last year of a panel never runs into the first year of the next one (« 20232021 »).
  const padding = 0.16;
  const panel = ((width - 44 - 22) / columns) * (1 - padding);
  const yearWidth = textWidth('2000', 12, FONT);
  const inset = Math.ceil(yearWidth / 2) + 2;
  const fitting = Math.max(2, Math.floor((panel - 2 * inset) / (yearWidth + 12)) + 1);
  // Names wrapped to their panel's width; the rows are spaced for the longest (never cut, never over a panel).
  const wrapped = new Map(labels.map((l) => [l.code, wrapText(l.nom, panel - 2, 10.5, FONT, 600)]));
  const titleLines = Math.max(1, ...[...wrapped.values()].map((l) => l.length));
  const titleHeight = titleLines * 13 + 6;
  const svg = Plot.plot({
    width,
    height: rows * (100 + titleHeight) + titleHeight + 24,
    marginLeft: 44,
    marginTop: titleHeight,
    marginBottom: 24,
    marginRight: 22,
    style: BASE_STYLE,
    fx: { axis: null, padding },
    fy: { axis: null, padding: titleHeight / (100 + titleHeight) },
    x: {
      ticks: tickYears(years, Math.min(3, fitting)),
      tickFormat: (d: number) => String(d),
      label: null,
      tickSize: 3,
      insetLeft: inset,
      insetRight: inset,
      domain: years.length > 1 ? [years[0], years[years.length - 1]] : undefined,
    },
    y: {
      ticks: 3,
      tickFormat: tickFormat(options.unite),
      label: null,
      grid: true,
      domain: extent(ys, 0.1),
      nice: true,
    },
    marks: [
      Plot.frame({ stroke: COLORS.light }),
      Plot.lineY(ref, {
        x: 'annee',
        y: 'valeur',
        fx: 'col',
        fy: 'row',
        stroke: COLORS.inkSoft,
        strokeDasharray: '4,3',
        strokeWidth: 1.2,
      }),
      Plot.lineY(data, {
        x: 'annee',
        y: 'valeur',
        fx: 'col',
        fy: 'row',
        z: 'code',
        stroke: COLORS.force,
        strokeWidth: 2,
      }),
      Plot.dot(data, {
        x: 'annee',
        y: 'valeur',
        fx: 'col',
        fy: 'row',
        r: 2.2,
        fill: COLORS.force,
        title: (d: TrendPoint) => `${d.nom}, ${d.annee} : ${fmt(d.valeur)}`,
        tip: true,
      }),
      Plot.text(labels, {
        fx: 'col',
        fy: 'row',
        text: (d: { code: string }) => (wrapped.get(d.code) as string[]).join('\n'),
        frameAnchor: 'top-left',
        lineAnchor: 'bottom',
        lineHeight: 1.2,
        dy: -4,
        dx: 0,
        fontSize: 10.5,
        fontWeight: 600,
        fill: COLORS.ink,
      }),
    ],
  });
  svg.setAttribute(
    'aria-label',
    `Évolution de ${options.libelle} par bassin (trait plein) et moyenne académique (tirets)`,
  );
  return svg as SVGSVGElement;
}

/**
 * End labels of lines, in groups with a vertical shift: two values closer than a line of text (on a plot `plotHeight`
 * pixels high showing `domainSpan` units) are pushed apart, the higher one up.
 */
function spreadLabels<T extends { valeur: number | null }>(
  last: T[],
  plotHeight: number,
  domainSpan: number,
): { items: T[]; dy: number }[] {
  if (last.length !== 2) return [{ items: last, dy: 0 }];
  const [a, b] = [...last].sort((x, y) => (y.valeur ?? 0) - (x.valeur ?? 0)) as [T, T];
  const pixels = (Math.abs((a.valeur ?? 0) - (b.valeur ?? 0)) / Math.max(domainSpan, 1e-9)) * plotHeight;
  // 18 px: a line of 11.5 px text with room to spare (the niced axis can only bring the two closer).
  return pixels < 18
    ? [
        { items: [a], dy: -Math.ceil((18 - pixels) / 2) },
        { items: [b], dy: Math.ceil((18 - pixels) / 2) },
      ]
    : [{ items: last, dy: 0 }];
}

/** Territory and académie over the years (seminar): two lines with their last values labelled. */
export function territoryTrend(
  series: { nom: string; annee: number; valeur: number | null; reference?: boolean }[],
  options: { unite: string; libelle: string; width?: number; height?: number },
): SVGSVGElement {
  const data = series.filter((p) => finite(p.valeur));
  const years = [...new Set(data.map((p) => p.annee))].sort((a, b) => a - b);
  const last = [...new Set(data.map((d) => d.nom))].map(
    (nom) => data.filter((d) => d.nom === nom).sort((a, b) => b.annee - a.annee)[0],
  );
  const fmt = (v: number | null | undefined) => formatValue(v, options.unite);
  const palette = [COLORS.force, COLORS.inkSoft];
  const noms = [...new Set(data.map((d) => d.nom))];
  const height = options.height ?? 300;
  const domain = trendDomain(
    data.map((d) => d.valeur as number),
    options.unite,
  );
  const svg = Plot.plot({
    width: options.width ?? 520,
    height,
    marginLeft: 52,
    marginRight: 130,
    marginTop: 22,
    marginBottom: 30,
    style: BASE_STYLE,
    // Inset: the first year stands clear of the lowest value label of the y axis.
    x: { ticks: tickYears(years, 6), tickFormat: (d: number) => String(d), label: null, inset: 18 },
    y: {
      ticks: 5,
      tickFormat: tickFormat(options.unite),
      label: null, // the unit is in the chart's title: a label on top would sit on the highest tick
      grid: true,
      nice: true,
      domain,
    },
    color: { domain: noms, range: palette },
    marks: [
      Plot.lineY(
        data.filter((d) => !d.reference),
        { x: 'annee', y: 'valeur', z: 'nom', stroke: 'nom', strokeWidth: 2.5 },
      ),
      Plot.lineY(
        data.filter((d) => d.reference),
        { x: 'annee', y: 'valeur', z: 'nom', stroke: 'nom', strokeWidth: 2.5, strokeDasharray: '5,4' },
      ),
      Plot.dot(data, {
        x: 'annee',
        y: 'valeur',
        fill: 'nom',
        r: 3,
        title: (d: { nom: string; annee: number; valeur: number }) => `${d.nom}, ${d.annee} : ${fmt(d.valeur)}`,
        tip: true,
      }),
      // End labels: when the two last values are close, the higher one goes up and the lower one down.
      ...spreadLabels(last, height - 52, domain[1] - domain[0]).map(({ items, dy }) =>
        Plot.text(items, {
          x: 'annee',
          y: 'valeur',
          text: (d: { nom: string; valeur: number }) => `${d.nom} : ${formatNumber(d.valeur, options.unite)}`,
          dx: 8,
          dy,
          textAnchor: 'start',
          fill: 'nom',
          fontSize: 11.5,
          fontWeight: 600,
        }),
      ),
    ],
  });
  svg.setAttribute(
    'aria-label',
    `Évolution de ${options.libelle} : ${last.map((d) => `${d.nom} ${fmt(d.valeur)} en ${d.annee}`).join(', ')}`,
  );
  return svg as SVGSVGElement;
}

/**
 * Basins × indicators coloured by verdict (seminar synthesis): basins across the top (names written slanted, never
 * cut), indicators down the side (long names on two lines), cells sized to fill `width` × `height`.
 */
export function verdictMatrix(
  values: (TerritoryValue & { libelle: string })[],
  options: { width?: number; height?: number; basins: string[]; indicators: string[] },
): SVGSVGElement {
  const hatch = hatchId();
  // Never narrower than 600: on a phone the matrix is drawn at that width and scaled down whole (zoom to read).
  const width = Math.max(600, options.width ?? 960);
  const longestIndicator = Math.max(...options.indicators.map((n) => n.length));
  // Indicator names on one line while they take at most 45 % of the width; longer ones on two lines, in taller rows.
  const oneLine = longestIndicator * 6.1 + 16;
  const marginLeft = Math.round(Math.min(width * 0.45, Math.max(120, oneLine)));
  // Lines a wrapped name takes (about 6.1 px a character in 11 px type), and the row height they need.
  const lines = Math.ceil((longestIndicator * 6.1) / Math.max(40, (marginLeft - 12) * 0.85));
  const rowMin = Math.max(17, lines * 13 + 4);
  // Slanted at 40°: a name of n characters needs about n × 6.2 × sin 40° pixels above the cells.
  const longestBassin = Math.max(...options.basins.map((n) => n.length));
  // Names written across the top while the columns are wide enough, slanted otherwise.
  const slanted = (width - marginLeft - 8) / Math.max(1, options.basins.length) < longestBassin * 6.4 + 8;
  // A name on several lines reaches above the first row and below the last: room for it at both ends.
  const marginTop = slanted ? Math.round(longestBassin * 7 * 0.64 + 16) : Math.max(24, lines * 7);
  // A slanted name leans right of its column by about 5.4 px a character: room for the one reaching furthest.
  const reach = (column: number) =>
    Math.max(8, ...options.basins.map((n, i) => n.length * 5.4 - (options.basins.length - i - 0.5) * column));
  const firstGuess = reach((width - marginLeft - 8) / Math.max(1, options.basins.length));
  const marginRight = slanted
    ? Math.round(reach((width - marginLeft - firstGuess) / Math.max(1, options.basins.length)))
    : 8;
  // Rows never thinner than their labels: past that, the matrix is drawn taller and scaled down to its box.
  const height = Math.max(options.height ?? 0, options.indicators.length * Math.max(rowMin, 24) + marginTop + 8);
  const svg = Plot.plot({
    width,
    height,
    marginLeft,
    marginBottom: Math.max(4, lines * 7),
    marginTop,
    // The last slanted name leans to the right of its column.
    marginRight,
    style: BASE_STYLE,
    x: { domain: options.basins, label: null, axis: null },
    y: { domain: options.indicators, label: null, tickSize: 0 },
    marks: [
      Plot.cell(values, {
        x: 'nom',
        y: 'libelle',
        inset: 1.2,
        rx: 3,
        fill: (d: TerritoryValue) => verdictFill(d.verdict ?? 'neutre', d.significatif, hatch),
        title: (d: TerritoryValue & { libelle: string }) =>
          `${d.nom} — ${d.libelle}\n${verdictText(d)}${d.rang ? ` (rang ${d.rang})` : ''}`,
        tip: true,
      }),
      Plot.axisX({
        anchor: 'top',
        tickSize: 0,
        label: null,
        fontSize: 11,
        tickRotate: slanted ? -40 : 0,
        textAnchor: slanted ? 'start' : 'middle',
      }),
      Plot.axisY({ tickSize: 0, lineWidth: ((marginLeft - 12) / 11) * 0.85, label: null, fontSize: 11 }),
    ],
  });
  addHatch(svg, hatch);
  return svg as SVGSVGElement;
}
