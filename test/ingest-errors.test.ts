// The bad-input corpus: each refused file names file, line and column, and leaves every table unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { Database } from '../src/db/database.ts';
import { IngestError } from '../src/ingest/errors.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { freshDb, snapshot, tempDir, writeFixture } from './helpers/db.ts';

const HEADER = 'CODGEO;LIBGEO;P21_POP;P21_POP1529;P15_POP;P15_POP1529';
const GOOD = `${HEADER}\n07001;Accons;361.5;50;340;48\n07002;Ailhon;200;30;190;28\n`;

let db: Database;
let dir: string;

beforeAll(async () => {
  db = await freshDb();
  dir = tempDir();
  await ingestFile(db, writeFixture(dir, 'bon.csv', GOOD));
});
afterAll(() => db.close());

/** Ingests content expecting a refusal; checks the database is unchanged and returns the error. */
async function refused(name: string, content: string | Buffer): Promise<IngestError> {
  const before = await snapshot(db);
  const path = writeFixture(dir, name, content);
  const error = await ingestFile(db, path).then(() => null, (e: unknown) => e);
  expect(error, `${name} aurait dû être refusé`).toBeInstanceOf(IngestError);
  expect(await snapshot(db)).toEqual(before);
  const e = error as IngestError;
  expect(e.details.file).toBe(path);
  expect(e.message.startsWith(name)).toBe(true);
  return e;
}

describe('fichiers refusés (base inchangée)', () => {
  it('mauvais séparateur', async () => {
    const e = await refused('separateur.csv', `${HEADER}\n07003;Aizac;100;10;90;9\n07004,Ajoux,80,8,70,7\n`);
    expect(e.details).toMatchObject({ line: 3, column: 1 });
    expect(e.message).toContain('mauvais séparateur');
    expect(e.message).toContain('« , »');
  });

  it('texte dans une colonne numérique : ligne, colonne, valeur, attendu', async () => {
    const e = await refused('texte.csv', `${HEADER}\n07003;Aizac;100;10;90;9\n07004;Ajoux;quatre-vingts;8;70;7\n`);
    expect(e.details).toMatchObject({ line: 3, column: 3, columnName: 'P21_POP', value: 'quatre-vingts' });
    expect(e.message).toBe('texte.csv, ligne 3, colonne 3 (« P21_POP ») : valeur illisible pour une colonne numérique ; valeur lue : « quatre-vingts » ; attendu : un nombre ou un marqueur de secret (s, nd, (s), n.d., NA, *, -).');
  });

  it('colonne obligatoire absente', async () => {
    const e = await refused('colonne.csv', 'rentree_scolaire;numero_college;nombre_total_de_6emes;nombre_eleves_total\n2023;0070001A;100;400\n');
    expect(e.details).toMatchObject({ line: 1, columnName: 'nb_5e' });
    expect(e.message).toContain('colonne obligatoire absente pour le format « education-effectifs-college »');
    expect(e.message).toContain('nombre_total_de_5emes');
  });

  it('dernière ligne tronquée', async () => {
    const e = await refused('tronque.csv', `${HEADER}\n07003;Aizac;100;10;90;9\n07004;Ajoux;80`);
    expect(e.details).toMatchObject({ line: 3, column: 4, columnName: 'P21_POP1529' });
    expect(e.message).toContain('ligne incomplète (3 colonnes sur 6');
  });

  it('fichier vide', async () => {
    const e = await refused('vide.csv', '');
    expect(e.message).toBe('vide.csv : le fichier est vide ; attendu : une ligne d\'en-tête puis des lignes de données.');
  });

  it('en-tête seul', async () => {
    const e = await refused('entete.csv', `${HEADER}\n`);
    expect(e.details).toMatchObject({ line: 2 });
    expect(e.message).toContain('aucune ligne de données');
  });

  it('en-têtes en double', async () => {
    const e = await refused('double.csv', 'CODGEO;LIBGEO;P21_POP;P21_POP1529;P21_POP\n07001;A;1;2;3\n');
    expect(e.details).toMatchObject({ line: 1, column: 5, columnName: 'P21_POP' });
    expect(e.message).toContain('en-tête en double (déjà en colonne 3');
  });

  it('format inconnu : liste les formats connus', async () => {
    const e = await refused('inconnu.csv', 'nom;prenom;age\nDupont;Jean;42\n');
    expect(e.details).toMatchObject({ line: 1 });
    expect(e.message).toContain('format inconnu');
    expect(e.message).toContain('insee-rp-emploi');
    expect(e.message).toContain('education-annuaire');
  });

  it('fichier binaire', async () => {
    const e = await refused('binaire.csv', Buffer.from([0x43, 0x4f, 0x44, 0x0a, 0x00, 0x01, 0x02, 0xff]));
    expect(e.details).toMatchObject({ line: 2 });
    expect(e.message).toContain('fichier binaire');
  });

  it('ligne énorme', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const e = await refused('enorme.csv', `${HEADER}\n07003;Aizac;100;10;90;9\n07004;${huge};80;8;70;7\n07005;Alba;1;1;1;1\n`);
    expect(e.details).toMatchObject({ line: 3 });
    expect(e.message).toContain('ligne trop longue');
  });

  it('UTF-8 annoncé (BOM) mais octets Windows-1252', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\n07003;`), iconv.encode('Saint-Étienne', 'win1252'), Buffer.from(';1;1;1;1\n')]);
    const e = await refused('bom.csv', body);
    expect(e.details).toMatchObject({ line: 2, column: 2, columnName: 'LIBGEO', value: 'Saint-Étienne' });
    expect(e.message).toContain('octets invalides');
  });

  it('guillemet non fermé', async () => {
    const e = await refused('guillemet.csv', `${HEADER}\n07003;"Aizac;100;10;90;9\n`);
    expect(e.details.line).toBeGreaterThanOrEqual(2);
  });
});

