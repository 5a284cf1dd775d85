// Published layouts read by the format registry: header matching, detection and the values stored, on small
// fixtures written in each published layout (the real files themselves are in real-data.test.ts).
import ExcelJS from 'exceljs';
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

/** Writes a one-sheet workbook (plus a description sheet, as France Travail publishes them) and returns its path. */
async function workbook(name: string, sheet: string, rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Description_des_variables').addRow(['Variable', 'Libellé']);
  wb.addWorksheet(sheet).addRows(rows);
  return writeFixture(tempDir(), name, Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('mises en page publiées, quel que soit le millésime', () => {
  it('collège, export récent (num_ligne ; … ; UAI ; … ; 6èmes total)', async () => {
    const header =
      'num_ligne;Rentrée scolaire;Code région académique;Région académique;Code académie;Académie;Code département;' +
      "Département;Code postal;Commune;UAI;Dénomination principale;Patronyme;Secteur;REP;REP +;Nombre d'élèves total;" +
      '6èmes total;6èmes hors Segpa hors ULIS;5èmes total;4èmes total;3èmes total';
    const line =
      '12;2024;84;AUVERGNE-RHONE-ALPES;08;GRENOBLE;007;ARDECHE;07100;ANNONAY;0070004S;COLLEGE;DE PERIER;PUBLIC;1;0;' +
      '512;131;125;127;126;128';
    expect(detectFormats(header.split(';')).map((f) => f.id)).toEqual(['education-effectifs-college']);
    const db = await freshDb();
    try {
      await ingestFile(db, writeFixture(tempDir(), 'college-recent.csv', `${header}\n${line}\n`));
      expect(
        await db.one(
          'SELECT rentree, uai, secteur, rep, rep_plus, nb_eleves, nb_6e, nb_5e, nb_4e, nb_3e FROM effectifs_college',
        ),
      ).toEqual({
        rentree: 2024,
        uai: '0070004S',
        secteur: 'PUBLIC',
        rep: '1',
        rep_plus: '0',
        nb_eleves: 512,
        nb_6e: 131,
        nb_5e: 127,
        nb_4e: 126,
        nb_3e: 128,
      });
    } finally {
      db.close();
    }
  });

  it("DARES par zone d'emploi en lignes (Date ; … ; Nombre de demandeurs d'emploi)", async () => {
    const header =
      "Date;Code région;Région;Code zone d'emploi;Zone d'emploi;Type de données;Catégorie;Sexe;Tranche d'âge;" +
      "Ancienneté;Nombre de demandeurs d'emploi";
    const rows = [
      '1997-T3;28;Normandie;2814;Lisieux;Brutes;ABC;Total;Total;Total;5860',
      '2024-T4;84;Auvergne-Rhône-Alpes;8405;Annonay;Brutes;A;Total;Moins de 25 ans;Total;410',
      '2024-T4;84;Auvergne-Rhône-Alpes;8405;Annonay;Brutes;A;Femmes;Moins de 25 ans;Total;190',
    ];
    expect(detectFormats(header.split(';')).map((f) => f.id)).toEqual(['dares-defm-ze-long']);
    const db = await freshDb();
    try {
      const r = await ingestFile(db, writeFixture(tempDir(), 'defm-ze.csv', `${header}\n${rows.join('\n')}\n`));
      expect(r).toMatchObject({ source: 'dares-defm-ze-long', rows: 3, vintage: '2024-T4' });
      expect(
        await db.all(
          'SELECT niveau, code, libelle, periode, categorie, sexe, tranche_age, anciennete, type_donnees, valeur ' +
            'FROM demandeurs_emploi ORDER BY periode, sexe',
        ),
      ).toEqual([
        {
          niveau: 'ze',
          code: '2814',
          libelle: 'Lisieux',
          periode: '1997-T3',
          categorie: 'ABC',
          sexe: 'Total',
          tranche_age: 'Total',
          anciennete: 'Total',
          type_donnees: 'Brutes',
          valeur: 5860,
        },
        expect.objectContaining({ code: '8405', periode: '2024-T4', sexe: 'Femmes', valeur: 190 }),
        expect.objectContaining({ code: '8405', periode: '2024-T4', sexe: 'Total', valeur: 410 }),
      ]);
    } finally {
      db.close();
    }
  });

  it("bassins BMO : Bassins_d'emploi_AAAA.xlsx, codes commune devenus nombres dans le classeur", async () => {
    const path = await workbook("Bassins_d'emploi_2026.xlsx", 'Bassins_2026', [
      ['region', 'dep', 'code_commune', 'lib_commune', 'code_bassin_2026', 'lib_bassin_2026'],
      ['84', '01', 1001, "L'Abergement-Clémenciat", '8201', 'BOURG EN BRESSE'],
      ['84', '07', '07010', 'Annonay', '8435', 'ANNONAY'],
      ['84', '38', '38185', 'Grenoble', '8412', 'GRENOBLE'],
    ]);
    const db = await freshDb();
    try {
      const r = await ingestFile(db, path);
      expect(r.source).toBe('france-travail-bassins-bmo');
      expect(r.note).toContain('1 code(s) commune à 4 chiffres (colonne « code_commune », 1 commune(s))');
      expect(await db.all('SELECT codgeo, dep, bassin_bmo, nom_bassin_bmo FROM commune_bassin_bmo ORDER BY 1')).toEqual(
        [
          { codgeo: '01001', dep: '01', bassin_bmo: '8201', nom_bassin_bmo: 'BOURG EN BRESSE' },
          { codgeo: '07010', dep: '07', bassin_bmo: '8435', nom_bassin_bmo: 'ANNONAY' },
          { codgeo: '38185', dep: '38', bassin_bmo: '8412', nom_bassin_bmo: 'GRENOBLE' },
        ],
      );
    } finally {
      db.close();
    }
  });

  it('BMO 2023 (BE23, NOMBE23 avant Dept) et BMO 2026 (colonne clpe) : mêmes colonnes stockées', async () => {
    const y2023 = await workbook('Base_open_data_BMO_2023.xlsx', 'BMO_2023_open_data', [
      ['annee', 'BE23', 'NOMBE23', 'Code métier BMO', 'Nom métier BMO', 'REG', 'Dept', 'met', 'xmet', 'smet'],
      [2023, '8412', 'GRENOBLE', 'A0X40', 'Agriculteurs', '84', '38', 120, 40, '*'],
    ]);
    const y2026 = await workbook('Base_open_data_BMO_2026.xlsx', 'BMO_2026_open_data', [
      ['annee', 'Code métier BMO', 'Nom métier BMO', 'Dept', 'BE26', 'NOMBE26', 'clpe', 'met', 'xmet', 'smet'],
      [2026, 'A0X40', 'Agriculteurs', '38', '8412', 'GRENOBLE', '38002', 150, 60, 12],
    ]);
    const db = await freshDb();
    try {
      expect(await ingestFile(db, y2023)).toMatchObject({ source: 'france-travail-bmo', vintage: '2023' });
      expect(await ingestFile(db, y2026)).toMatchObject({ source: 'france-travail-bmo', vintage: '2026' });
      expect(
        await db.all(
          'SELECT annee, departement, bassin_bmo, nom_bassin_bmo, clpe, projets, projets_difficiles, ' +
            'projets_saisonniers FROM bmo ORDER BY annee',
        ),
      ).toEqual([
        {
          annee: 2023,
          departement: '38',
          bassin_bmo: '8412',
          nom_bassin_bmo: 'GRENOBLE',
          clpe: null,
          projets: 120,
          projets_difficiles: 40,
          projets_saisonniers: null,
        },
        {
          annee: 2026,
          departement: '38',
          bassin_bmo: '8412',
          nom_bassin_bmo: 'GRENOBLE',
          clpe: '38002',
          projets: 150,
          projets_difficiles: 60,
          projets_saisonniers: 12,
        },
      ]);
    } finally {
      db.close();
    }
  });
});
