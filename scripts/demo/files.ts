// The list of generated files and the writer of the whole demo.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bmoFile } from './bmo.ts';
import { DIPLOMES_VARS, EMPLOI_VARS, EVOL_VARS, censusFile, secretCommunes } from './census-files.ts';
import { buildCensus } from './census-model.ts';
import { csvBytes, type Cell, type CsvOptions } from './csv.ts';
import { COLLEGE_HEADER, LGT_HEADER, LP_HEADER, enrolmentFiles } from './enrolments.ts';
import { demoReadme, territoriesReadme } from './readmes.ts';
import { nationalFile } from './national.ts';
import { loadReference, type Reference } from './reference.ts';
import { inserjeunesFile, ipsCollegeFile, ipsLyceeFile } from './school-results.ts';
import { annuaireFile, buildSchools } from './schools.ts';
import { EMPLOYERS_PER_1000, sireneFile } from './sirene.ts';
import { uniteLegaleFile } from './unites-legales.ts';
import { bassinsFile, cogFile, communesBmoFile, communesZeFile } from './territory-files.ts';
import { chomageFiles, defmFiles, unemploymentRates } from './unemployment.ts';

export interface GeneratedFile {
  /** Path relative to the output root, e.g. `demo/base-cc-emploi-pop-active-2021-demo-simule.csv`. */
  path: string;
  /** Source format id of the registry (src/ingest/formats). */
  format: string;
  description: string;
  quirk: string;
  bytes: number;
  /** Size of the CSV text: `bytes` for a plain file, the decompressed size for a gzip file. */
  csvBytes: number;
  rows: number;
}

interface FileSpec {
  path: string;
  format: string;
  description: string;
  quirk: string;
  options: CsvOptions;
  /** Written gzip-compressed (the path ends with `.csv.gz`). */
  gzip?: boolean;
  build: () => { header: string[]; rows: Cell[][] };
}

/**
 * gzip with a fixed level: Node's gzip header carries no timestamp (MTIME = 0); the OS byte is set to Unix (3)
 * so that the bytes do not depend on the platform that ran the generator.
 */
function deterministicGzip(bytes: Buffer): Buffer {
  const gz = gzipSync(bytes, { level: 9 });
  if (gz.readUInt32LE(4) !== 0) throw new Error('en-tête gzip horodaté : sortie non reproductible');
  gz[9] = 3;
  return gz;
}

const EDU: CsvOptions = { delimiter: ';', bom: true };
const SEMI: CsvOptions = { delimiter: ';' };

