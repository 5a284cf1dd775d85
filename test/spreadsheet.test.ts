// Spreadsheet sources: the BMO workbook (data sheet + Description_des_variables, secret cells « * »), errors
// located by sheet, row and column of the workbook, and a workbook holding no known layout.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../src/ingest/errors.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { spreadsheetToCsv } from '../src/ingest/spreadsheet.ts';
import { SOURCE_FORMATS } from '../src/ingest/registry.ts';
import { type OversizedText, XmlTextGuard } from '../src/ingest/xlsx-guard.ts';
import { freshDb, snapshot, tempDir, writeFixture } from './helpers/db.ts';
import { storedZip, zipEntries } from './helpers/zip.ts';

const BMO_HEADERS = [
  'annee',
  'Code métier BMO',
  'Nom métier BMO',
  'Famille_met',
  'Lbl_fam_met',
  'REG',
  'NOM_REG',
  'Dept',
  'NomDept',
  'BE25',
  'NOMBE25',
  'met',
  'xmet',
  'smet',
];
const bmoRow = (
  dept: string,
  be: string,
  met: number | string,
  xmet: number | string,
  smet: number | string,
  code = 'A0X40',
) => [
  2025,
  code,
  'Agriculteurs salariés',
  'A',
  'Fonctions administratives',
  '84',
  'Auvergne-Rhône-Alpes',
  dept,
  'Dép',
  be,
  `BASSIN ${be}`,
  met,
  xmet,
  smet,
];

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The BMO layout: a description sheet first, then the data sheet with headers on row 1. */
const bmoWorkbook = (rows: (string | number)[][]) =>
  workbook((wb) => {
    const description = wb.addWorksheet('Description_des_variables');
    description.addRows([
      ['Variable', 'Description'],
      ['met', 'Nombre de projets de recrutement'],
      ['xmet', 'Projets jugés difficiles'],
      ['smet', 'Projets saisonniers'],
    ]);
    const data = wb.addWorksheet('BMO_2025_open_data');
    data.addRow(BMO_HEADERS);
    for (const r of rows) data.addRow(r);
  });

