// The indicator registry: every indicator is a declared record — numerator and denominator as SQL
// expressions over one canonical view (views.ts), unit, polarity, small-number threshold, sources,
// attribution rule. The engine (compute.ts) runs one set-based query per indicator; the methodology
// document (document.ts) is generated from these records.
import type { SourceId } from '../ingest/registry.ts';
import { ATTRIBUTION_RULES } from '../territory/attribution.ts';
import type { Domaine, IndicatorDefinition, Nature } from './types.ts';
import { STAGE_SECONDE_DEPUIS, type ViewName } from './views.ts';

/** What the year of a value means. */
type Axe = 'recensement' | 'evolution_recensement' | 'rentree' | 'inserjeunes' | 'trimestre' | 'bmo' | 'sirene';

/** Gender and number of the sentence subject (« le taux » ms, « la part » fs, « les effectifs » mp). */
export type Accord = 'ms' | 'fs' | 'mp' | 'fp';

interface IndicatorSql {
  /** Canonical view (views.ts), keyed by (codgeo, annee). */
  vue: ViewName;
  /** SQL expression over the view's columns, summed over the communes of a territory. */
  numerateur: string;
  /** SQL expression summed likewise; null: the value is the sum of the numerator (a count). */
  denominateur: string | null;
  /** Optional row filter (SQL over the view's columns). */
  filtre?: string;
}

/** The key of the reference a verdict is judged against (DiagnosticLine.reference_verdict). */
type ReferenceVerdict = 'academie' | 'comparables' | 'france';

/**
 * How the 95 % interval of a basin value is computed (uncertainty.ts):
 * - wilson: a proportion of the denominator (Wilson score interval on n = denominator × taille_effective);
 * - poisson: a count per unit of the denominator (score interval on the numerator × taille_effective);
 * - rapport: a relative change A/B − 1 of two counts (log-ratio interval, A = num + den, B = den);
 * - aucun: no count behind the value (index, model estimate): materiality alone guards the verdict.
 */
