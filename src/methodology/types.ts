// The shapes the methodology produces. The API and the pages read only these (plain JSON):
// they never compute an indicator themselves.

/** +1 : plus c'est haut, mieux c'est ; -1 : plus c'est haut, moins bien ; 0 : indicateur de contexte. */
export type Polarite = 1 | -1 | 0;
export type Verdict = 'force' | 'faiblesse' | 'neutre' | 'non_significatif';
export type Niveau = 'bassin' | 'departement' | 'academie' | 'france';
export type Domaine = 'jeunesse' | 'formation_initiale' | 'qualification' | 'insertion' | 'economie';
/**
 * What a value is, declared per indicator: a rate or share (taux), a ratio to a population (« pour 1 000 »), a count
 * (effectif: its département and académie « references » are totals, not comparable levels), an index, an evolution.
 */
export type Nature = 'taux' | 'ratio' | 'effectif' | 'indice' | 'evolution';

export interface IndicatorDefinition {
  id: string;
  libelle: string;
  domaine: Domaine;
  nature: Nature;
  definition: string;
  /** Source format ids of the ingestion registry (src/ingest/formats). */
  sources: string[];
  /** Unit shown to users: '%', '‰', 'nombre', 'indice', 'pour 100 élèves', 'pour 1 000 actifs', 'points'… */
  unite: string;
  polarite: Polarite;
  /** Below this denominator (or count) a value is not significant and never classed. */
  seuil_effectif: number;
  /** Years the indicator exists for, as found in the data (filled at computation time when empty). */
  annees: number[];
  /**
   * How values published by zone d'emploi / département / bassin BMO reach a CLEE basin (null: summed from communes or
   * schools).
   */
  attribution: string | null;
  /** Readable formula, e.g. « P_CHOM1524 / P_ACT1524 × 100 ». */
  formule?: string;
  /** What the small-number threshold counts, plural: « jeunes actifs ». */
  denominateur_libelle?: string;
  /** Decimals shown. */
  decimales?: number;
  /** Materiality: the smallest gap that may be classed, in the indicator's unit (1 point for most rates). */
  ecart_minimal?: number;
  /** Materiality as a fraction of the reference (densities: 0.1 = 10 %); the larger of the two applies. */
  ecart_minimal_relatif?: number;
  /** False for context indicators, counts and approximations: they inform, never give a verdict. */
  verdict_possible?: boolean;
  /** Why there is no verdict (one sentence), or null. */
  sans_verdict?: string | null;
  /**
   * Meaning of the year: 'recensement', 'rentree', 'trimestre', 'bmo', 'sirene', 'inserjeunes',
   * 'evolution_recensement'.
   */
  axe?: string;
  /** Known limits (French). */
  limites?: string;
  /** How each year of `annees` reads for this indicator (« RP 2021 », « T4 2024 »…), filled with `annees`. */
  periodes?: { annee: number; periode: string }[];
}

/** One year of a series: the value of that year, how the year reads, whether it passes the small-number threshold. */
export interface SeriePoint {
  annee: number;
  periode: string;
  valeur: number | null;
  significatif: boolean;
}

/** A basin of the loaded zoning: declared by the territory layer, part of the methodology's contract. */
export type { Bassin } from '../territory/types.ts';

/** Keys of IndicatorResult.references: the levels, plus the basin's comparable basins. */
export type ReferenceKey = 'departement' | 'academie' | 'france' | 'comparables';

export interface Reference {
  niveau: Niveau | 'comparables';
  code: string;
  nom: string;
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
}

