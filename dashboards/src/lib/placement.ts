// Labels next to their points (the scatter's basin names): every point gets its label, placed at the first spot
// around it that overlaps no other label, no point and stays inside the chart; farther spots get a leader line.
// Positions only: the texts come from the API.
import { svgEl } from './dom.ts';
import { COLORS } from './palette.ts';

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface LabelRequest {
  id: string;
  /** The point, in SVG pixels. */
  x: number;
  y: number;
  text: string;
  /** A short form (a number) for when the text finds no free spot. */
  short?: string;
}

interface PlacedLabel {
  id: string;
  text: string;
  /** Anchor of the text (its vertical middle) and how the text hangs from it. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
  /** Drawn away from its point: a leader line joins them. */
  leader: boolean;
  /** The short form was written: the caller lists it in a key. */
  short: boolean;
}

interface PlacementOptions {
  /** Where labels may go (the chart's inner area). */
  bounds: Box;
  /** What labels must not cover (points, other texts). */
  obstacles: Box[];
  fontSize: number;
  /** CSS font family of the labels (for measuring them). */
  font?: string;
  /** Distance from the point to the label (the point's radius and a gap). */
  gap: number;
}

let context: CanvasRenderingContext2D | null | undefined;

/** Width of a text in pixels: measured by the browser, estimated where there is no canvas (tests). */
export function textWidth(text: string, fontSize: number, font = 'system-ui, sans-serif', weight = 400): number {
  if (context === undefined) {
    try {
      context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      context = null;
    }
  }
  if (!context) return text.length * fontSize * (weight > 500 ? 0.65 : 0.6);
  context.font = `${weight} ${fontSize}px ${font}`;
  return context.measureText(text).width;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

function outside(box: Box, bounds: Box): number {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const inside = overlap(box, bounds);
  return w * h - inside;
}

/** Spots around a point: above, below, right, left, the diagonals, then rings farther out all around. */
function candidates(
  p: LabelRequest,
  width: number,
  height: number,
  gap: number,
): Omit<PlacedLabel, 'id' | 'text' | 'short'>[] {
  const out: Omit<PlacedLabel, 'id' | 'text' | 'short'>[] = [];
  const spot = (x: number, y: number, anchor: PlacedLabel['anchor'], leader: boolean) => {
    const x0 = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
    out.push({ x, y, anchor, leader, box: { x0, x1: x0 + width, y0: y - height / 2, y1: y + height / 2 } });
  };
  const diag = gap * 0.75;
  spot(p.x, p.y - gap - height / 2, 'middle', false);
  spot(p.x, p.y + gap + height / 2, 'middle', false);
  spot(p.x + gap, p.y, 'start', false);
  spot(p.x - gap, p.y, 'end', false);
  spot(p.x + diag, p.y - diag - height / 2, 'start', false);
  spot(p.x - diag, p.y - diag - height / 2, 'end', false);
  spot(p.x + diag, p.y + diag + height / 2, 'start', false);
  spot(p.x - diag, p.y + diag + height / 2, 'end', false);
  // Farther out, sixteen directions per ring; the label hangs away from its point, joined by a leader line.
  for (const d of [gap * 2.4, gap * 3.8, gap * 5.4, gap * 7.5]) {
    for (let k = 0; k < 16; k++) {
      const angle = (k * Math.PI) / 8;
      const dx = Math.cos(angle) * d;
      const dy = Math.sin(angle) * d;
      const anchor = Math.abs(dx) < gap ? 'middle' : dx > 0 ? 'start' : 'end';
      spot(p.x + dx, p.y + dy + (Math.abs(dx) < gap ? Math.sign(dy) * (height / 2) : 0), anchor, true);
    }
  }
  return out;
}

/**
 * Places every label (none is dropped): the first free spot for its text; where there is none, its short form (a
 * number the caller explains in a key) at the first free spot; where even that finds none, the least crowded spot.
 */
export function placeLabels(requests: LabelRequest[], options: PlacementOptions): PlacedLabel[] {
  const height = options.fontSize * 1.25;
  const taken: Box[] = [...options.obstacles];
  const placed: PlacedLabel[] = [];
  for (const request of requests) {
    // A label may touch its own point's obstacle box (the dot), not the others.
    const own = options.obstacles.filter(
      (b) => b.x0 <= request.x && b.x1 >= request.x && b.y0 <= request.y && b.y1 >= request.y,
    );
    const others = () => taken.filter((b) => !own.includes(b));
    const search = (text: string) => {
      const width = textWidth(text, options.fontSize, options.font) + 2;
      let best: Omit<PlacedLabel, 'id' | 'text' | 'short'> | null = null;
      let bestScore = Infinity;
      for (const spot of candidates(request, width, height, options.gap)) {
        const score =
          outside(spot.box, options.bounds) * 1000 + others().reduce((sum, b) => sum + overlap(spot.box, b), 0);
        if (score < bestScore) {
          best = spot;
          bestScore = score;
        }
        if (score === 0) break;
      }
      return { best, bestScore };
    };
    let found = search(request.text);
    let text = request.text;
    let short = false;
    if (found.bestScore > 0 && request.short) {
      const second = search(request.short);
      if (second.bestScore <= found.bestScore || second.bestScore === 0) {
        found = second;
        text = request.short;
        short = true;
      }
    }
    if (!found.best) continue;
    placed.push({ id: request.id, text, ...found.best, short });
    taken.push(found.best.box);
  }
  return placed;
}

/** The point of a box nearest to (x, y): where a leader line ends. */
function nearestPoint(box: Box, x: number, y: number): [number, number] {
  return [Math.min(box.x1, Math.max(box.x0, x)), Math.min(box.y1, Math.max(box.y0, y))];
}

/**
 * Labels the points of a chart in its SVG: names where they fit, numbers where they do not (listed in a key under
 * the chart, inside the SVG so that exports keep it). `reference` is the id of a request that is no point (the
 * académie's crossing): written in italics, never numbered.
 */
export function drawPointLabels(
  svg: SVGSVGElement,
  requests: LabelRequest[],
  options: PlacementOptions & { highlight?: string; reference?: string },
): void {
  // First pass: which names find no free spot. They get numbers 1, 2… in the order of the names.
  const first = placeLabels(
    requests.map((r) => (r.id === options.reference ? r : { ...r, short: '00' })),
    options,
  );
  const crowded = first
    .filter((l) => l.short)
    .map((l) => requests.find((r) => r.id === l.id) as LabelRequest)
    .sort((a, b) => a.text.localeCompare(b.text, 'fr'));
  const numbers = new Map(crowded.map((r, i) => [r.id, String(i + 1)]));
  const placed = placeLabels(
    requests.map((r) => (numbers.has(r.id) ? { ...r, text: numbers.get(r.id) as string } : r)),
    options,
  );
  const layer = svgEl('g', { 'aria-label': 'étiquettes', 'font-size': options.fontSize });
  for (const label of placed) {
    const reference = label.id === options.reference;
    const request = requests.find((r) => r.id === label.id) as LabelRequest;
    if (label.leader) {
      const [ex, ey] = nearestPoint(label.box, request.x, request.y);
      layer.append(
        svgEl('line', { x1: request.x, y1: request.y, x2: ex, y2: ey, stroke: COLORS.muted, 'stroke-width': 0.8 }),
      );
    }
    layer.append(
      svgEl(
        'text',
        {
          x: label.x,
          y: label.y,
          dy: '0.35em',
          'text-anchor': label.anchor,
          fill: reference ? COLORS.ink : COLORS.inkSoft,
          'font-style': reference ? 'italic' : 'normal',
          'font-weight': numbers.has(label.id) || label.id === options.highlight ? 700 : 400,
          stroke: 'white',
          'stroke-width': 3,
          'stroke-linejoin': 'round',
          'paint-order': 'stroke',
          ...(reference ? {} : { 'data-code': label.id }),
        },
        label.text,
      ),
    );
  }
  svg.append(layer);
  if (crowded.length)
    appendKey(
      svg,
      crowded.map((r) => `${numbers.get(r.id)} ${r.text}`),
      options,
    );
}

/** « 1 Chablais · 2 Maurienne… » under a chart, wrapped to its width; the SVG grows to hold it. */
export function appendKey(
  svg: SVGSVGElement,
  items: string[],
  options: { fontSize: number; font?: string; label?: string },
): void {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const lineHeight = options.fontSize * 1.5;
  const key = svgEl('g', {
    'aria-label': options.label ?? 'légende des numéros',
    'font-size': options.fontSize,
    fill: COLORS.inkSoft,
    'text-anchor': 'start',
  });
  const lines: string[][] = [[]];
  let used = 0;
  for (const item of items) {
    const w = textWidth(`${item} · `, options.fontSize, options.font);
    if (used + w > width - 8 && lines[lines.length - 1].length) {
      lines.push([]);
      used = 0;
    }
    lines[lines.length - 1].push(item);
    used += w;
  }
  lines.forEach((line, i) => {
    key.append(svgEl('text', { x: 4, y: height + 4 + lineHeight * (i + 0.75) }, line.join(' · ')));
  });
  const total = height + 8 + lineHeight * lines.length;
  svg.setAttribute('height', String(total));
  svg.setAttribute('viewBox', `0 0 ${width} ${total}`);
  svg.append(key);
}

/** A text cut into lines no wider than `width` pixels, at spaces and after hyphens (a longer word stays whole). */
export function wrapText(text: string, width: number, fontSize: number, font?: string, weight = 400): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const parts = word.split(/(?<=-)/);
    parts.forEach((part, i) => {
      const glue = line && i === 0 ? ' ' : '';
      const next = `${line}${glue}${part}`;
      if (line && textWidth(next, fontSize, font, weight) > width) {
        lines.push(line);
        line = part;
      } else line = next;
    });
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The axis titles of a chart written inside its SVG, wrapped to its width: the vertical one above the frame (from
 * the left), the horizontal one under the ticks (to the right). Returns the room they need above and below.
 */
export function axisTitleLines(
  x: string,
  y: string,
  options: { width: number; marginLeft: number; fontSize: number; font?: string },
): { x: string[]; y: string[]; top: number; bottom: number } {
  const xs = wrapText(`${x} →`, options.width - options.marginLeft - 4, options.fontSize, options.font);
  const ys = wrapText(`↑ ${y}`, options.width - 8, options.fontSize, options.font);
  const line = options.fontSize * 1.3;
  return { x: xs, y: ys, top: Math.ceil(ys.length * line + 12), bottom: Math.ceil(26 + xs.length * line + 4) };
}

export function drawAxisTitles(
  svg: SVGSVGElement,
  titles: { x: string[]; y: string[] },
  options: { width: number; height: number; marginBottom: number; fontSize: number },
): void {
  const line = options.fontSize * 1.3;
  const layer = svgEl('g', { 'aria-label': 'titres des axes', 'font-size': options.fontSize, fill: COLORS.ink });
  titles.y.forEach((text, i) => {
    layer.append(svgEl('text', { x: 4, y: line * (i + 1), 'text-anchor': 'start' }, text));
  });
  titles.x.forEach((text, i) => {
    const y = options.height - options.marginBottom + 26 + line * (i + 0.8);
    layer.append(svgEl('text', { x: options.width - 4, y, 'text-anchor': 'end' }, text));
  });
  svg.append(layer);
}
