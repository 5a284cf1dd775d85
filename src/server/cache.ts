// Memoised computations of the API. The server never writes to its database, so a result computed once stays true
// until the server switches to a newer copy of the file (the caches are then cleared, see context.ts). Bounded, least
// recently used first out.

export class Memo {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly capacity = 1000) {}

  /** The cached promise for `key`, or runs `compute` once (concurrent callers share it). Failures are not kept. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    const promise = compute();
    this.entries.set(key, promise);
    promise.catch(() => this.entries.delete(key));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return promise;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Runs tasks one at a time: the methodology shares one DuckDB connection. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