/** One basin × one indicator × one year, with everything needed to trace the verdict back to numbers. */
export interface IndicatorResult {
  indicateur: string;
  bassin: string;
  annee: number;
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
  significatif: boolean;
  references: Partial<Record<ReferenceKey, Reference>>;
  /** valeur − reference, in the indicator's unit (points for rates). */
  ecarts: Partial<Record<ReferenceKey, number | null>>;
  /** Rank among the académie's basins: 1 = most favourable (rang_sens « favorable »), or highest value (« valeur »). */
  rang: number | null;
  /**
   * How rang reads: « favorable » (indicator with a favourable direction) or « valeur » (plain order, highest first).
   */
  rang_sens: 'favorable' | 'valeur';
  /** « rang 3 sur 17 (rang 1 = le plus favorable) », or null without a rank: shown as is wherever the rank is. */
  rang_libelle?: string | null;
  /** 95 % interval of the value [low, high] in the indicator's unit, or null (no count behind it, or no value). */
  intervalle: [number, number] | null;
  /** The reference the verdict is judged against (its key in references). */
  reference_verdict: 'academie' | 'comparables' | 'france';
  /** Materiality for this value, in the indicator's unit (relative ones resolved on the verdict's reference). */
  ecart_minimal: number;
  /** Why the verdict is what it is (see verdict.ts Motif). */
  motif: string;
  nb_bassins: number;
  /** (valeur − mean of the académie's basins) / standard deviation of the basins. */
  score_z: number | null;
  tendance: { annee_debut: number; valeur_debut: number | null; evolution: number | null } | null;
  verdict: Verdict;
  /**
   * French sentence with the numbers, e.g. « Le taux de chômage des 15-24 ans (23,4 %) dépasse de 4,1 points la moyenne
   * académique (19,3 %) ».
   */
  explication: string;
  /** The attribution rule that produced the value (see IndicatorDefinition.attribution), or null. */
  attribution: string | null;
  /** The year as it reads for this indicator: « RP 2021 », « rentrée 2024 », « T4 2024 », « RP 2015-2021 »… */
  periode?: string;
  /** Standard deviation and mean of the académie's significant basins (the verdict's spread). */
  ecart_type?: number | null;
  moyenne_bassins?: number | null;
  /** Gap needed for a force or a faiblesse (max(0,5 σ, écart minimal)); null without a verdict. */
  seuil_ecart?: number | null;
  /** Set when the value came from a level coarser than the basin: shown with that level, never classed. */
  niveau_attribution?: NiveauAttribution | null;
  /** Schools of the basin's département matching no commune of the zoning (same source and year). */
  etablissements_non_rattaches?: number;
  /** Why the value is never classed (French), or null. */
  non_classe?: string | null;
  /** Indicator without a value: the source ids (`clee fetch ID`) none of whose files is loaded. */
  sources_manquantes?: readonly string[];
}

/**
 * The coarser level a basin value came from: a département, a zone d'emploi or a bassin BMO shared with other basins.
 */
export interface NiveauAttribution {
  niveau: 'departement' | 'ze' | 'bmo';
  code: string;
  /** « département de l'Isère (38) », « zone d'emploi 8407, commune à plusieurs bassins »… */
  libelle: string;
}

/** The badge of a value never classed because of its attribution, with its French explanation (pages: as is). */
export interface AlerteAttribution {
  /** « Valeur du département », « Valeur du bassin BMO », « Établissements non rattachés »… */
  libelle: string;
  explication: string;
}

export interface ActionProposal {
  id: string;
  libelle: string;
  description: string;
  /** Indicator ids (weaknesses of this basin) the action answers. */
  repond_a: string[];
  raison: string;
}

/** An indicator without any value for the basin: what it lacks (`clee diagnose --format json`, `indisponibles`). */
export interface Indisponible {
  id: string;
  libelle: string;
  /** Source ids (`clee fetch ID`) none of whose files is loaded. */
  sources_manquantes: string[];
  /** « il manque : … (clee fetch ID) » (French, shown as is by the CLI and the pages). */
  manque: string;
}

/** `clee diagnose --format json` and GET /api/bassins/:id/diagnostic. */
export interface Diagnostic {
  bassin: {
    id: string;
    nom: string;
    departement: string;
    departement_nom?: string;
    communes?: number;
    population?: number | null;
  };
  annee: number | null;
  genere_le: string;
  regle_verdict: string;
  indicateurs: DiagnosticLine[];
  /** Ids of the basins nearest on the declared structural profile (comparables.ts), nearest first. */
  bassins_comparables: string[];
  /** The basin and its comparable basins with their profile, as shown next to the comparables reference. */
  profil_comparables: ProfilComparables;
  forces: string[];
  faiblesses: string[];
  actions: ActionProposal[];
  /** Indicators without any value for the basin, each with what it lacks. */
  indisponibles: Indisponible[];
}