interface IntervalleRule {
  methode: 'wilson' | 'poisson' | 'rapport' | 'aucun';
  /** Fraction of the counted people that the value actually rests on (census sample: 0.4); 1 = all. */
  taille_effective: number;
  /** Plain-French reason, printed in the methodology document. */
  raison: string;
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
  /** Materiality: the smallest gap that matters, in the indicator's unit (≥ it, a gap may be classed). */
  ecart_minimal: number;
  /** Materiality for densities: a fraction of the reference value (0.1 = 10 %); the larger of the two applies. */
  ecart_minimal_relatif: number;
  /** Why this gap, in plain French (printed in the methodology document). */
  ecart_minimal_raison: string;
  /** Why this indicator never gives a verdict (context, count, approximation), or null when it may. */
  sans_verdict: string | null;
  verdict_possible: boolean;
  /** The 95 % interval of a basin value (see uncertainty.ts). */
  intervalle: IntervalleRule;
  /** Reference a verdict is judged against (falls back to the académie when it is unavailable). */
  reference_verdict: ReferenceVerdict;
  /** Why that reference, when it is not the académie. */
  reference_raison?: string;
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

// ── Why an indicator gives no verdict (one sentence each, shown with the indicator) ──────────
const CONTEXTE =
  "Indicateur de contexte : une valeur haute n'est ni meilleure ni moins bonne qu'une valeur basse, il éclaire le " +
  'diagnostic sans le classer.';
const COMPTAGE =
  "Effectif : il décrit la taille du bassin, pas une situation favorable ou défavorable ; il n'est pas comparé à un " +
  'total.';

// ── 95 % intervals (uncertainty.ts computes them; the reasons are printed in the methodology) ─
/** Census shares: the census is a survey in communes of 10 000 inhabitants or more. */
const INTERVALLE_RECENSEMENT: IntervalleRule = {
  methode: 'wilson',
  taille_effective: 0.4,
  raison:
    'Le recensement est une enquête : dans les communes de 10 000 habitants ou plus, environ 40 % des logements ' +
    "sont enquêtés sur cinq ans, et l'INSEE recommande de ne pas lire finement de petits effectifs. " +
    "Par prudence, l'intervalle est calculé comme si la valeur ne reposait que sur 40 % des personnes comptées, " +
    'dans toutes les communes (il est donc un peu trop large dans les petites communes, recensées en totalité).',
};
const INTERVALLE_EVOLUTION_RECENSEMENT: IntervalleRule = {
  methode: 'rapport',
  taille_effective: 0.4,
  raison:
    'Évolution entre deux recensements, chacun étant une enquête : intervalle du rapport des deux effectifs, ' +
    'calculé comme si chacun ne reposait que sur 40 % des personnes comptées (prudent : les deux recensements ' +
    'portent en grande partie sur les mêmes personnes).',
};
/**
 * Counts of pupils, schools or establishments: exhaustive, but a basin value still varies from one year to the next.
 */
const INTERVALLE_PROPORTION_EXHAUSTIVE: IntervalleRule = {
  methode: 'wilson',
  taille_effective: 1,
  raison:
    "Comptage exhaustif : l'intervalle mesure la variation qu'on observerait d'une année à l'autre sur des " +
    'effectifs de cette taille (intervalle de Wilson sur le dénominateur).',
};
const INTERVALLE_BMO: IntervalleRule = {
  methode: 'wilson',
  taille_effective: 0.2,
  raison:
    "L'enquête BMO interroge une partie des établissements et redresse leurs réponses ; un établissement déclare " +
    'souvent plusieurs projets. ' +
    "Par prudence, l'intervalle est calculé comme si la valeur ne reposait que sur 20 % des projets publiés.",
};
const INTERVALLE_INSERJEUNES: IntervalleRule = {
  methode: 'wilson',
  taille_effective: 1,
  raison:
    "Taux publiés par lycée : l'intervalle de Wilson porte sur le nombre de sortants qui pondère la moyenne (à " +
    'défaut, les élèves de dernière année).',
};
const INTERVALLE_AUCUN_INDICE: IntervalleRule = {
  methode: 'aucun',
  taille_effective: 1,
  raison:
    "L'IPS n'est pas une proportion d'un effectif : aucun intervalle n'est calculé ; l'écart minimal de 3 points " +
    "tient compte de la précision de l'indice.",
};
const INTERVALLE_AUCUN_ESTIMATION: IntervalleRule = {
  methode: 'aucun',
  taille_effective: 1,
  raison:
    "Le taux de chômage localisé est une estimation de l'INSEE par zone d'emploi, sans effectif publié : aucun " +
    "intervalle n'est calculé ; l'écart minimal en tient lieu.",
};
const INTERVALLE_AUCUN_COMPTAGE: IntervalleRule = {
  methode: 'aucun',
  taille_effective: 1,
  raison: "Un effectif n'est pas comparé : aucun intervalle n'est calculé.",
};
const poissonExhaustif = (quoi: string): IntervalleRule => ({
  methode: 'poisson',
  taille_effective: 1,
  raison:
    `Nombre rapporté à une population : l'intervalle mesure la variation aléatoire du nombre de ${quoi} (loi ` +
    `de Poisson), le dénominateur étant tenu pour fixe.`,
});

// ── Materiality: the smallest gap that matters, with its reason ──────────────────────────────
const UN_POINT = {
  ecart_minimal: 1,
  ecart_minimal_raison:
    "Un point de pourcentage : en dessous, la différence tient à l'arrondi, au calendrier des sources ou aux aléas " +
    "de l'enquête, et ne justifie pas une action.",
};
const DIX_POUR_CENT = {
  ecart_minimal_relatif: 0.1,
  ecart_minimal_raison:
    'Pour une densité, un écart de moins de 10 % de la valeur de référence ne distingue pas un bassin (il varie ' +
    'avec la date du stock et la population retenue).',
};
const CONTEXTE_SEUIL = {
  ecart_minimal: 1,
  ecart_minimal_raison: "Un point de pourcentage (indicateur de contexte : l'écart est décrit, jamais classé).",
};
const COMPTAGE_SEUIL = {
  ecart_minimal: 0,
  ecart_minimal_raison: "Sans objet : un effectif n'est pas comparé à une référence.",
};

interface Base {
  id: string;
  libelle: string;
  domaine: Domaine;
  nature: Nature;
  definition: string;
  sources: SourceId[];
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
  ecart_minimal_relatif?: number;
  ecart_minimal_raison: string;
  sans_verdict?: string | null;
  intervalle: IntervalleRule;
  reference_verdict?: ReferenceVerdict;
  reference_raison?: string;
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
    ecart_minimal_relatif: 0,
    reference_verdict: 'academie',
    ...b,
    // A context indicator (no favourable direction) never gives a verdict, whatever its record says.
    sans_verdict: b.sans_verdict ?? (b.polarite === 0 ? (b.sql.denominateur === null ? COMPTAGE : CONTEXTE) : null),
    verdict_possible: b.polarite !== 0 && !b.sans_verdict,
    sources: [...b.sources, ZONAGE],
  };
}

