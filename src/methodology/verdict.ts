// THE verdict rule, with its thresholds in one place. Every verdict of the product comes from verdictOf;
// every sentence from explain. The methodology document prints VERDICT_RULE and verdictRuleText().
import { capitalise, formatCount, formatGap, formatNumber, formatValue } from './format.ts';
import type { Accord, IndicatorRecord } from './indicators.ts';
import type { Verdict } from './types.ts';
import { excludes, type Intervalle, intervalOf } from './uncertainty.ts';

export const VERDICT_RULE = {
  /** The default reference of a verdict (an indicator may declare another: IndicatorRecord.reference_verdict). */
  reference: 'academie' as const,
  /** A gap counts when |écart| ≥ fraction × σ (σ: standard deviation of the académie's basins). */
  fraction_ecart_type: 0.5,
  /** Floating-point tolerance on the comparisons with thresholds (a gap equal to its threshold counts). */
  tolerance: 1e-9,
  /** σ needs at least this many significant basins; with fewer, no force or faiblesse (neutre). */
  bassins_minimum: 2,
  /** Confidence level of the intervals (uncertainty.ts). */
  niveau_confiance: 0.95,
};

/** Why a verdict is what it is (the sentence says it; the API serves it). */
export type Motif =
  | 'non_significatif'
  | 'sans_verdict'
  | 'non_classe'
  | 'sans_reference'
  | 'trop_peu_de_bassins'
  | 'sous_ecart_minimal'
  | 'non_distinctif'
  | 'incertain'
  | 'classe';

export interface VerdictInput {
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
  /** Value of the reference the verdict is judged against (académie by default). */
  reference: number | null;
  /** Standard deviation of the académie's significant basins. */
  ecart_type: number | null;
  /** Number of significant basins σ was computed over (default: enough). */
  nb_significatifs?: number;
  /** The 95 % interval of the value (default: computed from the counts, uncertainty.ts). */
  intervalle?: Intervalle | null;
  /**
   * A reason, decided upstream, why this value is never classed (an attribution coarser than the basin, too many
   * unattributed establishments…): the rule honours it and the sentence says it.
   */
  non_classe?: string | null;
}

type RuleFields = Pick<
  IndicatorRecord,
  | 'polarite'
  | 'seuil_effectif'
  | 'ecart_minimal'
  | 'ecart_minimal_relatif'
  | 'sans_verdict'
  | 'intervalle'
  | 'echelle'
  | 'plancher'
  | 'sql'
  | 'decimales'
>;

/** The count the small-number threshold applies to: the denominator, or the numerator for a count. */
function effectif(
  def: Pick<IndicatorRecord, 'sql'>,
  numerateur: number | null,
  denominateur: number | null,
): number | null {
  return def.sql.denominateur === null ? numerateur : denominateur;
}

export function isSignificant(
  def: Pick<IndicatorRecord, 'sql' | 'seuil_effectif'>,
  valeur: number | null,
  numerateur: number | null,
  denominateur: number | null,
): boolean {
  const n = effectif(def, numerateur, denominateur);
  return valeur !== null && Number.isFinite(valeur) && n !== null && n >= def.seuil_effectif;
}

/**
 * The same test in SQL, over the columns valeur, numerateur, denominateur, ratio (the indicator has a denominator)
 * and seuil (its threshold).
 */
export const SIGNIFICANCE_SQL =
  '(valeur IS NOT NULL AND isfinite(valeur) AND CASE WHEN ratio THEN denominateur ELSE numerateur END >= seuil)';

/** Materiality in the indicator's unit: max(écart minimal, écart minimal relatif × |reference|). */
export function ecartMinimal(
  def: Pick<IndicatorRecord, 'ecart_minimal' | 'ecart_minimal_relatif'>,
  reference: number | null,
): number {
  const relatif = reference === null ? 0 : def.ecart_minimal_relatif * Math.abs(reference);
  return Math.max(def.ecart_minimal, relatif);
}

/** Gap needed for a force or a faiblesse: max(0.5 σ, materiality); null without σ. */
export function seuilEcart(
  def: Pick<IndicatorRecord, 'ecart_minimal' | 'ecart_minimal_relatif'>,
  ecartType: number | null,
  reference: number | null = null,
): number | null {
  if (ecartType === null || !Number.isFinite(ecartType)) return null;
  return Math.max(VERDICT_RULE.fraction_ecart_type * ecartType, ecartMinimal(def, reference));
}

