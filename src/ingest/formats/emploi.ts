// DARES / DREETS / France Travail layouts: registered job seekers (wide by quarter, with the
// under-25 breakdown) and the « Besoins en main-d'œuvre » survey (long, one row per bassin BMO × métier).
import { COMMON_SECRET_MARKERS, defineFormats } from '../types.ts';
import { QUARTER_COLUMNS } from './insee.ts';

const defmColumns = [
  {
    name: 'categorie',
    headers: ['categorie', 'categorie_de_demandeurs'],
    type: 'code',
    description: 'Catégorie de demandeurs (A, ABC)',
  },
  {
    name: 'tranche_age',
    headers: ['tranche_d_age', 'tranche_age', 'age'],
    type: 'text',
    description: 'Moins de 25 ans, 25 à 49 ans, 50 ans ou plus, Ensemble',
  },
] as const;

export const emploiFormats = defineFormats([
  {
    id: 'dares-defm-ze',
    family: 'emploi',
    editeur: 'DARES / France Travail',
    dataset:
      "Demandeurs d'emploi inscrits à France Travail par zone d'emploi, catégorie et âge (fin de trimestre, données " +
      'brutes)',
    detect: [/^(code_)?ze2020$/, /^categorie/, /^tranche_d?_?age$|^age$/, QUARTER_COLUMNS.pattern],
    columns: [
      { name: 'code', headers: ['ze2020', 'code_ze2020'], type: 'code' },
      {
        name: 'libelle',
        headers: ['libze2020', 'libelle_ze2020', 'libelle_zone_d_emploi'],
        type: 'text',
        required: false,
      },
      ...defmColumns,
    ],
    constants: { niveau: 'ze' },
    wide: QUARTER_COLUMNS,
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'demandeurs_emploi',
    vintage: { kind: 'latest-period' },
  },
  {
    id: 'dares-defm-dep',
    family: 'emploi',
    editeur: 'DARES / France Travail',
    dataset:
      "Demandeurs d'emploi inscrits à France Travail par département, catégorie et âge (fin de trimestre, données " +
      'brutes)',
    detect: [/^(code_)?dep(artement)?$/, /^categorie/, /^tranche_d?_?age$|^age$/, QUARTER_COLUMNS.pattern],
    columns: [
      { name: 'code', headers: ['dep', 'code_dep', 'departement', 'code_departement'], type: 'code' },
      { name: 'libelle', headers: ['libdep', 'libelle_departement', 'libelle_dep'], type: 'text', required: false },
      ...defmColumns,
    ],
    constants: { niveau: 'departement' },
    wide: QUARTER_COLUMNS,
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'demandeurs_emploi',
    vintage: { kind: 'latest-period' },
  },
  {
    id: 'france-travail-bmo',
    family: 'emploi',
    editeur: 'France Travail',
    dataset: "Enquête Besoins en main-d'œuvre (BMO) : projets de recrutement par bassin BMO et métier",
    detect: ['annee', 'code_metier_bmo', 'met', 'xmet', 'smet'],
    columns: [
      { name: 'annee', headers: ['annee'], type: 'integer' },
      { name: 'code_metier', headers: ['code_metier_bmo'], type: 'code' },
      { name: 'nom_metier', headers: ['nom_metier_bmo'], type: 'text', required: false },
      { name: 'famille_metier', headers: ['famille_met'], type: 'code', required: false },
      { name: 'lib_famille_metier', headers: ['lbl_fam_met'], type: 'text', required: false },
      { name: 'region', headers: ['reg', 'region'], type: 'code', required: false },
      { name: 'departement', headers: ['dept', 'dep'], type: 'code' },
      // The basin column is renamed each year: BE19, BE24, BE25…
      { name: 'bassin_bmo', headers: [/^be\d{2}$/], type: 'code', description: 'Code du bassin BMO' },
      { name: 'nom_bassin_bmo', headers: [/^nombe\d{2}$/], type: 'text', required: false },
      { name: 'projets', headers: ['met'], type: 'double', description: 'Projets de recrutement' },
      { name: 'projets_difficiles', headers: ['xmet'], type: 'double', description: 'Projets jugés difficiles' },
      { name: 'projets_saisonniers', headers: ['smet'], type: 'double', description: 'Projets saisonniers' },
    ],
    secretMarkers: ['*', ...COMMON_SECRET_MARKERS],
    table: 'bmo',
    vintage: { kind: 'period-column', column: 'annee' },
    sheet: { name: /^(?!Description)/i, headerRow: 1 },
  },
]);
