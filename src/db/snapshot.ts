// What `clee serve` reads: a private copy of the database file, replaced when the file changes. Holding the file
// itself, even read-only, would stop `clee ingest` (DuckDB lets a writer in only when no one else has the file open);
// a copy lets data be loaded while the dashboards are served, and the pages see the new data once the load is done.
// The file is copied only when no writer holds the write lock and is checked unchanged after the copy, so a copy is
// never taken half-way through a load (a writer checkpoints its changes into the file when it closes, before
// releasing the lock).
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database } from './database.ts';
import { lockHolder, processAlive, waitForWriter } from './lock.ts';

const PREFIX = 'clee-instantane-';

/** Removes the copies left by servers that were killed (their PID no longer runs). */
function removeAbandonedCopies(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (pid && pid !== process.pid && !processAlive(pid))
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** Size and modification time of the file and of its write-ahead log: what a change of data changes. */
function fileState(path: string): string {
  const part = (p: string) => {
    if (!existsSync(p)) return '-';
    const s = statSync(p);
    return `${s.size}:${s.mtimeMs}`;
  };
  return `${part(path)}|${part(`${path}.wal`)}`;
}

/** Copies the file (and its log) into a fresh folder, or returns undefined if a writer came by meanwhile. */
function copyOf(path: string): { dir: string; file: string; state: string } | undefined {
  const state = fileState(path);
  if (lockHolder(path)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const file = join(dir, 'clee.duckdb');
  copyFileSync(path, file);
  if (existsSync(`${path}.wal`)) copyFileSync(`${path}.wal`, `${file}.wal`);
  if (lockHolder(path) || fileState(path) !== state) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return { dir, file, state };
}

interface Snapshot {
  db: Database;
  /** Removes the copy once no request reads it any more. */
  dispose(): void;
}

async function openCopy(copy: { dir: string; file: string }): Promise<Snapshot> {
  try {
    const db = await Database.open(copy.file, { waitMs: 0 });
    return {
      db,
      dispose: () => {
        db.close();
        rmSync(copy.dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(copy.dir, { recursive: true, force: true });
    throw error;
  }
}

export class SnapshotReader {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  private constructor(
    readonly path: string,
    private current: Snapshot,
    private state: string,
  ) {}

  /** Copies the file (waiting for a writer at most CLEE_DB_WAIT_MS) and opens the copy. */
  static async open(path: string): Promise<SnapshotReader> {
    removeAbandonedCopies();
    for (;;) {
      await waitForWriter(path);
      const copy = copyOf(path);
      if (copy) return new SnapshotReader(path, await openCopy(copy), copy.state);
      await sleep(100);
    }
  }

  get db(): Database {
    return this.current.db;
  }

  /**
   * If the file changed and no writer holds it, opens a new copy and hands it to `swap` (which disposes of the old
   * one when its readers are done). Returns true when it swapped.
   */
  async refresh(swap: (next: Snapshot, previous: Snapshot) => void): Promise<boolean> {
    if (this.checking || !existsSync(this.path) || fileState(this.path) === this.state) return false;
    this.checking = true;
    try {
      const copy = copyOf(this.path);
      if (!copy) return false;
      const next = await openCopy(copy);
      const previous = this.current;
      this.current = next;
      this.state = copy.state;
      swap(next, previous);
      return true;
    } finally {
      this.checking = false;
    }
  }

  /** Checks the file every `everyMs` (the timer does not keep the process alive). */
  watch(swap: (next: Snapshot, previous: Snapshot) => void, everyMs = 1000, onError?: (error: Error) => void): void {
    this.timer = setInterval(() => {
      this.refresh(swap).catch((error: Error) => onError?.(error));
    }, everyMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.current.dispose();
  }
}
