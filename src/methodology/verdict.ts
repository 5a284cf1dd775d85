// THE verdict rule, with its thresholds in one place. Every verdict of the product comes from verdictOf;
// every sentence from explain. The methodology document prints VERDICT_RULE and verdictRuleText().
import { capitalise, formatCount, formatGap, formatNumber, formatValue } from './format.ts';
import type { Accord, IndicatorRecord } from './indicators.ts';
import type { Verdict } from './types.ts';

export const VERDICT_RULE = {
  /** The reference the gap is measured against. */
  reference: 'academie' as const,
  /** A gap counts when |écart| ≥ fraction × σ (σ: standard deviation of the académie's basins). */
  fraction_ecart_type: 0.5,
  /** Floating-point tolerance on the comparison with the threshold (a gap of exactly 0.5 σ counts). */
  tolerance: 1e-9,
  /** σ needs at least this many significant basins; with fewer, no force or faiblesse (neutre). */
  bassins_minimum: 2,
  /** A gap that rounds to zero at the indicator's displayed precision is never classed. */
  ecart_affiche_non_nul: true,
};

export interface VerdictInput {
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
  /** Académie value (aggregate of its communes). */
  reference: number | null;
  /** Standard deviation of the académie's significant basins. */
  ecart_type: number | null;
  /** Number of significant basins σ was computed over (default: enough). */
  nb_significatifs?: number;
}

type RuleFields = Pick<IndicatorRecord, 'polarite' | 'seuil_effectif' | 'ecart_minimal' | 'sql' | 'decimales'>;

