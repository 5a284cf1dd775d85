// The write lock of a database file: `<base>.verrou` holds the writer's PID and command. DuckDB lets one process
// write a file, and its own refusal is an English « Could not set lock »; this lock names the writer in French, lets
// other writers and readers wait for it (CLEE_DB_WAIT_MS), and tells `clee serve` when the file is being written
// (it copies the file only when no one holds the lock).
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

interface LockHolder {
  pid: number;
  commande: string;
  depuis: string;
}

/** Default wait for a busy database before refusing (ms); CLEE_DB_WAIT_MS overrides it. */
const DEFAULT_WAIT_MS = 15_000;

/** A database held by another process: the message is French and says what to do. */
export class DatabaseBusyError extends Error {
  constructor(
    message: string,
    readonly holder?: { pid?: number; commande?: string },
  ) {
    super(message);
    this.name = 'DatabaseBusyError';
  }
}

export function waitLimitMs(): number {
  const raw = process.env.CLEE_DB_WAIT_MS;
  if (raw === undefined || raw === '') return DEFAULT_WAIT_MS;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_WAIT_MS;
}

export function lockPath(dbPath: string): string {
  return `${dbPath}.verrou`;
}

/** True while a process with this PID runs (EPERM: it runs, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of the write lock, or undefined (a lock left by a dead process is removed). */
export function lockHolder(dbPath: string): LockHolder | undefined {
  return holderOf(lockPath(dbPath));
}

function holderOf(file: string): LockHolder | undefined {
  let holder: LockHolder;
  try {
    holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Being written this very moment by its holder (held), or left empty by a crash long ago (stale).
    if (ageMs(file) < 5000) return { pid: 0, commande: 'clee', depuis: '' };
    rmSync(file, { force: true });
    return undefined;
  }
  if (holder.pid === process.pid || processAlive(holder.pid)) return holder;
  rmSync(file, { force: true });
  return undefined;
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function describeHolder(holder: { pid?: number; commande?: string }): string {
  const who = holder.commande ? `« ${holder.commande} »` : 'un autre programme';
  return holder.pid ? `${who} (PID ${holder.pid})` : who;
}

export function busyMessage(dbPath: string, holder: { pid?: number; commande?: string }, waitedMs: number): string {
  const use = holder.commande ? 'utilisée en écriture' : 'ouverte';
  return (
    `la base ${dbPath} est ${use} par ${describeHolder(holder)} ; attendu ${Math.round(waitedMs / 1000)} s. ` +
    'Relancez la commande quand ce programme aura fini, ou attendez plus longtemps avec la variable ' +
    'CLEE_DB_WAIT_MS (en millisecondes, ex. CLEE_DB_WAIT_MS=600000).'
  );
}

/** Waits until no live process holds the write lock (at most CLEE_DB_WAIT_MS), else refuses in French. */
export async function waitForWriter(dbPath: string, waitMs = waitLimitMs()): Promise<void> {
  const start = Date.now();
  for (;;) {
    const holder = lockHolder(dbPath);
    if (!holder || holder.pid === process.pid) return;
    if (Date.now() - start >= waitMs) throw new DatabaseBusyError(busyMessage(dbPath, holder, waitMs), holder);
    await sleep(Math.min(200, waitMs));
  }
}

/** Takes the write lock (waiting at most CLEE_DB_WAIT_MS for the current holder); returns its release. */
export function acquireWriteLock(dbPath: string, commande: string, waitMs = waitLimitMs()): Promise<() => void> {
  return acquireFileLock(
    lockPath(dbPath),
    commande,
    (_, waitedMs, holder) => busyMessage(dbPath, holder, waitedMs),
    waitMs,
  );
}

/**
 * Takes the lock `file` (PID and command inside; one left by a dead process is taken over), waiting at most
 * `waitMs` for its live holder, then refusing with `busy` (the holder described in French, the time waited).
 */
export async function acquireFileLock(
  file: string,
  commande: string,
  busy: (holder: string, waitedMs: number, raw: LockHolder) => string,
  waitMs = waitLimitMs(),
): Promise<() => void> {
  const start = Date.now();
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, commande, depuis: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(file, { force: true });
      };
      // A crash or Ctrl+C still removes it; a kill -9 leaves it, and the next user finds its PID dead.
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(file);
    if (!holder) continue;
    if (Date.now() - start >= waitMs) throw new DatabaseBusyError(busy(describeHolder(holder), waitMs, holder), holder);
    await sleep(Math.min(200, waitMs));
  }
}
