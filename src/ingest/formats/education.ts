// Éducation nationale layouts (data.education.gouv.fr exports, `;`, UTF-8 with BOM). Each column lists
// both header styles: field names (`numero_college`) and labels (« Numéro du collège »), normalised.
import { type ColumnSpec, COMMON_SECRET_MARKERS, defineFormats } from '../types.ts';

const rentree: ColumnSpec = {
  name: 'rentree',
  headers: ['rentree_scolaire'],
  type: 'year-first',
  description: 'Rentrée scolaire (année de septembre)',
};
const secteur: ColumnSpec = {
  name: 'secteur',
  headers: ['secteur', 'secteur_public_prive', 'statut_public_prive'],
  type: 'text',
  required: false,
};
const denomination: ColumnSpec = {
  name: 'denomination',
  headers: ['denomination_principale'],
  type: 'text',
  required: false,
};
/** The IPS files' département, which confirms their commune codes that lost a leading zero (ingest/communes.ts). */
const codeDepartement: ColumnSpec = {
  name: 'code_departement',
  headers: ['code_du_departement', 'code_departement'],
  type: 'code',
  required: false,
  description: 'Code du département tel que publié (« 7 », « 07 » ou « 007 »)',
};
const patronyme: ColumnSpec = { name: 'patronyme', headers: ['patronyme'], type: 'text', required: false };
const flag = (name: string): ColumnSpec => ({ name, headers: [name], type: 'text', required: false });
const int = (name: string, headers: string[], required = true, description?: string): ColumnSpec => ({
  name,
  headers,
  type: 'integer',
  required,
  description,
});

