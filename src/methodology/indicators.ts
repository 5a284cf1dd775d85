// The indicator registry: every indicator is a declared record — numerator and denominator as SQL
// expressions over one canonical view (views.ts), unit, polarity, small-number threshold, sources,
// attribution rule. The engine (compute.ts) runs one set-based query per indicator; the methodology
// document (document.ts) is generated from these records.
import { ATTRIBUTION_RULES } from '../territory/attribution.ts';
import type { Domaine, IndicatorDefinition, Nature } from './types.ts';

/** What the year of a value means. */
export type Axe = 'recensement' | 'evolution_recensement' | 'rentree' | 'inserjeunes' | 'trimestre' | 'bmo' | 'sirene';

/** Gender and number of the sentence subject (« le taux » ms, « la part » fs, « les effectifs » mp). */
export type Accord = 'ms' | 'fs' | 'mp' | 'fp';

export interface IndicatorSql {
  /** Canonical view (views.ts), keyed by (codgeo, annee). */
  vue: string;
  /** SQL expression over the view's columns, summed over the communes of a territory. */
  numerateur: string;
  /** SQL expression summed likewise; null: the value is the sum of the numerator (a count). */
  denominateur: string | null;
  /** Optional row filter (SQL over the view's columns). */
  filtre?: string;
}

export interface IndicatorRecord extends IndicatorDefinition {
  sql: IndicatorSql;
  /** valeur = Σ numérateur / Σ dénominateur × echelle (100 for %, 1 000 for « pour 1 000 »). */
  echelle: number;
  /** Readable formula (French, with census variable names). */
  formule: string;
  axe: Axe;
  /** Sentence subject, with its article: « le taux de chômage des 15-24 ans ». */
  sujet: string;
  accord: Accord;
  /** What the denominator (or, for a count, the numerator) counts, plural: « jeunes actifs ». */
  denominateur_libelle: string;
  decimales: number;
  /** A gap this small or smaller is never read as a difference (e.g. 3 points of IPS). */
  ecart_minimal: number;
  /** Show the sign of the value (evolutions). */
  signe?: boolean;
  /** Lowest possible value: an approximation going below it is brought back to it (NEET approximation: 0). */
  plancher?: number;
  /** Known limits, printed in the methodology. */
  limites?: string;
}

const RP_EMPLOI = 'insee-rp-emploi';
const RP_DIPLOMES = 'insee-rp-diplomes';
const RP_POP = 'insee-rp-population';
const ZONAGE = 'clee-bassins';

interface Base {
  id: string;
  libelle: string;
  domaine: Domaine;
  nature: Nature;
  definition: string;
  sources: string[];
  unite: string;
  polarite: -1 | 0 | 1;
  seuil_effectif: number;
  sql: IndicatorSql;
  echelle?: number;
  formule: string;
  axe: Axe;
  sujet: string;
  accord: Accord;
  denominateur_libelle: string;
  decimales?: number;
  ecart_minimal?: number;
  signe?: boolean;
  plancher?: number;
  limites?: string;
  attribution?: string | null;
}

function indicator(b: Base): IndicatorRecord {
  return {
    annees: [],
    attribution: null,
    echelle: 1,
    decimales: 1,
    ecart_minimal: 0,
    ...b,
    sources: [...b.sources, ZONAGE],
  };
}

/** Share of a census population, in %. */
function part(
  b: Omit<Base, 'unite' | 'echelle' | 'axe' | 'accord' | 'nature'> & { accord?: Accord; axe?: Axe },
): IndicatorRecord {
  return indicator({ unite: '%', echelle: 100, axe: 'recensement', accord: 'fs', nature: 'taux', ...b });
}

function evolutionEmploi(id: string, variable: string, secteur: string, sujet: string): IndicatorRecord {
  return indicator({
    id,
    libelle: `Évolution de l'emploi ${secteur} au lieu de travail`,
    domaine: 'economie',
    nature: 'evolution',
    definition: `Variation relative du nombre d'emplois ${secteur} localisés dans le territoire (emploi au lieu de travail, exploitation complémentaire) entre les deux derniers recensements disponibles. Repère les secteurs porteurs.`,
    sources: [RP_EMPLOI],
    unite: '%',
    echelle: 100,
    polarite: 1,
    seuil_effectif: 100,
    axe: 'evolution_recensement',
    sql: {
      vue: 'v_recensement_evolution',
      numerateur: `${variable} - ${variable}_prec`,
      denominateur: `${variable}_prec`,
    },
    formule: `(${variable.toUpperCase()}(année) − ${variable.toUpperCase()}(recensement précédent)) / ${variable.toUpperCase()}(recensement précédent) × 100`,
    sujet,
    accord: 'fs',
    denominateur_libelle: 'emplois au recensement précédent',
    signe: true,
    limites:
      "Les deux recensements sont séparés de cinq ou six ans ; l'emploi au lieu de travail compte les emplois situés dans le territoire, quel que soit le lieu de résidence des actifs.",
  });
}

