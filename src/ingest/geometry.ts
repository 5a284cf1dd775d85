// Geometry checks of a commune contour on the way in: a bad coordinate or an open ring would otherwise reach the
// pages as NaN paths, and one huge feature would make every map answer heavy.

/**
 * Most vertices one commune may hold. Published contours stay far below (Etalab's 100 m files: a few hundred per
 * commune; IGN Admin Express at full resolution: a few tens of thousands for the largest communes).
 */
export const MAX_FEATURE_VERTICES = 200_000;

/** What is wrong with a geometry, in French, or null when it is a valid Polygon / MultiPolygon. */
interface GeometryProblem {
  reason: string;
  expected: string;
}

/** Checks a Polygon or MultiPolygon (WGS 84): finite numbers in range, rings of ≥ 4 points, closed; caps vertices. */
export function checkGeometry(type: 'Polygon' | 'MultiPolygon', coordinates: unknown[]): GeometryProblem | null {
  const polygons = type === 'Polygon' ? [coordinates] : coordinates;
  if (polygons.length === 0) return { reason: 'géométrie vide', expected: 'au moins un polygone' };
  let vertices = 0;
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p];
    const inPolygon = type === 'MultiPolygon' ? ` du polygone ${p + 1}` : '';
    if (!Array.isArray(rings) || rings.length === 0) {
      return { reason: `polygone ${p + 1} vide ou mal formé`, expected: 'une liste d’anneaux de points' };
    }
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r] as unknown;
      const where = `anneau ${r + 1}${inPolygon}`;
      if (!Array.isArray(ring) || ring.length < 4) {
        return {
          reason: `${where} : ${Array.isArray(ring) ? `${ring.length} point(s)` : 'pas une liste de points'}`,
          expected: 'un anneau fermé d’au moins 4 points [longitude, latitude]',
        };
      }
      vertices += ring.length;
      if (vertices > MAX_FEATURE_VERTICES) {
        return {
          reason: `plus de ${MAX_FEATURE_VERTICES.toLocaleString('fr-FR')} sommets pour une seule commune`,
          expected:
            'un contour simplifié (ex. communes-100m.geojson d’Etalab, ou « mapshaper -simplify 10% » avant de ' +
            'charger)',
        };
      }
      for (let i = 0; i < ring.length; i++) {
        const point = ring[i] as unknown;
        const bad = pointProblem(point);
        if (bad) {
          return {
            reason: `${where}, point ${i + 1} : ${bad} (${JSON.stringify(point)?.slice(0, 60)})`,
            expected: 'des coordonnées [longitude, latitude] en degrés WGS 84 (nombres finis)',
          };
        }
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        return {
          reason:
            `${where} : anneau non fermé (le dernier point ${JSON.stringify(last)} diffère du premier ` +
            `${JSON.stringify(first)})`,
          expected: 'un anneau fermé (dernier point identique au premier)',
        };
      }
    }
  }
  return null;
}

function pointProblem(point: unknown): string | null {
  if (!Array.isArray(point) || point.length < 2) return 'point mal formé';
  const [x, y] = point as unknown[];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    return 'coordonnée non numérique';
  }
  if (x < -180 || x > 180 || y < -90 || y > 90) return 'coordonnée hors des bornes WGS 84';
  return null;
}
