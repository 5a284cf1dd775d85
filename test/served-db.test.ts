// The database a server answers from can be replaced while it serves: a request keeps the database it began with,
// the previous one is closed only after the last request begun before the switch, and after the queued computations.
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { ServedDatabase } from '../src/server/served-db.ts';

const first = { name: 'premiere' } as unknown as Database;
const second = { name: 'seconde' } as unknown as Database;
const tick = () => new Promise((r) => setImmediate(r));

describe('ServedDatabase', () => {
  it('closes the previous database once the requests begun before the switch have ended', async () => {
    const served = new ServedDatabase(first);
    const closed: string[] = [];
    const leaveA = served.enter();
    const leaveB = served.enter();
    served.swap(second, () => closed.push('premiere'));
    expect(served.current).toBe(second);
    const leaveC = served.enter(); // begun after the switch: does not hold the previous one
    leaveA();
    await tick();
    expect(closed).toEqual([]);
    leaveB();
    leaveB(); // leaving twice (finish, then close) counts once
    await tick();
    expect(closed).toEqual(['premiere']);
    leaveC();
  });

  it('waits for the queued computations, and tells its listeners at each switch', async () => {
    const served = new ServedDatabase(first);
    let release: (value?: unknown) => void = () => undefined;
    served.settled = () =>
      new Promise((r) => {
        release = r;
      });
    const swaps: number[] = [];
    served.onSwap(() => swaps.push(1));
    const closed: string[] = [];
    served.swap(second, () => closed.push('premiere'));
    expect(swaps).toEqual([1]);
    await tick();
    expect(closed).toEqual([]);
    release();
    await tick();
    expect(closed).toEqual(['premiere']);
  });

  it('closes everything still waiting when the server stops', () => {
    const served = new ServedDatabase(first);
    const closed: string[] = [];
    served.enter();
    served.swap(second, () => closed.push('premiere'));
    served.retireAll();
    expect(closed).toEqual(['premiere']);
  });
});
