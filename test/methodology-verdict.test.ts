// The verdict rule at its boundaries, the small-number rule, and the French sentences and numbers.
import { describe, expect, it } from 'vitest';
import { explain, INDICATORS, VERDICT_RULE, verdictOf } from '../src/methodology/index.ts';
import { intervalOf, poissonScore, wilson } from '../src/methodology/uncertainty.ts';
import { ecartMinimal, judge, type Motif } from '../src/methodology/verdict.ts';
import { formatCount, formatGap, formatNumber, formatValue } from '../src/methodology/format.ts';
import type { IndicatorRecord } from '../src/methodology/indicators.ts';

const def = (id: string) => INDICATORS.find((i) => i.id === id)! as IndicatorRecord;
const chomage = def('chomage_15_24'); // polarity −1, threshold 30 jeunes actifs
const scolarisation = def('scolarisation_18_24'); // polarity +1
const partCap = def('part_cap_bep'); // polarity 0
const ips = def('ips_college'); // polarity +1, minimal gap 3 points

/** A basin value, with the académie at 20, σ = 4 (so 0.5 σ = 2) and, by default, a narrow interval (±0.5). */
const input = (
  valeur: number | null,
  over: Partial<{
    denominateur: number;
    reference: number | null;
    ecart_type: number | null;
    nb_significatifs: number;
    intervalle: [number, number] | null;
    non_classe: string | null;
  }> = {},
) => ({
  valeur,
  numerateur: valeur === null ? null : valeur,
  denominateur: 100,
  reference: 20,
  ecart_type: 4,
  nb_significatifs: 5,
  intervalle: valeur === null ? null : ([valeur - 0.5, valeur + 0.5] as [number, number]),
  ...over,
});

