// Exact sums (src/db/exact.ts): the same result whatever the order of additions, and as close as the doubles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.ts';
import { exactSum } from '../src/db/exact.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(() => db.close());

// The values are written in the SQL as JavaScript prints them: the shortest text that reads back as the same double.
const sum = async (values: number[]) =>
  (await db.one<{ s: number }>(
    `SELECT ${exactSum('x')} AS s FROM (SELECT unnest([${values.join(', ')}]::DOUBLE[]) AS x)`,
  ))!.s;

describe('exact sums', () => {
  it('the same sum in every order, where floating-point additions give several', async () => {
    for (const values of [
      [1e16, 1, -1e16],
      [1, 1e16, -1e16],
      [-1e16, 1e16, 1],
    ])
      expect(await sum(values)).toBe(1);
    for (const values of [
      [0.1, 0.2, 0.3],
      [0.3, 0.2, 0.1],
    ])
      expect(await sum(values)).toBe(0.6);
  });

  it('a zone figure spread over a thousand small communes adds up as closely as the doubles', async () => {
    // 0,123456789 spread in thousandths: billionths lost 2·10⁻⁷ of it.
    const parts = Array.from({ length: 1000 }, () => 0.123456789 / 1000);
    expect(Math.abs((await sum(parts)) - 0.123456789)).toBeLessThan(1e-15);
  });

  it('an integer column adds up too (no 64-bit overflow)', async () => {
    const row = await db.one<{ s: number }>(
      `SELECT ${exactSum('n')} AS s FROM (SELECT unnest([3419, 2188, 1571]) AS n)`,
    );
    expect(row!.s).toBe(7178);
  });

  it('whole counts stay whole; negative values (evolutions)', async () => {
    expect(await sum([3419, 2188, 1571])).toBe(7178);
    expect(await sum([-4.25, 1.5, -0.25])).toBe(-3);
    expect(await sum([68_000_000.5, 1_000_000_000])).toBe(1_068_000_000.5);
  });
});
