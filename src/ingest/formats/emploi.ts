// DARES / DREETS / France Travail layouts: registered job seekers (wide by quarter, with the
// under-25 breakdown) and the « Besoins en main-d'œuvre » survey (long, one row per bassin BMO × métier).
import { type ColumnSpec, COMMON_SECRET_MARKERS, defineFormats } from '../types.ts';
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

/**
 * The DARES long layout (one row per period × breakdown, data.dares.travail-emploi.gouv.fr exports, field names or
 * labels): the period and count columns, and the breakdowns other than category and age, kept so that the engine
 * reads the « Total » rows only (a sum over sexes or seniorities would count each job seeker several times).
 */
const defmLongColumns: ColumnSpec[] = [
  ...defmColumns,
  {
    name: 'periode',
    headers: ['date', 'periode', 'trimestre', 'mois'],
    type: 'period',
    description: 'Trimestre (1997-T3) ou mois (2024-12 : le mois qui clôt un trimestre est stocké comme ce trimestre)',
  },
  {
    name: 'valeur',
    headers: ['nombre_de_demandeurs_d_emploi', 'nombre_de_demandeurs', 'demandeurs_d_emploi'],
    type: 'double',
    description: "Nombre de demandeurs d'emploi inscrits en fin de période",
  },
  { name: 'sexe', headers: ['sexe'], type: 'text', required: false, description: 'Total, Hommes, Femmes' },
  { name: 'anciennete', headers: ['anciennete', 'anciennete_d_inscription'], type: 'text', required: false },
  {
    name: 'type_donnees',
    headers: ['type_de_donnees', 'type_donnees'],
    type: 'text',
    required: false,
    description: 'Brutes ou CVS-CJO',
  },
];

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
    id: 'dares-defm-ze-long',
    family: 'emploi',
    editeur: 'DARES / France Travail',
    dataset:
      "Demandeurs d'emploi inscrits à France Travail par zone d'emploi (portail de données de la DARES, une ligne " +
      'par période, catégorie, sexe, âge et ancienneté)',
    detect: ['code_zone_d_emploi', /^categorie/, /^tranche_d?_?age$/, /^nombre_de_demandeurs/],
    columns: [
      { name: 'code', headers: ['code_zone_d_emploi', 'code_ze2020', 'code_ze'], type: 'code' },
      { name: 'libelle', headers: ['zone_d_emploi', 'libelle_zone_d_emploi'], type: 'text', required: false },
      ...defmLongColumns,
    ],
    constants: { niveau: 'ze' },
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'demandeurs_emploi',
    vintage: { kind: 'period-column', column: 'periode' },
  },
  {
    id: 'dares-defm-dep-long',
    family: 'emploi',
    editeur: 'DARES / France Travail',
    dataset:
      "Demandeurs d'emploi inscrits à France Travail par département, données brutes mensuelles (portail de " +
      'données de la DARES, dares_defm_stock_regions_brut_mens)',
    detect: ['code_departement', /^categorie/, /^tranche_d?_?age$/, /^nombre_de_demandeurs/],
    columns: [
      { name: 'code', headers: ['code_departement', 'code_du_departement'], type: 'code' },
      { name: 'libelle', headers: ['departement', 'libelle_departement'], type: 'text', required: false },
      ...defmLongColumns,
    ],
    constants: { niveau: 'departement' },
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'demandeurs_emploi',
    vintage: { kind: 'period-column', column: 'periode' },
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
      // The basin columns are renamed each year (BE19, BE25, BE26…, NOMBE26) and their place changes (2023 puts them
      // before Dept): columns are matched by name, whatever the year and the order.
      { name: 'bassin_bmo', headers: [/^be\d{2}$/], type: 'code', description: 'Code du bassin BMO' },
      { name: 'nom_bassin_bmo', headers: [/^nombe\d{2}$/], type: 'text', required: false },
      {
        name: 'clpe',
        headers: ['clpe', /^clpe\d{2}$/],
        type: 'code',
        required: false,
        description: "Comité local pour l'emploi (CLPE) du bassin, publié à partir de la BMO 2026",
      },
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