export interface DiagnosticLine extends IndicatorResult {
  id: string;
  libelle: string;
  unite: string;
  domaine: Domaine;
  polarite: Polarite;
  /** The académie reference value (the one the verdict uses). */
  reference: number | null;
  /** valeur − reference académie. */
  ecart: number | null;
  /** The verdict as it reads (« Force », « Contexte » for a neutral context indicator…), for badges and tables. */
  verdict_libelle: string;
  /** Values of the available years, oldest first, for trend charts. */
  serie: SeriePoint[];
  /** Badge and explanation when the value comes from a coarser level or misses schools (never classed), or null. */
  alerte_attribution: AlerteAttribution | null;
  /** An empty value: « il manque : … (clee fetch ID) » (from sources_manquantes), shown as is; absent otherwise. */
  manque?: string;
}

/** A row of `clee compare` and GET /api/indicateurs/:id/valeurs. */
export interface TerritoryValue {
  indicateur: string;
  niveau: Niveau;
  code: string;
  nom: string;
  departement: string | null;
  annee: number;
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
  significatif: boolean;
  rang?: number | null;
  verdict?: Verdict;
  /** The year as it reads for this indicator (« RP 2021 », « rentrée 2024 »…). */
  periode?: string;
  /** How rang and rang_academie read: « favorable » (1 = most favourable) or « valeur » (1 = highest). */
  rang_sens?: 'favorable' | 'valeur';
  /** Basins: « rang 3 sur 17 (rang 1 = le plus favorable) », or null without a rank. */
  rang_libelle?: string | null;
  /** Basins only: 95 % interval of the value. */
  intervalle?: [number, number] | null;
  /** Basins only: rank among the académie's basins, gap to the académie, z score. */
  rang_academie?: number | null;
  /** valeur − académie (basins and départements; null for counts, whose académie reference is a total). */
  ecart_academie?: number | null;
  /** Basins, when France is a reference (national sums or data beyond the académie): valeur − France. */
  ecart_france?: number | null;
  score_z?: number | null;
  /** Basins only: the verdict as it reads (« Force », « Contexte »…). */
  verdict_libelle?: string;
  /** The values of this territory for the indicator's years up to `annee`, oldest first (one call draws a trend). */
  serie?: SeriePoint[];
  /** Basins only: the coarser level the value came from (never classed), or null. */
  niveau_attribution?: NiveauAttribution | null;
  /** Basins only: the badge and its explanation when the value is never classed for its attribution, or null. */
  alerte_attribution?: AlerteAttribution | null;
}

/** The structural profile comparable basins are chosen on (comparables.ts), with readable values. */
export interface ProfilComparables {
  /** The profile's variables, in order (« densité de peuplement… »). */
  variables: { id: string; libelle: string }[];
  /** How the choice is made, in one paragraph. */
  regle: string;
  /** The basin first, then its comparable basins nearest first; `valeurs` as read (« 17,2 % »), null when missing. */
  bassins: { id: string; nom: string; departement: string; valeurs: (string | null)[] }[];
}

export interface DepartementLabel {
  code: string;
  nom: string;
  /** « Isère (38) ». */
  libelle: string;
}

/** GET /api/libelles: the words of the methodology (labels.ts), in display order. */
export interface Libelles {
  academie: { code: string; nom: string; departements: DepartementLabel[] };
  domaines: { id: Domaine; libelle: string }[];
  verdicts: { id: Verdict; libelle: string; legende: string }[];
  /** The label of a neutral verdict on a context indicator. */
  contexte: string;
  natures: { id: Nature; libelle: string }[];
  polarites: { id: Polarite; libelle: string }[];
  /** How ranks read, by rang_sens (said on every table and chart showing ranks). */
  rangs: Record<'favorable' | 'valeur', string>;
  /** The references a basin is compared with, in display order. */
  references: { id: ReferenceKey; libelle: string }[];
  /** How the 95 % interval is named in legends. */
  intervalle: string;
}
