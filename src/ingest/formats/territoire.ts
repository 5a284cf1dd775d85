// Territory references: the official geographic code (COG), commune → zone d'emploi 2020,
// commune → bassin BMO (France Travail), and the CLEE zoning commune → bassin (our own declared layout).
import { defineFormats } from '../types.ts';

const text = (name: string, headers: (string | RegExp)[], required = true) => ({
  name,
  headers,
  type: 'text' as const,
  required,
});
const code = (name: string, headers: (string | RegExp)[], required = true) => ({
  name,
  headers,
  type: 'code' as const,
  required,
});

export const territoireFormats = defineFormats([
  {
    id: 'insee-cog-communes',
    family: 'territoire',
    editeur: 'INSEE',
    dataset: 'Code officiel géographique : liste des communes (v_commune_AAAA)',
    detect: ['typecom', 'com', 'dep', 'libelle'],
    columns: [
      code('typecom', ['typecom']),
      code('com', ['com']),
      code('reg', ['reg'], false),
      code('dep', ['dep']),
      code('arr', ['arr'], false),
      text('ncc', ['ncc'], false),
      text('libelle', ['libelle']),
      code('can', ['can'], false),
      code('comparent', ['comparent'], false),
    ],
    communes: [{ column: 'com', departement: 'dep' }],
    secretMarkers: [],
    table: 'cog_commune',
    vintage: { kind: 'snapshot' },
  },
  {
    id: 'insee-communes-ze2020',
    family: 'territoire',
    editeur: 'INSEE',
    dataset: "Zonage en zones d'emploi 2020 : composition communale",
    detect: ['codgeo', 'ze2020', 'libze2020'],
    columns: [
      code('codgeo', ['codgeo']),
      text('libgeo', ['libgeo'], false),
      code('ze2020', ['ze2020']),
      text('libze2020', ['libze2020']),
      code('dep', ['dep'], false),
      code('reg', ['reg'], false),
    ],
    communes: [{ column: 'codgeo', departement: 'dep' }],
    secretMarkers: [],
    table: 'commune_ze',
    vintage: { kind: 'snapshot' },
  },
  {
    id: 'france-travail-bassins-bmo',
    family: 'territoire',
    editeur: 'France Travail',
    dataset: "Bassins d'emploi BMO : composition communale",
    // Two layouts: CODGEO, BEAA, NOMBEAA; and the published Bassins_d'emploi_AAAA.xlsx (region, dep, code_commune,
    // lib_commune, code_bassin_AAAA, lib_bassin_AAAA), whatever the year in the column names.
    detect: [/^(codgeo|code_commune)$/, /^(be\d{2}|code_bassin_\d{4})$/, /^(nombe\d{2}|lib_bassin_\d{4})$/],
    columns: [
      code('codgeo', ['codgeo', 'code_commune']),
      text('libgeo', ['libgeo', 'lib_commune'], false),
      code('bassin_bmo', [/^be\d{2}$/, /^code_bassin_\d{4}$/]),
      text('nom_bassin_bmo', [/^nombe\d{2}$/, /^lib_bassin_\d{4}$/]),
      code('dep', ['dep', 'departement'], false),
      code('region', ['region', 'reg'], false),
    ],
    communes: [{ column: 'codgeo', departement: 'dep' }],
    secretMarkers: [],
    table: 'commune_bassin_bmo',
    vintage: { kind: 'snapshot' },
  },
  {
    id: 'clee-bassins',
    family: 'territoire',
    editeur: 'Académie de Grenoble (zonage CLEE)',
    dataset: 'Territoires des CLEE : rattachement de chaque commune à un bassin',
    detect: ['code_commune', 'bassin_id', 'bassin_nom'],
    columns: [
      code('code_commune', ['code_commune']),
      text('nom_commune', ['nom_commune'], false),
      code('departement', ['departement']),
      code('bassin_id', ['bassin_id']),
      text('bassin_nom', ['bassin_nom']),
    ],
    communes: [{ column: 'code_commune', departement: 'departement' }],
    secretMarkers: [],
    table: 'bassin_commune',
    vintage: { kind: 'snapshot' },
  },
  {
    // Written by `clee fetch --departements` while it filters a national file (ingest/fetch/national.ts): what
    // the whole file sums to, so that France stays a reference when only the académie's rows are loaded.
    id: 'clee-reference-nationale',
    family: 'territoire',
    editeur: 'clee fetch (calculé sur le fichier national)',
    dataset: "Référence nationale : sommes des variables d'un fichier national sur toute la France",
    detect: ['source_nationale', 'periode_nationale', 'variable', 'somme_nationale'],
    columns: [
      code('source_nationale', ['source_nationale']),
      // « insee-rp-emploi:2021 »: one period per source and year, so that a newer file replaces only its own.
      code('periode_nationale', ['periode_nationale']),
      { name: 'annee', headers: ['annee'], type: 'integer' },
      code('variable', ['variable']),
      { name: 'somme_nationale', headers: ['somme_nationale'], type: 'double' },
      { name: 'lignes', headers: ['lignes'], type: 'integer' },
      text('fichier_national', ['fichier_national'], false),
    ],
    secretMarkers: [],
    table: 'reference_nationale',
    vintage: { kind: 'period-column', column: 'periode_nationale' },
  },
]);