function fileSpecs(ref: Reference): FileSpec[] {
  const census = buildCensus(ref);
  const secrets = secretCommunes(ref);
  const zones = unemploymentRates(ref, census);
  const chomage = chomageFiles(zones);
  const defm = defmFiles(ref, census);
  const schools = buildSchools(ref, census);
  const enrol = enrolmentFiles(schools);
  // The legal units are those of the establishments extract: built once, read by both files.
  let sirene: ReturnType<typeof sireneFile> | undefined;
  const etablissements = () => {
    sirene ??= sireneFile(ref);
    return sirene;
  };
  return [
    {
      path: 'territories/bassins-academie-grenoble.csv',
      format: 'clee-bassins',
      options: SEMI,
      build: () => bassinsFile(ref),
      description: 'Zonage CLEE par défaut : chaque commune des cinq départements rattachée à un des 17 bassins',
      quirk:
        'codes commune à zéro initial (Ardèche 07…), un bassin par commune, chaque bassin dans un seul département',
    },
    {
      path: 'demo/v_commune_2024-demo-simule.csv',
      format: 'insee-cog-communes',
      options: { delimiter: ',' },
      build: () => cogFile(ref),
      description: 'Code officiel géographique, liste des communes (communes et communes déléguées ; cantons simulés)',
      quirk: 'séparateur virgule, lignes COMD sans département, colonne COMPARENT',
    },
    {
      path: 'demo/ze2020-composition-communale-demo-simule.csv',
      format: 'insee-communes-ze2020',
      options: SEMI,
      build: () => communesZeFile(ref),
      description: "Composition communale des zones d'emploi (zones simulées, nommées d'après leur ville principale)",
      quirk: 'zones à cheval sur deux départements (Annonay, Valence, Romans-sur-Isère, Grenoble)',
    },
    {
      path: 'demo/bassins-bmo-composition-communale-demo-simule.csv',
      format: 'france-travail-bassins-bmo',
      options: SEMI,
      build: () => communesBmoFile(ref),
      description:
        "Composition communale des bassins d'emploi BMO (codes et noms réels des bassins de France Travail, " +
        'rattachement des communes simulé)',
      quirk: 'colonnes BE25 / NOMBE25 dont le nom change chaque année',
    },
    {
      path: 'demo/base-cc-evol-struct-pop-2021-demo-simule.csv',
      format: 'insee-rp-population',
      options: { delimiter: ';', encoding: 'windows-1252', eol: '\r\n' },
      build: () => censusFile(ref, census, EVOL_VARS, '.'),
      description: 'Recensement, évolution et structure de la population, deux millésimes (P21_, P15_, C21_, C15_)',
      quirk: 'encodé en Windows-1252 avec fins de ligne CRLF (ancienne diffusion) : noms accentués à transcoder',
    },
    {
      path: 'demo/base-cc-emploi-pop-active-2021-demo-simule.csv',
      format: 'insee-rp-emploi',
      options: SEMI,
      build: () =>
        censusFile(
          ref,
          census,
          EMPLOI_VARS,
          '.',
          (c, y, k) => y === 2021 && secrets.has(c.code) && k.startsWith('C_EMPLT_'),
        ),
      description: 'Recensement, emploi – population active, deux millésimes',
      quirk:
        'valeurs pondérées décimales ; marqueurs de secret « s » dans quelques très petites communes (emplois par ' +
        'secteur 2021)',
    },
    {
      path: 'demo/base-cc-diplomes-formation-2021-demo-simule.csv',
      format: 'insee-rp-diplomes',
      options: SEMI,
      build: () => censusFile(ref, census, DIPLOMES_VARS, ','),
      description: 'Recensement, diplômes – formation, deux millésimes',
      quirk: 'virgule décimale (1234,5678)',
    },
    {
      path: 'demo/chomage-localise-ze2020-demo-simule.csv',
      format: 'insee-chomage-ze',
      options: SEMI,
      build: () => chomage.ze,
      description: "Taux de chômage localisés trimestriels par zone d'emploi, 2019-T1 à 2024-T4",
      quirk: 'table large : une colonne par trimestre',
    },
    {
      path: 'demo/chomage-localise-departements-demo-simule.csv',
      format: 'insee-chomage-dep',
      options: SEMI,
      build: () => chomage.dep,
      description: 'Taux de chômage localisés trimestriels par département',
      quirk: "même table que les zones d'emploi, niveau « departement »",
    },
    {
      path: 'demo/sirene-stock-etablissement-extrait-demo-simule.csv.gz',
      format: 'insee-sirene-etablissements',
      options: { delimiter: ',' },
      gzip: true,
      build: etablissements,
      description:
        `Extrait du stock Sirene des établissements (53 colonnes du fichier StockEtablissement) : ` +
        `établissements actifs employeurs (≈ ${EMPLOYERS_PER_1000} pour 1 000 habitants en moyenne, davantage dans ` +
        `les villes et les stations), actifs non employeurs et fermés`,
      quirk:
        'CSV compressé gzip ; séparateur virgule, champs entre guillemets contenant des virgules et des guillemets ' +
        'doublés, diffusion partielle « [ND] », établissements fermés (F)',
    },
    {
      path: 'demo/sirene-stock-unite-legale-extrait-demo-simule.csv.gz',
      format: 'insee-sirene-unites-legales',
      options: { delimiter: ',' },
      gzip: true,
      build: () => uniteLegaleFile(etablissements()),
      description:
        'Extrait du stock Sirene des unités légales (34 colonnes du fichier StockUniteLegale) : une ligne par SIREN ' +
        "de l'extrait des établissements, noms simulés (sociétés, associations, entrepreneurs individuels, communes)",
      quirk:
        'CSV compressé gzip ; entrepreneurs individuels nommés par nom et prénom (nom d’usage parfois), ' +
        'diffusion partielle « P » avec noms « [ND] », unités légales cessées (C)',
    },
    {
      path: 'demo/dares-defm-ze2020-demo-simule.csv',
      format: 'dares-defm-ze',
      options: SEMI,
      build: () => defm.ze,
      description:
        "Demandeurs d'emploi en fin de trimestre par zone d'emploi, catégorie (A, ABC) et âge, 2021-T1 à 2024-T4",
      quirk: "en-têtes accentués (« Catégorie », « Tranche d'âge ») ; Ensemble = somme des tranches",
    },
    {
      path: 'demo/dares-defm-departements-demo-simule.csv',
      format: 'dares-defm-dep',
      options: SEMI,
      build: () => defm.dep,
      description: "Demandeurs d'emploi par département, catégorie et âge",
      quirk: 'clé DEP à zéro initial (07)',
    },
    {
      path: 'demo/france-travail-bmo-2024-demo-simule.csv',
      format: 'france-travail-bmo',
      options: SEMI,
      build: () => bmoFile(ref, 2024),
      description: 'Enquête BMO 2024 (export CSV de la feuille de données du classeur publié)',
      quirk:
        'colonne de bassin BE24 / NOMBE24 ; cellules secrètes « * » ; un bassin à cheval sur deux départements ' +
        'apparaît une fois par département',
    },
    {
      path: 'demo/france-travail-bmo-2025-demo-simule.csv',
      format: 'france-travail-bmo',
      options: SEMI,
      build: () => bmoFile(ref, 2025),
      description: 'Enquête BMO 2025 (export CSV)',
      quirk:
        "colonne de bassin renommée BE25 / NOMBE25 ; s'ajoute au fichier 2024 (chaque année d'enquête est une période)",
    },
    {
      path: 'demo/fr-en-annuaire-education-demo-simule.csv',
      format: 'education-annuaire',
      options: EDU,
      build: () => annuaireFile(schools, enrol.latest),
      description: "Annuaire de l'éducation : collèges, lycées et CIO (72 colonnes, noms de champs)",
      quirk: 'UTF-8 avec BOM ; code_departement sur trois caractères (038) ; nom contenant « ; » entre guillemets',
    },
    {
      path: 'demo/fr-en-college-effectifs-niveau-sexe-lv-demo-simule.csv',
      format: 'education-effectifs-college',
      options: EDU,
      build: () => ({ header: COLLEGE_HEADER, rows: enrol.college }),
      description: 'Effectifs des collèges par niveau, sexe et langue vivante, rentrées 2021 à 2024',
      quirk: 'noms de champs (numero_college, rep, rep0, 6eme_filles / 6emes_garcons) ; total = niveaux + SEGPA + ULIS',
    },
    {
      path: 'demo/fr-en-lycee_gt-effectifs-niveau-sexe-lv-demo-simule.csv',
      format: 'education-effectifs-lycee-gt',
      options: EDU,
      build: () => ({ header: LGT_HEADER, rows: enrol.lgt }),
      description: 'Effectifs des lycées généraux et technologiques par niveau et série, rentrées 2021 à 2024',
      quirk:
        'noms de champs commençant par un chiffre (2ndes_gt, 1eres_g…) ; pas de total « 1ères GT » : séries détaillées',
    },
    {
      path: 'demo/fr-en-lycee_pro-effectifs-niveau-sexe-lv-demo-simule.csv',
      format: 'education-effectifs-lycee-pro',
      options: EDU,
      build: () => ({ header: LP_HEADER, rows: enrol.lp }),
      description: 'Effectifs de la voie professionnelle par niveau, rentrées 2021 à 2024',
      quirk:
        'en-têtes en libellés accentués (« Numéro du lycée », « 2ndes PRO », « CAP 1ère année ») ; nom contenant ' +
        'des guillemets',
    },
    {
      path: 'demo/fr-en-ips-colleges-demo-simule.csv',
      format: 'education-ips-college',
      options: EDU,
      build: () => ipsCollegeFile(schools),
      description: 'Indice de position sociale des collèges, rentrées 2021-2022 à 2023-2024',
      quirk: 'rentrée écrite « 2022-2023 » ; références nationale, académique et départementale',
    },
    {
      path: 'demo/fr-en-ips-lycees-demo-simule.csv',
      format: 'education-ips-lycee',
      options: EDU,
      build: () => ipsLyceeFile(schools),
      description: 'Indice de position sociale des lycées (voies GT, pro, post-bac, établissement)',
      quirk: 'cellules vides pour les voies absentes du lycée',
    },
    {
      path: 'demo/fr-en-inserjeunes-lycee_pro-demo-simule.csv',
      format: 'education-inserjeunes-lycee-pro',
      options: EDU,
      build: () => inserjeunesFile(schools, enrol, zones),
      description: "InserJeunes, lycées professionnels : poursuite d'études et emploi à 6 et 12 mois (taux en %)",
      quirk: 'millésime « cumul 2022-2023 » ; taux absents sous le seuil de publication (moins de 20 sortants)',
    },
    {
      path: 'demo/reference-nationale-demo-simule.csv',
      format: 'clee-reference-nationale',
      options: SEMI,
      build: () =>
        nationalFile([
          { format: 'insee-rp-population', ...censusFile(ref, census, EVOL_VARS, '.') },
          { format: 'insee-rp-emploi', ...censusFile(ref, census, EMPLOI_VARS, '.') },
          { format: 'insee-rp-diplomes', ...censusFile(ref, census, DIPLOMES_VARS, '.') },
          { format: 'education-effectifs-college', header: COLLEGE_HEADER, rows: enrol.college },
          { format: 'education-effectifs-lycee-gt', header: LGT_HEADER, rows: enrol.lgt },
          { format: 'education-effectifs-lycee-pro', header: LP_HEADER, rows: enrol.lp },
        ]),
      description:
        'Référence nationale : sommes France entière des variables du recensement et des effectifs scolaires, ' +
        'telles que clee fetch --departements les calcule en filtrant un fichier national (France simulée)',
      quirk:
        'une ligne par source, année et variable ; période « source:année » ' +
        '(un fichier plus récent remplace la sienne)',
    },
  ];
}

/** Writes every file under outRoot (territories/ and demo/, READMEs included); returns what was written. */
export function generateDemoData(outRoot: string): GeneratedFile[] {
  const root = resolve(outRoot);
  const written: GeneratedFile[] = [];
  const ref = loadReference();
  for (const spec of fileSpecs(ref)) {
    const { header, rows } = spec.build();
    const text = csvBytes(header, rows, spec.options);
    const bytes = spec.gzip ? deterministicGzip(text) : text;
    const target = join(root, spec.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    written.push({
      path: spec.path,
      format: spec.format,
      description: spec.description,
      quirk: spec.quirk,
      bytes: bytes.length,
      csvBytes: text.length,
      rows: rows.length,
    });
  }
  writeFileSync(join(root, 'demo', 'README.md'), demoReadme(written));
  writeFileSync(
    join(root, 'territories', 'README.md'),
    territoriesReadme(written.find((f) => f.format === 'clee-bassins')!, ref),
  );
  return written;
}