describe('sources tableur (.xlsx)', () => {
  it('charge la feuille de données du BMO et garde « * » comme valeur manquante (NULL, jamais 0)', async () => {
    const db = await freshDb();
    const file = writeFixture(
      tempDir(),
      'Base_open_data_BMO_2025.xlsx',
      await bmoWorkbook([
        bmoRow('07', '8201', 120, 40, '*'),
        bmoRow('38', '8213', '*', '*', '*'),
        bmoRow('26', '8207', 35, 12, 3, 'T4X60'),
      ]),
    );
    const result = await ingestFile(db, file);
    expect(result).toMatchObject({ source: 'france-travail-bmo', status: 'chargé', rows: 3, vintage: '2025' });
    expect(
      await db.all(
        'SELECT departement, bassin_bmo, nom_bassin_bmo, code_metier, projets, projets_difficiles, ' +
          'projets_saisonniers FROM bmo ORDER BY departement',
      ),
    ).toEqual([
      {
        departement: '07',
        bassin_bmo: '8201',
        nom_bassin_bmo: 'BASSIN 8201',
        code_metier: 'A0X40',
        projets: 120,
        projets_difficiles: 40,
        projets_saisonniers: null,
      },
      {
        departement: '26',
        bassin_bmo: '8207',
        nom_bassin_bmo: 'BASSIN 8207',
        code_metier: 'T4X60',
        projets: 35,
        projets_difficiles: 12,
        projets_saisonniers: 3,
      },
      {
        departement: '38',
        bassin_bmo: '8213',
        nom_bassin_bmo: 'BASSIN 8213',
        code_metier: 'A0X40',
        projets: null,
        projets_difficiles: null,
        projets_saisonniers: null,
      },
    ]);
    expect(await db.one('SELECT file_name FROM provenance')).toEqual({ file_name: 'Base_open_data_BMO_2025.xlsx' });
    db.close();
  });

  it(
    "un texte dans une cellule numérique : l'erreur nomme la feuille, la ligne et la colonne du " + 'classeur',
    async () => {
      const db = await freshDb();
      const before = await snapshot(db);
      const file = writeFixture(
        tempDir(),
        'bmo.xlsx',
        await bmoWorkbook([bmoRow('07', '8201', 120, 40, 2), bmoRow('38', '8213', 80, 'beaucoup', 5)]),
      );
      const error = await ingestFile(db, file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IngestError);
      const details = (error as IngestError).details;
      // Row 1 of the sheet holds the headers, so the second data row is row 3; xmet is column 13 (M).
      expect(details).toMatchObject({
        sheet: 'BMO_2025_open_data',
        line: 3,
        column: 13,
        columnName: 'xmet',
        value: 'beaucoup',
      });
      expect((error as Error).message).toBe(
        'bmo.xlsx, feuille « BMO_2025_open_data », ligne 3, colonne M (« xmet ») : valeur illisible pour une colonne ' +
          'numérique ; valeur lue : « beaucoup » ; ' +
          `attendu : un nombre ou un marqueur de secret ` +
          `(${SOURCE_FORMATS.find((f) => f.id === 'france-travail-bmo')!.secretMarkers.join(', ')}).`,
      );
      expect(await snapshot(db)).toEqual(before);
      db.close();
    },
  );

  it('en-tête sous des lignes de titre (classeurs INSEE) : la ligne rapportée est celle de la feuille', async () => {
    const db = await freshDb();
    const file = writeFixture(
      tempDir(),
      'chomage-zone.xlsx',
      await workbook((wb) => {
        const sheet = wb.addWorksheet('txcho_ze');
        sheet.addRow(["Taux de chômage localisés par zone d'emploi"]);
        sheet.addRow(['Source : Insee']);
        sheet.addRow([]);
        sheet.addRow(['en %, données CVS']);
        sheet.addRow([]);
        sheet.addRow(['ZE2020', 'LIBZE2020', 'REG', 'LIBREG', '2024-T4', '2025-T1']);
        sheet.addRow(['8213', 'Grenoble', '84', 'ARA', 6.1, 6.3]);
        sheet.addRow(['8201', 'Privas', '84', 'ARA', 7.9, 'n.c.']);
      }),
    );
    const converted = await spreadsheetToCsv(file, SOURCE_FORMATS);
    expect({ sheet: converted.sheet, headerRow: converted.headerRow, row: converted.rowOf(3) }).toEqual({
      sheet: 'txcho_ze',
      headerRow: 6,
      row: 8,
    });
    await converted.cleanup();
    const error = (await ingestFile(db, file).then(
      () => undefined,
      (e: unknown) => e,
    )) as IngestError;
    expect(error).toBeInstanceOf(IngestError);
    expect(error.message).toMatch(
      /^chomage-zone\.xlsx, feuille « txcho_ze », ligne 8, colonne F \(« 2025-T1 »\) : valeur illisible/,
    );
    expect(error.message).toContain('valeur lue : « n.c. »');

    const fixed = writeFixture(
      tempDir(),
      'chomage-zone.xlsx',
      await workbook((wb) => {
        const sheet = wb.addWorksheet('txcho_ze');
        sheet.addRow(["Taux de chômage localisés par zone d'emploi"]);
        sheet.addRow(['ZE2020', 'LIBZE2020', 'REG', 'LIBREG', '2024-T4', '2025-T1']);
        sheet.addRow(['8213', 'Grenoble', '84', 'ARA', 6.1, 6.3]);
      }),
    );
    expect(await ingestFile(db, fixed)).toMatchObject({
      source: 'insee-chomage-ze',
      status: 'chargé',
      vintage: '2025-T1',
    });
    db.close();
  });

  it('aucune feuille au format connu : erreur claire qui nomme les feuilles', async () => {
    const db = await freshDb();
    const before = await snapshot(db);
    const file = writeFixture(
      tempDir(),
      'notes.xlsx',
      await workbook((wb) => {
        wb.addWorksheet('Budget').addRows([
          ['poste', 'montant'],
          ['papier', 12],
        ]);
        wb.addWorksheet('Contacts').addRows([
          ['nom', 'courriel'],
          ['Dupont', 'd@exemple.fr'],
        ]);
      }),
    );
    await expect(ingestFile(db, file)).rejects.toThrow(
      /^notes\.xlsx : aucune feuille du classeur \(Budget, Contacts\) ne porte les en-têtes d'un format connu dans ses 15 premières lignes/,
    );
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });

  it('un fichier .xlsx illisible est refusé sans toucher la base', async () => {
    const db = await freshDb();
    const before = await snapshot(db);
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('pas vraiment un classeur')]);
    await expect(ingestFile(db, writeFixture(tempDir(), 'casse.xlsx', broken))).rejects.toThrow(
      /casse\.xlsx : classeur illisible/,
    );
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });
});

