// Published layouts read by the format registry: header matching, detection and the values stored, on small
// fixtures written in each published layout (the real files themselves are in real-data.test.ts).
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/loader.ts';
import { detectFormats, headerForms } from '../src/ingest/registry.ts';
import { freshDb, tempDir, writeFixture } from './helpers/db.ts';

describe('en-têtes libellés avec une note entre parenthèses', () => {
  it('le libellé avant la note est une seconde forme, le nom de champ reste tel quel', () => {
    expect(headerForms("Nombre d'élèves total (nombre d'élèves dans les formations du 1er cycle …)")).toEqual([
      'nombre_d_eleves_total_nombre_d_eleves_dans_les_formations_du_1er_cycle',
      'nombre_d_eleves_total',
    ]);
    expect(headerForms('nombre_eleves_total')).toEqual(['nombre_eleves_total']);
    expect(headerForms('REP +')).toEqual(['rep_plus']);
    expect(headerForms('(s)')).toEqual(['s']);
  });

  it('un collège en libellés avec notes est reconnu et ses valeurs stockées', async () => {
    const header =
      "Rentrée scolaire;Numéro du collège;Nombre d'élèves total (hors DIMA, dispositifs-relais exclus);" +
      'Nombre total de 6èmes;Nombre total de 5èmes;Nombre total de 4èmes;Nombre total de 3èmes (y compris Segpa)';
    expect(detectFormats(header.split(';')).map((f) => f.id)).toEqual(['education-effectifs-college']);
    const db = await freshDb();
    try {
      const path = writeFixture(tempDir(), 'college.csv', `${header}\n2019;0351906G;665;155;178;147;185\n`);
      await ingestFile(db, path);
      expect(await db.one('SELECT rentree, uai, nb_eleves, nb_6e, nb_3e FROM effectifs_college')).toEqual({
        rentree: 2019,
        uai: '0351906G',
        nb_eleves: 665,
        nb_6e: 155,
        nb_3e: 185,
      });
    } finally {
      db.close();
    }
  });
});
