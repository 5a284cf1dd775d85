// Colour-blind-safe colours. Verdicts: force blue, faiblesse orange/vermillion, neutre grey, non significatif hatched.
import { interpolateRgbBasis } from 'd3';
import type { Verdict } from './api.ts';
import { svgEl } from './dom.ts';

/** The pages' font stack, written into charts and maps (an exported SVG or PNG keeps it). */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const COLORS = {
  force: '#2166ac',
  faiblesse: '#d95f02',
  neutre: '#8c8c8c',
  nonSignificatif: '#d4d4d4',
  ink: '#1d2330',
  inkSoft: '#4a5263',
  muted: '#9aa1ad',
  light: '#e6e8ec',
  highlight: '#1d2330',
  /** Reference ticks other than the académie (distinct from the verdict colours). */
  france: '#7b3294',
  comparables: '#1b7837',
};

/** Okabe–Ito, distinguishable with every common colour-vision deficiency (school types on the fiche's map). */
export const CATEGORICAL = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

/** Colours of the académie's départements, in the order GET /api/libelles lists them (the codes come from there). */
const DEPARTEMENT_PALETTE = ['#e69f00', '#cc79a7', '#0072b2', '#009e73', '#56b4e9', '#d55e00', '#000000'];

/** A colour per département code, by its rank in `codes`; grey for a code outside the list. */
export function departementColors(codes: readonly string[]): (code: string | null | undefined) => string {
  const colors = new Map(codes.map((c, i) => [c, DEPARTEMENT_PALETTE[i % DEPARTEMENT_PALETTE.length]]));
  return (code) => colors.get(code ?? '') ?? COLORS.neutre;
}

let hatchCounter = 0;

/** A fresh pattern id for hatching non-significant marks inside one SVG (see addHatch). */
export function hatchId(): string {
  hatchCounter += 1;
  return `hachures-${hatchCounter}`;
}

/** Colour of a verdict; non-significant values get the hatch pattern `hatch` (an id made by hatchId()). */
export function verdictFill(verdict: Verdict | undefined | null, significatif: boolean, hatch: string): string {
  if (!significatif || verdict === 'non_significatif') return `url(#${hatch})`;
  if (verdict === 'force') return COLORS.force;
  if (verdict === 'faiblesse') return COLORS.faiblesse;
  return COLORS.neutre;
}

/** Inserts the hatch pattern definition into a chart produced by Plot (call after Plot.plot). */
export function addHatch(svg: Element, id: string): void {
  const root = svg instanceof SVGSVGElement ? svg : svg.querySelector('svg');
  if (!root) return;
  const pattern = svgEl(
    'pattern',
    { id, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' },
    svgEl('rect', { width: 6, height: 6, fill: '#f4f4f4' }),
    svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#8c8c8c', 'stroke-width': 2.5 }),
  );
  const defs = svgEl('defs', {}, pattern);
  root.insertBefore(defs, root.firstChild);
}

/**
 * Sequential colours for context indicators (no good or bad side): a purple ramp, so that no shade reads as the blue
 * of a force or the orange of a weakness.
 */
export const SEQUENTIAL = interpolateRgbBasis(['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f']);