function partEtablissements(id: string, secteur: string, libelleSecteur: string, sujet: string): IndicatorRecord {
  return indicator({
    id,
    libelle: `Part des établissements employeurs ${libelleSecteur}`,
    domaine: 'economie',
    nature: 'taux',
    definition: `Part des établissements actifs employeurs du répertoire Sirene dont l'activité principale (NAF rév. 2, division → section → grand secteur, table déclarée) relève ${libelleSecteur}.`,
    sources: ['insee-sirene-etablissements', RP_POP],
    unite: '%',
    echelle: 100,
    polarite: 0,
    seuil_effectif: 30,
    axe: 'sirene',
    sql: { vue: 'v_sirene', numerateur: `employeurs_${secteur}`, denominateur: 'employeurs' },
    formule: `établissements employeurs actifs du secteur / établissements employeurs actifs × 100`,
    sujet,
    accord: 'fs',
    denominateur_libelle: 'établissements employeurs',
    limites:
      "Un établissement est compté dans sa commune d'implantation ; le secteur est celui de son activité principale déclarée.",
  });
}

export const INDICATORS: readonly IndicatorRecord[] = [
  // ── Jeunesse et démographie ────────────────────────────────────────────────────────────────
  part({
    id: 'part_15_24',
    libelle: 'Part des 15-24 ans parmi les 15-64 ans',
    domaine: 'jeunesse',
    definition: 'Poids des jeunes de 15 à 24 ans dans la population en âge de travailler (15-64 ans).',
    sources: [RP_EMPLOI],
    polarite: 0,
    seuil_effectif: 500,
    sql: { vue: 'v_recensement', numerateur: 'p_pop1524', denominateur: 'p_pop1564' },
    formule: 'P_POP1524 / P_POP1564 × 100',
    sujet: 'la part des 15-24 ans parmi les 15-64 ans',
    denominateur_libelle: 'habitants de 15 à 64 ans',
  }),
  part({
    id: 'part_15_29',
    libelle: 'Part des 15-29 ans dans la population',
    domaine: 'jeunesse',
    definition: 'Poids des jeunes de 15 à 29 ans dans la population totale.',
    sources: [RP_POP],
    polarite: 0,
    seuil_effectif: 500,
    sql: { vue: 'v_recensement', numerateur: 'p_pop1529', denominateur: 'p_pop' },
    formule: 'P_POP1529 / P_POP × 100',
    sujet: 'la part des 15-29 ans dans la population',
    denominateur_libelle: 'habitants',
  }),
  indicator({
    id: 'evolution_15_29',
    libelle: 'Évolution de la population des 15-29 ans',
    domaine: 'jeunesse',
    nature: 'evolution',
    definition:
      'Variation relative du nombre de jeunes de 15 à 29 ans entre les deux derniers recensements disponibles.',
    sources: [RP_POP],
    unite: '%',
    echelle: 100,
    polarite: 0,
    seuil_effectif: 100,
    axe: 'evolution_recensement',
    sql: { vue: 'v_recensement_evolution', numerateur: 'p_pop1529 - p_pop1529_prec', denominateur: 'p_pop1529_prec' },
    formule: '(P_POP1529(année) − P_POP1529(recensement précédent)) / P_POP1529(recensement précédent) × 100',
    sujet: "l'évolution du nombre de 15-29 ans",
    accord: 'fs',
    denominateur_libelle: 'jeunes de 15 à 29 ans au recensement précédent',
    signe: true,
    limites:
      'Seules les communes présentes aux deux recensements comptent (communes nouvelles : codes du COG en vigueur dans les deux fichiers).',
  }),
  // ── Formation initiale ─────────────────────────────────────────────────────────────────────
  indicator({
    id: 'eleves_college',
    libelle: 'Effectifs des collèges',
    domaine: 'formation_initiale',
    nature: 'effectif',
    definition:
      "Nombre d'élèves scolarisés dans les collèges (publics et privés sous contrat) du territoire, SEGPA et ULIS comprises.",
    sources: ['education-effectifs-college', 'education-annuaire'],
    unite: 'élèves',
    polarite: 0,
    seuil_effectif: 0,
    axe: 'rentree',
    sql: { vue: 'v_college', numerateur: 'nb_eleves', denominateur: null },
    decimales: 0,
    formule: 'Σ élèves des collèges du territoire',
    sujet: 'les effectifs des collèges',
    accord: 'mp',
    denominateur_libelle: 'élèves',
    limites:
      "Un établissement est rattaché à la commune indiquée par l'annuaire de l'éducation ; un collège absent de l'annuaire n'est pas compté.",
  }),
  indicator({
    id: 'eleves_lycee_gt',
    libelle: 'Effectifs des lycées (voie générale et technologique)',
    domaine: 'formation_initiale',
    nature: 'effectif',
    definition: "Nombre d'élèves de la voie générale et technologique des lycées du territoire.",
    sources: ['education-effectifs-lycee-gt', 'education-annuaire'],
    unite: 'élèves',
    polarite: 0,
    seuil_effectif: 0,
    axe: 'rentree',
    sql: { vue: 'v_lycee_gt', numerateur: 'nb_eleves', denominateur: null },
    decimales: 0,
    formule: 'Σ élèves de la voie GT des lycées du territoire',
    sujet: 'les effectifs de la voie générale et technologique',
    accord: 'mp',
    denominateur_libelle: 'élèves',
  }),
  indicator({
    id: 'eleves_lycee_pro',
    libelle: 'Effectifs des lycées (voie professionnelle)',
    domaine: 'formation_initiale',
    nature: 'effectif',
    definition:
      "Nombre d'élèves de la voie professionnelle (CAP, baccalauréat professionnel) des lycées du territoire, hors apprentis.",
    sources: ['education-effectifs-lycee-pro', 'education-annuaire'],
    unite: 'élèves',
    polarite: 0,
    seuil_effectif: 0,
    axe: 'rentree',
    sql: { vue: 'v_lycee_pro', numerateur: 'nb_eleves', denominateur: null },
    decimales: 0,
    formule: 'Σ élèves de la voie professionnelle des lycées du territoire',
    sujet: 'les effectifs de la voie professionnelle',
    accord: 'mp',
    denominateur_libelle: 'élèves',
  }),
  indicator({
    id: 'part_voie_pro',
    libelle: 'Part de la voie professionnelle parmi les lycéens',
    domaine: 'formation_initiale',
    nature: 'taux',
    definition:
      'Part des lycéens scolarisés dans la voie professionnelle, parmi les lycéens des deux voies (générale et technologique, professionnelle) du territoire.',
    sources: ['education-effectifs-lycee-gt', 'education-effectifs-lycee-pro', 'education-annuaire'],
    unite: '%',
    echelle: 100,
    polarite: 0,
    seuil_effectif: 100,
    axe: 'rentree',
    sql: { vue: 'v_lycees', numerateur: 'eleves_pro', denominateur: 'eleves_gt + eleves_pro' },
    formule: 'élèves voie professionnelle / (élèves voie GT + élèves voie professionnelle) × 100',
    sujet: 'la part de la voie professionnelle parmi les lycéens',
    accord: 'fs',
    denominateur_libelle: 'lycéens',
    limites:
      "Mesure l'offre de formation implantée dans le territoire (lieu de scolarisation), non l'orientation des jeunes qui y résident.",
  }),
  indicator({
    id: 'ips_college',
    libelle: 'IPS moyen des collèges',
    domaine: 'formation_initiale',
    nature: 'indice',
    definition:
      'Indice de position sociale moyen des collèges du territoire, pondéré par leurs effectifs de la même rentrée. Un IPS bas signale des élèves dont les familles disposent de moins de ressources sociales et culturelles, donc souvent de moins de réseaux pour trouver un stage.',
    sources: ['education-ips-college', 'education-effectifs-college', 'education-annuaire'],
    unite: 'indice',
    polarite: 1,
    seuil_effectif: 100,
    axe: 'rentree',
    sql: { vue: 'v_college', numerateur: 'ips * nb_eleves', denominateur: 'nb_eleves', filtre: 'ips IS NOT NULL' },
    formule: "Σ (IPS du collège × élèves du collège) / Σ élèves des collèges dont l'IPS est publié",
    sujet: "l'IPS moyen des collèges",
    accord: 'ms',
    denominateur_libelle: 'collégiens',
    ecart_minimal: 3,
    limites:
      "Un écart de 3 points d'IPS ou moins n'est pas interprété (précision de l'indice). L'IPS décrit le public des établissements, non celui des jeunes résidant dans le territoire.",
  }),
  part({
    id: 'scolarisation_18_24',
    libelle: 'Taux de scolarisation des 18-24 ans',
    domaine: 'formation_initiale',
    definition:
      "Part des jeunes de 18 à 24 ans résidant dans le territoire qui sont inscrits dans un établissement d'enseignement (y compris apprentissage et enseignement supérieur).",
    sources: [RP_DIPLOMES],
    polarite: 1,
    seuil_effectif: 100,
    accord: 'ms',
    sql: { vue: 'v_recensement', numerateur: 'p_scol1824', denominateur: 'p_pop1824' },
    formule: 'P_SCOL1824 / P_POP1824 × 100',
    sujet: 'le taux de scolarisation des 18-24 ans',
    denominateur_libelle: 'jeunes de 18 à 24 ans',
    limites:
      'Les étudiants sont recensés à leur lieu de résidence pendant les études : les territoires universitaires ont mécaniquement des taux élevés.',
  }),
  // ── Qualification ──────────────────────────────────────────────────────────────────────────
  part({
    id: 'part_non_diplomes',
    libelle: 'Part des non-diplômés parmi les 15 ans et plus non scolarisés',
    domaine: 'qualification',
    definition:
      "Part des personnes de 15 ans ou plus sorties du système scolaire qui n'ont aucun diplôme ou au plus un certificat d'études primaires.",
    sources: [RP_DIPLOMES],
    polarite: -1,
    seuil_effectif: 200,
    sql: { vue: 'v_recensement', numerateur: 'p_nscol15p_diplmin', denominateur: 'p_nscol15p' },
    formule: 'P_NSCOL15P_DIPLMIN / P_NSCOL15P × 100',
    sujet: 'la part des non-diplômés parmi les 15 ans et plus non scolarisés',
    denominateur_libelle: 'personnes non scolarisées de 15 ans ou plus',
    limites: 'Porte sur toute la population adulte : reflète aussi les générations anciennes.',
  }),
  part({
    id: 'part_diplomes_superieur',
    libelle: 'Part des diplômés du supérieur parmi les 15 ans et plus non scolarisés',
    domaine: 'qualification',
    definition:
      "Part des personnes de 15 ans ou plus non scolarisées titulaires d'un diplôme de l'enseignement supérieur (bac + 2 et au-delà).",
    sources: [RP_DIPLOMES],
    polarite: 1,
    seuil_effectif: 200,
    sql: {
      vue: 'v_recensement',
      numerateur: 'p_nscol15p_sup2 + p_nscol15p_sup34 + p_nscol15p_sup5',
      denominateur: 'p_nscol15p',
    },
    formule: '(P_NSCOL15P_SUP2 + P_NSCOL15P_SUP34 + P_NSCOL15P_SUP5) / P_NSCOL15P × 100',
    sujet: 'la part des diplômés du supérieur parmi les 15 ans et plus non scolarisés',
    denominateur_libelle: 'personnes non scolarisées de 15 ans ou plus',
  }),
  part({
    id: 'part_cap_bep',
    libelle: "Part des titulaires d'un CAP ou d'un BEP parmi les 15 ans et plus non scolarisés",
    domaine: 'qualification',
    definition:
      'Part des personnes de 15 ans ou plus non scolarisées dont le diplôme le plus élevé est un CAP ou un BEP : poids des qualifications ouvrières et employées.',
    sources: [RP_DIPLOMES],
    polarite: 0,
    seuil_effectif: 200,
    sql: { vue: 'v_recensement', numerateur: 'p_nscol15p_capbep', denominateur: 'p_nscol15p' },
    formule: 'P_NSCOL15P_CAPBEP / P_NSCOL15P × 100',
    sujet: "la part des titulaires d'un CAP ou d'un BEP parmi les 15 ans et plus non scolarisés",
    denominateur_libelle: 'personnes non scolarisées de 15 ans ou plus',
  }),
  // ── Insertion ──────────────────────────────────────────────────────────────────────────────
  part({
    id: 'chomage_15_24',
    libelle: 'Taux de chômage des 15-24 ans',
    domaine: 'insertion',
    definition:
      'Part des chômeurs (au sens du recensement) parmi les actifs de 15 à 24 ans résidant dans le territoire.',
    sources: [RP_EMPLOI],
    polarite: -1,
    seuil_effectif: 30,
    accord: 'ms',
    sql: { vue: 'v_recensement', numerateur: 'p_chom1524', denominateur: 'p_act1524' },
    formule: 'P_CHOM1524 / P_ACT1524 × 100',
    sujet: 'le taux de chômage des 15-24 ans',
    denominateur_libelle: 'jeunes actifs',
    limites:
      "Chômage déclaré au recensement (plus large que le chômage au sens du BIT) ; peu d'actifs à cet âge, d'où le seuil d'effectif.",
  }),
  part({
    id: 'neet_15_24',
    libelle: 'Jeunes de 15-24 ans ni en emploi ni en formation (approximation)',
    domaine: 'insertion',
    definition:
      'Approximation de la part des 15-24 ans ni en emploi, ni en études, ni en formation (NEET) : jeunes de 15-24 ans moins les scolarisés de 15 à 24 ans et les actifs occupés de 15 à 24 ans, rapportés aux 15-24 ans.',
    sources: [RP_EMPLOI, RP_DIPLOMES],
    polarite: -1,
    seuil_effectif: 50,
    sql: {
      vue: 'v_recensement',
      numerateur: 'p_pop1524 - (p_scol1517 + p_scol1824) - p_actocc1524',
      denominateur: 'p_pop1524',
    },
    formule: '(P_POP1524 − (P_SCOL1517 + P_SCOL1824) − P_ACTOCC1524) / P_POP1524 × 100',
    sujet: 'la part des 15-24 ans ni en emploi ni en formation',
    denominateur_libelle: 'jeunes de 15 à 24 ans',
    plancher: 0,
    limites:
      'Approximation : les jeunes à la fois scolarisés et en emploi (apprentis, étudiants salariés) sont retranchés deux fois, ce qui sous-estime la part, ' +
      "surtout dans les territoires étudiants ; une valeur négative est ramenée à 0. L'indicateur officiel (enquête Emploi) n'existe pas à l'échelle communale : " +
      "lire cette approximation en comparaison entre bassins plutôt qu'en niveau.",
  }),
  indicator({
    id: 'demandeurs_moins_25',
    libelle: "Demandeurs d'emploi de moins de 25 ans (cat. A) pour 100 actifs de 15-24 ans",
    domaine: 'insertion',
    nature: 'ratio',
    definition:
      "Nombre de demandeurs d'emploi de moins de 25 ans inscrits en catégorie A (sans aucune activité) au 4e trimestre, pour 100 actifs de 15 à 24 ans du dernier recensement.",
    sources: ['dares-defm-ze', 'dares-defm-dep', 'insee-communes-ze2020', RP_EMPLOI, RP_POP],
    unite: 'pour 100 actifs de 15-24 ans',
    echelle: 100,
    polarite: -1,
    seuil_effectif: 30,
    axe: 'trimestre',
    accord: 'ms',
    sql: { vue: 'v_demandeurs', numerateur: 'demandeurs', denominateur: 'actifs_1524' },
    formule: 'demandeurs de moins de 25 ans cat. A au T4 (attribués) / P_ACT1524 (dernier recensement) × 100',
    sujet: "le nombre de jeunes demandeurs d'emploi (cat. A) pour 100 actifs de 15-24 ans",
    denominateur_libelle: 'jeunes actifs',
    attribution: ATTRIBUTION_RULES.effectif_zone.regle,
    limites: 'Le numérateur (inscrits) et le dénominateur (recensement) ne portent pas sur la même date.',
  }),
  indicator({
    id: 'evolution_demandeurs_moins_25',
    libelle: "Évolution sur un an des demandeurs d'emploi de moins de 25 ans (cat. A)",
    domaine: 'insertion',
    nature: 'evolution',
    definition:
      "Variation relative, entre le 4e trimestre de l'année précédente et celui de l'année, du nombre de demandeurs d'emploi de moins de 25 ans inscrits en catégorie A.",
    sources: ['dares-defm-ze', 'dares-defm-dep', 'insee-communes-ze2020', RP_POP],
    unite: '%',
    echelle: 100,
    polarite: -1,
    seuil_effectif: 20,
    axe: 'trimestre',
    sql: { vue: 'v_demandeurs', numerateur: 'demandeurs - demandeurs_prec', denominateur: 'demandeurs_prec' },
    formule:
      "(DEFM cat. A < 25 ans au T4 de l'année − au T4 de l'année précédente) / au T4 de l'année précédente × 100",
    sujet: "l'évolution sur un an des jeunes demandeurs d'emploi (cat. A)",
    accord: 'fs',
    denominateur_libelle: "jeunes demandeurs d'emploi un an plus tôt",
    signe: true,
    attribution: ATTRIBUTION_RULES.effectif_zone.regle,
  }),
  indicator({
    id: 'inserjeunes_emploi_6m',
    libelle: "Taux d'emploi à 6 mois des sortants de voie professionnelle (InserJeunes)",
    domaine: 'insertion',
    nature: 'taux',
    definition:
      'Part des sortants de la voie professionnelle des lycées du territoire (CAP, baccalauréat professionnel) en emploi salarié six mois après leur sortie, moyenne des établissements pondérée par le nombre de sortants.',
    sources: ['education-inserjeunes-lycee-pro', 'education-effectifs-lycee-pro', 'education-annuaire'],
    unite: '%',
    polarite: 1,
    seuil_effectif: 20,
    axe: 'inserjeunes',
    accord: 'ms',
    sql: {
      vue: 'v_inserjeunes',
      numerateur: 'taux_emploi_6m * poids',
      denominateur: 'poids',
      filtre: 'taux_emploi_6m IS NOT NULL',
    },
    formule: "Σ (taux d'emploi à 6 mois × sortants) / Σ sortants",
    sujet: "le taux d'emploi à 6 mois des sortants de voie professionnelle",
    denominateur_libelle: 'sortants (ou élèves de dernière année)',
    limites:
      'Taux publiés cumulés sur deux cohortes ; valeurs sous le seuil de publication absentes. Les fichiers publiés ne donnent pas le nombre de sortants : chaque lycée pèse alors ses élèves de dernière année de voie professionnelle (terminales professionnelles et 2e années de CAP) de la rentrée précédente, et 1 si ses effectifs ne sont pas chargés.',
  }),
  indicator({
    id: 'inserjeunes_poursuite',
    libelle: "Taux de poursuite d'études des sortants de voie professionnelle (InserJeunes)",
    domaine: 'insertion',
    nature: 'taux',
    definition:
      "Part des élèves de dernière année de voie professionnelle des lycées du territoire qui poursuivent leurs études l'année suivante, moyenne pondérée par le nombre de sortants.",
    sources: ['education-inserjeunes-lycee-pro', 'education-effectifs-lycee-pro', 'education-annuaire'],
    unite: '%',
    polarite: 1,
    seuil_effectif: 20,
    axe: 'inserjeunes',
    accord: 'ms',
    sql: {
      vue: 'v_inserjeunes',
      numerateur: 'taux_poursuite * poids',
      denominateur: 'poids',
      filtre: 'taux_poursuite IS NOT NULL',
    },
    formule: "Σ (taux de poursuite d'études × sortants) / Σ sortants",
    sujet: "le taux de poursuite d'études des sortants de voie professionnelle",
    denominateur_libelle: 'sortants (ou élèves de dernière année)',
    limites:
      "Même pondération que le taux d'emploi à 6 mois : à défaut du nombre de sortants, les élèves de dernière année de voie professionnelle de la rentrée précédente.",
  }),
  indicator({
    id: 'chomage_localise',
    libelle: 'Taux de chômage localisé',
    domaine: 'insertion',
    nature: 'taux',
    definition:
      "Taux de chômage au sens du BIT estimé par l'INSEE par zone d'emploi (données CVS, 4e trimestre), ramené au bassin.",
    sources: ['insee-chomage-ze', 'insee-chomage-dep', 'insee-communes-ze2020', RP_POP],
    unite: '%',
    polarite: -1,
    seuil_effectif: 1000,
    axe: 'trimestre',
    accord: 'ms',
    sql: {
      vue: 'v_chomage_localise',
      numerateur: 'taux * population',
      denominateur: 'population',
      filtre: 'taux IS NOT NULL',
    },
    formule: "Σ_communes taux(zone d'emploi de la commune) × population / Σ population",
    sujet: 'le taux de chômage localisé',
    denominateur_libelle: 'habitants',
    attribution: ATTRIBUTION_RULES.taux_zone.regle,
    limites:
      "Un bassin recoupant plusieurs zones d'emploi reçoit une moyenne : les écarts internes aux zones d'emploi ne sont pas observables.",
  }),
  part({
    id: 'part_apprentis',
    libelle: 'Part des apprentis et stagiaires parmi les salariés',
    domaine: 'insertion',
    definition:
      "Part des salariés de 15 ans ou plus en contrat d'apprentissage ou en stage rémunéré, parmi l'ensemble des salariés résidant dans le territoire.",
    sources: [RP_EMPLOI],
    polarite: 1,
    seuil_effectif: 100,
    sql: { vue: 'v_recensement', numerateur: 'p_sal15p_appr', denominateur: 'p_sal15p' },
    formule: 'P_SAL15P_APPR / P_SAL15P × 100',
    sujet: 'la part des apprentis et stagiaires parmi les salariés',
    denominateur_libelle: 'salariés',
  }),
  part({
    id: 'part_cdd_interim',
    libelle: "Part des CDD et de l'intérim parmi les salariés",
    domaine: 'insertion',
    definition:
      "Part des salariés de 15 ans ou plus en contrat à durée déterminée ou en intérim : précarité de l'emploi salarié.",
    sources: [RP_EMPLOI],
    polarite: -1,
    seuil_effectif: 100,
    sql: { vue: 'v_recensement', numerateur: 'p_sal15p_cdd + p_sal15p_interim', denominateur: 'p_sal15p' },
    formule: '(P_SAL15P_CDD + P_SAL15P_INTERIM) / P_SAL15P × 100',
    sujet: "la part des CDD et de l'intérim parmi les salariés",
    denominateur_libelle: 'salariés',
    limites: 'Les territoires touristiques ont structurellement plus de contrats courts (saisonniers).',
  }),
  // ── Tissu économique ───────────────────────────────────────────────────────────────────────
  indicator({
    id: 'etablissements_1000_hab',
    libelle: 'Établissements employeurs pour 1 000 habitants',
    domaine: 'economie',
    nature: 'ratio',
    definition:
      "Nombre d'établissements actifs employeurs (au moins un salarié) du répertoire Sirene implantés dans le territoire, pour 1 000 habitants.",
    sources: ['insee-sirene-etablissements', RP_POP],
    unite: 'pour 1 000 habitants',
    echelle: 1000,
    polarite: 1,
    seuil_effectif: 500,
    axe: 'sirene',
    sql: { vue: 'v_sirene', numerateur: 'employeurs', denominateur: 'population' },
    formule: 'établissements actifs employeurs / population (dernier recensement) × 1 000',
    sujet: "la densité d'établissements employeurs",
    accord: 'fs',
    denominateur_libelle: 'habitants',
    limites:
      "Employeur : caractère employeur « O » de Sirene, à défaut une tranche d'effectif autre que « NN » et « 00 ».",
  }),
  partEtablissements(
    'part_etab_industrie',
    'industrie',
    "de l'industrie",
    "la part des établissements employeurs de l'industrie",
  ),
  partEtablissements(
    'part_etab_construction',
    'construction',
    'de la construction',
    'la part des établissements employeurs de la construction',
  ),
  partEtablissements(
    'part_etab_commerce',
    'commerce_transports_hebergement',
    "du commerce, des transports et de l'hébergement-restauration",
    "la part des établissements employeurs du commerce, des transports et de l'hôtellerie-restauration",
  ),
  partEtablissements(
    'part_etab_services_entreprises',
    'services_entreprises',
    'des services marchands aux entreprises',
    'la part des établissements employeurs des services aux entreprises',
  ),
  evolutionEmploi('evolution_emploi', 'c_emplt', 'total', "l'évolution de l'emploi au lieu de travail"),
  evolutionEmploi('evolution_emploi_industrie', 'c_emplt_indus', 'industriel', "l'évolution de l'emploi industriel"),
  evolutionEmploi(
    'evolution_emploi_construction',
    'c_emplt_const',
    'de la construction',
    "l'évolution de l'emploi dans la construction",
  ),
  evolutionEmploi(
    'evolution_emploi_tertiaire',
    'c_emplt_cts',
    'du commerce, des transports et des services',
    "l'évolution de l'emploi dans le commerce, les transports et les services",
  ),
  indicator({
    id: 'bmo_projets_1000_actifs',
    libelle: 'Projets de recrutement (BMO) pour 1 000 actifs',
    domaine: 'economie',
    nature: 'ratio',
    definition:
      "Projets de recrutement déclarés par les employeurs dans l'enquête Besoins en main-d'œuvre de France Travail, tous métiers, pour 1 000 actifs de 15 à 64 ans.",
    sources: ['france-travail-bmo', 'france-travail-bassins-bmo', RP_EMPLOI, RP_POP],
    unite: 'pour 1 000 actifs',
    echelle: 1000,
    polarite: 1,
    seuil_effectif: 500,
    axe: 'bmo',
    accord: 'ms',
    sql: { vue: 'v_bmo', numerateur: 'projets', denominateur: 'actifs' },
    formule: 'projets de recrutement (attribués) / P_ACT1564 (dernier recensement) × 1 000',
    sujet: 'le nombre de projets de recrutement pour 1 000 actifs',
    denominateur_libelle: 'actifs',
    attribution: ATTRIBUTION_RULES.effectif_bmo.regle,
    limites: 'Cellules secrètes (« * ») comptées comme absentes : le total peut être légèrement sous-estimé.',
  }),
  indicator({
    id: 'bmo_part_difficiles',
    libelle: 'Part des projets de recrutement jugés difficiles (BMO)',
    domaine: 'economie',
    nature: 'taux',
    definition:
      'Part des projets de recrutement que les employeurs jugent difficiles : tension sur les métiers, besoin de faire connaître ces métiers aux élèves.',
    sources: ['france-travail-bmo', 'france-travail-bassins-bmo', RP_POP],
    unite: '%',
    echelle: 100,
    polarite: -1,
    seuil_effectif: 50,
    axe: 'bmo',
    sql: { vue: 'v_bmo', numerateur: 'projets_difficiles', denominateur: 'projets_base_difficiles' },
    formule:
      'projets jugés difficiles / projets de recrutement des lignes où les projets difficiles sont publiés × 100',
    sujet: 'la part des projets de recrutement jugés difficiles',
    accord: 'fs',
    denominateur_libelle: 'projets de recrutement',
    attribution: ATTRIBUTION_RULES.effectif_bmo.regle,
  }),
  indicator({
    id: 'bmo_part_saisonniers',
    libelle: 'Part des projets de recrutement saisonniers (BMO)',
    domaine: 'economie',
    nature: 'taux',
    definition: 'Part des projets de recrutement liés à une activité saisonnière (tourisme, agriculture…).',
    sources: ['france-travail-bmo', 'france-travail-bassins-bmo', RP_POP],
    unite: '%',
    echelle: 100,
    polarite: 0,
    seuil_effectif: 50,
    axe: 'bmo',
    sql: { vue: 'v_bmo', numerateur: 'projets_saisonniers', denominateur: 'projets_base_saisonniers' },
    formule: 'projets saisonniers / projets de recrutement des lignes où les projets saisonniers sont publiés × 100',
    sujet: 'la part des projets de recrutement saisonniers',
    accord: 'fs',
    denominateur_libelle: 'projets de recrutement',
    attribution: ATTRIBUTION_RULES.effectif_bmo.regle,
  }),
  indicator({
    id: 'capacite_stage_3e',
    libelle: "Capacité d'accueil en stage : établissements employeurs pour 100 élèves de 3e",
    domaine: 'economie',
    nature: 'ratio',
    definition:
      "Nombre d'établissements actifs employeurs du territoire pour 100 élèves de 3e de ses collèges : ordre de grandeur de l'offre de stages d'observation.",
    sources: ['insee-sirene-etablissements', 'education-effectifs-college', 'education-annuaire'],
    unite: 'pour 100 élèves de 3e',
    echelle: 100,
    polarite: 1,
    seuil_effectif: 30,
    axe: 'rentree',
    sql: { vue: 'v_stage', numerateur: 'employeurs', denominateur: 'eleves_3e' },
    formule: 'établissements actifs employeurs (stock Sirene le plus récent) / élèves de 3e × 100',
    sujet: "la capacité d'accueil en stage",
    accord: 'fs',
    denominateur_libelle: 'élèves de 3e',
    limites:
      "Tous les établissements employeurs n'accueillent pas de stagiaires ; les élèves font aussi leur stage hors de leur bassin. Le stock Sirene est celui du fichier chargé, appliqué à chaque rentrée.",
  }),
];

