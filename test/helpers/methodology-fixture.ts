// A tiny territory for the methodology tests, with values simple enough to compute by hand.
//
//   bassin B1 « Bassin Alpha » (38) : communes 38001, 38002      ZE : 38001, 38002 → Z1
//   bassin B2 « Bassin Bêta »  (38) : commune 38003               38003, 73001 → Z2 (spans two basins and départements)
//   bassin B3 « Bassin Gamma » (73) : communes 73001, 73002       73002 → Z3 ; 01001 → Z4 (outside the académie)
//   commune 01001 (Ain) is outside the académie: it only counts for the France reference.
//
// The census « emploi » base and the zoning go through ingestFile (real layouts); the other tables are
// written directly after ensureSchema (rows without provenance count; rows of a replaced file do not).
import type { Database } from '../../src/db/database.ts';
import { ident } from '../../src/db/database.ts';
import { ingestFile } from '../../src/ingest/loader.ts';
import { ensureSchema } from '../../src/ingest/schema.ts';
import { freshDb, tempDir, writeFixture } from './db.ts';

export async function insertRows(
  db: Database,
  table: string,
  rows: Record<string, string | number | null>[],
): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    await db.run(
      `INSERT INTO ${ident(table)} (${cols.map(ident).join(', ')}) VALUES ` +
        `(${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => row[c]) as never,
    );
  }
}

const ZONING_CSV = [
  'code_commune;nom_commune;departement;bassin_id;bassin_nom',
  '38001;Alpha-Nord;38;B1;Bassin Alpha',
  '38002;Alpha-Sud;38;B1;Bassin Alpha',
  '38003;Bêta;38;B2;Bassin Bêta',
  '73001;Gamma-Ville;73;B3;Bassin Gamma',
  '73002;Gamma-Village;73;B3;Bassin Gamma',
].join('\n');

// Census « emploi – population active », two censuses (2021 and 2015).
const EMPLOI_HEADER = [
  'CODGEO',
  'LIBGEO',
  'P21_POP1564',
  'P21_POP1524',
  'P21_ACT1564',
  'P21_ACT1524',
  'P21_CHOM1564',
  'P21_CHOM1524',
  'P21_ACTOCC1524',
  'P21_SAL15P',
  'P21_SAL15P_CDD',
  'P21_SAL15P_INTERIM',
  'P21_SAL15P_APPR',
  'C21_EMPLT',
  'C21_EMPLT_INDUS',
  'P15_ACT1564',
  'P15_CHOM1564',
  'C15_EMPLT',
  'C15_EMPLT_INDUS',
];
const EMPLOI: Record<string, number[]> = {
  //        pop1564 pop1524 act1564 act1524 chom1564 chom1524 actocc1524 sal cdd int appr emplt indus | 2015: act chom
  // emplt indus
  '38001': [600, 150, 300, 50, 30, 10, 40, 200, 20, 10, 8, 300, 100, 290, 25, 250, 110],
  '38002': [1000, 260, 500, 80, 40, 8, 72, 300, 15, 15, 12, 500, 50, 480, 40, 500, 50],
  '38003': [400, 50, 200, 20, 20, 6, 14, 100, 10, 5, 2, 100, 20, 200, 20, 100, 30],
  '73001': [900, 150, 450, 60, 45, 12, 48, 250, 30, 10, 10, 400, 80, 440, 40, 500, 80],
  '73002': [200, 30, 100, 10, 10, 3, 7, 60, 5, 5, 1, 50, 10, 100, 10, 40, 10],
  '01001': [500, 100, 250, 40, 20, 4, 36, 150, 10, 5, 5, 200, 40, 240, 20, 180, 40],
};

export async function buildFixture(db: Database): Promise<void> {
  await ensureSchema(db);
  const dir = tempDir('clee-methodo-');
  await ingestFile(db, writeFixture(dir, 'bassins.csv', ZONING_CSV));
  const emploi = [
    EMPLOI_HEADER.join(';'),
    ...Object.entries(EMPLOI).map(([code, v]) =>
      [code, `Commune ${code}`, ...v.map((x) => String(x).replace('.', ','))].join(';'),
    ),
  ];
  await ingestFile(db, writeFixture(dir, 'base-cc-emploi.csv', emploi.join('\n')));

  // Population (2021, 2015).
  const pop: Record<string, [number, number, number]> = {
    // p_pop 2021, p_pop1529 2021, p_pop1529 2015
    '38001': [1000, 200, 180],
    '38002': [2000, 300, 330],
    '38003': [500, 50, 50],
    '73001': [1500, 250, 200],
    '73002': [300, 40, 40],
    '01001': [700, 100, 100],
  };
  for (const [codgeo, [p, y21, y15]] of Object.entries(pop)) {
    await insertRows(db, 'rp_population', [
      { file_id: 1001, codgeo, annee: 2021, p_pop: p, p_pop1529: y21 },
      { file_id: 1001, codgeo, annee: 2015, p_pop: p, p_pop1529: y15 },
    ]);
  }
  // Diplômes – formation (2021).
  const dipl: Record<string, number[]> = {
    // pop1824 scol1824 scol1517 nscol15p diplmin sup2 sup34 sup5 capbep
    '38001': [60, 30, 35, 700, 140, 70, 50, 30, 150],
    '38002': [120, 70, 60, 1500, 200, 150, 150, 100, 300],
    '38003': [30, 10, 15, 380, 100, 20, 10, 5, 100],
    '73001': [90, 40, 45, 1100, 250, 100, 80, 40, 250],
    '73002': [20, 5, 8, 230, 60, 10, 5, 5, 60],
    '01001': [40, 20, 25, 500, 80, 40, 30, 20, 100],
  };
  for (const [codgeo, v] of Object.entries(dipl)) {
    const [
      p_pop1824,
      p_scol1824,
      p_scol1517,
      p_nscol15p,
      p_nscol15p_diplmin,
      p_nscol15p_sup2,
      p_nscol15p_sup34,
      p_nscol15p_sup5,
      p_nscol15p_capbep,
    ] = v;
    await insertRows(db, 'rp_diplomes', [
      {
        file_id: 1002,
        codgeo,
        annee: 2021,
        p_pop1824,
        p_scol1824,
        p_scol1517,
        p_nscol15p,
        p_nscol15p_diplmin,
        p_nscol15p_sup2,
        p_nscol15p_sup34,
        p_nscol15p_sup5,
        p_nscol15p_capbep,
      },
    ]);
  }
  // A replaced file: its rows must never count.
  await db.run(`INSERT INTO provenance (file_id, source, file_name, sha256, vintage, rows, loaded_at, status)
    VALUES (999, 'insee-rp-diplomes', 'ancien.csv', 'x', '2016', 1, now()::TIMESTAMP, 'remplacé')`);
  await insertRows(db, 'rp_diplomes', [
    {
      file_id: 999,
      codgeo: '38001',
      annee: 2021,
      p_pop1824: 1000,
      p_scol1824: 1000,
      p_nscol15p: 100000,
      p_nscol15p_diplmin: 100000,
    },
  ]);

  // Zones d'emploi and bassins BMO.
  const ze: [string, string][] = [
    ['38001', 'Z1'],
    ['38002', 'Z1'],
    ['38003', 'Z2'],
    ['73001', 'Z2'],
    ['73002', 'Z3'],
    ['01001', 'Z4'],
  ];
  await insertRows(
    db,
    'commune_ze',
    ze.map(([codgeo, z]) => ({ file_id: 1003, codgeo, ze2020: z, libze2020: `Zone ${z}` })),
  );
  const be: [string, string][] = [
    ['38001', '8401'],
    ['38002', '8401'],
    ['38003', '8402'],
    ['73001', '8402'],
    ['73002', '8403'],
  ];
  await insertRows(
    db,
    'commune_bassin_bmo',
    be.map(([codgeo, b]) => ({ file_id: 1004, codgeo, bassin_bmo: b, nom_bassin_bmo: `BMO ${b}` })),
  );

  // Chômage localisé (%), ZE and département.
  const chom = [
    ['ze', 'Z1', '2023-T4', 6],
    ['ze', 'Z2', '2023-T4', 8],
    ['ze', 'Z3', '2023-T4', 10],
    ['ze', 'Z1', '2023-T3', 60],
    ['ze', 'Z2', '2023-T3', 60],
    ['ze', 'Z3', '2023-T3', 60], // not a T4: ignored
    ['ze', 'Z1', '2024-T2', 99], // a year without T4: not retained
    ['departement', '01', '2023-T4', 5],
    ['departement', '38', '2023-T4', 50],
  ] as const;
  await insertRows(
    db,
    'chomage_localise',
    chom.map(([niveau, code, periode, valeur]) => ({ file_id: 1005, niveau, code, libelle: code, periode, valeur })),
  );

  // Demandeurs d'emploi (cat. A, moins de 25 ans) by ZE, T4 2022 and T4 2023, plus rows to ignore.
  const defm: [string, string, string, string, number][] = [];
  for (const [z, v22, v23] of [
    ['Z1', 40, 50],
    ['Z2', 30, 20],
    ['Z3', 5, 6],
    ['Z4', 10, 10],
  ] as const) {
    defm.push([z, 'A', 'Moins de 25 ans', '2022-T4', v22], [z, 'A', 'Moins de 25 ans', '2023-T4', v23]);
    defm.push(
      [z, 'ABC', 'Moins de 25 ans', '2023-T4', 1000],
      [z, 'A', 'Ensemble', '2023-T4', 1000],
      [z, 'A', '25 à 49 ans', '2023-T4', 1000],
    );
  }
  await insertRows(
    db,
    'demandeurs_emploi',
    defm.map(([code, categorie, tranche_age, periode, valeur]) => ({
      file_id: 1006,
      niveau: 'ze',
      code,
      categorie,
      tranche_age,
      periode,
      valeur,
    })),
  );
  // The long DARES layout also breaks counts down by sex, seniority and data type: only « Total » raw rows count.
  await insertRows(
    db,
    'demandeurs_emploi',
    [
      { sexe: 'Femmes', anciennete: 'Total', type_donnees: 'Brutes' },
      { sexe: 'Total', anciennete: "Moins d'un an", type_donnees: 'Brutes' },
      { sexe: 'Total', anciennete: 'Total', type_donnees: 'CVS-CJO' },
    ].map((breakdown) => ({
      file_id: 1006,
      niveau: 'ze',
      code: 'Z1',
      categorie: 'A',
      tranche_age: 'Moins de 25 ans',
      periode: '2023-T4',
      valeur: 1000,
      ...breakdown,
    })),
  );

  // BMO 2025: métiers X and Y; a secret « projets difficiles » cell; a bassin 8499 unknown to the mapping (spread over
  // the département).
  const bmo: [string, string, string, number, number | null, number | null][] = [
    ['8401', '38', 'X', 60, 30, 10],
    ['8401', '38', 'Y', 40, null, 20],
    ['8402', '38', 'X', 10, 5, 0],
    ['8402', '73', 'X', 90, 45, 30],
    ['8403', '73', 'X', 30, 15, 15],
    ['8499', '38', 'X', 35, 7, 0],
  ];
  await insertRows(
    db,
    'bmo',
    bmo.map(([bassin_bmo, departement, code_metier, projets, projets_difficiles, projets_saisonniers]) => ({
      file_id: 1007,
      annee: 2025,
      bassin_bmo,
      departement,
      code_metier,
      projets,
      projets_difficiles,
      projets_saisonniers,
    })),
  );

  // Schools: 3 collèges, 2 lycées.
  const annuaire: [string, string, string][] = [
    ['0380001A', 'Collège', '38001'],
    ['0380002B', 'Collège', '38003'],
    ['0730001C', 'Collège', '73001'],
    ['0380003C', 'Lycée', '38002'],
    ['0730002D', 'Lycée', '73001'],
  ];
  await insertRows(
    db,
    'annuaire_education',
    annuaire.map(([uai, type, code_commune]) => ({ file_id: 1008, uai, nom: uai, type, code_commune })),
  );
  const colleges: [string, number, number, number, number][] = [
    // uai, rentrée, élèves, 3e, IPS
    ['0380001A', 2023, 400, 100, 110],
    ['0380002B', 2023, 200, 50, 90],
    ['0730001C', 2023, 300, 80, 100],
    ['0380001A', 2022, 380, 95, 108],
    ['0380002B', 2022, 210, 52, 92],
    ['0730001C', 2022, 290, 75, 99],
  ];
  await insertRows(
    db,
    'effectifs_college',
    colleges.map(([uai, rentree, nb_eleves, nb_3e]) => ({
      file_id: 1009,
      uai,
      rentree,
      nb_eleves,
      nb_6e: 0,
      nb_5e: 0,
      nb_4e: 0,
      nb_3e,
    })),
  );
  await insertRows(
    db,
    'ips_college',
    colleges.map(([uai, rentree, , , ips]) => ({ file_id: 1010, uai, rentree, ips })),
  );
  await insertRows(db, 'effectifs_lycee_gt', [
    { file_id: 1011, uai: '0380003C', rentree: 2023, nb_eleves: 600, nb_2nde: 200 },
    { file_id: 1011, uai: '0730002D', rentree: 2023, nb_eleves: 300, nb_2nde: 100 },
    { file_id: 1011, uai: '0380003C', rentree: 2022, nb_eleves: 590, nb_2nde: 200 }, // no lycée pro file for 2022
  ]);
  await insertRows(db, 'effectifs_lycee_pro', [
    {
      file_id: 1012,
      uai: '0380003C',
      rentree: 2023,
      nb_eleves: 200,
      nb_2nde_pro: 70,
      nb_1ere_pro: 60,
      nb_terminale_pro: 70,
    },
    {
      file_id: 1012,
      uai: '0730002D',
      rentree: 2023,
      nb_eleves: 300,
      nb_2nde_pro: 100,
      nb_1ere_pro: 100,
      nb_terminale_pro: 100,
    },
  ]);
  await insertRows(db, 'inserjeunes', [
    {
      file_id: 1013,
      annee: 2023,
      uai: '0380003C',
      type_diplome: 'CAP',
      effectif_sortants: 30,
      taux_emploi_6m: 50,
      taux_poursuite: 40,
      population: 'ensemble',
    },
    // A sub-population row of the same school: never mixed with « ensemble ».
    {
      file_id: 1013,
      annee: 2023,
      uai: '0380003C',
      type_diplome: 'CAP',
      effectif_sortants: 500,
      taux_emploi_6m: 5,
      taux_poursuite: 5,
      population: 'apprentis',
    },
    {
      file_id: 1013,
      annee: 2023,
      uai: '0380003C',
      type_diplome: 'BAC PRO',
      effectif_sortants: 10,
      taux_emploi_6m: 70,
      taux_poursuite: 20,
    },
    {
      file_id: 1013,
      annee: 2023,
      uai: '0730002D',
      type_diplome: 'BAC PRO',
      effectif_sortants: null,
      taux_emploi_6m: 60,
      taux_poursuite: 30,
    },
  ]);

  // Sirene: employer establishments (etat A; caractère employeur O, or a size band other than NN/00).
  const sirene: [string, string, string, string | null, string][] = [
    // commune, naf, etat, employeur, tranche
    ['38001', '25.11Z', 'A', 'O', '11'],
    ['38001', '41.20A', 'A', 'O', '01'],
    ['38001', '47.11B', 'A', 'O', '02'],
    ['38001', '47.11B', 'A', 'N', 'NN'],
    ['38001', '25.11Z', 'F', 'O', '11'],
    ['38002', '62.01Z', 'A', 'O', '12'],
    ['38002', '10.71C', 'A', 'O', '03'],
    ['38003', '56.10A', 'A', null, '11'],
    ['38003', '56.10A', 'A', null, 'NN'],
    ['73001', '25.62A', 'A', 'O', '11'],
    ['73001', '25.62B', 'A', 'O', '11'],
    ['73001', '43.21A', 'A', 'O', '01'],
    ['73001', '86.21Z', 'A', 'O', '01'],
    ['01001', '25.62A', 'A', 'O', '11'],
    ['01001', '47.11B', 'A', 'O', '01'],
  ];
  await insertRows(
    db,
    'sirene_etablissement',
    sirene.map(
      ([code_commune, activite_principale, etat_administratif, caractere_employeur, tranche_effectifs], i) => ({
        file_id: 1014,
        siren: String(100000000 + i),
        nic: '00010',
        siret: `${100000000 + i}00010`,
        code_commune,
        activite_principale,
        etat_administratif,
        caractere_employeur,
        tranche_effectifs,
        date_dernier_traitement: '2024-06-30T00:00:00',
      }),
    ),
  );
}

/** Runs `use` on a database of its own holding the fixture, closed afterwards: for a test that alters the data. */
export async function withFixture<T>(use: (db: Database) => Promise<T>): Promise<T> {
  const db = await freshDb();
  try {
    await buildFixture(db);
    return await use(db);
  } finally {
    db.close();
  }
}