export const educationFormats = defineFormats([
  {
    id: 'education-annuaire',
    family: 'education',
    editeur: "Ministère de l'Éducation nationale",
    dataset: "Annuaire de l'éducation (fr-en-annuaire-education)",
    detect: ['identifiant_de_l_etablissement', 'type_etablissement', 'code_commune'],
    columns: [
      { name: 'uai', headers: ['identifiant_de_l_etablissement'], type: 'code' },
      { name: 'nom', headers: ['nom_etablissement'], type: 'text' },
      { name: 'type', headers: ['type_etablissement'], type: 'text', description: 'Collège, Lycée, Ecole, …' },
      { name: 'statut', headers: ['statut_public_prive'], type: 'text', required: false },
      { name: 'code_postal', headers: ['code_postal'], type: 'code', required: false },
      { name: 'code_commune', headers: ['code_commune'], type: 'code' },
      { name: 'nom_commune', headers: ['nom_commune'], type: 'text', required: false },
      { name: 'code_departement', headers: ['code_departement'], type: 'code', required: false },
      // Offer flags of the annuaire (« 1 » / « 0 », empty when not applicable), read by the établissements list.
      flag('voie_generale'),
      flag('voie_technologique'),
      flag('voie_professionnelle'),
      flag('apprentissage'),
      flag('segpa'),
      flag('ulis'),
      flag('lycee_des_metiers'),
      flag('lycee_agricole'),
      flag('section_europeenne'),
      flag('section_internationale'),
      flag('section_sport'),
      flag('section_arts'),
      flag('section_cinema'),
      flag('section_theatre'),
      flag('post_bac'),
      {
        name: 'education_prioritaire',
        headers: ['appartenance_education_prioritaire'],
        type: 'text',
        required: false,
        description: 'REP, REP+ ou vide',
      },
      { name: 'nombre_eleves', headers: ['nombre_d_eleves'], type: 'integer', required: false },
      { name: 'libelle_nature', headers: ['libelle_nature'], type: 'text', required: false },
      { name: 'type_contrat_prive', headers: ['type_contrat_prive'], type: 'text', required: false },
      {
        name: 'coordonnee_x',
        headers: ['coordonnee_x'],
        type: 'double',
        required: false,
        description: 'Abscisse dans le système indiqué par la colonne epsg',
      },
      { name: 'coordonnee_y', headers: ['coordonnee_y'], type: 'double', required: false },
      { name: 'epsg', headers: ['epsg'], type: 'text', required: false },
      { name: 'latitude', headers: ['latitude'], type: 'double', required: false },
      { name: 'longitude', headers: ['longitude'], type: 'double', required: false },
      { name: 'code_bassin_formation', headers: ['code_bassin_formation'], type: 'code', required: false },
      { name: 'libelle_bassin_formation', headers: ['libelle_bassin_formation'], type: 'text', required: false },
      { name: 'etat', headers: ['etat'], type: 'text', required: false },
      { name: 'date_maj_ligne', headers: ['date_maj_ligne'], type: 'text', required: false },
    ],
    communes: [{ column: 'code_commune', departement: 'code_departement' }],
    secretMarkers: [],
    table: 'annuaire_education',
    vintage: { kind: 'snapshot', column: 'date_maj_ligne' },
  },
  {
    id: 'education-effectifs-college',
    family: 'education',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset:
      "Effectifs d'élèves par niveau, sexe et langues vivantes, par collège (fr-en-college-effectifs-niveau-sexe-lv)",
    // Two published exports: « Numéro du collège » … « Nombre total de 6èmes », and the newer one (num_ligne; …; UAI;
    // …; « 6èmes total »; « 6èmes hors Segpa hors ULIS »; …).
    detect: ['rentree_scolaire', /^(numero_(du_)?college|uai)$/, /^(nombre_total_de_6emes|6emes_total)$/],
    columns: [
      rentree,
      { name: 'uai', headers: ['numero_college', 'numero_du_college', 'uai'], type: 'code' },
      denomination,
      patronyme,
      secteur,
      int('nb_eleves', ['nombre_eleves_total', 'nombre_d_eleves_total']),
      int('nb_segpa', ['nombre_eleves_segpa', 'nombre_d_eleves_de_segpa', 'nombre_d_eleves_total_segpa'], false),
      int('nb_ulis', ['nombre_eleves_ulis', 'nombre_d_eleves_d_ulis', 'nombre_d_eleves_total_ulis'], false),
      // Éducation prioritaire (0/1 flags as published): read for the CLEE's list of collèges.
      flag('rep'),
      flag('rep_plus'),
      int('nb_6e', ['nombre_total_de_6emes', '6emes_total']),
      int('nb_5e', ['nombre_total_de_5emes', '5emes_total']),
      int('nb_4e', ['nombre_total_de_4emes', '4emes_total']),
      int('nb_3e', ['nombre_total_de_3emes', '3emes_total']),
    ],
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'effectifs_college',
    vintage: { kind: 'period-column', column: 'rentree' },
  },
  {
    id: 'education-effectifs-lycee-gt',
    family: 'education',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset:
      "Effectifs d'élèves par niveau, sexe et langues vivantes, par lycée général et technologique " +
      '(fr-en-lycee_gt-effectifs-niveau-sexe-lv)',
    detect: ['rentree_scolaire', /^numero_(du_)?lycee$/, /^(nombre_total_de_)?2ndes_gt$/],
    columns: [
      rentree,
      { name: 'uai', headers: ['numero_lycee', 'numero_du_lycee'], type: 'code' },
      denomination,
      patronyme,
      secteur,
      int('nb_eleves', ['nombre_d_eleves', 'nombre_eleves', 'nombre_eleves_total', 'nombre_d_eleves_total']),
      int('nb_2nde', ['2ndes_gt', 'nombre_total_de_2ndes_gt']),
      int('nb_1ere', ['1eres_gt', 'nombre_total_de_1eres_gt', '1eres_g_et_t'], false),
      int('nb_terminale', ['terminales_gt', 'nombre_total_de_terminales_gt', 'terminales_g_et_t'], false),
    ],
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'effectifs_lycee_gt',
    vintage: { kind: 'period-column', column: 'rentree' },
  },
  {
    id: 'education-effectifs-lycee-pro',
    family: 'education',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset:
      "Effectifs d'élèves par niveau, sexe et langues vivantes, par lycée professionnel " +
      '(fr-en-lycee_pro-effectifs-niveau-sexe-lv)',
    detect: ['rentree_scolaire', /^numero_(du_)?lycee$/, /^(nombre_total_de_)?2ndes_pro$/],
    columns: [
      rentree,
      { name: 'uai', headers: ['numero_lycee', 'numero_du_lycee'], type: 'code' },
      denomination,
      patronyme,
      secteur,
      int('nb_eleves', ['nombre_d_eleves', 'nombre_eleves', 'nombre_eleves_total', 'nombre_d_eleves_total']),
      int('nb_2nde_pro', ['2ndes_pro', 'nombre_total_de_2ndes_pro']),
      int('nb_1ere_pro', ['1eres_pro', 'nombre_total_de_1eres_pro']),
      int('nb_terminale_pro', ['terminales_pro', 'nombre_total_de_terminales_pro']),
      // Published as « CAP 1ère année » / « CAP 2nde année » (fields cap_1ere_annee, cap_2nde_annee).
      int('nb_cap1', ['cap_1ere_annee', '1eres_annees_de_cap', 'nombre_total_de_1eres_annees_de_cap'], false),
      int('nb_cap2', ['cap_2nde_annee', '2emes_annees_de_cap', 'nombre_total_de_2emes_annees_de_cap'], false),
    ],
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'effectifs_lycee_pro',
    vintage: { kind: 'period-column', column: 'rentree' },
  },
  {
    id: 'education-ips-college',
    family: 'education',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset: 'Indices de position sociale dans les collèges (fr-en-ips-colleges)',
    detect: ['rentree_scolaire', 'uai', /^ips$|^indice_de_position_sociale$/],
    columns: [
      rentree,
      { name: 'uai', headers: ['uai'], type: 'code' },
      { name: 'code_commune', headers: ['code_insee_de_la_commune'], type: 'code', required: false },
      codeDepartement,
      { name: 'secteur', headers: ['secteur'], type: 'text', required: false },
      { name: 'ips', headers: ['ips', 'indice_de_position_sociale'], type: 'double' },
      { name: 'ecart_type', headers: ['ecart_type_de_l_ips', 'ecart_type_ips'], type: 'double', required: false },
    ],
    communes: [{ column: 'code_commune', departement: 'code_departement' }],
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'ips_college',
    vintage: { kind: 'period-column', column: 'rentree' },
  },
  {
    id: 'education-ips-lycee',
    family: 'education',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset: 'Indices de position sociale dans les lycées (fr-en-ips-lycees)',
    // ips_etab since the 2022 release (fr-en-ips-lycees-ap2022); ips_ensemble_gt_pro in the 2016-2021 one
    // (fr-en-ips_lycees).
    detect: ['rentree_scolaire', 'uai', /^ips_etab$|^ips_etablissement$|^ips_ensemble_gt_pro$/],
    columns: [
      rentree,
      { name: 'uai', headers: ['uai'], type: 'code' },
      { name: 'code_commune', headers: ['code_insee_de_la_commune'], type: 'code', required: false },
      codeDepartement,
      { name: 'secteur', headers: ['secteur'], type: 'text', required: false },
      { name: 'type_lycee', headers: ['type_de_lycee'], type: 'text', required: false },
      { name: 'ips_voie_gt', headers: ['ips_voie_gt'], type: 'double', required: false },
      { name: 'ips_voie_pro', headers: ['ips_voie_pro'], type: 'double', required: false },
      { name: 'ips_etab', headers: ['ips_etab', 'ips_etablissement', 'ips_ensemble_gt_pro'], type: 'double' },
    ],
    communes: [{ column: 'code_commune', departement: 'code_departement' }],
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'ips_lycee',
    vintage: { kind: 'period-column', column: 'rentree' },
  },
  {
    id: 'education-inserjeunes-lycee-pro',
    family: 'education',
    editeur: "Ministère de l'Éducation nationale (DEPP) et Dares",
    dataset:
      'InserJeunes : insertion des apprentis et lycéens professionnels par établissement (fr-en-inserjeunes-lycee_pro)',
    // Published field names: taux_poursuite_etudes, taux_emploi_6_mois (labels « Taux poursuite études », « Taux emploi
    // 6 mois »).
    detect: ['uai', /^taux_(d_)?emploi_6_mois/, /^taux_(de_)?poursuite_(d_)?etudes$/],
    columns: [
      {
        name: 'annee',
        headers: ['annee', 'millesime'],
        type: 'year-last',
        description: 'Dernière année des deux cohortes cumulées',
      },
      { name: 'uai', headers: ['uai'], type: 'code' },
      { name: 'libelle', headers: ['libelle', 'libelle_de_l_etablissement'], type: 'text', required: false },
      { name: 'type_diplome', headers: ['type_de_diplome', 'type_diplome'], type: 'text', required: false },
      // Real exports give one row per population (« ensemble », then sub-populations): indicators read « ensemble ».
      {
        name: 'population',
        headers: ['dont_apprentis_eple', 'population'],
        type: 'text',
        required: false,
        description: 'Population décrite par la ligne (ensemble, apprentis, scolaires…)',
      },
      {
        name: 'effectif_sortants',
        headers: ['nombre_d_eleves_en_annee_terminale', 'effectif_sortants', 'nombre_de_sortants'],
        type: 'double',
        required: false,
      },
      {
        name: 'taux_poursuite',
        headers: ['taux_poursuite_etudes', 'taux_de_poursuite_d_etudes'],
        type: 'double',
        description: "Taux de poursuite d'études (%)",
      },
      {
        name: 'taux_emploi_6m',
        headers: ['taux_emploi_6_mois', 'taux_d_emploi_6_mois_apres_la_sortie', 'taux_d_emploi_6_mois'],
        type: 'double',
        description: "Taux d'emploi 6 mois après la sortie (%)",
      },
      {
        name: 'taux_emploi_6m_attendu',
        headers: ['taux_emploi_6_mois_attendu', 'taux_d_emploi_6_mois_attendu'],
        type: 'double',
        required: false,
      },
      {
        name: 'va_emploi_6m',
        headers: ['va_emploi_6_mois', 'valeur_ajoutee_du_taux_d_emploi_6_mois'],
        type: 'double',
        required: false,
      },
    ],
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'inserjeunes',
    vintage: { kind: 'period-column', column: 'annee' },
  },
]);