/** Share of a census population, in %. */
function part(
  b: Omit<Base, 'unite' | 'echelle' | 'axe' | 'accord' | 'nature' | 'intervalle' | 'ecart_minimal_raison'> &
    Partial<Pick<Base, 'accord' | 'axe' | 'intervalle' | 'ecart_minimal_raison'>>,
): IndicatorRecord {
  const seuil = b.polarite === 0 ? CONTEXTE_SEUIL : UN_POINT;
  return indicator({
    unite: '%',
    echelle: 100,
    axe: 'recensement',
    accord: 'fs',
    nature: 'taux',
    intervalle: INTERVALLE_RECENSEMENT,
    ...seuil,
    ...b,
  });
}

function evolutionEmploi(id: string, variable: string, secteur: string, sujet: string): IndicatorRecord {
  return indicator({
    id,
    libelle: `Évolution de l'emploi ${secteur} au lieu de travail`,
    domaine: 'economie',
    nature: 'evolution',
    definition:
      `Variation relative du nombre d'emplois ${secteur} localisés dans le territoire (emploi au lieu de ` +
      `travail, exploitation complémentaire) entre les deux derniers recensements disponibles. Repère les secteurs ` +
      `porteurs.`,
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
    formule:
      `(${variable.toUpperCase()}(année) − ${variable.toUpperCase()}(recensement précédent)) / ` +
      `${variable.toUpperCase()}(recensement précédent) × 100`,
    sujet,
    accord: 'fs',
    denominateur_libelle: 'emplois au recensement précédent',
    signe: true,
    intervalle: INTERVALLE_EVOLUTION_RECENSEMENT,
    ecart_minimal: 2,
    ecart_minimal_raison:
      "Deux points d'évolution sur cinq ou six ans : en dessous, l'écart se confond avec les aléas des deux " +
      'recensements.',
    limites:
      "Les deux recensements sont séparés de cinq ou six ans ; l'emploi au lieu de travail compte les emplois " +
      'situés dans le territoire, quel que soit le lieu de résidence des actifs.',
  });
}

