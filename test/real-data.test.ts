// Adapters on extracts of real published files, when ../shared/datasets/real exists (never copied here).
// Each file must be recognised from its header and load without error; its rows must land in its table.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ident } from '../src/db/database.ts';
import { FOLDER_EXTENSIONS } from '../src/ingest/batch.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { formatById } from '../src/ingest/registry.ts';
import { freshDb } from './helpers/db.ts';

const REAL = resolve(process.cwd(), '..', 'shared', 'datasets', 'real');
const files = existsSync(REAL)
  ? readdirSync(REAL).filter(
      (f) => statSync(join(REAL, f)).isFile() && FOLDER_EXTENSIONS.has(f.slice(f.lastIndexOf('.')).toLowerCase()),
    )
  : [];

describe.skipIf(!existsSync(REAL))('fichiers réels (../shared/datasets/real)', () => {
  it('le dossier contient des fichiers lisibles', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const name of files) {
    it(`${name} est reconnu et chargé`, async () => {
      const db = await freshDb();
      try {
        const result = await ingestFile(db, join(REAL, name));
        expect(result.status).toBe('chargé');
        expect(result.rows).toBeGreaterThan(0);
        const format = formatById(result.source)!;
        const n = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(format.table)} WHERE file_id = $id`, {
          id: result.fileId!,
        });
        expect(n!.n).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    });
  }
});
