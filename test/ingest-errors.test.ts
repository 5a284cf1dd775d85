// The bad-input corpus: each refused file names file, line and column, and leaves every table unchanged.
import { constants as zlibConstants, createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { IngestError } from '../src/ingest/errors.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { checkZoningFile } from '../src/territory/zoning-check.ts';
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
  const error = await ingestFile(db, path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${name} aurait dû être refusé`).toBeInstanceOf(IngestError);
  expect(await snapshot(db)).toEqual(before);
  const e = error as IngestError;
  expect(e.details.file).toBe(path);
  expect(e.message.startsWith(name)).toBe(true);
  return e;
}

describe('aucune ligne perdue en silence (base inchangée)', () => {
  // Longer than DuckDB's reader buffer: such a line used to be skipped and the file accepted without it.
  const LONG = 'x'.repeat(34 * 1024 * 1024);
  const withLongLine = (middle: string) => `${HEADER}\n07003;Aizac;100;10;90;9\n${middle}\n07005;Alba;1;1;1;1\n`;

  it('ligne de 34 Mio : refusée en nommant la ligne', { timeout: 30_000 }, async () => {
    const e = await refused('ligne-34mio.csv', withLongLine(`07004;${LONG};80;8;70;7`));
    expect(e.details).toMatchObject({ line: 3 });
    expect(e.message).toContain('ligne trop longue (34 Mio, plus de 2 Mio)');
    expect(e.message).toContain('3 lignes de données dans le fichier, 2 lues');
  });

  it('ligne de 34 Mio dans un .csv.gz : refusée en nommant la ligne', { timeout: 30_000 }, async () => {
    const e = await refused('ligne-34mio.csv.gz', gzipSync(withLongLine(`07004;${LONG};80;8;70;7`)));
    expect(e.details).toMatchObject({ line: 3 });
    expect(e.message).toContain('ligne trop longue (34 Mio');
  });

  it('longue ligne mal formée (guillemet au milieu) : fichier, ligne et raison', { timeout: 30_000 }, async () => {
    const e = await refused('ligne-mal-formee.csv', withLongLine(`07004;a"${LONG};80;8;70;7`));
    expect(e.details).toMatchObject({ line: 3 });
    expect(e.message).toMatch(/^ligne-mal-formee\.csv, ligne 3 : ligne trop longue/);
    expect(e.message).not.toMatch(/TransactionContext|transaction is aborted/);
  });

  // A cell far longer than a spreadsheet allows (32 767 characters): a 200 MiB one was once dropped, and past V8's
  // longest string the reader failed in English (« Invalid string length »). The cap is the loader's line limit.
  const HUGE_ROWS = [
    HEADER.split(';'),
    ['07003', 'Aizac', 100, 10, 90, 9],
    ['07004', 'x'.repeat(3 * 1024 * 1024), 80, 8, 70, 7],
    ['07005', 'Alba', 1, 1, 1, 1],
  ];
  /** Shared strings (the text in the workbook's table of strings), as Excel and ExcelJS's writer store them. */
  const sharedHugeCell = async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Données').addRows(HUGE_ROWS);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  /** Texts inside the sheet's own XML: what ExcelJS's streaming writer produces. */
  const inlineHugeCell = async () => {
    const path = join(tempDir(), 'en-ligne.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const sheet = wb.addWorksheet('Données');
    for (const row of HUGE_ROWS) sheet.addRow(row).commit();
    sheet.commit();
    await wb.commit();
    return readFileSync(path);
  };

  it('cellule de 3 Mio dans un classeur (texte partagé) : feuille, ligne et colonne', async () => {
    const e = await refused('cellule-enorme.xlsx', await sharedHugeCell());
    expect(e.details).toMatchObject({ sheet: 'Données', line: 3, column: 2 });
    expect(e.message).toMatch(
      /^cellule-enorme\.xlsx, feuille « Données », ligne 3, colonne B : cellule trop grande \(plus de 2 Mio de texte\)/,
    );
    expect(e.message).toContain('attendu : des cellules de taille raisonnable');
  });

  it('cellule de 3 Mio dans un classeur (texte dans la feuille) : feuille, ligne, colonne et en-tête', async () => {
    const e = await refused('cellule-enorme-en-ligne.xlsx', await inlineHugeCell());
    expect(e.details).toMatchObject({ sheet: 'Données', line: 3, column: 2, columnName: 'LIBGEO' });
    expect(e.message).toMatch(
      /^cellule-enorme-en-ligne\.xlsx, feuille « Données », ligne 3, colonne B \(« LIBGEO »\) : cellule trop grande/,
    );
    expect(e.message).not.toMatch(/Invalid string length/);
  });

  it(
    'des milliers de colonnes en trop : seules les colonnes déclarées sont gardées, la table garde sa ' + 'forme',
    async () => {
      const extra = Array.from({ length: 5000 }, (_, i) => `X${i + 1}`);
      const line = (code: string) => `${code};Commune;100;10;90;9;${extra.map((_, i) => i).join(';')}`;
      const content = `${HEADER};${extra.join(';')}\n${line('07010')}\n${line('07011')}\n`;
      const before = await db.columns('rp_population');
      const r = await ingestFile(db, writeFixture(dir, 'colonnes.csv', content));
      expect(r).toMatchObject({ status: 'chargé', rows: 2 });
      expect(r.note).toContain('5000 colonne(s) non déclarée(s) par le format, non chargée(s) : X1, X2, X3, X4, X5, …');
      expect(await db.columns('rp_population')).toEqual(before);
    },
  );
});

