// The basins on a map: true outlines when the server has them (/api/contours), otherwise a schematic tile map
// (one tile per basin, grouped by département). Colours come from the caller.
import * as Plot from '@observablehq/plot';
import type { Bassin, Contours, DepartementLabel, Tile } from './api.ts';
import { addHatch, COLORS, FONT } from './palette.ts';
import { appendKey, placeLabels, textWidth, wrapText } from './placement.ts';

interface MapOptions {
  contours: Contours | null;
  bassins: Bassin[];
  /** The académie's départements in display order, with their names (GET /api/libelles). */
  departements: readonly DepartementLabel[];
  /** Only this département's basins (the others are not drawn). */
  departement?: string | null;
  highlight?: string;
  fill?: (id: string) => string;
  title?: (id: string) => string;
  width?: number;
  /** Hatch pattern id used by `fill`, inserted into the SVG. */
  hatch?: string;
  /** Short labels on the map (default true). */
  labels?: boolean;
}

export function featureId(f: GeoJSON.Feature): string {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  return String(p.id ?? p.bassin ?? p.code ?? f.id ?? '');
}

/** Tile layout used when the server provides no contours: a column per département (in `order`), basins stacked. */
function fallbackTiles(bassins: Bassin[], order: readonly string[]): Tile[] {
  const departements = [...new Set(bassins.map((b) => b.departement))].sort(
    (a, b) => order.indexOf(a) + 99 * +(order.indexOf(a) < 0) - (order.indexOf(b) + 99 * +(order.indexOf(b) < 0)),
  );
  return departements.flatMap((dep, col) =>
    bassins
      .filter((b) => b.departement === dep)
      .sort((a, b) => a.nom.localeCompare(b.nom, 'fr'))
      .map((b, row) => ({ id: b.id, nom: b.nom, departement: dep, col, row })),
  );
}