describe('lecture en continu du classeur', () => {
  it(
    "l'ordre des parties dans l'archive est indifférent : classeur en dernier, chaînes partagées en " + 'premier',
    async () => {
      // ExcelJS's own front-to-back reader fails on this layout (« reading 'sheets' »): the sheets come before the part
      // that names them. The data sheet is also stored before the description sheet, which the workbook lists first.
      const parts = await zipEntries(
        await bmoWorkbook([bmoRow('07', '8201', 120, 40, 2), bmoRow('26', '8207', 35, 12, 3)]),
      );
      const rank = (name: string) =>
        ['xl/sharedStrings.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet1.xml']
          .concat([...parts.keys()].filter((n) => n !== 'xl/workbook.xml'))
          .concat('xl/workbook.xml')
          .indexOf(name);
      const reordered = storedZip([...parts.entries()].sort(([a], [b]) => rank(a) - rank(b)));
      const db = await freshDb();
      const result = await ingestFile(db, writeFixture(tempDir(), 'bmo-reordonne.xlsx', reordered));
      expect(result).toMatchObject({ source: 'france-travail-bmo', status: 'chargé', rows: 2 });
      expect(await db.all('SELECT departement, projets FROM bmo ORDER BY 1')).toEqual([
        { departement: '07', projets: 120 },
        { departement: '26', projets: 35 },
      ]);
      db.close();
    },
  );

  it('une partie altérée dans une archive non compressée est refusée (somme de contrôle), base inchangée', async () => {
    const parts = await zipEntries(await bmoWorkbook([bmoRow('07', '8201', 120, 40, 2)]));
    const zip = storedZip([...parts.entries()]);
    // 120 projects become 920 in the stored sheet, its checksum unchanged: read as is, the value would be wrong.
    const at = zip.indexOf('<v>120</v>');
    expect(at).toBeGreaterThan(0);
    zip.write('9', at + 3);
    const db = await freshDb();
    const before = await snapshot(db);
    await expect(ingestFile(db, writeFixture(tempDir(), 'bmo-altere.xlsx', zip))).rejects.toThrow(
      /^bmo-altere\.xlsx : classeur illisible \(archive du classeur abîmée/,
    );
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });

  it('des lignes absentes au milieu des données gardent la numérotation de la feuille', async () => {
    const db = await freshDb();
    const file = writeFixture(
      tempDir(),
      'bmo-trous.xlsx',
      await workbook((wb) => {
        const data = wb.addWorksheet('BMO_2025_open_data');
        data.getRow(1).values = BMO_HEADERS;
        data.getRow(2).values = bmoRow('07', '8201', 120, 40, 2);
        // Rows 3 to 6 are not in the XML at all; row 7 holds the bad value.
        data.getRow(7).values = bmoRow('38', '8213', 80, 'beaucoup', 5);
      }),
    );
    await expect(ingestFile(db, file)).rejects.toThrow(
      /^bmo-trous\.xlsx, feuille « BMO_2025_open_data », ligne 7, colonne M \(« xmet »\) : valeur illisible/,
    );
    db.close();
  });

  it('plafond de taille des cellules : une cellule juste en dessous passe, au-dessus elle est refusée', async () => {
    const file = (size: number) =>
      workbook((wb) => {
        const data = wb.addWorksheet('BMO_2025_open_data');
        data.addRow(BMO_HEADERS);
        data.addRow(bmoRow('07', '8201', 120, 40, 2));
        data.addRow([...bmoRow('26', '8207', 35, 12, 3).slice(0, 2), 'é'.repeat(size)]);
      });
    const dir = tempDir();
    // « é » takes two bytes in the XML: 400 characters are 800 bytes.
    const small = await spreadsheetToCsv(writeFixture(dir, 'petit.xlsx', await file(400)), SOURCE_FORMATS, {
      maxCellBytes: 1000,
    });
    expect(small.sheet).toBe('BMO_2025_open_data');
    await small.cleanup();
    const error = await spreadsheetToCsv(writeFixture(dir, 'grand.xlsx', await file(600)), SOURCE_FORMATS, {
      maxCellBytes: 1000,
    }).then(
      () => undefined,
      (e: unknown) => e as IngestError,
    );
    expect(error?.details).toMatchObject({ sheet: 'BMO_2025_open_data', line: 3, column: 3 });
    expect(error?.message).toMatch(/ligne 3, colonne C : cellule trop grande \(plus de 1\s000 octets de texte\)/);
  });
});

describe('surveillance des textes trop longs dans le XML', () => {
  /** Feeds the XML in chunks of `size` bytes; returns the error raised, if any. */
  const feed = (xml: string, size: number, limit: number, kind: 'worksheet' | 'shared-strings') => {
    const guard = new XmlTextGuard(limit, kind);
    const bytes = Buffer.from(xml);
    try {
      for (let i = 0; i < bytes.length; i += size) guard.check(bytes.subarray(i, i + size));
    } catch (error) {
      return error as OversizedText;
    }
    return undefined;
  };
  const long = 'x'.repeat(300);
  const strings = `<sst><si><t>a</t></si><si><r><t>b</t></r></si><si><t>${long}</t></si><si><t>c</t></si></sst>`;
  const sheet =
    `<sheetData><row r="4"><c r="A4" t="s"><v>0</v></c><c r="AB4" ` +
    `t="inlineStr"><is><t>${'y'.repeat(300)}</t></is></c></row></sheetData>`;

  for (const size of [1, 4, 7, 64, 10_000]) {
    it(`morceaux de ${size} octet(s) : numéro du texte partagé, cellule de la feuille`, () => {
      expect(feed(strings, size, 200, 'shared-strings')).toMatchObject({ sharedString: 2 });
      expect(feed(sheet, size, 200, 'worksheet')).toMatchObject({ cell: { column: 28, row: 4 } });
      expect(feed(strings, size, 400, 'shared-strings')).toBeUndefined();
      expect(feed(sheet, size, 400, 'worksheet')).toBeUndefined();
    });
  }
});