describe('particularités des fichiers réels acceptées', () => {
  it('Windows-1252 sans BOM : accents relus correctement', async () => {
    const db2 = await freshDb();
    const content = iconv.encode(`${HEADER}\n26281;Saint-Uze;100;10;90;9\n07001;Cœur-d’Œuvre;1;1;1;1\n`, 'win1252');
    const r = await ingestFile(db2, writeFixture(dir, 'cp1252.csv', content));
    expect(r.status).toBe('chargé');
    const rows = await db2.all<{ libgeo: string }>("SELECT DISTINCT libgeo FROM rp_population WHERE codgeo = '07001'");
    expect(rows[0].libgeo).toBe('Cœur-d’Œuvre');
    db2.close();
  });

  it('virgule décimale, marqueurs de secret, guillemets, codes à zéro initial, BOM', async () => {
    const db2 = await freshDb();
    const content = `\uFEFF${HEADER}\n07001;"Accons; village";361,25;s;340;(s)\n2A004;Ajaccio;nd;5,5;;48\n`;
    await ingestFile(db2, writeFixture(dir, 'quirks.csv', content));
    const rows = await db2.all('SELECT codgeo, libgeo, annee, p_pop, p_pop1529 FROM rp_population ORDER BY codgeo, annee');
    expect(rows).toEqual([
      { codgeo: '07001', libgeo: 'Accons; village', annee: 2015, p_pop: 340, p_pop1529: null },
      { codgeo: '07001', libgeo: 'Accons; village', annee: 2021, p_pop: 361.25, p_pop1529: null },
      { codgeo: '2A004', libgeo: 'Ajaccio', annee: 2015, p_pop: null, p_pop1529: 48 },
      { codgeo: '2A004', libgeo: 'Ajaccio', annee: 2021, p_pop: null, p_pop1529: 5.5 },
    ]);
    db2.close();
  });

  it('séparateur virgule (Sirene) et colonnes non déclarées gardées en texte', async () => {
    const db2 = await freshDb();
    const content = 'siren,nic,siret,trancheEffectifsEtablissement,codeCommuneEtablissement,etatAdministratifEtablissement,activitePrincipaleEtablissement,enseigne1Etablissement\n'
      + '000325175,00057,00032517500057,11,38185,A,62.01Z,"LE PETIT, SARL"\n';
    const r = await ingestFile(db2, writeFixture(dir, 'sirene.csv', content));
    expect(r.source).toBe('insee-sirene-etablissements');
    expect(await db2.all('SELECT siren, code_commune, activite_principale, enseigne1etablissement FROM sirene_etablissement'))
      .toEqual([{ siren: '000325175', code_commune: '38185', activite_principale: '62.01Z', enseigne1etablissement: 'LE PETIT, SARL' }]);
    db2.close();
  });
});
