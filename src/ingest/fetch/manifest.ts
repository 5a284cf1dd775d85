// The declared list of official datasets `clee fetch` knows how to download: one record per dataset.
// Adding a source means adding a record here; the download, unzip, filter and ingestion code never names one.
//
// Every URL below was read in public material (project scripts, documentation) that downloads the same file;
// where no direct URL could be confirmed, `url` is null and the user passes `--url` (see docs/sources.md).

/** Licences of the publishers (Licence Ouverte / Etalab 2.0 is the default of the French public sector). */
const LICENCE_OUVERTE = 'Licence Ouverte / Etalab 2.0';

/**
 * How to read the département of a row, so that `--departements` keeps only useful rows before ingestion.
 * `columns`: normalised header names (see normaliseHeader), or GeoJSON property names; the first present is used.
 */
export interface DepartementFilter {
  columns: string[];
  /**
   * - `commune`: a commune code (07186, 2A004, 97411 → 07, 2A, 974);
   * - `departement`: a département code (7, 07, 038, 02A, 974);
   * - `uai`: a school UAI whose 3 first characters are the département (0380001A → 38, 6200001A → 2A).
   */
  rule: 'commune' | 'departement' | 'uai';
}

export interface SourceRecord {
  /** Stable id used on the command line (`clee fetch insee-rp-emploi`). */
  id: string;
  editeur: string;
  /** Title of the published dataset, in French: `dataset` as in the formats, `jeu_de_donnees` in the outputs. */
  dataset: string;
  /** Landing page of the dataset (documentation, older vintages, licence). */
  page: string;
  /** Direct download; null when none could be confirmed: the user passes `--url`. */
  url: string | null;
  /**
   * Which edition the address serves (French, shown by `clee fetch --liste`): a fixed vintage (« BMO 2026 »), or,
   * for an export or a stable link, what it serves (« la dernière publiée », « toutes les rentrées publiées »).
   */
  edition: string;
  licence: string;
  /** Ingestion format id(s) the file feeds (src/ingest/formats, or `contours-communes`). */
  format: string[];
  /** Refresh rhythm of the publisher, in French. */
  frequence: string;
  /**
   * The download is a zip: the member to ingest (matched against the entry's base name), and the most it may expand
   * to (default DEFAULT_MAX_EXPANDED, 4 Gio, also the limit of a gzip download), so a small archive that would fill
   * the disk is refused first.
   */
  archive?: { member: RegExp; maxExpandedBytes?: number };
  /** SHA-256 announced by the publisher, checked after download. */
  sha256?: string;
  /** Column giving the département of a row; null when the file has no such column (zones d'emploi…). */
  departement: DepartementFilter | null;
  /** What the user should know (French): vintage, why no URL, size… */
  note?: string;
}

const commune = (...columns: string[]): DepartementFilter => ({ columns, rule: 'commune' });
const departement = (...columns: string[]): DepartementFilter => ({ columns, rule: 'departement' });
const uai = (...columns: string[]): DepartementFilter => ({ columns, rule: 'uai' });

const EDUCATION_API = 'https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets';
const educationExport = (dataset: string) => `${EDUCATION_API}/${dataset}/exports/csv?delimiter=%3B`;
const educationPage = (dataset: string) => `https://data.education.gouv.fr/explore/dataset/${dataset}/`;