describe('zonage refusé au chargement comme par « clee territories validate »', () => {
  const zoning = readFileSync(resolve('datasets/territories/bassins-academie-grenoble.csv'), 'utf-8').trimEnd();
  const [header, ...lines] = zoning.split('\n');
  const cases: [string, string[], RegExp][] = [
    ['commune-deux-fois.csv', [...lines, lines[0]], /rattachée 2 fois/],
    ['commune-absente.csv', lines.slice(1), /commune absente du zonage/],
    [
      'code-inconnu.csv',
      [...lines, '38999;Nulle part;38;grenoble;Grenoble'],
      /code commune inconnu du COG : « 38999 »/,
    ],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      const before = await snapshot(db);
      const path = writeFixture(dir, name, `${header}\n${body.join('\n')}\n`);
      const error = await ingestFile(db, path, { checkFile: checkZoningFile }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IngestError);
      expect((error as Error).message).toMatch(
        new RegExp(`^${name.replace('.', '\\.')}(, ligne \\d+)? : zonage invalide`),
      );
      expect((error as Error).message).toMatch(message);
      expect(await snapshot(db)).toEqual(before);
    });
  }

  it('le zonage livré passe', async () => {
    const db2 = await freshDb();
    const path = resolve('datasets/territories/bassins-academie-grenoble.csv');
    expect(await ingestFile(db2, path, { checkFile: checkZoningFile })).toMatchObject({ status: 'chargé' });
    db2.close();
  });
});

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
    expect(e.message).toBe(
      'texte.csv, ligne 3, colonne 3 (« P21_POP ») : valeur illisible pour une colonne numérique ; valeur lue : « ' +
        'quatre-vingts » ; attendu : un nombre ou un marqueur de secret (s, nd, (s), n.d., NA, *, -).',
    );
  });

  // DuckDB's reader takes « NaN » or « inf » as numbers: one would poison every sum it enters.
  it('« NaN » dans une colonne numérique (recensement) : ligne, colonne, valeur', async () => {
    const e = await refused('nan.csv', `${HEADER}\n07003;Aizac;100;10;90;9\n07004;Ajoux;NaN;8;70;7\n`);
    expect(e.details).toMatchObject({ line: 3, column: 3, columnName: 'P21_POP', value: 'NaN' });
    expect(e.message).toBe(
      "nan.csv, ligne 3, colonne 3 (« P21_POP ») : valeur qui n'est pas un nombre fini (NaN, infini) ; valeur lue : " +
        '« NaN » ; attendu : un nombre.',
    );
  });

  it('« -inf » dans une colonne numérique (BMO, CSV gzip) : ligne, colonne, valeur', async () => {
    const bmo =
      'annee;Code métier BMO;Nom métier BMO;Dept;NomDept;BE25;NOMBE25;met;xmet;smet\n' +
      '2025;A1Z40;Agriculteurs salariés;74;Haute-Savoie;8405;CHABLAIS;73;31;62\n' +
      '2025;A1Z41;Viticulteurs;74;Haute-Savoie;8405;CHABLAIS;282;-inf;282\n';
    const e = await refused('bmo-inf.csv.gz', gzipSync(bmo));
    expect(e.details).toMatchObject({ line: 3, column: 9, columnName: 'xmet', value: '-inf' });
  });

  it('colonne obligatoire absente', async () => {
    const e = await refused(
      'colonne.csv',
      'rentree_scolaire;numero_college;nombre_total_de_6emes;nombre_eleves_total\n2023;0070001A;100;400\n',
    );
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
    expect(e.message).toBe(
      "vide.csv : le fichier est vide ; attendu : une ligne d'en-tête puis des lignes de données.",
    );
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

  it('classeur Excel 97 (.xls) : refusé en disant comment le convertir', async () => {
    // Compound File signature then an empty sector: the start of every legacy .xls (INSEE sl_etc_2024T4.xls).
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const e = await refused('sl_etc_2024T4.xls', xls);
    expect(e.message).toBe(
      'sl_etc_2024T4.xls : classeur Excel 97-2003 (.xls, format binaire ancien) : ce format n’est pas lu. ' +
        'Convertissez-le : ouvrez-le dans LibreOffice Calc ou Excel et enregistrez-le au format .xlsx (ou CSV), ' +
        'ou en ligne de commande « libreoffice --headless --convert-to xlsx sl_etc_2024T4.xls », puis chargez le ' +
        'fichier converti ; attendu : un classeur .xlsx ou un fichier CSV.',
    );
  });

  it('code commune sans son zéro initial, sans colonne département : refusé (ligne, colonne, valeur)', async () => {
    const e = await refused('zero-perdu.csv', `${HEADER}\n07003;Aizac;100;10;90;9\n7004;Ajoux;80;8;70;7\n`);
    expect(e.message).toBe(
      'zero-perdu.csv, ligne 3, colonne 1 (« CODGEO ») : code commune à 4 chiffres (zéro initial perdu ?) et aucune ' +
        'colonne département dans le fichier pour le compléter avec certitude ; valeur lue : « 7004 » ; attendu : un ' +
        'code commune INSEE à 5 caractères (ex. « 07010 » pour Annonay).',
    );
  });

  it('code commune sans son zéro initial que la colonne département contredit : refusé', async () => {
    const e = await refused(
      'ips-zero-perdu.csv',
      'rentree_scolaire;code_du_departement;uai;code_insee_de_la_commune;ips_ensemble_gt_pro\n' +
        '2021-2022;7;0070001N;7010;100.5\n2021-2022;26;0260003C;"7010";98.1\n',
    );
    expect(e.message).toBe(
      'ips-zero-perdu.csv, ligne 3, colonne 4 (« code_insee_de_la_commune ») : code commune à 4 chiffres (zéro ' +
        'initial perdu ?) que la colonne département « code_du_departement » (« 26 ») ne confirme pas : le compléter ' +
        'le placerait dans le département 07 ; valeur lue : « 7010 » ; attendu : un code commune INSEE à 5 ' +
        'caractères ' +
        '(ex. « 07010 » pour Annonay).',
    );
  });

  it('code commune sans son zéro initial dans un classeur, département vide : feuille, ligne', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Bassins_2026').addRows([
      ['region', 'dep', 'code_commune', 'lib_commune', 'code_bassin_2026', 'lib_bassin_2026'],
      ['84', '38', '38185', 'Grenoble', '8412', 'GRENOBLE'],
      ['84', '', 7010, 'Annonay', '8435', 'ANNONAY'],
    ]);
    const e = await refused("Bassins_d'emploi_2026.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    expect(e.message).toBe(
      "Bassins_d'emploi_2026.xlsx, feuille « Bassins_2026 », ligne 3, colonne C (« code_commune ») : code commune " +
        'à 4 chiffres (zéro initial perdu ?) que la colonne département « dep » (vide) ne confirme pas : le ' +
        'compléter le placerait dans le département 07 ; valeur lue : « 7010 » ; attendu : un code commune INSEE à 5 ' +
        'caractères (ex. « 07010 » pour Annonay).',
    );
  });

  it('code commune sans son zéro initial que la colonne département confirme : complété, et dit', async () => {
    const db2 = await freshDb();
    try {
      const path = writeFixture(
        dir,
        'ips-repare.csv',
        'rentree_scolaire;code_du_departement;uai;code_insee_de_la_commune;ips_ensemble_gt_pro\n' +
          '2021-2022;7;0070001N;7010;100.5\n2021-2022;007;0070003R;7019;98.1\n2021-2022;26;0260003C;26198;101\n',
      );
      const r = await ingestFile(db2, path);
      expect(r.note).toBe(
        '2 code(s) commune à 4 chiffres (colonne « code_insee_de_la_commune », 2 commune(s)) complété(s) du zéro ' +
          "initial perdu, d'après la colonne département « code_du_departement » (ex. « 7010 » → « 07010 »)",
      );
      expect(await db2.all('SELECT uai, code_commune FROM ips_lycee ORDER BY uai')).toEqual([
        { uai: '0070001N', code_commune: '07010' },
        { uai: '0070003R', code_commune: '07019' },
        { uai: '0260003C', code_commune: '26198' },
      ]);
    } finally {
      db2.close();
    }
  });

  it('fichier binaire', async () => {
    const e = await refused('binaire.csv', Buffer.from([0x43, 0x4f, 0x44, 0x0a, 0x00, 0x01, 0x02, 0xff]));
    expect(e.details).toMatchObject({ line: 2 });
    expect(e.message).toContain('fichier binaire');
  });

  it('ligne énorme', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    const e = await refused(
      'enorme.csv',
      `${HEADER}\n07003;Aizac;100;10;90;9\n07004;${huge};80;8;70;7\n07005;Alba;1;1;1;1\n`,
    );
    expect(e.details).toMatchObject({ line: 3 });
    expect(e.message).toContain('ligne trop longue');
  });

  it('UTF-8 annoncé (BOM) mais octets Windows-1252', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${HEADER}\n07003;`),
      iconv.encode('Saint-Étienne', 'win1252'),
      Buffer.from(';1;1;1;1\n'),
    ]);
    const e = await refused('bom.csv', body);
    expect(e.details).toMatchObject({ line: 2, column: 2, columnName: 'LIBGEO', value: 'Saint-Étienne' });
    expect(e.message).toContain('octets invalides');
  });

  it('guillemet non fermé', async () => {
    const e = await refused('guillemet.csv', `${HEADER}\n07003;"Aizac;100;10;90;9\n`);
    expect(e.details.line).toBeGreaterThanOrEqual(2);
  });

  it("gzip tronqué dans le premier Mio (en-tête lisible) : ligne où les données s'arrêtent", async () => {
    const gz = gzipSync(bigCsv(2000));
    const e = await refused('tronque-court.csv.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    expect(e.message).toContain('archive gzip tronquée');
    expect(e.details.line).toBeGreaterThan(2);
    expect(e.details.line).toBeLessThan(2002);
  });

  it(
    'gzip tronqué au-delà du premier Mio, juste après une ligne complète (DuckDB le lirait sans rien ' + 'dire)',
    async () => {
      const text = bigCsv(120_000);
      const kept = text.subarray(0, text.indexOf('\n', 3 << 20) + 1); // whole lines, past the sniffer's first MiB
      const cut = await gzipFlushed(kept);
      expect(gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).equals(kept)).toBe(true);
      const keptLines = kept.toString().split('\n').length - 1;
      const e = await refused('tronque-long.csv.gz', cut);
      expect(e.message).toMatch(/^tronque-long\.csv\.gz, ligne \d+ : archive gzip tronquée/);
      expect(e.details.line).toBe(keptLines + 1);
    },
  );

  it('gzip corrompu au-delà du premier Mio (bloc deflate invalide)', async () => {
    const text = bigCsv(80_000);
    const kept = text.subarray(0, text.indexOf('\n', 2 << 20) + 1);
    // After the flushed (byte-aligned) data, a final block of the reserved type 11: zlib's « invalid block type ».
    const gz = Buffer.concat([await gzipFlushed(kept), Buffer.from([0x07, 0x12, 0x34, 0x56])]);
    const e = await refused('corrompu.csv.gz', gz);
    // Damage is found by zlib only when it reaches it: no exact line, but how far the text was read intact.
    expect(e.details.line).toBeUndefined();
    expect(e.message).toMatch(
      /^corrompu\.csv\.gz : archive gzip corrompue : données compressées invalides \(zlib : invalid block type\) ; \d+ lignes lues intactes avant l'erreur/,
    );
    const intact = Number(/(\d+) lignes lues/.exec(e.message)![1]);
    expect(intact).toBeGreaterThan(30_000);
    expect(intact).toBeLessThanOrEqual(kept.toString().split('\n').length - 1);
  });

  it('archive gzip sans contenu', async () => {
    const e = await refused('vide.csv.gz', gzipSync(''));
    expect(e.message).toBe(
      "vide.csv.gz : le fichier est vide (archive gzip sans contenu) ; attendu : une ligne d'en-tête puis des " +
        'lignes de données.',
    );
  });

  it("octets en trop après la fin de l'archive gzip", async () => {
    const e = await refused(
      'colle.csv.gz',
      Buffer.concat([gzipSync(bigCsv(10)), Buffer.from('<html>erreur 502</html>')]),
    );
    expect(e.message).toContain("octets illisibles après la fin de l'archive gzip");
  });

  it('gzip dont la somme de contrôle est fausse (contenu altéré, détecté à la fin seulement)', async () => {
    const gz = Buffer.from(gzipSync(bigCsv(50_000)));
    gz.writeUInt32LE((gz.readUInt32LE(gz.length - 8) + 1) >>> 0, gz.length - 8); // CRC32 of the trailer
    const e = await refused('crc.csv.gz', gz);
    expect(e.message).toContain('somme de contrôle incorrecte');
  });

  it("texte dans une colonne numérique d'un CSV gzip : ligne, colonne, valeur", async () => {
    const lines = bigCsv(30_000).toString().split('\n');
    lines[25_000] = '07999;Brûlé;douze;8;70;7';
    const e = await refused('texte.csv.gz', gzipSync(lines.join('\n')));
    expect(e.details).toMatchObject({ line: 25_001, column: 3, columnName: 'P21_POP', value: 'douze' });
    expect(e.message).toContain(
      'texte.csv.gz, ligne 25001, colonne 3 (« P21_POP ») : valeur illisible pour une colonne numérique',
    );
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
    const rows = await db2.all(
      'SELECT codgeo, libgeo, annee, p_pop, p_pop1529 FROM rp_population ORDER BY codgeo, annee',
    );
    expect(rows).toEqual([
      { codgeo: '07001', libgeo: 'Accons; village', annee: 2015, p_pop: 340, p_pop1529: null },
      { codgeo: '07001', libgeo: 'Accons; village', annee: 2021, p_pop: 361.25, p_pop1529: null },
      { codgeo: '2A004', libgeo: 'Ajaccio', annee: 2015, p_pop: null, p_pop1529: 48 },
      { codgeo: '2A004', libgeo: 'Ajaccio', annee: 2021, p_pop: null, p_pop1529: 5.5 },
    ]);
    db2.close();
  });

  it('CSV compressé gzip : mêmes lignes que le fichier en clair, même empreinte que le fichier tel quel', async () => {
    const plain = `${HEADER}\n07001;Accons;361,5;50;340;48\n07002;Ailhon;200;30;190;28\n2A004;Ajaccio;s;5,5;;48\n`;
    const query = 'SELECT codgeo, libgeo, annee, p_pop, p_pop1529 FROM rp_population ORDER BY codgeo, annee';
    const dbPlain = await freshDb();
    await ingestFile(dbPlain, writeFixture(dir, 'clair.csv', plain));
    const dbGz = await freshDb();
    const gz = gzipSync(plain);
    const r = await ingestFile(dbGz, writeFixture(dir, 'compresse.csv.gz', gz));
    expect(r).toMatchObject({ status: 'chargé', source: 'insee-rp-population', rows: 3 });
    expect(r.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
    const rows = await dbGz.all(query);
    expect(rows).toHaveLength(6);
    expect(rows).toEqual(await dbPlain.all(query));
    expect(rows[1]).toMatchObject({ codgeo: '07001', annee: 2021, p_pop: 361.5 });
    expect(await dbGz.one('SELECT bytes, encoding, delimiter FROM provenance')).toEqual({
      bytes: gz.length,
      encoding: 'utf-8',
      delimiter: ';',
    });
    // Told by its content, not its name: the same bytes named .csv are the same file (second load is a no-op).
    expect((await ingestFile(dbGz, writeFixture(dir, 'meme-contenu.csv', gz))).status).toBe('déjà chargé');
    dbPlain.close();
    dbGz.close();
  });

  it.each(['csv', 'csv.gz'])('Windows-1252 au-delà du premier Mio (%s) : relu en Windows-1252', async (ext) => {
    const db2 = await freshDb();
    const lines = bigCsv(80_000).toString().split('\n');
    lines[70_000] = '99999;Évian-les-Bains;1;1;1;1';
    const bytes = iconv.encode(lines.join('\n'), 'win1252');
    const r = await ingestFile(db2, writeFixture(dir, `tardif.${ext}`, ext === 'csv' ? bytes : gzipSync(bytes)));
    expect(r).toMatchObject({ status: 'chargé', rows: 80_000 });
    expect(await db2.one('SELECT encoding FROM provenance')).toEqual({ encoding: 'windows-1252' });
    expect(await db2.one("SELECT DISTINCT libgeo FROM rp_population WHERE codgeo = '99999'")).toEqual({
      libgeo: 'Évian-les-Bains',
    });
    db2.close();
  });

  it('CSV gzip en Windows-1252 : accents relus correctement', async () => {
    const db2 = await freshDb();
    const content = gzipSync(
      iconv.encode(`${HEADER}\n26281;Saint-Uzé;100;10;90;9\n07001;Cœur-d’Œuvre;1;1;1;1\n`, 'win1252'),
    );
    const r = await ingestFile(db2, writeFixture(dir, 'cp1252.csv.gz', content));
    expect(r.status).toBe('chargé');
    expect(await db2.one('SELECT encoding FROM provenance')).toEqual({ encoding: 'windows-1252' });
    const rows = await db2.all<{ libgeo: string }>('SELECT DISTINCT libgeo FROM rp_population ORDER BY libgeo');
    expect(rows.map((x) => x.libgeo)).toEqual(['Cœur-d’Œuvre', 'Saint-Uzé']);
    db2.close();
  });

  it('séparateur virgule (Sirene) et colonnes non déclarées gardées en texte', async () => {
    const db2 = await freshDb();
    const content =
      'siren,nic,siret,trancheEffectifsEtablissement,codeCommuneEtablissement,etatAdministratifEtablissement,' +
      'activitePrincipaleEtablissement,enseigne1Etablissement,complementAdresseEtablissement\n' +
      '000325175,00057,00032517500057,11,38185,A,62.01Z,"LE PETIT, SARL","BAT A, 2E ETAGE"\n';
    const columns = await db2.columns('sirene_etablissement');
    const r = await ingestFile(db2, writeFixture(dir, 'sirene.csv', content));
    expect(r.source).toBe('insee-sirene-etablissements');
    expect(
      await db2.all('SELECT siren, code_commune, activite_principale, enseigne FROM sirene_etablissement'),
    ).toEqual([
      { siren: '000325175', code_commune: '38185', activite_principale: '62.01Z', enseigne: 'LE PETIT, SARL' },
    ]);
    // An undeclared column is told, not stored: the table keeps its declared shape.
    expect(r.note).toBe('1 colonne(s) non déclarée(s) par le format, non chargée(s) : complementAdresseEtablissement');
    expect(await db2.columns('sirene_etablissement')).toEqual(columns);
    db2.close();
  });
});

/** The gzip stream of `data` cut right after a full flush: it inflates to exactly `data`, then ends too early. */
async function gzipFlushed(data: Buffer): Promise<Buffer> {
  const gzip = createGzip({ level: 1 });
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  gzip.write(data);
  await new Promise<void>((resolve) => gzip.flush(zlibConstants.Z_FULL_FLUSH, () => resolve()));
  gzip.destroy();
  return Buffer.concat(chunks);
}

/** A valid census CSV with `n` data lines (codes 10000…). */
function bigCsv(n: number): Buffer {
  const rows = [HEADER];
  for (let i = 0; i < n; i++)
    rows.push(`${10000 + i};Commune ${i};${100 + (i % 97)};${i % 13};${90 + (i % 89)};${i % 11}`);
  return Buffer.from(`${rows.join('\n')}\n`);
}
