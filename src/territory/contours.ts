// The outlines of the CLEE basins, merged from the commune contours loaded by src/ingest/contours.ts.
// Without contours (the demo), the pages draw the schematic tile map.
import { merge } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Database } from '../db/database.ts';
import { CONTOURS_TABLE } from '../ingest/contours.ts';
import { loadedBassins } from './zoning-file.ts';

interface BassinOutlineProperties {
  id: string;
  nom: string;
  departement: string;
  /** Communes of the basin in the zoning. */
  communes: number;
  /** Of which without a contour (absent from the contours file, e.g. a commune created since). */
  communesSansContour: number;
}

export type BassinOutlines = GeoJSON.FeatureCollection<GeoJSON.MultiPolygon | GeoJSON.Polygon, BassinOutlineProperties>;

/**
 * Smallest triangle (in square degrees, Visvalingam) a vertex must span to be kept: about 0.0015° × 0.0015°, i.e.
 * ≈ 100 m, well under a pixel of an académie map (≈ 300 km over 1 000 px). Thousands of vertices per commune
 * become a few dozen per basin border, and the answer stays small whatever resolution was loaded.
 */
const DISPLAY_MIN_AREA = 1e-6;
/** Decimals kept in served coordinates (1e-4° ≈ 10 m). */
const DISPLAY_DECIMALS = 4;

function rounded(geometry: GeoJSON.MultiPolygon): GeoJSON.MultiPolygon {
  const k = 10 ** DISPLAY_DECIMALS;
  return {
    type: 'MultiPolygon',
    coordinates: geometry.coordinates.map((polygon) =>
      polygon.map((ring) => ring.map(([x, y]) => [Math.round(x * k) / k, Math.round(y * k) / k])),
    ),
  };
}

/**
 * One outline per basin: its communes' contours merged along their shared borders (topojson `merge`).
 * null when no contour of a basin commune is loaded.
 */
export async function bassinOutlines(db: Database): Promise<BassinOutlines | null> {
  if (!(await db.tableExists(CONTOURS_TABLE)) || !(await db.tableExists('bassin_commune'))) return null;
  const rows = await db.all<{ code: string; geometry: string; bassin_id: string }>(
    `SELECT DISTINCT c.code, c.geometry, b.bassin_id
     FROM ${CONTOURS_TABLE} c JOIN bassin_commune b ON b.code_commune = c.code
     WHERE b.bassin_id IS NOT NULL ORDER BY b.bassin_id, c.code`,
  );
  if (rows.length === 0) return null;
  const basins = new Map((await loadedBassins(db)).map((b) => [b.id, b]));
  const communes: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      properties: { bassin: r.bassin_id, code: r.code },
      geometry: JSON.parse(r.geometry) as GeoJSON.Geometry,
    })),
  };
  // Simplified to the display scale on the shared arcs (neighbouring basins keep a common border), then merged.
  const topo = simplify(
    presimplify(topology({ communes }) as Topology<{ communes: GeometryCollection<{ bassin: string; code: string }> }>),
    DISPLAY_MIN_AREA,
  );
  const geometries = topo.objects.communes.geometries;
  const byBassin = new Map<string, typeof geometries>();
  for (const g of geometries) {
    const id = (g.properties as { bassin: string }).bassin;
    if (!byBassin.has(id)) byBassin.set(id, []);
    byBassin.get(id)!.push(g);
  }
  const features = [...byBassin].map(([id, parts]) => {
    const basin = basins.get(id);
    const total = basin?.communes ?? parts.length;
    return {
      type: 'Feature' as const,
      id,
      properties: {
        id,
        nom: basin?.nom ?? id,
        departement: basin?.departement ?? '',
        communes: total,
        communesSansContour: Math.max(0, total - parts.length),
      },
      geometry: rounded(merge(topo, parts as never) as GeoJSON.MultiPolygon),
    };
  });
  return { type: 'FeatureCollection', features };
}

/** [minLon, minLat, maxLon, maxLat] of a geometry (tests, map framing). */
export function bbox(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [x, y] of ring) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
  return box;
}