export const SOURCES: readonly SourceRecord[] = [
  // ── INSEE : recensement, bases communales ────────────────────────────────────────────────
  {
    id: 'insee-rp-population',
    editeur: 'INSEE',
    dataset: 'Recensement 2022 : évolution et structure de la population (base communale)',
    page: 'https://www.insee.fr/fr/statistiques/8581696',
    url: 'https://www.insee.fr/fr/statistiques/fichier/8581696/base-cc-evol-struct-pop-2022_csv.zip',
    edition: 'recensement 2022',
    licence: LICENCE_OUVERTE,
    format: ['insee-rp-population'],
    frequence: 'annuelle (fin juin)',
    archive: { member: /^base-cc-evol-struct-pop-\d{4}\.csv$/i },
    departement: commune('codgeo'),
    note: 'Archive zip : le CSV de données et la fiche meta_*.CSV ; seul le premier est chargé.',
  },
  {
    id: 'insee-rp-emploi',
    editeur: 'INSEE',
    dataset: 'Recensement 2022 : emploi – population active (base communale)',
    page: 'https://www.insee.fr/fr/statistiques/8581444',
    url: 'https://www.insee.fr/fr/statistiques/fichier/8581444/base-cc-emploi-pop-active-2022_csv.zip',
    edition: 'recensement 2022',
    licence: LICENCE_OUVERTE,
    format: ['insee-rp-emploi'],
    frequence: 'annuelle (fin juin)',
    archive: { member: /^base-cc-emploi-pop-active-\d{4}\.csv$/i },
    departement: commune('codgeo'),
  },
  {
    id: 'insee-rp-diplomes',
    editeur: 'INSEE',
    dataset: 'Recensement 2022 : diplômes – formation (base communale)',
    page: 'https://www.insee.fr/fr/statistiques/8581488',
    url: 'https://www.insee.fr/fr/statistiques/fichier/8581488/base-cc-diplomes-formation-2022.zip',
    edition: 'recensement 2022',
    licence: LICENCE_OUVERTE,
    format: ['insee-rp-diplomes'],
    frequence: 'annuelle (fin juin)',
    archive: { member: /^base-cc-diplomes-formation-\d{4}\.csv$/i },
    departement: commune('codgeo'),
  },
  // ── INSEE : chômage localisé, Sirene ─────────────────────────────────────────────────────
  {
    id: 'insee-chomage-ze',
    editeur: 'INSEE',
    dataset: "Taux de chômage localisés par zone d'emploi (trimestriels, CVS)",
    page: 'https://www.insee.fr/fr/statistiques/1893230',
    url: 'https://www.insee.fr/fr/statistiques/fichier/1893230/chomage-zone-t1-2003-t4-2025.xlsx',
    edition: 'T1 2003 à T4 2025',
    licence: LICENCE_OUVERTE,
    format: ['insee-chomage-ze'],
    frequence: 'trimestrielle (le nom du fichier change à chaque trimestre)',
    departement: null,
    note:
      "Classeur Excel (feuille txcho_ze) ; par zone d'emploi, donc chargé en entier (quelques centaines de lignes). " +
      'Le nom du fichier porte le dernier trimestre : pour une édition plus récente, passez son adresse avec --url.',
  },
  {
    id: 'insee-chomage-dep',
    editeur: 'INSEE',
    dataset: 'Taux de chômage localisés par département (trimestriels, CVS)',
    page: 'https://www.insee.fr/fr/statistiques/2012804',
    url: null,
    edition: "celle de l'adresse passée avec --url",
    licence: LICENCE_OUVERTE,
    format: ['insee-chomage-dep'],
    frequence: 'trimestrielle',
    departement: departement('dep'),
    note:
      "Aucune adresse de téléchargement direct stable n'a pu être vérifiée : téléchargez le fichier depuis la page " +
      "de l'INSEE et passez son adresse avec --url (ou chargez-le avec « clee ingest »).",
  },
  {
    id: 'insee-sirene-etablissements',
    editeur: 'INSEE',
    dataset: 'Base Sirene des entreprises et de leurs établissements : StockEtablissement',
    page: 'https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/',
    url: 'https://www.data.gouv.fr/fr/datasets/r/0651fb76-bcf3-4f6a-a38d-bc04fa708576',
    edition: 'le stock du dernier mois (lien stable de data.gouv.fr)',
    licence: LICENCE_OUVERTE,
    format: ['insee-sirene-etablissements'],
    frequence: 'mensuelle',
    // About 6 Gio expanded in 2025; room for the file to grow.
    archive: { member: /^StockEtablissement_utf8\.csv$/i, maxExpandedBytes: 16 * 1024 ** 3 },
    departement: commune('codecommuneetablissement'),
    note:
      "Archive d'environ 2 Go (plus de 6 Go décompressée) : gardez --departements pour ne charger que l'académie. " +
      "Le téléchargement interrompu reprend là où il s'était arrêté.",
  },
  {
    id: 'insee-sirene-unites-legales',
    editeur: 'INSEE',
    dataset: 'Base Sirene des entreprises et de leurs établissements : StockUniteLegale',
    page: 'https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/',
    url: 'https://files.data.gouv.fr/insee-sirene/StockUniteLegale_utf8.zip',
    edition: 'le stock du dernier mois (lien stable de data.gouv.fr)',
    licence: LICENCE_OUVERTE,
    format: ['insee-sirene-unites-legales'],
    frequence: 'mensuelle',
    // Public scripts that download it report about 600 Mo zipped, some 6 Go expanded and over 20 million legal
    // units: room for the file to grow.
    archive: { member: /^StockUniteLegale_utf8\.csv$/i, maxExpandedBytes: 12 * 1024 ** 3 },
    // No address in a legal unit: the file cannot be cut by département. Keeping only the SIREN of the loaded
    // establishments would need the database while filtering; the filter reads a département from each row alone.
    departement: null,
    note:
      "Archive d'environ 600 Mo (plusieurs Go décompressée) : le nom des entreprises dont l'établissement n'a ni " +
      'enseigne ni dénomination usuelle. Sans commune, le fichier ne se filtre pas par département : il est ' +
      "chargé en entier, France entière (seules les colonnes qui nomment l'entreprise sont gardées).",
  },
  // ── DARES / France Travail ───────────────────────────────────────────────────────────────
  {
    id: 'dares-defm-ze',
    editeur: 'DARES / France Travail',
    dataset: "Demandeurs d'emploi inscrits à France Travail par zone d'emploi, catégorie et âge",
    page: 'https://www.data.gouv.fr/datasets/inscrits-a-france-travail-par-zone-demploi-mensuelles-brutes',
    url: null,
    edition: "celle de l'adresse passée avec --url",
    licence: LICENCE_OUVERTE,
    format: ['dares-defm-ze', 'dares-defm-ze-long'],
    frequence: 'trimestrielle (séries mensuelles publiées chaque mois)',
    departement: null,
    note:
      "Pas d'adresse directe vérifiée : passez avec --url un fichier par zone d'emploi, soit en colonnes par " +
      "trimestre (ze2020, catégorie, tranche d'âge, 2024-T1…), soit en lignes comme les exports de la DARES " +
      "(Date ; Code zone d'emploi ; … ; Nombre de demandeurs d'emploi), ou chargez-le avec « clee ingest ».",
  },
  {
    id: 'dares-defm-dep',
    editeur: 'DARES / France Travail',
    dataset: "Demandeurs d'emploi inscrits à France Travail par département, catégorie et âge",
    page: 'https://data.dares.travail-emploi.gouv.fr/explore/dataset/dares_defm_stock_regions_brut_mens/',
    url:
      'https://data.dares.travail-emploi.gouv.fr/api/explore/v2.1/catalog/datasets/dares_defm_stock_regions_brut_mens' +
      '/exports/csv?use_labels=true',
    edition: 'toute la série mensuelle publiée, jusqu’au dernier mois (export du portail de la DARES)',
    licence: LICENCE_OUVERTE,
    format: ['dares-defm-dep-long', 'dares-defm-dep'],
    frequence: 'mensuelle',
    departement: departement('code_departement', 'dep', 'code_dep'),
    note:
      "Export du portail de la DARES, une ligne par mois, catégorie, sexe, tranche d'âge et ancienneté (données " +
      'brutes) ; le mois qui clôt un trimestre donne la valeur de ce trimestre, seules les lignes « Total » sont ' +
      'lues.',
  },
  {
    id: 'france-travail-bmo',
    editeur: 'France Travail',
    dataset: "Enquête Besoins en main-d'œuvre (BMO) 2026 : projets de recrutement par bassin et métier",
    page: 'https://www.data.gouv.fr/datasets/enquete-besoins-en-main-doeuvre-bmo',
    url: 'https://www.data.gouv.fr/api/1/datasets/r/228917c7-c22e-4766-835e-fcb923f29b3d',
    edition: 'BMO 2026 (lien stable de data.gouv.fr : la dernière édition publiée)',
    licence: LICENCE_OUVERTE,
    format: ['france-travail-bmo'],
    frequence: 'annuelle (avril)',
    departement: departement('dept', 'dep'),
    note:
      'Classeur Excel : feuille de données (BMO_2026_open_data : colonnes BE26, NOMBE26 du bassin et, depuis ' +
      '2026, clpe) et feuille Description_des_variables ; les cellules « * » (secret) sont chargées vides. ' +
      'Les éditions précédentes (Base_open_data_BMO_AAAA.xlsx, colonnes BEAA/NOMBEAA dans un autre ordre) ' +
      'se chargent de même.',
  },
  {
    id: 'france-travail-bassins-bmo',
    editeur: 'France Travail',
    dataset: "Bassins d'emploi BMO : composition communale",
    page: 'https://statistiques.francetravail.org/bmo',
    url: null,
    edition: "celle de l'adresse passée avec --url (Bassins_d'emploi_AAAA.xlsx)",
    licence: LICENCE_OUVERTE,
    format: ['france-travail-bassins-bmo'],
    frequence: 'annuelle',
    departement: commune('codgeo', 'code_commune'),
    note:
      "Classeur Bassins_d'emploi_AAAA.xlsx (region, dep, code_commune, lib_commune, code_bassin_AAAA, " +
      'lib_bassin_AAAA) publié avec la méthodologie de chaque millésime BMO, sans adresse stable vérifiée : ' +
      'passez-la avec --url.',
  },
  // ── Éducation nationale (data.education.gouv.fr) ─────────────────────────────────────────
  {
    id: 'education-annuaire',
    editeur: "Ministère de l'Éducation nationale",
    dataset: "Annuaire de l'éducation",
    page: educationPage('fr-en-annuaire-education'),
    url:
      `${EDUCATION_API}/fr-en-annuaire-education/exports/csv` +
      '?delimiter=%3B&list_separator=%2C&quote_all=false&with_bom=true',
    edition: "l'état du jour (export du portail)",
    licence: LICENCE_OUVERTE,
    format: ['education-annuaire'],
    frequence: 'quotidienne',
    departement: departement('code_departement'),
  },
  {
    id: 'education-effectifs-college',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset: "Effectifs d'élèves par niveau, sexe et langues vivantes, par collège",
    page: educationPage('fr-en-college-effectifs-niveau-sexe-lv'),
    url: educationExport('fr-en-college-effectifs-niveau-sexe-lv'),
    edition: 'toutes les rentrées publiées (export du portail)',
    licence: LICENCE_OUVERTE,
    format: ['education-effectifs-college'],
    frequence: 'annuelle (constat de rentrée)',
    departement: uai('numero_college', 'numero_du_college'),
  },
  {
    id: 'education-effectifs-lycee-gt',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset: "Effectifs d'élèves par niveau, sexe et langues vivantes, par lycée général et technologique",
    page: educationPage('fr-en-lycee_gt-effectifs-niveau-sexe-lv'),
    url: educationExport('fr-en-lycee_gt-effectifs-niveau-sexe-lv'),
    edition: 'toutes les rentrées publiées (export du portail)',
    licence: LICENCE_OUVERTE,
    format: ['education-effectifs-lycee-gt'],
    frequence: 'annuelle (constat de rentrée)',
    departement: uai('numero_lycee', 'numero_du_lycee'),
  },
  {
    id: 'education-effectifs-lycee-pro',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset: "Effectifs d'élèves par niveau, sexe et langues vivantes, par lycée professionnel",
    page: educationPage('fr-en-lycee_pro-effectifs-niveau-sexe-lv'),
    url: educationExport('fr-en-lycee_pro-effectifs-niveau-sexe-lv'),
    edition: 'toutes les rentrées publiées (export du portail)',
    licence: LICENCE_OUVERTE,
    format: ['education-effectifs-lycee-pro'],
    frequence: 'annuelle (constat de rentrée)',
    departement: uai('numero_lycee', 'numero_du_lycee'),
  },
  {
    id: 'education-ips-college',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset: 'Indices de position sociale des collèges (à partir de 2023)',
    page: educationPage('fr-en-ips-colleges-ap2023'),
    url: educationExport('fr-en-ips-colleges-ap2023'),
    edition: 'rentrées 2023 et suivantes (export du portail)',
    licence: LICENCE_OUVERTE,
    format: ['education-ips-college'],
    frequence: 'annuelle',
    departement: uai('uai'),
  },
  {
    id: 'education-ips-lycee',
    editeur: "Ministère de l'Éducation nationale (DEPP)",
    dataset: 'Indices de position sociale des lycées (à partir de 2023)',
    page: educationPage('fr-en-ips-lycees-ap2023'),
    url: educationExport('fr-en-ips-lycees-ap2023'),
    edition: 'rentrées 2023 et suivantes (export du portail)',
    licence: LICENCE_OUVERTE,
    format: ['education-ips-lycee'],
    frequence: 'annuelle',
    departement: uai('uai'),
  },
  {
    id: 'education-inserjeunes-lycee-pro',
    editeur: "Ministère de l'Éducation nationale (DEPP) et DARES",
    dataset: 'InserJeunes : voie professionnelle scolaire par lycée professionnel',
    page: educationPage('fr-en-inserjeunes-lycee_pro'),
    url: educationExport('fr-en-inserjeunes-lycee_pro'),
    edition: 'tous les millésimes publiés (export du portail)',
    licence: LICENCE_OUVERTE,
    format: ['education-inserjeunes-lycee-pro'],
    frequence: 'annuelle',
    departement: uai('uai'),
  },
  // ── Référentiels territoriaux ────────────────────────────────────────────────────────────
  {
    id: 'insee-cog-communes',
    editeur: 'INSEE',
    dataset: 'Code officiel géographique au 1er janvier 2026 : communes',
    page: 'https://www.insee.fr/fr/information/8740222',
    url: 'https://www.insee.fr/fr/statistiques/fichier/8740222/cog_ensemble_2026_csv.zip',
    edition: 'COG au 1er janvier 2026',
    licence: LICENCE_OUVERTE,
    format: ['insee-cog-communes'],
    frequence: 'annuelle (1er janvier)',
    archive: { member: /^v_commune_\d{4}\.csv$/i },
    departement: departement('dep'),
  },
  {
    id: 'insee-communes-ze2020',
    editeur: 'INSEE',
    dataset: "Zonage en zones d'emploi 2020 : composition communale au 1er janvier 2026",
    page: 'https://www.insee.fr/fr/information/4652957',
    url: 'https://www.insee.fr/fr/statistiques/fichier/4652957/ZE2020_au_01-01-2026.zip',
    edition: 'composition au 1er janvier 2026',
    licence: LICENCE_OUVERTE,
    format: ['insee-communes-ze2020'],
    frequence: 'annuelle (géographie au 1er janvier)',
    archive: { member: /^ZE2020_au_01-01-\d{4}\.xlsx$/i },
    departement: commune('codgeo'),
    note: 'Archive zip contenant un classeur Excel (feuille Composition_communale, en-tête en ligne 6).',
  },
  {
    id: 'contours-communes',
    editeur: "Etalab (data.gouv.fr), d'après IGN Admin Express",
    dataset: 'Contours administratifs 2026 : communes (généralisés à 100 m)',
    page: 'https://www.data.gouv.fr/datasets/contours-administratifs',
    url: 'https://etalab-datasets.geo.data.gouv.fr/contours-administratifs/2026/geojson/communes-100m.geojson.gz',
    edition: 'contours 2026 (géographie au 1er janvier 2026)',
    licence: LICENCE_OUVERTE,
    format: ['contours-communes'],
    frequence: 'annuelle',
    departement: commune('code'),
    note: 'GeoJSON national compressé gzip (décompressé au téléchargement) : sert à dessiner le contour des bassins.',
  },
];

export function sourceById(id: string, sources: readonly SourceRecord[] = SOURCES): SourceRecord | undefined {
  return sources.find((s) => s.id === id);
}