describe('verdict rule', () => {
  it('keeps its thresholds in one declared place', () => {
    expect(VERDICT_RULE.fraction_ecart_type).toBe(0.5);
    expect(VERDICT_RULE.reference).toBe('academie');
    expect(VERDICT_RULE.niveau_confiance).toBe(0.95);
  });

  it('a gap of exactly 0.5 σ counts, just below does not (polarity +1)', () => {
    expect(verdictOf(scolarisation, input(22))).toBe('force');
    expect(verdictOf(scolarisation, input(21.999))).toBe('neutre');
    expect(verdictOf(scolarisation, input(18))).toBe('faiblesse');
    expect(verdictOf(scolarisation, input(18.001))).toBe('neutre');
  });

  it('exact boundary with a threshold that is not a round binary number', () => {
    const sigma = 2.3; // 0.5 × 2.3 = 1.15, and 21.15 − 20 is not exactly 1.15 in floating point
    expect(verdictOf(scolarisation, input(21.15, { ecart_type: sigma }))).toBe('force');
    expect(verdictOf(scolarisation, input(21.1499, { ecart_type: sigma }))).toBe('neutre');
  });

  it('polarity −1 reverses the sides', () => {
    expect(verdictOf(chomage, input(22))).toBe('faiblesse');
    expect(verdictOf(chomage, input(18))).toBe('force');
    expect(verdictOf(chomage, input(21))).toBe('neutre');
  });

  it('materiality: below the minimal gap, never classed, whatever σ says', () => {
    // σ = 0.2 → 0.5 σ = 0.1: a 0.8-point gap is « distinctive » but under the 1-point materiality.
    expect(judge(scolarisation, input(20.8, { ecart_type: 0.2, intervalle: [20.7, 20.9] }))).toMatchObject({
      verdict: 'neutre',
      motif: 'sous_ecart_minimal',
    });
    expect(verdictOf(scolarisation, input(21, { ecart_type: 0.2, intervalle: [20.9, 21.1] }))).toBe('force');
    // IPS: 3 points.
    expect(verdictOf(ips, input(22.9, { denominateur: 500 }))).toBe('neutre');
    expect(verdictOf(ips, input(23, { denominateur: 500 }))).toBe('force');
    expect(verdictOf(ips, input(17, { denominateur: 500 }))).toBe('faiblesse');
    // Densities: 10 % of the reference (20 → 2 per 1 000).
    expect(ecartMinimal(def('etablissements_1000_hab'), 20)).toBeCloseTo(2, 12);
    expect(verdictOf(def('etablissements_1000_hab'), input(21.9, { denominateur: 5000 }))).toBe('neutre');
    expect(verdictOf(def('etablissements_1000_hab'), input(22.1, { denominateur: 5000 }))).toBe('force');
  });

  it('uncertainty: a gap whose 95 % interval contains the reference is not classed', () => {
    expect(judge(scolarisation, input(25, { intervalle: [19.5, 30.5] }))).toMatchObject({
      verdict: 'neutre',
      motif: 'incertain',
    });
    expect(verdictOf(scolarisation, input(25, { intervalle: [20.01, 30] }))).toBe('force');
    // Without an explicit interval, the rule computes it from the counts (Wilson, census: 40 % of 100 people).
    expect(judge(scolarisation, { ...input(25), intervalle: undefined }).motif).toBe('incertain');
  });

  it('context indicators, approximations and upstream flags give no verdict, with their reason', () => {
    expect(judge(partCap, input(80, { denominateur: 500 }))).toMatchObject({
      verdict: 'neutre',
      motif: 'sans_verdict',
    });
    expect(verdictOf(partCap, input(1, { denominateur: 500 }))).toBe('neutre');
    const neet = def('neet_15_24');
    expect(neet.verdict_possible).toBe(false);
    expect(neet.sans_verdict).toMatch(/Approximation/);
    expect(judge(neet, input(40)).motif).toBe('sans_verdict');
    expect(def('eleves_college').verdict_possible).toBe(false);
    expect(judge(chomage, input(40, { non_classe: 'rattachement par département' }))).toMatchObject({
      verdict: 'neutre',
      motif: 'non_classe',
    });
  });

  it('under the small-number threshold a value is never classed', () => {
    expect(verdictOf(chomage, input(60, { denominateur: 29.9 }))).toBe('non_significatif');
    expect(verdictOf(chomage, input(60, { denominateur: 30 }))).toBe('faiblesse');
    expect(verdictOf(chomage, input(null))).toBe('non_significatif');
    expect(verdictOf(partCap, input(20, { denominateur: 10 }))).toBe('non_significatif');
  });

  it('every indicator that may give a verdict declares a materiality above its displayed precision', () => {
    for (const i of INDICATORS) {
      expect(i.ecart_minimal_raison, i.id).toBeTruthy();
      expect(i.intervalle.raison, i.id).toBeTruthy();
      expect(i.verdict_possible, i.id).toBe(i.polarite !== 0 && !i.sans_verdict);
      if (!i.verdict_possible) expect(i.sans_verdict, i.id).toMatch(/\.$/);
      else expect(Math.max(i.ecart_minimal, i.ecart_minimal_relatif), i.id).toBeGreaterThan(0);
    }
  });

  it('without reference, σ, or with fewer than two significant basins: neutre', () => {
    expect(verdictOf(scolarisation, input(40, { reference: null }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(40, { ecart_type: null }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(40, { nb_significatifs: 1 }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(40, { nb_significatifs: 2 }))).toBe('force');
  });
});

describe('intervals', () => {
  it('Wilson, Poisson and log-ratio intervals match values computed by hand', () => {
    // Wilson, p = 0.2, n = 100: centre (0.2 + 1.92/100)/(1.0384), half 1.96/1.0384 × √(0.0016 + 0.00009604).
    const [lo, hi] = wilson(0.2, 100);
    expect(lo).toBeCloseTo(0.133367, 5);
    expect(hi).toBeCloseTo(0.288829, 5);
    // Poisson score, x = 25: 25 + 1.92 ± 1.96 √(25.96).
    const [plo, phi] = poissonScore(25);
    expect(plo).toBeCloseTo(16.93446, 4);
    expect(phi).toBeCloseTo(36.907, 4);
    // Census share: 40 % of the people → Wilson on n = 0.4 × 250 = 100.
    const sco = intervalOf(scolarisation, 20, 50, 250)!;
    expect(sco[0]).toBeCloseTo(13.3367, 3);
    expect(sco[1]).toBeCloseTo(28.8829, 3);
    // Evolution 100 → 121 (exhaustive): log(1.21) ± 1.96 √(1/121 + 1/100).
    const evo = intervalOf(def('evolution_demandeurs_moins_25'), 21, 21, 100)!;
    expect(evo[0]).toBeCloseTo((1.21 * Math.exp(-1.959964 * Math.sqrt(1 / 121 + 1 / 100)) - 1) * 100, 3);
    expect(evo[0]).toBeCloseTo(-7.157, 2);
    expect(intervalOf(ips, 100, 50000, 500)).toBeNull();
  });
});

describe('sentences', () => {
  const ctx = (valeur: number | null, verdict: ReturnType<typeof verdictOf>, over: Record<string, unknown> = {}) => ({
    verdict,
    valeur,
    numerateur: valeur,
    denominateur: 250,
    reference: 19.3,
    ecart_type: 4,
    nb_significatifs: 5,
    annee: 2021,
    motif: verdict === 'force' || verdict === 'faiblesse' ? ('classe' as Motif) : undefined,
    ...over,
  });

  it('above and below the académie, with agreement and units', () => {
    expect(explain(chomage, ctx(23.4, 'faiblesse'))).toBe(
      'Le taux de chômage des 15-24 ans (23,4\u202f%) dépasse de 4,1 points la moyenne académique (19,3\u202f%) : ' +
        'point faible.',
    );
    expect(explain(chomage, ctx(15.2, 'force'))).toBe(
      'Le taux de chômage des 15-24 ans (15,2\u202f%) est inférieur de 4,1 points à la moyenne académique ' +
        '(19,3\u202f%) : point fort.',
    );
    expect(explain(def('part_non_diplomes'), ctx(18, 'neutre', { motif: 'non_distinctif' }))).toBe(
      'La part des non-diplômés parmi les 15 ans et plus non scolarisés (18,0\u202f%) est inférieure de 1,3 point à ' +
        'la moyenne académique (19,3\u202f%) ; écart non distinctif parmi les bassins (seuil : 2,0 points).',
    );
    expect(explain(chomage, ctx(23.4, 'neutre', { motif: 'incertain', intervalle: [16.2, 32.6] }))).toBe(
      'Le taux de chômage des 15-24 ans (23,4\u202f%) dépasse de 4,1 points la moyenne académique (19,3\u202f%) ; ' +
        "la marge d'incertitude (16,2\u202f% à 32,6\u202f%) contient la référence : écart non établi.",
    );
    expect(explain(partCap, ctx(19.3, 'neutre'))).toBe(
      "La part des titulaires d'un CAP ou d'un BEP parmi les 15 ans et plus non scolarisés (19,3\u202f%) est au " +
        "niveau de la moyenne académique (19,3\u202f%). Indicateur de contexte : une valeur haute n'est ni " +
        "meilleure ni moins bonne qu'une valeur basse, il éclaire le diagnostic sans le classer.",
    );
  });

  it('adds decimals when the value and the reference would otherwise read the same', () => {
    expect(explain(def('part_apprentis'), ctx(4.43, 'neutre', { reference: 4.38, ecart_type: 0.3 }))).toBe(
      'La part des apprentis et stagiaires parmi les salariés (4,43\u202f%) dépasse de 0,05 point la moyenne ' +
        "académique (4,38\u202f%) ; écart inférieur à l'écart minimal retenu pour cet indicateur (1,0 point).",
    );
  });

  it('« pour 1 000 … » units are said once', () => {
    expect(explain(def('etablissements_1000_hab'), ctx(45.2, 'force', { reference: 40, denominateur: 5000 }))).toBe(
      "La densité d'établissements employeurs (45,2 pour 1\u202f000 habitants) dépasse de 5,2 la moyenne académique " +
        '(40,0) : point fort.',
    );
    const bmo = ctx(1234.56, 'neutre', { reference: 1200, ecart_type: 100, denominateur: 5000 });
    expect(explain(def('bmo_projets_1000_actifs'), bmo)).toBe(
      'Le nombre de projets de recrutement pour 1 000 actifs (1\u202f234,6) dépasse de 34,6 la moyenne académique ' +
        "(1\u202f200,0) ; écart inférieur à l'écart minimal retenu pour cet indicateur (120,0).",
    );
  });

  it('non significatif says why, unavailable says so', () => {
    expect(explain(chomage, ctx(30, 'non_significatif', { denominateur: 12 }))).toBe(
      "Le taux de chômage des 15-24 ans n'est pas interprété (effectif trop faible : 12 jeunes actifs, seuil 30).",
    );
    expect(explain(chomage, ctx(30, 'non_significatif', { denominateur: 1 }))).toBe(
      "Le taux de chômage des 15-24 ans n'est pas interprété (effectif trop faible : 1 jeune actif, seuil 30).",
    );
    expect(explain(def('eleves_college'), ctx(null, 'non_significatif'))).toBe(
      'Les effectifs des collèges ne sont pas disponibles pour 2021 (données absentes ou secrètes).',
    );
  });
});

describe('French numbers', () => {
  it('comma decimals, narrow no-break spaces, true minus, points', () => {
    expect(formatNumber(12345.678, 1)).toBe('12\u202f345,7');
    expect(formatNumber(-3.21, 1)).toBe('\u22123,2');
    expect(formatNumber(-0.01, 1)).toBe('0,0');
    expect(formatNumber(3.21, 1, true)).toBe('+3,2');
    expect(formatValue(23.44, '%')).toBe('23,4\u202f%');
    expect(formatValue(1234, 'élèves', 0)).toBe('1\u202f234 élèves');
    expect(formatGap(1.5, '%')).toBe('1,5 point');
    expect(formatGap(-2, '%')).toBe('2,0 points');
    expect(formatCount(12, 'jeunes actifs')).toBe('12 jeunes actifs');
    expect(formatCount(1, 'habitants de 15 à 64 ans')).toBe('1 habitant de 15 à 64 ans');
  });
});
