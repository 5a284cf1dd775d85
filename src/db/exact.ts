// Sums that do not depend on the order of additions. DuckDB adds floating-point numbers in parallel, in an order
// that varies from one run to the next: the last bits of a floating-point sum vary, so a value on a rounding
// boundary (3,75) would read « +3,7 % » one time and « +3,8 % » the next, and equal values would differ by 10⁻¹⁵.
// Values are added as whole billionths (fixed point, BIGINT): an integer sum is exact whatever the order. A
// billionth is far below what any published figure carries (a value shared between 35 000 communes is still right
// to the ten-thousandth), integers add two to three times faster than decimals, and a BIGINT of billionths holds
// any single value up to 9 billion (a national population is 68 million).

/** How many units make one. */
const SCALE = 1_000_000_000;

/** SQL: an expression as whole billionths, the form exact sums add. */
export function exactUnits(expression: string): string {
  return `CAST(round((${expression}) * ${SCALE}) AS BIGINT)`;
}

/** SQL: a number of billionths (an exact sum) back as a DOUBLE. */
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