export function indicatorById(id: string): IndicatorRecord | undefined {
  return INDICATORS.find((i) => i.id === id);
}

export const DOMAINES: Record<Domaine, string> = {
  jeunesse: 'Jeunesse et démographie',
  formation_initiale: 'Formation initiale',
  qualification: 'Qualification de la population',
  insertion: 'Insertion professionnelle des jeunes',
  economie: 'Tissu économique',
};

/** How a year reads for each axis: « RP 2021 », « rentrée 2024 », « T4 2024 »… */
export function periodeLibelle(axe: Axe, annee: number, anneePrecedente?: number | null): string {
  switch (axe) {
    case 'recensement':
      return `RP ${annee}`;
    case 'evolution_recensement':
      return anneePrecedente ? `RP ${anneePrecedente}-${annee}` : `RP ${annee}`;
    case 'rentree':
      return `rentrée ${annee}`;
    case 'inserjeunes':
      return `InserJeunes ${annee - 1}-${annee}`;
    case 'trimestre':
      return `T4 ${annee}`;
    case 'bmo':
      return `BMO ${annee}`;
    case 'sirene':
      return `Sirene ${annee}`;
  }
}

export const AXES: Record<Axe, string> = {
  recensement: 'année du recensement',
  evolution_recensement: 'année du plus récent des deux recensements comparés',
  rentree: 'rentrée scolaire (année de septembre)',
  inserjeunes: 'dernière année des deux cohortes cumulées par InserJeunes',
  trimestre: 'année civile, valeur du 4e trimestre',
  bmo: "année de l'enquête BMO",
  sirene: 'année du stock Sirene chargé',
};