interface Judgement {
  verdict: Verdict;
  motif: Motif;
  intervalle: Intervalle | null;
}

/**
 * THE rule, in order: small numbers are not significant; an indicator without verdict (context, count,
 * approximation) and a value flagged upstream are never classed; then the gap to the reference must reach
 * the indicator's materiality and 0.5 σ of the académie's basins, and its 95 % interval must leave the
 * reference out.
 */
export function judge(def: RuleFields, input: VerdictInput): Judgement {
  const intervalle =
    input.intervalle !== undefined
      ? input.intervalle
      : isSignificant(def, input.valeur, input.numerateur, input.denominateur)
        ? intervalOf(def, input.valeur, input.numerateur, input.denominateur)
        : null;
  const motif = motifOf(def, input, intervalle);
  return { verdict: verdictOfMotif(def, input, motif), motif, intervalle };
}

/**
 * The rule's motif for a value whose interval is known: judge without its result object (the engine judges tens of
 * thousands of values and keeps only the verdict and the motif).
 */
export function motifOf(def: RuleFields, input: VerdictInput, intervalle: Intervalle | null): Motif {
  if (!isSignificant(def, input.valeur, input.numerateur, input.denominateur)) return 'non_significatif';
  if (def.polarite === 0 || def.sans_verdict) return 'sans_verdict';
  if (input.non_classe) return 'non_classe';
  if (input.reference === null) return 'sans_reference';
  if (
    input.ecart_type === null ||
    (input.nb_significatifs !== undefined && input.nb_significatifs < VERDICT_RULE.bassins_minimum)
  )
    return 'trop_peu_de_bassins';
  const gap = Math.abs(input.valeur! - input.reference);
  if (!reaches(gap, ecartMinimal(def, input.reference))) return 'sous_ecart_minimal';
  if (!reaches(gap, VERDICT_RULE.fraction_ecart_type * input.ecart_type)) return 'non_distinctif';
  if (def.intervalle.methode !== 'aucun' && !excludes(intervalle, input.reference)) return 'incertain';
  return 'classe';
}

/** The verdict a motif gives: a force or a faiblesse only when classed, by the direction of the gap. */
export function verdictOfMotif(def: Pick<IndicatorRecord, 'polarite'>, input: VerdictInput, motif: Motif): Verdict {
  if (motif === 'non_significatif') return 'non_significatif';
  if (motif !== 'classe') return 'neutre';
  return (input.valeur! - input.reference!) * def.polarite > 0 ? 'force' : 'faiblesse';
}

/** A gap counts when it reaches its threshold (a gap equal to its threshold counts, within the tolerance). */
function reaches(gap: number, threshold: number): boolean {
  return gap > 0 && gap >= threshold - VERDICT_RULE.tolerance * Math.max(1, threshold);
}

export function verdictOf(def: RuleFields, input: VerdictInput): Verdict {
  return judge(def, input).verdict;
}

/** The rule, as read aloud (Diagnostic.regle_verdict and the methodology document), in plain French. */
export function verdictRuleText(): string {
  const f = String(VERDICT_RULE.fraction_ecart_type).replace('.', ',');
  return (
    `Un indicateur devient une « force » ou une « faiblesse » du bassin seulement si quatre conditions sont réunies. ` +
    `1) Il est assez solide : sa valeur existe et repose sur assez de personnes (ou d'établissements) — sinon il ` +
    `est « non significatif ». ` +
    `2) Il a un sens favorable : une part de jeunes ou un effectif d'élèves décrit le territoire sans être « bon » ` +
    `ou « mauvais », et une approximation grossière informe sans juger — ces indicateurs restent « neutres » et ` +
    `disent pourquoi. ` +
    `3) L'écart à la référence compte : il atteint l'écart minimal fixé pour l'indicateur (par exemple 1 point pour ` +
    `la plupart des taux) et au moins ${f} fois l'écart type des bassins de l'académie, c'est-à-dire qu'il ` +
    `distingue vraiment le bassin des autres. ` +
    `4) L'écart est établi : l'intervalle de confiance à 95 % de la valeur du bassin ne contient pas la valeur de ` +
    `référence. ` +
    `La référence est l'académie, sauf pour quelques indicateurs jugés par rapport aux bassins qui ressemblent au ` +
    `bassin (voir chaque indicateur). ` +
    `Une valeur dont le rattachement au bassin est trop approximatif n'est jamais classée. ` +
    `Le sens de l'écart (favorable ou défavorable) fait la force ou la faiblesse ; sinon l'indicateur est « neutre ».`
  );
}

