// Fixed-point census values: integer units of 1/10 000 so that sums of weighted decimals are exact.

/** Census values are weighted decimals: they are computed in integer units of 1/10 000 so that sums are exact. */
export const U = 10_000;

/** Splits an integer total into integer parts proportional to weights (largest remainder, deterministic). */
export function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k][1]]++;
  return parts;
}

export const times = (units: number, rate: number) => Math.max(0, Math.min(units, Math.round(units * rate)));

export function fmtUnits(units: number, decimal: '.' | ','): string {
  const int = Math.trunc(units / U);
  const frac = String(units % U)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${int}${decimal}${frac}` : String(int);
}

export const clamp = (x: number, a: number, b: number) => Math.max(a, Math.min(b, x));
