// 95 % intervals of basin values, one formula per declared method (IndicatorRecord.intervalle).
// The verdict rule (verdict.ts) refuses to class a gap whose interval contains the reference.
import type { IndicatorRecord } from './indicators.ts';

/** Two-sided 95 % normal quantile. */
const Z95 = 1.959963984540054;

export type Intervalle = [number, number];

type IntervalFields = Pick<IndicatorRecord, 'intervalle' | 'echelle' | 'plancher'>;

/**
 * Wilson score interval of a proportion p observed on n trials (Wilson 1927): unlike p ± z√(p(1−p)/n),
 * it stays within [0, 1] and keeps a width when p is 0 or 1 or n is small.
 */
export function wilson(p: number, n: number, z = Z95): Intervalle {
  const q = Math.min(1, Math.max(0, p));
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (q + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((q * (1 - q)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Score interval of a Poisson mean from an observed count x: (x + z²/2 ± z√(x + z²/4)). */
export function poissonScore(x: number, z = Z95): Intervalle {
  const z2 = z * z;
  const half = z * Math.sqrt(Math.max(0, x) + z2 / 4);
  return [Math.max(0, x + z2 / 2 - half), x + z2 / 2 + half];
}

/**
 * The 95 % interval of a basin value in the indicator's unit, or null when the method is « aucun », the value
 * is missing or the counts cannot carry one. `taille_effective` shrinks the counts (survey samples).
 */
export function intervalOf(
  def: IntervalFields,
  valeur: number | null,
  numerateur: number | null,
  denominateur: number | null,
): Intervalle | null {
  const { methode, taille_effective: f } = def.intervalle;
  if (methode === 'aucun' || valeur === null || !Number.isFinite(valeur)) return null;
  if (numerateur === null || denominateur === null || !(denominateur > 0)) return null;
  let interval: Intervalle;
  switch (methode) {
    case 'wilson': {
      // The value is a proportion of the denominator × echelle (inserjeunes: rates already in %, echelle 1).
      const scale = def.echelle === 1 ? 100 : def.echelle;
      const [lo, hi] = wilson(valeur / scale, denominateur * f);
      interval = [lo * scale, hi * scale];
      break;
    }
    case 'poisson': {
      const x = numerateur * f;
      const [lo, hi] = poissonScore(x);
      const per = def.echelle / (denominateur * f);
      interval = [lo * per, hi * per];
      break;
    }
    case 'rapport': {
      // valeur = (A − B) / B × 100 with A = numerator + denominator (this year), B = denominator (the earlier one).
      const a = (numerateur + denominateur) * f;
      const b = denominateur * f;
      if (!(a > 0) || !(b > 0)) return null;
      const half = Z95 * Math.sqrt(1 / a + 1 / b);
      const r = a / b;
      interval = [(r * Math.exp(-half) - 1) * def.echelle, (r * Math.exp(half) - 1) * def.echelle];
      break;
    }
  }
  if (def.plancher !== undefined) interval = [Math.max(def.plancher, interval[0]), Math.max(def.plancher, interval[1])];
  return interval;
}

/** True when the interval leaves the reference out (a gap that may be classed). */
export function excludes(interval: Intervalle | null, reference: number): boolean {
  return interval !== null && (reference < interval[0] || reference > interval[1]);
}