/** The count the small-number threshold applies to: the denominator, or the numerator for a count. */
export function effectif(
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

/** The same test in SQL (columns valeur, numerateur, denominateur; the threshold bound as $seuil). */
export function significanceSql(def: Pick<IndicatorRecord, 'sql'>): string {
  return `(valeur IS NOT NULL AND isfinite(valeur) AND ${def.sql.denominateur === null ? 'numerateur' : 'denominateur'} >= $seuil)`;
}

/** Gap needed for a force or a faiblesse: max(0.5 σ, écart minimal of the indicator); null without σ. */
export function seuilEcart(def: Pick<IndicatorRecord, 'ecart_minimal'>, ecartType: number | null): number | null {
  if (ecartType === null || !Number.isFinite(ecartType)) return null;
  return Math.max(VERDICT_RULE.fraction_ecart_type * ecartType, def.ecart_minimal);
}

export function verdictOf(def: RuleFields, input: VerdictInput): Verdict {
  if (!isSignificant(def, input.valeur, input.numerateur, input.denominateur)) return 'non_significatif';
  if (def.polarite === 0 || input.reference === null || input.ecart_type === null) return 'neutre';
  if (input.nb_significatifs !== undefined && input.nb_significatifs < VERDICT_RULE.bassins_minimum) return 'neutre';
  const gap = input.valeur! - input.reference;
  const threshold = VERDICT_RULE.fraction_ecart_type * input.ecart_type;
  const tolerance = VERDICT_RULE.tolerance * Math.max(1, Math.abs(threshold));
  const shown = VERDICT_RULE.ecart_affiche_non_nul ? Number(Math.abs(gap).toFixed(def.decimales)) > 0 : gap !== 0;
  const large = Math.abs(gap) >= threshold - tolerance && Math.abs(gap) > def.ecart_minimal && gap !== 0 && shown;
  if (!large) return 'neutre';
  return gap * def.polarite > 0 ? 'force' : 'faiblesse';
}

/** The rule, as read aloud (Diagnostic.regle_verdict and the methodology document). */
export function verdictRuleText(): string {
  const f = String(VERDICT_RULE.fraction_ecart_type).replace('.', ',');
  return (
    `Un indicateur est « non significatif » quand sa valeur manque ou que son effectif (dénominateur, ou nombre compté) est inférieur au seuil propre à l'indicateur : il n'est alors jamais classé. ` +
    `Un indicateur de contexte (polarité 0) est toujours « neutre ». Sinon, on calcule l'écart à la valeur de l'académie : ` +
    `c'est une « force » quand il va dans le sens favorable et atteint au moins ${f} écart type des bassins de l'académie (et dépasse l'écart minimal propre à l'indicateur, 0 par défaut) ; ` +
    `une « faiblesse » quand il va dans le sens défavorable avec la même ampleur ; « neutre » sinon. ` +
    `L'écart type n'est calculé que sur les bassins dont la valeur est significative, et seulement s'ils sont au moins ${VERDICT_RULE.bassins_minimum} ; ` +
    `un écart qui s'arrondit à zéro à la précision affichée de l'indicateur n'est jamais classé.`
  );
}

// ── Sentences ──────────────────────────────────────────────────────────────────────────────

function agree(accord: Accord, m: string, f: string, mp: string, fp: string): string {
  return { ms: m, fs: f, mp, fp }[accord];
}

export interface ExplainContext extends VerdictInput {
  verdict: Verdict;
  annee: number;
  /** « la moyenne académique » by default. */
  referenceNom?: string;
  /** How the year reads (« rentrée 2023 »), and the trend since the first year, for counts. */
  periode?: string;
  tendance?: { periode_debut: string; valeur_debut: number } | null;
}

type ExplainFields = Pick<
  IndicatorRecord,
  | 'sujet'
  | 'accord'
  | 'unite'
  | 'decimales'
  | 'signe'
  | 'polarite'
  | 'seuil_effectif'
  | 'denominateur_libelle'
  | 'ecart_minimal'
  | 'sql'
>;

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
  if (c.valeur === null || !Number.isFinite(c.valeur)) {
    return `${sujet} ${agree(def.accord, "n'est", "n'est", 'ne sont', 'ne sont')} pas ${agree(def.accord, 'disponible', 'disponible', 'disponibles', 'disponibles')} pour ${c.annee} (données absentes ou secrètes).`;
  }
  if (c.verdict === 'non_significatif') {
    const n = effectif(def, c.numerateur, c.denominateur) ?? 0;
    return (
      `${sujet} ${agree(def.accord, "n'est", "n'est", 'ne sont', 'ne sont')} pas ${agree(def.accord, 'interprété', 'interprétée', 'interprétés', 'interprétées')} ` +
      `(effectif trop faible : ${formatCount(n, def.denominateur_libelle)}, seuil ${formatNumber(def.seuil_effectif, 0)}).`
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
    sentence = `${sujet} (${v}) ${agree(def.accord, 'dépasse', 'dépasse', 'dépassent', 'dépassent')} de ${fmtGap(gap)} ${refNom} (${r})`;
  } else {
    sentence = `${sujet} (${v}) ${agree(def.accord, 'est inférieur', 'est inférieure', 'sont inférieurs', 'sont inférieures')} de ${fmtGap(gap)} ${refNom.startsWith('le ') ? `au ${refNom.slice(3)}` : `à ${refNom}`} (${r})`;
  }
  switch (c.verdict) {
    case 'force':
      return `${sentence} : point fort.`;
    case 'faiblesse':
      return `${sentence} : point faible.`;
    default: {
      if (def.polarite === 0) return `${sentence} (indicateur de contexte).`;
      const threshold = seuilEcart(def, c.ecart_type);
      if (
        threshold === null ||
        (c.nb_significatifs !== undefined && c.nb_significatifs < VERDICT_RULE.bassins_minimum)
      ) {
        return `${sentence} ; trop peu de bassins comparables pour classer l'écart.`;
      }
      return `${sentence} ; écart non distinctif (seuil : ${fmtGap(threshold)}).`;
    }
  }
}

/** A count (no denominator): its share of the académie and its trend, never a gap to a total. */
function explainCount(def: ExplainFields, c: ExplainContext, sujet: string): string {
  const v = formatValue(c.valeur!, def.unite, def.decimales);
  const verb = agree(def.accord, "s'élève", "s'élève", "s'élèvent", "s'élèvent");
  let sentence = `${sujet} ${verb} à ${v}${c.periode ? ` (${c.periode})` : ''}`;
  if (c.reference !== null && c.reference > 0) {
    sentence += `, soit ${formatNumber((c.valeur! / c.reference) * 100, 1)}\u202f% du total académique (${formatValue(c.reference, def.unite, def.decimales)})`;
  }
  if (c.tendance && c.tendance.valeur_debut > 0) {
    const change = ((c.valeur! - c.tendance.valeur_debut) / c.tendance.valeur_debut) * 100;
    const rounded = Number(change.toFixed(1));
    sentence +=
      rounded === 0
        ? `, stable depuis ${withArticle(c.tendance.periode_debut)}`
        : `, en ${rounded > 0 ? 'hausse' : 'baisse'} de ${formatNumber(Math.abs(change), 1)}\u202f% depuis ${withArticle(c.tendance.periode_debut)}`;
  }
  return `${sentence}.`;
}

/** « rentrée 2022 » → « la rentrée 2022 », « RP 2015 » → « le RP 2015 ». */
function withArticle(periode: string): string {
  if (/^rentrée/.test(periode)) return `la ${periode}`;
  if (/^(InserJeunes|Sirene)/.test(periode)) return periode;
  return `le ${periode}`;
}
