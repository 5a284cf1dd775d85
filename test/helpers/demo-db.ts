// The demo database for server and browser tests: datasets/ ingested once into a cached DuckDB file (keyed by the
// files' names, sizes and dates), then copied for each test file (DuckDB lets one process open a file at a time).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Database } from '../../src/db/database.ts';
import { expandPaths, ingestFiles } from '../../src/ingest/batch.ts';
import { ensureSchema } from '../../src/ingest/schema.ts';
import { DEMO_PATHS } from '../../src/cli/commands/start.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

function fingerprint(files: string[]): string {
  const hash = createHash('sha256');
  for (const f of files) {
    const s = statSync(f);
    hash.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  for (const dir of ['src/ingest', 'src/territory']) {
    for (const f of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
      const path = join(ROOT, dir, f);
      if (f.endsWith('.ts')) hash.update(`${path}\0${statSync(path).mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Path of the cached demo database, building it (under a lock shared by test processes) when needed. */
async function demoDatabaseFile(): Promise<string> {
  const paths = DEMO_PATHS.filter((p) => existsSync(p));
  if (paths.length === 0) throw new Error('Données de démonstration absentes : lancez « npm run demo:data ».');
  const files = await expandPaths(paths);
  if (files.length === 0) throw new Error('Données de démonstration vides : lancez « npm run demo:data ».');
  const cacheDir = join(tmpdir(), 'clee-test-cache');
  mkdirSync(cacheDir, { recursive: true });
  const cached = join(cacheDir, `demo-${fingerprint(files)}.duckdb`);
  const lock = `${cached}.lock`;
  for (let _waited = 0; !existsSync(cached); _waited += 200) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test process is building it: wait (a stale lock older than 5 minutes is broken).
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      if (existsSync(cached)) break;
      const building = `${cached}.${process.pid}.tmp`;
      rmSync(building, { force: true });
      const db = await Database.open(building);
      try {
        await ensureSchema(db);
        const outcome = await ingestFiles(db, files);
        if (outcome.failures.length) {
          throw new Error(
            `Données de démonstration refusées : ` +
              `${outcome.failures.map((f) => `${f.file} (${f.error.message})`).join(' ; ')}`,
          );
        }
        await db.run('CHECKPOINT');
      } finally {
        db.close();
      }
      renameSync(building, cached);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return cached;
}

/** A private copy of the demo database file, not opened (for child processes); `cleanup` deletes it. */
export async function demoDatabaseCopy(): Promise<{ path: string; cleanup: () => void }> {
  const cached = await demoDatabaseFile();
  const dir = join(
    tmpdir(),
    `clee-test-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  );
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'demo.duckdb');
  copyFileSync(cached, path);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private copy of the demo database, open; `cleanup` closes and deletes it. */
export async function demoDatabase(): Promise<{ db: Database; path: string; cleanup: () => void }> {
  const copy = await demoDatabaseCopy();
  const db = await Database.open(copy.path);
  return {
    db,
    path: copy.path,
    cleanup: () => {
      try {
        db.close();
      } catch {
        // already closed
      }
      copy.cleanup();
    },
  };
}
