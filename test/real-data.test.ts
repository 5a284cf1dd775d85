// Adapters on extracts of real published files, when ../shared/datasets/real exists (never copied here).
// Each file must be recognised from its header and load without error; its rows must land in its table.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ident } from '../src/db/database.ts';
import { FOLDER_EXTENSIONS } from '../src/ingest/batch.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { formatById } from '../src/ingest/registry.ts';
import { CONTOURS_SOURCE, CONTOURS_TABLE } from '../src/ingest/contours.ts';
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
  it('collège (en-têtes libellés avec notes entre parenthèses) : valeurs du fichier', async () => {
    const db = await freshDb();
    try {
      const result = await ingestFile(db, join(REAL, 'college-effectifs-labels-rennes35-coll-ges35.csv'));
      expect(result.source).toBe('education-effectifs-college');
      // Line 3 of the file: 2019;…;0351906G;COLLEGE;BOURGCHEVREUIL;PUBLIC;0;0;665;654;0;11;155;…;178;…;147;…;185
      const row = await db.one<Record<string, number>>(
        'SELECT rentree, nb_eleves, nb_ulis, nb_6e, nb_5e, nb_4e, nb_3e FROM effectifs_college WHERE uai = ' +
          "'0351906G' AND rentree = 2019",
      );
      expect(row).toEqual({
        rentree: 2019,
        nb_eleves: 665,
        nb_ulis: 11,
        nb_6e: 155,
        nb_5e: 178,
        nb_4e: 147,
        nb_3e: 185,
      });
    } finally {
      db.close();
    }
  });
  for (const name of files) {
    it(`${name} est reconnu et chargé`, async () => {
      const db = await freshDb();
      try {
        const result = await ingestFile(db, join(REAL, name));
        expect(result.status).toBe('chargé');
        expect(result.rows).toBeGreaterThan(0);
        // Contours have no format record: their own table.
        const table = result.source === CONTOURS_SOURCE ? CONTOURS_TABLE : formatById(result.source)!.table;
        const n = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE file_id = $id`, {
          id: result.fileId!,
        });
        expect(n!.n).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    });
  }
});
