// Sums that do not depend on the order of additions. DuckDB adds floating-point numbers in parallel, in an order
// that varies from one run to the next: the last bits of a floating-point sum vary, so a value on a rounding
// boundary (3,75) would read « +3,7 % » one time and « +3,8 % » the next, and equal values would differ by 10⁻¹⁵.
// Values are added as whole units of 2⁻⁶⁰ (fixed point, HUGEINT): an integer sum is exact whatever the order. A power
// of two, so that scaling a double and back is exact (10¹⁸ rounds 3 419 × 10¹⁸ and gives back 3 418,999…), and a
// unit below a double's own precision for any value over 0,004: a zone's figure spread over hundreds of small
// communes adds up as closely as the doubles themselves (billionths, tried first, drifted by 10⁻⁸ there and split
// tied ranks). A HUGEINT of such units holds any value up to 10²⁰.

/** How many units make one: 2⁶⁰. */
const SCALE = '1152921504606846976';

/**
 * SQL: an expression as whole units, the form exact sums add. Read as a DOUBLE first: an integer column times 2⁶⁰
 * would overflow DuckDB's 64-bit integers, and a double scales by a power of two exactly.
 */
export function exactUnits(expression: string): string {
  return `CAST(round(CAST(${expression} AS DOUBLE) * ${SCALE}) AS HUGEINT)`;
}

/** SQL: a number of units (an exact sum) back as a DOUBLE. */
export function fromUnits(expression: string): string {
  return `(CAST(${expression} AS DOUBLE) / ${SCALE})`;
}

/** SQL: the exact sum of an expression, as a DOUBLE. */
export function exactSum(expression: string): string {
  return fromUnits(`sum(${exactUnits(expression)})`);
}

/** SQL: the exact mean of an expression (an exact sum divided by the count), as a DOUBLE. */
export function exactAvg(expression: string): string {
  return fromUnits(`avg(${exactUnits(expression)})`);
}
