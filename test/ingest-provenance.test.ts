// Provenance: same file twice is a no-op, a newer vintage replaces the old one, an older one is ignored,
// and --all-or-nothing keeps nothing when one file fails.
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/ingest/batch.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { freshDb, snapshot, tempDir, writeFixture } from './helpers/db.ts';

const census = (yy: string, old: string, pop: number) =>
  `CODGEO;LIBGEO;P${yy}_POP;P${yy}_POP1529;P${old}_POP;P${old}_POP1529\n07001;Accons;${pop};50;340;48\n07002;Ailhon;200;30;190;28\n`;

describe('provenance et millésimes', () => {
  it('charger deux fois le même fichier ne change rien', async () => {
    const db = await freshDb();
    const file = writeFixture(tempDir(), 'pop.csv', census('21', '15', 361));
    const first = await ingestFile(db, file);
    const before = await snapshot(db);
    const second = await ingestFile(db, file);
    expect(first).toMatchObject({ status: 'chargé', rows: 2, vintage: '2021', source: 'insee-rp-population' });
    expect(second).toMatchObject({ status: 'déjà chargé', fileId: first.fileId, sha256: first.sha256 });
    expect(await snapshot(db)).toEqual(before);
    const prov = await db.all('SELECT source, file_name, vintage, rows, status FROM provenance');
    expect(prov).toEqual([{ source: 'insee-rp-population', file_name: 'pop.csv', vintage: '2021', rows: 2, status: 'actif' }]);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    db.close();
  });

  it('un millésime plus récent remplace l\'ancien ; un plus ancien est ignoré', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const r21 = await ingestFile(db, writeFixture(dir, 'pop21.csv', census('21', '15', 361)));
    const r22 = await ingestFile(db, writeFixture(dir, 'pop22.csv', census('22', '16', 365)));
    expect(r22).toMatchObject({ status: 'chargé', vintage: '2022', replaced: [r21.fileId] });
    expect(await db.all('SELECT DISTINCT annee FROM rp_population ORDER BY 1')).toEqual([{ annee: 2016 }, { annee: 2022 }]);
    const r20 = await ingestFile(db, writeFixture(dir, 'pop20.csv', census('20', '14', 359)));
    expect(r20).toMatchObject({ status: 'ignoré', rows: 0 });
    expect(r20.note).toContain('plus ancien');
    expect(await db.all('SELECT DISTINCT annee FROM rp_population ORDER BY 1')).toEqual([{ annee: 2016 }, { annee: 2022 }]);
    expect(await db.all('SELECT file_name, status FROM provenance ORDER BY file_id')).toEqual([
      { file_name: 'pop21.csv', status: 'remplacé' },
      { file_name: 'pop22.csv', status: 'actif' },
    ]);
    db.close();
  });

  it('une correction du même millésime (contenu différent) remplace le fichier', async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'a.csv', census('21', '15', 361)));
    const fix = await ingestFile(db, writeFixture(dir, 'b.csv', census('21', '15', 362)));
    expect(fix.status).toBe('chargé');
    expect(await db.all("SELECT p_pop FROM rp_population WHERE codgeo = '07001' AND annee = 2021")).toEqual([{ p_pop: 362 }]);
    db.close();
  });

  it('deux formats d\'une même table (chômage par zone et par département) coexistent', async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'ze.csv', 'ZE2020;LIBZE2020;2023-T4;2024-T1\n8401;Annecy;5,1;s\n'));
    await ingestFile(db, writeFixture(dir, 'dep.csv', 'DEP;LIBDEP;2023-T4;2024-T1\n07;Ardèche;7.9;8.1\n'));
    expect(await db.all('SELECT niveau, code, periode, valeur FROM chomage_localise ORDER BY niveau, periode')).toEqual([
      { niveau: 'departement', code: '07', periode: '2023-T4', valeur: 7.9 },
      { niveau: 'departement', code: '07', periode: '2024-T1', valeur: 8.1 },
      { niveau: 'ze', code: '8401', periode: '2023-T4', valeur: 5.1 },
      { niveau: 'ze', code: '8401', periode: '2024-T1', valeur: null },
    ]);
    db.close();
  });

  it('--all-or-nothing : un fichier refusé annule les autres ; sinon chacun pour soi', async () => {
    const dir = tempDir();
    const good = writeFixture(dir, 'bon.csv', census('21', '15', 361));
    const bad = writeFixture(dir, 'mauvais.csv', 'CODGEO;LIBGEO;P21_POP;P21_POP1529\n07001;A;x;1\n');
    const db = await freshDb();
    const before = await snapshot(db);
    const strict = await ingestFiles(db, [good, bad], { allOrNothing: true });
    expect(strict.failures.map((f) => f.file)).toEqual([bad]);
    expect(strict.rolledBack).toEqual([good]);
    expect(await snapshot(db)).toEqual(before);
    const each = await ingestFiles(db, [good, bad]);
    expect(each.results.map((r) => r.status)).toEqual(['chargé']);
    expect(each.failures).toHaveLength(1);
    expect((await db.one<{ n: number }>('SELECT count(*) AS n FROM rp_population'))!.n).toBe(4);
    db.close();
  });
});