function shortName(nom: string): string {
  return nom.replace(/^Bassin (de |d'|du |des )?/i, '').replace(/\s*\(.*\)$/, '');
}

export function bassinMap(options: MapOptions): SVGSVGElement {
  const width = options.width ?? 420;
  const names = new Map(options.bassins.map((b) => [b.id, b.nom]));
  const deps = new Map(options.bassins.map((b) => [b.id, b.departement]));
  const fill = options.fill ?? ((id: string) => (id === options.highlight ? COLORS.force : '#dfe3ea'));
  const title = options.title ?? ((id: string) => names.get(id) ?? id);
  const labels = options.labels ?? true;
  const nameOf = (code: string) => options.departements.find((d) => d.code === code)?.nom ?? code;
  let svg: SVGSVGElement;
  let key: string[] = [];
  if (options.contours?.type === 'outlines') {
    const all = options.contours.geojson.features;
    const features = options.departement
      ? all.filter(
          (f) =>
            (deps.get(featureId(f)) ?? String((f.properties as Record<string, unknown> | null)?.departement ?? '')) ===
            options.departement,
        )
      : all;
    const shown = features.length ? features : all;
    const highlighted = shown.filter((f) => featureId(f) === options.highlight);
    svg = Plot.plot({
      width,
      style: { fontFamily: FONT, fontSize: '11px', background: 'transparent', overflow: 'visible' },
      projection: {
        type: 'mercator',
        domain: { type: 'FeatureCollection', features: shown } as GeoJSON.FeatureCollection,
        inset: 6,
      },
      marks: [
        Plot.geo(shown, {
          fill: (f: GeoJSON.Feature) => fill(featureId(f)),
          stroke: 'white',
          strokeWidth: 1,
          title: (f: GeoJSON.Feature) => title(featureId(f)),
          ariaLabel: (f: GeoJSON.Feature) => title(featureId(f)).replace(/\n/g, ' ; '),
          tip: true,
        }),
        Plot.geo(highlighted, { fill: 'none', stroke: COLORS.ink, strokeWidth: 2.5 }),
        ...(labels
          ? [false, true].map((bold) =>
              Plot.text(
                shown.filter((f) => (featureId(f) === options.highlight) === bold),
                Plot.centroid({
                  text: (f: GeoJSON.Feature) =>
                    shortName(
                      names.get(featureId(f)) ?? String((f.properties as Record<string, unknown> | null)?.nom ?? ''),
                    ),
                  fontSize: 10,
                  fill: COLORS.ink,
                  stroke: 'white',
                  strokeWidth: 3,
                  paintOrder: 'stroke',
                  lineWidth: 8,
                  fontWeight: bold ? 700 : 400,
                }),
              ),
            )
          : []),
      ],
    }) as SVGSVGElement;
    key = declutter(svg, width);
  } else {
    const source =
      options.contours?.type === 'tiles' && options.contours.tiles.length
        ? options.contours.tiles
        : fallbackTiles(
            options.bassins,
            options.departements.map((d) => d.code),
          );
    const tiles = options.departement ? source.filter((t) => t.departement === options.departement) : source;
    const cols = [...new Set(tiles.map((t) => t.col))];
    const rows = [...new Set(tiles.map((t) => t.row))];
    const c0 = Math.min(...cols);
    const c1 = Math.max(...cols) + 1;
    const r0 = Math.min(...rows);
    const r1 = Math.max(...rows) + 1;
    const cell = Math.min(96, width / (c1 - c0));
    const headers = options.departement
      ? []
      : [...new Set(tiles.map((t) => t.departement))].map((dep) => {
          const own = tiles.filter((t) => t.departement === dep);
          return { dep, col: Math.min(...own.map((t) => t.col)), row: Math.min(...own.map((t) => t.row)) };
        });
    const headerRows = headers.length ? 0.45 : 0;
    // A name is written in its tile, on as many lines as the tile holds, when it fits; otherwise a number
    // explained under the map.
    const fontSize = cell < 70 ? 9 : 10.5;
    const lines = (t: Tile) => wrapText(shortName(names.get(t.id) ?? t.nom), cell - 10, fontSize, FONT);
    const most = Math.min(4, Math.floor((cell - 10) / (fontSize * 1.25)));
    const fits = (t: Tile) =>
      lines(t).length <= most && lines(t).every((l) => textWidth(l, fontSize, FONT) <= cell - 8);
    const crowded = tiles
      .filter((t) => !fits(t))
      .sort((a, b) => (names.get(a.id) ?? a.nom).localeCompare(names.get(b.id) ?? b.nom, 'fr'));
    const numbers = new Map(crowded.map((t, i) => [t.id, String(i + 1)]));
    key = crowded.map((t) => `${numbers.get(t.id)} ${shortName(names.get(t.id) ?? t.nom)}`);
    const headerSize = Math.min(
      10.5,
      ...headers.map((h) => (10.5 * (cell - 6)) / Math.max(1, textWidth(nameOf(h.dep), 10.5, FONT))),
    );
    svg = Plot.plot({
      width: cell * (c1 - c0),
      height: cell * (r1 - r0 + headerRows) + 4,
      margin: 2,
      style: { fontFamily: FONT, fontSize: '11px', background: 'transparent', overflow: 'visible' },
      x: { domain: [c0, c1], axis: null },
      y: { domain: [r0 - headerRows, r1], axis: null, reverse: true },
      marks: [
        Plot.rect(tiles, {
          x1: 'col',
          x2: (t: Tile) => t.col + 1,
          y1: 'row',
          y2: (t: Tile) => t.row + 1,
          inset: 2.5,
          rx: 6,
          fill: (t: Tile) => fill(t.id),
          stroke: (t: Tile) => (t.id === options.highlight ? COLORS.ink : 'white'),
          strokeWidth: (t: Tile) => (t.id === options.highlight ? 2.5 : 1),
          title: (t: Tile) => title(t.id),
          ariaLabel: (t: Tile) => title(t.id).replace(/\n/g, ' ; '),
          tip: true,
        }),
        ...(labels
          ? [false, true].map((bold) =>
              Plot.text(
                tiles.filter((t) => (t.id === options.highlight) === bold),
                {
                  x: (t: Tile) => t.col + 0.5,
                  y: (t: Tile) => t.row + 0.5,
                  text: (t: Tile) => numbers.get(t.id) ?? lines(t).join('\n'),
                  fontSize,
                  fill: COLORS.ink,
                  stroke: 'white',
                  strokeWidth: 2.5,
                  paintOrder: 'stroke',
                  fontWeight: bold ? 700 : 400,
                },
              ),
            )
          : []),
        Plot.text(headers, {
          x: (h: { col: number }) => h.col + 0.5,
          y: (h: { row: number }) => h.row - headerRows / 2,
          text: (h: { dep: string }) => nameOf(h.dep),
          fontSize: headerSize,
          fontWeight: 600,
          fill: COLORS.inkSoft,
        }),
      ],
    }) as SVGSVGElement;
  }
  if (options.hatch) addHatch(svg, options.hatch);
  // Tiles too small for their names carry numbers: the key goes under the map, inside the SVG.
  if (key.length) appendKey(svg, key, { fontSize: 10, font: FONT });
  const where = options.departement ? `du département ${nameOf(options.departement)}` : "de l'académie";
  svg.setAttribute(
    'aria-label',
    options.highlight
      ? `Carte : le bassin ${names.get(options.highlight) ?? options.highlight} parmi les bassins ${where}`
      : `Carte des bassins ${where}`,
  );
  return svg;
}

/**
 * Names at the centroids of true outlines: small basins side by side would print their names over each other. A
 * name that runs into one already written (the highlighted basin's first), or past the map's edge, becomes a number
 * explained in a key under the map. Returns the key's items.
 */
function declutter(svg: SVGSVGElement, width: number): string[] {
  const groups = [...svg.querySelectorAll('g[aria-label="text"]')].reverse();
  const kept: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const crowded: { text: Element; name: string; x: number; y: number; size: number }[] = [];
  for (const group of groups) {
    const size = Number(group.getAttribute('font-size')) || 10;
    const weight = Number(group.getAttribute('font-weight')) || 400;
    for (const text of group.querySelectorAll('text')) {
      const [x, y] = (/translate\(([-\d.e]+),\s*([-\d.e]+)/.exec(text.getAttribute('transform') ?? '') ?? [])
        .slice(1)
        .map(Number);
      const lines = text.querySelectorAll('tspan').length
        ? [...text.querySelectorAll('tspan')].map((t) => t.textContent ?? '')
        : [text.textContent ?? ''];
      const w = Math.max(...lines.map((l) => textWidth(l, size, FONT, weight))) + 4;
      const h = lines.length * size * 1.2;
      const box = { x0: x - w / 2, x1: x + w / 2, y0: y - h / 2, y1: y + h / 2 };
      const clash = kept.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1);
      if (clash || box.x0 < 0 || box.x1 > width) {
        const name = lines.reduce((a, l) => (a && !a.endsWith('-') ? `${a} ${l}` : `${a}${l}`), '');
        crowded.push({ text, name, x, y, size });
      } else kept.push(box);
    }
  }
  crowded.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  // Each number at the free spot nearest to its centroid.
  crowded.forEach((c, i) => {
    c.text.textContent = String(i + 1);
    const [spot] = placeLabels([{ id: String(i), x: c.x, y: c.y, text: String(i + 1) }], {
      bounds: { x0: 0, y0: 0, x1: width, y1: Number(svg.getAttribute('height')) },
      obstacles: kept,
      fontSize: c.size,
      font: FONT,
      gap: 0,
    });
    if (!spot) return;
    const cx = (spot.box.x0 + spot.box.x1) / 2;
    const cy = (spot.box.y0 + spot.box.y1) / 2;
    c.text.setAttribute('transform', `translate(${cx},${cy})`);
    kept.push(spot.box);
  });
  return crowded.map((c, i) => `${i + 1} ${c.name}`);
}

/** Which kind of map the page could draw, for the caption. */
export function mapCaption(contours: Contours | null): string {
  return contours?.type === 'outlines'
    ? 'Contours des bassins : réunion des contours communaux chargés'
    : 'Carte schématique : une tuile par bassin, regroupées par département';
}
