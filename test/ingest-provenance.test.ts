// Provenance: same file twice is a no-op, a newer vintage replaces the old one, an older one is ignored,
// and --all-or-nothing keeps nothing when one file fails.
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/ingest/batch.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { freshDb, snapshot, tempDir, writeFixture } from './helpers/db.ts';

const census = (yy: string, old: string, pop: number) =>
  `CODGEO;LIBGEO;P${yy}_POP;P${yy}_POP1529;P${old}_POP;P${old}_POP1529\n07001;Accons;${pop};50;340;48\n07002;Ailhon;` +
  `200;30;190;28\n`;

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
    expect(prov).toEqual([
      { source: 'insee-rp-population', file_name: 'pop.csv', vintage: '2021', rows: 2, status: 'actif' },
    ]);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    db.close();
  });

  it('pour chaque période, le millésime le plus récent fait foi', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const years = async () =>
      await db.all<{ annee: number; p_pop: number }>(
        "SELECT annee, p_pop FROM rp_population WHERE codgeo = '07001' ORDER BY annee",
      );
    const a = await ingestFile(db, writeFixture(dir, 'rp2021.csv', census('21', '15', 361)));
    expect(a).toMatchObject({ status: 'chargé', vintage: '2021' });
    // A newer vintage that also carries 2015 takes 2015 over; 2021 stays with the first file.
    const b = await ingestFile(db, writeFixture(dir, 'rp2022.csv', census('22', '15', 365).replace('340', '341')));
    expect(b).toMatchObject({ status: 'chargé', vintage: '2022', replaced: [] });
    expect(b.note).toContain('remplace les périodes 2015');
    expect(await years()).toEqual([
      { annee: 2015, p_pop: 341 },
      { annee: 2021, p_pop: 361 },
      { annee: 2022, p_pop: 365 },
    ]);
    // An older vintage only adds the periods nobody else has.
    const c = await ingestFile(db, writeFixture(dir, 'rp2020.csv', census('20', '15', 359)));
    expect(c).toMatchObject({ status: 'chargé', vintage: '2020' });
    expect(c.note).toContain('périodes 2015 non reprises');
    expect(await years()).toEqual([
      { annee: 2015, p_pop: 341 },
      { annee: 2020, p_pop: 359 },
      { annee: 2021, p_pop: 361 },
      { annee: 2022, p_pop: 365 },
    ]);
    // An older file whose periods are all provided by newer vintages is ignored, database unchanged.
    const before = await snapshot(db);
    const d = await ingestFile(
      db,
      writeFixture(dir, 'rp2015.csv', 'CODGEO;LIBGEO;P15_POP;P15_POP1529\n07001;Accons;1;1\n'),
    );
    expect(d).toMatchObject({ status: 'ignoré', rows: 0 });
    expect(d.note).toContain('plus ancien');
    expect(await snapshot(db)).toEqual(before);
    // The same periods again with new values (a correction): the first file is replaced entirely.
    const e = await ingestFile(
      db,
      writeFixture(dir, 'rp2021-corrige.csv', 'CODGEO;LIBGEO;P21_POP;P21_POP1529\n07001;Accons;362;50\n'),
    );
    expect(e).toMatchObject({ status: 'chargé', replaced: [a.fileId] });
    expect(await db.all('SELECT file_name, status, periods FROM provenance ORDER BY file_id')).toEqual([
      { file_name: 'rp2021.csv', status: 'remplacé', periods: ['2021'] },
      { file_name: 'rp2022.csv', status: 'actif', periods: ['2015', '2022'] },
      { file_name: 'rp2020.csv', status: 'actif', periods: ['2020'] },
      { file_name: 'rp2021-corrige.csv', status: 'actif', periods: ['2021'] },
    ]);
    expect(await years()).toEqual([
      { annee: 2015, p_pop: 341 },
      { annee: 2020, p_pop: 359 },
      { annee: 2021, p_pop: 362 },
      { annee: 2022, p_pop: 365 },
    ]);
    db.close();
  });

  it('un instantané (référentiel, annuaire, Sirene) remplace le précédent en entier', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const zonage = (bassin: string) =>
      `code_commune;nom_commune;departement;bassin_id;bassin_nom\n07001;Accons;07;${bassin};Bassin ${bassin}\n`;
    const first = await ingestFile(db, writeFixture(dir, 'z1.csv', zonage('a')));
    const second = await ingestFile(db, writeFixture(dir, 'z2.csv', zonage('b')));
    expect(second).toMatchObject({ status: 'chargé', replaced: [first.fileId] });
    expect(await db.all('SELECT bassin_id FROM bassin_commune')).toEqual([{ bassin_id: 'b' }]);
    db.close();
  });

  it('une correction du même millésime (contenu différent) remplace le fichier', async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'a.csv', census('21', '15', 361)));
    const fix = await ingestFile(db, writeFixture(dir, 'b.csv', census('21', '15', 362)));
    expect(fix.status).toBe('chargé');
    expect(await db.all("SELECT p_pop FROM rp_population WHERE codgeo = '07001' AND annee = 2021")).toEqual([
      { p_pop: 362 },
    ]);
    db.close();
  });

  it("deux formats d'une même table (chômage par zone et par département) coexistent", async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'ze.csv', 'ZE2020;LIBZE2020;2023-T4;2024-T1\n8401;Annecy;5,1;s\n'));
    await ingestFile(db, writeFixture(dir, 'dep.csv', 'DEP;LIBDEP;2023-T4;2024-T1\n07;Ardèche;7.9;8.1\n'));
    expect(await db.all('SELECT niveau, code, periode, valeur FROM chomage_localise ORDER BY niveau, periode')).toEqual(
      [
        { niveau: 'departement', code: '07', periode: '2023-T4', valeur: 7.9 },
        { niveau: 'departement', code: '07', periode: '2024-T1', valeur: 8.1 },
        { niveau: 'ze', code: '8401', periode: '2023-T4', valeur: 5.1 },
        { niveau: 'ze', code: '8401', periode: '2024-T1', valeur: null },
      ],
    );
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
