// Sums that do not depend on the order of additions. DuckDB adds floating-point numbers in parallel, in an order
// that varies from one run to the next: the last bits of a floating-point sum vary, so a value on a rounding
// boundary (3,75) would read « +3,7 % » one time and « +3,8 % » the next, and equal values would differ by 10⁻¹⁵.
// A sum of decimals is exact, whatever the order: each value is read with 10 decimal places, far beyond what any
// published figure carries.

/** The type values are added as. */
export const EXACT_TYPE = 'DECIMAL(38, 10)';

/** SQL: the exact sum of an expression, as a DOUBLE. */
export function exactSum(expression: string): string {
  return `CAST(sum(CAST(${expression} AS ${EXACT_TYPE})) AS DOUBLE)`;
}

/** SQL: the exact mean of an expression (an exact sum divided by the count), as a DOUBLE. */
export function exactAvg(expression: string): string {
  return `CAST(avg(CAST(${expression} AS ${EXACT_TYPE})) AS DOUBLE)`;
}
