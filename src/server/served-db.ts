// The database the server answers from, replaceable while it serves (`clee serve` reads a copy of the file and
// takes a new copy after each load). A request keeps the database it started with until it ends: the previous
// database is closed only once every request begun before the switch has finished.
import type { Database } from '../db/database.ts';

export class ServedDatabase {
  private generation = 0;
  private readonly busy = new Map<number, number>();
  private readonly retiring = new Map<number, () => void>();
  private readonly listeners: (() => void)[] = [];

  constructor(private database: Database) {}

  get current(): Database {
    return this.database;
  }

  /** Marks a request as begun; call the returned function when it ends. */
  enter(): () => void {
    const generation = this.generation;
    this.busy.set(generation, (this.busy.get(generation) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const count = (this.busy.get(generation) ?? 1) - 1;
      if (count > 0) this.busy.set(generation, count);
      else {
        this.busy.delete(generation);
        this.retire(generation);
      }
    };
  }

  /** Serves `next` from now on; `retire` closes the previous database when its last request ends. */
  swap(next: Database, retire: () => void): void {
    const previous = this.generation;
    this.database = next;
    this.generation += 1;
    this.retiring.set(previous, retire);
    for (const listener of this.listeners) listener();
    if (!this.busy.has(previous)) this.retire(previous);
  }

  /** Called after each switch (the caches of results computed on the previous data are dropped there). */
  onSwap(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Closes every previous database still waiting for its requests (the server is stopping). */
  retireAll(): void {
    for (const [generation, retire] of [...this.retiring]) {
      this.retiring.delete(generation);
      retire();
    }
  }

  /**
   * Set by the API: resolves once the computations already queued are done (one of them may still read the previous
   * database after the request that started it went away, a client closing its connection for instance).
   */
  settled: () => Promise<unknown> = () => Promise.resolve();

  private retire(generation: number): void {
    const retire = this.retiring.get(generation);
    if (!retire) return;
    this.retiring.delete(generation);
    this.settled().then(retire, retire);
  }
}