// ── Sentences ──────────────────────────────────────────────────────────────────────────────

function agree(accord: Accord, m: string, f: string, mp: string, fp: string): string {
  return { ms: m, fs: f, mp, fp }[accord];
}

interface ExplainContext extends VerdictInput {
  verdict: Verdict;
  /** Why (from judge); computed when absent. */
  motif?: Motif;
  annee: number;
  /** « la moyenne académique » by default. */
  referenceNom?: string;
  /** How the year reads (« rentrée 2023 »), and the trend since the first year, for counts. */
  periode?: string;
  tendance?: { periode_debut: string; valeur_debut: number } | null;
}

type ExplainFields = RuleFields &
  Pick<IndicatorRecord, 'sujet' | 'accord' | 'unite' | 'signe' | 'denominateur_libelle'>;

/** « pour 1 000 habitants » is said once, with the basin's value; the reference and the gap go without it. */
const perUnit = (unite: string) => unite.startsWith('pour ');

/**
 * « Le taux de chômage des 15-24 ans (23,4 %) dépasse de 4,1 points la moyenne académique (19,3 %) : point faible. »
 * « Le taux de chômage des 15-24 ans n'est pas interprété (effectif trop faible : 12 jeunes actifs, seuil 30). »
 */
export function explain(def: ExplainFields, c: ExplainContext): string {
  const sujet = capitalise(def.sujet);
  const short = perUnit(def.unite);
  // Enough decimals (up to 2 more than usual) for the value and the reference to differ when they do.
  let d = def.decimales;
  if (c.valeur !== null && c.reference !== null && c.valeur !== c.reference) {
    while (d < def.decimales + 2 && formatNumber(c.valeur, d) === formatNumber(c.reference, d)) d++;
  }
  const fmtFull = (v: number) =>
    short && def.sujet.includes(def.unite) ? formatNumber(v, d, def.signe) : formatValue(v, def.unite, d, def.signe);
  const fmt = (v: number) => (short ? formatNumber(v, d, def.signe) : formatValue(v, def.unite, d, def.signe));
  const fmtGap = (g: number) => (short ? formatNumber(Math.abs(g), d) : formatGap(g, def.unite, d));
  // Thresholds at the indicator's own precision (« 1,0 point »), with one more decimal when they would read 0.
  const td = Number(def.decimales) + 1;
  const fmtThreshold = (g: number) => {
    const dd = Number(Math.abs(g).toFixed(def.decimales)) === 0 ? td : def.decimales;
    return short ? formatNumber(Math.abs(g), dd) : formatGap(g, def.unite, dd);
  };
  if (c.valeur === null || !Number.isFinite(c.valeur)) {
    return (
      `${sujet} ${agree(def.accord, "n'est", "n'est", 'ne sont', 'ne sont')} pas ` +
      `${agree(def.accord, 'disponible', 'disponible', 'disponibles', 'disponibles')} pour ${c.annee} (données ` +
      `absentes ou secrètes).`
    );
  }
  if (c.verdict === 'non_significatif') {
    const n = effectif(def, c.numerateur, c.denominateur) ?? 0;
    return (
      `${sujet} ${agree(def.accord, "n'est", "n'est", 'ne sont', 'ne sont')} pas ` +
      `${agree(def.accord, 'interprété', 'interprétée', 'interprétés', 'interprétées')} ` +
      `(effectif trop faible : ${formatCount(n, def.denominateur_libelle)}, seuil ` +
      `${formatNumber(def.seuil_effectif, 0)}).`
    );
  }
  const v = fmtFull(c.valeur);
  if (def.sql.denominateur === null) return explainCount(def, c, sujet);
  if (c.reference === null)
    return `${sujet} s'établit à ${v} ; aucune valeur académique n'est disponible pour comparer.`;
  const r = fmt(c.reference);
  const gap = c.valeur - c.reference;
  const refNom = c.referenceNom ?? 'la moyenne académique';
  const rounded = Number(Math.abs(gap).toFixed(d));
  let sentence: string;
  if (rounded === 0) {
    sentence = `${sujet} (${v}) ${agree(def.accord, 'est', 'est', 'sont', 'sont')} au niveau de ${refNom} (${r})`;
  } else if (gap > 0) {
    sentence =
      `${sujet} (${v}) ${agree(def.accord, 'dépasse', 'dépasse', 'dépassent', 'dépassent')} de ` +
      `${fmtGap(gap)} ${refNom} (${r})`;
  } else {
    sentence =
      `${sujet} (${v}) ` +
      `${agree(def.accord, 'est inférieur', 'est inférieure', 'sont inférieurs', 'sont inférieures')} de ` +
      `${fmtGap(gap)} ` +
      (refNom.startsWith('le ')
        ? `au ${refNom.slice(3)}`
        : refNom.startsWith('les ')
          ? `aux ${refNom.slice(4)}`
          : `à ${refNom}`) +
      ` (${r})`;
  }
  const motif = c.motif ?? judge(def, c).motif;
  switch (motif) {
    case 'classe':
      return `${sentence} : ${c.verdict === 'force' ? 'point fort' : 'point faible'}.`;
    case 'sans_verdict':
      return `${sentence}. ${def.sans_verdict ?? ''}`.trim();
    case 'non_classe':
      return `${sentence} ; non classé : ${c.non_classe}.`;
    case 'sans_reference':
    case 'trop_peu_de_bassins':
      return `${sentence} ; trop peu de bassins comparables pour classer l'écart.`;
    case 'sous_ecart_minimal':
      return (
        `${sentence} ; écart inférieur à l'écart minimal retenu pour cet indicateur ` +
        `(${fmtThreshold(ecartMinimal(def, c.reference))}).`
      );
    case 'non_distinctif': {
      const threshold = seuilEcart(def, c.ecart_type, c.reference);
      return `${sentence} ; écart non distinctif parmi les bassins (seuil : ${fmtThreshold(threshold ?? 0)}).`;
    }
    case 'incertain': {
      const i = c.intervalle ?? intervalOf(def, c.valeur, c.numerateur, c.denominateur);
      return i
        ? `${sentence} ; la marge d'incertitude (${fmt(i[0])} à ${fmt(i[1])}) contient la référence : écart non établi.`
        : `${sentence} ; écart non établi (marge d'incertitude non calculable).`;
    }
    default:
      return `${sentence}.`;
  }
}