function partEtablissements(id: string, secteur: string, libelleSecteur: string, sujet: string): IndicatorRecord {
  return indicator({
    id,
    libelle: `Part des établissements employeurs ${libelleSecteur}`,
    domaine: 'economie',
    nature: 'taux',
    definition:
      `Part des établissements actifs employeurs du répertoire Sirene dont l'activité principale (NAF ` +
      `rév. 2, division → section → grand secteur, table déclarée) relève ${libelleSecteur}.`,
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
    intervalle: INTERVALLE_PROPORTION_EXHAUSTIVE,
    ...CONTEXTE_SEUIL,
    limites:
      "Un établissement est compté dans sa commune d'implantation ; le secteur est celui de son activité principale " +
      'déclarée.',
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
    intervalle: INTERVALLE_EVOLUTION_RECENSEMENT,
    ecart_minimal: 2,
    ecart_minimal_raison: "Deux points d'évolution (indicateur de contexte : l'écart est décrit, jamais classé).",
    limites:
      'Seules les communes présentes aux deux recensements comptent (communes nouvelles : codes du COG en vigueur ' +
      'dans les deux fichiers).',
  }),
  // ── Formation initiale ─────────────────────────────────────────────────────────────────────
  indicator({
    id: 'eleves_college',
    libelle: 'Effectifs des collèges',
    domaine: 'formation_initiale',
    nature: 'effectif',
    definition:
      "Nombre d'élèves scolarisés dans les collèges (publics et privés sous contrat) du territoire, SEGPA et ULIS " +
      'comprises.',
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
    intervalle: INTERVALLE_AUCUN_COMPTAGE,
    ...COMPTAGE_SEUIL,
    limites:
      "Un établissement est rattaché à la commune indiquée par l'annuaire de l'éducation ; un collège absent de " +
      "l'annuaire n'est pas compté.",
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
    intervalle: INTERVALLE_AUCUN_COMPTAGE,
    ...COMPTAGE_SEUIL,
  }),
  indicator({
    id: 'eleves_lycee_pro',
    libelle: 'Effectifs des lycées (voie professionnelle)',
    domaine: 'formation_initiale',
    nature: 'effectif',
    definition:
      "Nombre d'élèves de la voie professionnelle (CAP, baccalauréat professionnel) des lycées du territoire, hors " +
      'apprentis.',
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
    intervalle: INTERVALLE_AUCUN_COMPTAGE,
    ...COMPTAGE_SEUIL,
  }),
  indicator({
    id: 'part_voie_pro',
    libelle: 'Part de la voie professionnelle parmi les lycéens',
    domaine: 'formation_initiale',
    nature: 'taux',
    definition:
      'Part des lycéens scolarisés dans la voie professionnelle, parmi les lycéens des deux voies (générale et ' +
      'technologique, professionnelle) du territoire.',
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
    intervalle: INTERVALLE_PROPORTION_EXHAUSTIVE,
    ...CONTEXTE_SEUIL,
    limites:
      "Mesure l'offre de formation implantée dans le territoire (lieu de scolarisation), non l'orientation des " +
      'jeunes qui y résident.',
  }),
  indicator({
    id: 'ips_college',
    libelle: 'IPS moyen des collèges',
    domaine: 'formation_initiale',
    nature: 'indice',
    definition:
      'Indice de position sociale moyen des collèges du territoire, pondéré par leurs effectifs de la même rentrée. ' +
      'Un IPS bas signale des élèves dont les familles disposent de moins de ressources sociales et culturelles, ' +
      'donc souvent de moins de réseaux pour trouver un stage.',
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
    ecart_minimal_raison:
      "Trois points d'indice : l'IPS d'un collège est arrondi et varie d'une rentrée à l'autre avec la composition " +
      'de ses classes ; un écart plus petit ne distingue pas deux publics.',
    intervalle: INTERVALLE_AUCUN_INDICE,
    limites:
      "Un écart de 3 points d'IPS ou moins n'est pas interprété (précision de l'indice). L'IPS décrit le public des " +
      'établissements, non celui des jeunes résidant dans le territoire.',
  }),
  part({
    id: 'scolarisation_18_24',
    libelle: 'Taux de scolarisation des 18-24 ans',
    domaine: 'formation_initiale',
    definition:
      'Part des jeunes de 18 à 24 ans résidant dans le territoire qui sont inscrits dans un établissement ' +
      "d'enseignement (y compris apprentissage et enseignement supérieur).",
    sources: [RP_DIPLOMES],
    polarite: 1,
    seuil_effectif: 100,
    accord: 'ms',
    sql: { vue: 'v_recensement', numerateur: 'p_scol1824', denominateur: 'p_pop1824' },
    formule: 'P_SCOL1824 / P_POP1824 × 100',
    reference_verdict: 'comparables',
    reference_raison:
      "Les villes universitaires tirent la moyenne de l'académie vers le haut : un bassin rural est comparé aux " +
      'bassins qui lui ressemblent.',
    sujet: 'le taux de scolarisation des 18-24 ans',
    denominateur_libelle: 'jeunes de 18 à 24 ans',
    limites:
      'Les étudiants sont recensés à leur lieu de résidence pendant les études : les territoires universitaires ont ' +
      'mécaniquement des taux élevés.',
  }),
  // ── Qualification ──────────────────────────────────────────────────────────────────────────
  part({
    id: 'part_non_diplomes',
    libelle: 'Part des non-diplômés parmi les 15 ans et plus non scolarisés',
    domaine: 'qualification',
    definition:
      "Part des personnes de 15 ans ou plus sorties du système scolaire qui n'ont aucun diplôme ou au plus un " +
      "certificat d'études primaires.",
    sources: [RP_DIPLOMES],
    polarite: -1,
    seuil_effectif: 200,
    sql: { vue: 'v_recensement', numerateur: 'p_nscol15p_diplmin', denominateur: 'p_nscol15p' },
    formule: 'P_NSCOL15P_DIPLMIN / P_NSCOL15P × 100',
    reference_verdict: 'comparables',
    reference_raison:
      "Le niveau de diplôme des adultes suit l'âge et la structure des emplois du territoire : il est jugé par " +
      'rapport aux bassins de même profil.',
    sujet: 'la part des non-diplômés parmi les 15 ans et plus non scolarisés',
    denominateur_libelle: 'personnes non scolarisées de 15 ans ou plus',
    limites: 'Porte sur toute la population adulte : reflète aussi les générations anciennes.',
  }),
  part({
    id: 'part_diplomes_superieur',
    libelle: 'Part des diplômés du supérieur parmi les 15 ans et plus non scolarisés',
    domaine: 'qualification',
    definition:
      "Part des personnes de 15 ans ou plus non scolarisées titulaires d'un diplôme de l'enseignement supérieur " +
      '(bac + 2 et au-delà).',
    sources: [RP_DIPLOMES],
    polarite: 1,
    seuil_effectif: 200,
    sql: {
      vue: 'v_recensement',
      numerateur: 'p_nscol15p_sup2 + p_nscol15p_sup34 + p_nscol15p_sup5',
      denominateur: 'p_nscol15p',
    },
    formule: '(P_NSCOL15P_SUP2 + P_NSCOL15P_SUP34 + P_NSCOL15P_SUP5) / P_NSCOL15P × 100',
    reference_verdict: 'comparables',
    reference_raison:
      'Les diplômés du supérieur se concentrent dans les grandes agglomérations : un bassin est jugé par rapport ' +
      'aux bassins de même profil.',
    sujet: 'la part des diplômés du supérieur parmi les 15 ans et plus non scolarisés',
    denominateur_libelle: 'personnes non scolarisées de 15 ans ou plus',
  }),
  part({
    id: 'part_cap_bep',
    libelle: "Part des titulaires d'un CAP ou d'un BEP parmi les 15 ans et plus non scolarisés",
    domaine: 'qualification',
    definition:
      'Part des personnes de 15 ans ou plus non scolarisées dont le diplôme le plus élevé est un CAP ou un BEP : ' +
      'poids des qualifications ouvrières et employées.',
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
      "Chômage déclaré au recensement (plus large que le chômage au sens du BIT) ; peu d'actifs à cet âge, d'où le " +
      "seuil d'effectif.",
  }),
  part({
    id: 'neet_15_24',
    libelle: 'Jeunes de 15-24 ans ni en emploi ni en formation (approximation)',
    domaine: 'insertion',
    definition:
      'Approximation de la part des 15-24 ans ni en emploi, ni en études, ni en formation (NEET) : jeunes de 15-24 ' +
      'ans moins les scolarisés de 15 à 24 ans et les actifs occupés de 15 à 24 ans, rapportés aux 15-24 ans.',
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
    sans_verdict:
      'Approximation qui sous-estime la part réelle, surtout dans les territoires étudiants, et ramenée à 0 quand ' +
      'elle devient négative : elle informe sans classer.',
    limites:
      'Approximation : les jeunes à la fois scolarisés et en emploi (apprentis, étudiants salariés) sont retranchés ' +
      'deux fois, ce qui sous-estime la part, ' +
      "surtout dans les territoires étudiants ; une valeur négative est ramenée à 0. L'indicateur officiel (enquête " +
      "Emploi) n'existe pas à l'échelle communale : " +
      "lire cette approximation en comparaison entre bassins plutôt qu'en niveau.",
  }),
  indicator({
    id: 'demandeurs_moins_25',
    libelle: "Demandeurs d'emploi de moins de 25 ans (cat. A) pour 100 actifs de 15-24 ans",
    domaine: 'insertion',
    nature: 'ratio',
    definition:
      "Nombre de demandeurs d'emploi de moins de 25 ans inscrits en catégorie A (sans aucune activité) au 4e " +
      'trimestre, pour 100 actifs de 15 à 24 ans du dernier recensement.',
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
    intervalle: poissonExhaustif("jeunes demandeurs d'emploi"),
    ...DIX_POUR_CENT,
    limites: 'Le numérateur (inscrits) et le dénominateur (recensement) ne portent pas sur la même date.',
  }),
  indicator({
    id: 'evolution_demandeurs_moins_25',
    libelle: "Évolution sur un an des demandeurs d'emploi de moins de 25 ans (cat. A)",
    domaine: 'insertion',
    nature: 'evolution',
    definition:
      "Variation relative, entre le 4e trimestre de l'année précédente et celui de l'année, du nombre de demandeurs " +
      "d'emploi de moins de 25 ans inscrits en catégorie A.",
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
    intervalle: {
      methode: 'rapport',
      taille_effective: 1,
      raison:
        "Rapport de deux effectifs d'inscrits : intervalle du rapport de deux nombres aléatoires (loi de Poisson), " +
        "calculé sur l'échelle logarithmique.",
    },
    ecart_minimal: 5,
    ecart_minimal_raison:
      "Cinq points d'évolution : le nombre d'inscrits d'un bassin varie beaucoup d'une fin d'année à l'autre ; un " +
      "écart plus petit n'est pas un signal.",
    attribution: ATTRIBUTION_RULES.effectif_zone.regle,
  }),
  indicator({
    id: 'inserjeunes_emploi_6m',
    libelle: "Taux d'emploi à 6 mois des sortants de voie professionnelle (InserJeunes)",
    domaine: 'insertion',
    nature: 'taux',
    definition:
      'Part des sortants de la voie professionnelle des lycées du territoire (CAP, baccalauréat professionnel) en ' +
      'emploi salarié six mois après leur sortie, moyenne des établissements pondérée par le nombre de sortants.',
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
    intervalle: INTERVALLE_INSERJEUNES,
    ecart_minimal: 2,
    ecart_minimal_raison:
      'Deux points : les taux sont publiés par lycée, arrondis, sur des cohortes de quelques dizaines de sortants.',
    limites:
      'Taux publiés cumulés sur deux cohortes ; valeurs sous le seuil de publication absentes. Les fichiers publiés ' +
      'ne donnent pas le nombre de sortants : chaque lycée pèse alors ses élèves de dernière année de voie ' +
      'professionnelle (terminales professionnelles et 2e années de CAP) de la rentrée précédente, et 1 si ses ' +
      'effectifs ne sont pas chargés.',
  }),
  indicator({
    id: 'inserjeunes_poursuite',
    libelle: "Taux de poursuite d'études des sortants de voie professionnelle (InserJeunes)",
    domaine: 'insertion',
    nature: 'taux',
    definition:
      'Part des élèves de dernière année de voie professionnelle des lycées du territoire qui poursuivent leurs ' +
      "études l'année suivante, moyenne pondérée par le nombre de sortants.",
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
    intervalle: INTERVALLE_INSERJEUNES,
    ecart_minimal: 2,
    ecart_minimal_raison:
      'Deux points : les taux sont publiés par lycée, arrondis, sur des cohortes de quelques dizaines de sortants.',
    limites:
      "Même pondération que le taux d'emploi à 6 mois : à défaut du nombre de sortants, les élèves de dernière " +
      'année de voie professionnelle de la rentrée précédente.',
  }),
  indicator({
    id: 'chomage_localise',
    libelle: 'Taux de chômage localisé',
    domaine: 'insertion',
    nature: 'taux',
    definition:
      "Taux de chômage au sens du BIT estimé par l'INSEE par zone d'emploi (données CVS, 4e trimestre), ramené au " +
      'bassin.',
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
    intervalle: INTERVALLE_AUCUN_ESTIMATION,
    ecart_minimal: 0.5,
    ecart_minimal_raison:
      "Un demi-point : le taux est publié au dixième par zone d'emploi et varie peu d'une zone à l'autre ; un " +
      'demi-point sépare déjà nettement deux marchés du travail.',
    attribution: ATTRIBUTION_RULES.taux_zone.regle,
    limites:
      "Un bassin recoupant plusieurs zones d'emploi reçoit une moyenne : les écarts internes aux zones d'emploi ne " +
      'sont pas observables.',
  }),
  part({
    id: 'part_apprentis',
    libelle: 'Part des apprentis et stagiaires parmi les salariés',
    domaine: 'insertion',
    definition:
      "Part des salariés de 15 ans ou plus en contrat d'apprentissage ou en stage rémunéré, parmi l'ensemble des " +
      'salariés résidant dans le territoire.',
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
      "Part des salariés de 15 ans ou plus en contrat à durée déterminée ou en intérim : précarité de l'emploi " +
      'salarié.',
    sources: [RP_EMPLOI],
    polarite: -1,
    seuil_effectif: 100,
    sql: { vue: 'v_recensement', numerateur: 'p_sal15p_cdd + p_sal15p_interim', denominateur: 'p_sal15p' },
    formule: '(P_SAL15P_CDD + P_SAL15P_INTERIM) / P_SAL15P × 100',
    reference_verdict: 'comparables',
    reference_raison:
      'Les territoires touristiques ont structurellement plus de contrats courts : un bassin est jugé par rapport ' +
      'aux bassins de même profil.',
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
      "Nombre d'établissements actifs employeurs (au moins un salarié) du répertoire Sirene implantés dans le " +
      'territoire, pour 1 000 habitants.',
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
    intervalle: poissonExhaustif('établissements employeurs'),
    ...DIX_POUR_CENT,
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
      "Projets de recrutement déclarés par les employeurs dans l'enquête Besoins en main-d'œuvre de France Travail, " +
      'tous métiers, pour 1 000 actifs de 15 à 64 ans.',
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
    intervalle: { ...INTERVALLE_BMO, methode: 'poisson' },
    ...DIX_POUR_CENT,
    limites: 'Cellules secrètes (« * ») comptées comme absentes : le total peut être légèrement sous-estimé.',
  }),
  indicator({
    id: 'bmo_part_difficiles',
    libelle: 'Part des projets de recrutement jugés difficiles (BMO)',
    domaine: 'economie',
    nature: 'taux',
    definition:
      'Part des projets de recrutement que les employeurs jugent difficiles : tension sur les métiers, besoin de ' +
      'faire connaître ces métiers aux élèves.',
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
    intervalle: INTERVALLE_BMO,
    ecart_minimal: 3,
    ecart_minimal_raison:
      "Trois points : l'enquête BMO est redressée à partir d'un échantillon d'établissements ; un écart plus petit " +
      'est à la portée de ses aléas.',
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
    intervalle: INTERVALLE_BMO,
    ...CONTEXTE_SEUIL,
  }),
  indicator({
    id: 'pression_stages',
    libelle: "Pression des stages d'observation : élèves à placer par établissement employeur",
    domaine: 'economie',
    nature: 'ratio',
    definition:
      `Nombre d'élèves qui doivent trouver un stage d'observation en entreprise — élèves de 3e des ` +
      `collèges et, depuis le stage de seconde de juin 2024 (rentrée ${STAGE_SECONDE_DEPUIS}), élèves de 2de ` +
      `générale et technologique des lycées — pour un établissement employeur d'au moins un salarié implanté dans ` +
      `le territoire. Plus la valeur est haute, plus chaque employeur est sollicité.`,
    sources: [
      'insee-sirene-etablissements',
      'education-effectifs-college',
      'education-effectifs-lycee-gt',
      'education-annuaire',
    ],
    unite: 'élèves par établissement employeur',
    echelle: 1,
    decimales: 2,
    polarite: -1,
    seuil_effectif: 30,
    axe: 'rentree',
    sql: { vue: 'v_stage', numerateur: 'eleves_stage', denominateur: 'employeurs_salaries' },
    formule:
      `(élèves de 3e + élèves de 2de GT à partir de la rentrée ${STAGE_SECONDE_DEPUIS}) / établissements ` +
      `actifs d'au moins un salarié (stock Sirene le plus récent)`,
    sujet: "la pression des stages d'observation sur les employeurs",
    accord: 'fs',
    denominateur_libelle: "établissements d'au moins un salarié",
    intervalle: poissonExhaustif('élèves à placer'),
    ...DIX_POUR_CENT,
    limites:
      "Tous les employeurs n'accueillent pas de stagiaires, et les élèves font aussi leur stage hors de leur bassin " +
      '(chez un parent, dans la ville voisine) ou dans une administration : ' +
      'la valeur mesure la sollicitation relative des employeurs locaux, pas un nombre de places. Un établissement ' +
      "compte s'il a au moins un salarié selon sa tranche d'effectif Sirene (à défaut, son caractère employeur). " +
      'Les élèves sont comptés dans la commune de leur établissement scolaire ; une rentrée sans effectifs de lycée ' +
      "chargés n'est retenue qu'avant le stage de seconde. Le stock Sirene est celui du fichier chargé, appliqué à " +
      'chaque rentrée.',
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
