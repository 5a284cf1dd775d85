// One basin × indicator × year as the engine keeps it (IndicatorResult). A class rather than an object literal:
// tens of thousands of results are built per computation and all kept (the state is cached), so each one costs
// what it holds and no more — one sentence getter on the prototype side instead of a closure per result, no
// temporary objects for the verdict.
import { capitalise } from './format.ts';
import { type IndicatorRecord, periodeLibelle } from './indicators.ts';
import { manqueText } from './missing-sources.ts';
import type { IndicatorResult, NiveauAttribution, Reference, ReferenceKey, Verdict } from './types.ts';
import type { Intervalle } from './uncertainty.ts';
import { explain, type Motif } from './verdict.ts';

/** What the sentences of one indicator's results need besides their own fields (one per indicator and state). */
export interface SentenceContext {
  def: IndicatorRecord;
  /** The indicator's id and attribution rule (read here rather than on records of many shapes). */
  indicateur: string;
  attribution: string | null;
  /** The indicator's missing sources (shared by its results without a value), empty when every one is loaded. */
  missing: readonly string[];
}

/** How the verdict's reference is named in sentences. */
const REFERENCE_NOMS: Record<'academie' | 'comparables' | 'france', string> = {
  academie: 'la moyenne académique',
  comparables: 'les bassins comparables',
  france: 'la moyenne nationale',
};

/** A result's fields, in the order they are serialised (the constructor assigns them in this order). */
export class BassinResult implements IndicatorResult {
  declare indicateur: string;
  declare bassin: string;
  declare annee: number;
  declare valeur: number | null;
  declare numerateur: number | null;
  declare denominateur: number | null;
  declare significatif: boolean;
  declare references: Partial<Record<ReferenceKey, Reference>>;
  declare ecarts: Partial<Record<ReferenceKey, number | null>>;
  declare rang: number | null;
  declare rang_sens: 'favorable' | 'valeur';
  declare intervalle: Intervalle | null;
  declare reference_verdict: 'academie' | 'comparables' | 'france';
  declare ecart_minimal: number;
  declare motif: string;
  declare nb_bassins: number;
  declare score_z: number | null;
  declare tendance: { annee_debut: number; valeur_debut: number; evolution: number | null } | null;
  declare verdict: Verdict;
  declare explication: string;
  declare attribution: string | null;
  declare periode: string;
  declare ecart_type: number | null;
  declare moyenne_bassins: number | null;
  declare seuil_ecart: number | null;
  declare niveau_attribution: NiveauAttribution | null;
  declare etablissements_non_rattaches: number;
  declare non_classe: string | null;
  declare sources_manquantes?: readonly string[];
  /** Not serialised: only the sentence reads them. */
  readonly #context: SentenceContext;
  readonly #nbSignificatifs: number;
  #sentence: string | undefined;

  /**
   * `explication`, written when first read (tens of thousands of values, few sentences shown), then kept. An own
   * enumerable property placed where the literal had it, so that JSON.stringify and `{ ...result }` keep it in the
   * same place; one getter shared by every result.
   */
  static readonly #explication: PropertyDescriptor = {
    get(this: BassinResult) {
      return this.#explain();
    },
    enumerable: true,
    configurable: true,
  };

  constructor(
    context: SentenceContext,
    bassin: string,
    annee: number,
    periode: string,
    row: { valeur: number | null; numerateur: number | null; denominateur: number | null; rang: number | null },
    significatif: boolean,
    references: Partial<Record<ReferenceKey, Reference>>,
    ecarts: Partial<Record<ReferenceKey, number | null>>,
    rangSens: 'favorable' | 'valeur',
    intervalle: Intervalle | null,
    referenceVerdict: 'academie' | 'comparables' | 'france',
    ecartMinimal: number,
    motif: Motif | 'hors_academie',
    verdict: Verdict,
    stats: { nb_bassins: number; nb_significatifs: number; ecart_type: number | null; moyenne: number | null },
    scoreZ: number | null,
    tendance: BassinResult['tendance'],
    seuilEcart: number | null,
    niveauAttribution: NiveauAttribution | null,
    nonRattaches: number,
    nonClasse: string | null,
  ) {
    this.#context = context;
    this.#nbSignificatifs = stats.nb_significatifs;
    this.#sentence = undefined;
    this.indicateur = context.indicateur;
    this.bassin = bassin;
    this.annee = annee;
    this.valeur = row.valeur;
    this.numerateur = row.numerateur;
    this.denominateur = row.denominateur;
    this.significatif = significatif;
    this.references = references;
    this.ecarts = ecarts;
    this.rang = row.rang;
    this.rang_sens = rangSens;
    this.intervalle = intervalle;
    this.reference_verdict = referenceVerdict;
    this.ecart_minimal = ecartMinimal;
    this.motif = motif;
    this.nb_bassins = stats.nb_bassins;
    this.score_z = scoreZ;
    this.tendance = tendance;
    this.verdict = verdict;
    Object.defineProperty(this, 'explication', BassinResult.#explication);
    this.attribution = context.attribution;
    this.periode = periode;
    this.ecart_type = stats.ecart_type;
    this.moyenne_bassins = stats.moyenne;
    this.seuil_ecart = seuilEcart;
    this.niveau_attribution = niveauAttribution;
    this.etablissements_non_rattaches = nonRattaches;
    this.non_classe = nonClasse;
    if (row.valeur === null) this.sources_manquantes = context.missing;
  }

  /** The French sentence, from the result's own fields (see verdict.ts explain). */
  #explain(): string {
    if (this.#sentence !== undefined) return this.#sentence;
    const def = this.#context.def;
    const isCount = def.sql.denominateur === null;
    const trend = this.tendance;
    let sentence = explain(def, {
      valeur: this.valeur,
      numerateur: this.numerateur,
      denominateur: this.denominateur,
      reference: this.references[this.reference_verdict]?.valeur ?? null,
      ecart_type: this.ecart_type,
      nb_significatifs: this.#nbSignificatifs,
      intervalle: this.intervalle,
      non_classe: this.non_classe,
      verdict: this.verdict,
      motif: this.motif === 'hors_academie' ? undefined : (this.motif as Motif),
      referenceNom: REFERENCE_NOMS[this.reference_verdict],
      annee: this.annee,
      periode: this.periode,
      tendance:
        trend && isCount
          ? { periode_debut: periodeLibelle(def.axe, trend.annee_debut), valeur_debut: trend.valeur_debut }
          : null,
    });
    // Said even when the rule stopped earlier (small numbers, a count): why the value is never classed.
    if (this.non_classe && this.motif !== 'non_classe') sentence = `${sentence} Jamais classée : ${this.non_classe}.`;
    // An empty value's sentence ends with the sources it lacks (« Il manque : … (clee fetch ID) »).
    if (this.valeur === null && this.#context.missing.length)
      sentence = `${sentence} ${capitalise(manqueText(this.#context.missing))}.`;
    this.#sentence = sentence;
    return sentence;
  }
}