/** A count (no denominator): its share of the académie and its trend, never a gap to a total. */
function explainCount(def: ExplainFields, c: ExplainContext, sujet: string): string {
  const v = formatValue(c.valeur!, def.unite, def.decimales);
  const verb = agree(def.accord, "s'élève", "s'élève", "s'élèvent", "s'élèvent");
  let sentence = `${sujet} ${verb} à ${v}${c.periode ? ` (${c.periode})` : ''}`;
  if (c.reference !== null && c.reference > 0) {
    sentence +=
      `, soit ${formatNumber((c.valeur! / c.reference) * 100, 1)}\u202f% du total académique ` +
      `(${formatValue(c.reference, def.unite, def.decimales)})`;
  }
  if (c.tendance && c.tendance.valeur_debut > 0) {
    const change = ((c.valeur! - c.tendance.valeur_debut) / c.tendance.valeur_debut) * 100;
    const rounded = Number(change.toFixed(1));
    sentence +=
      rounded === 0
        ? `, stable depuis ${withArticle(c.tendance.periode_debut)}`
        : `, en ${rounded > 0 ? 'hausse' : 'baisse'} de ${formatNumber(Math.abs(change), 1)}\u202f% depuis ` +
          `${withArticle(c.tendance.periode_debut)}`;
  }
  return `${sentence}.`;
}

/** « rentrée 2022 » → « la rentrée 2022 », « RP 2015 » → « le RP 2015 ». */
function withArticle(periode: string): string {
  if (/^rentrée/.test(periode)) return `la ${periode}`;
  if (/^(InserJeunes|Sirene)/.test(periode)) return periode;
  return `le ${periode}`;
}
