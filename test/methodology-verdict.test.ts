// The verdict rule at its boundaries, the small-number rule, and the French sentences and numbers.
import { describe, expect, it } from 'vitest';
import { explain, INDICATORS, VERDICT_RULE, verdictOf } from '../src/methodology/index.ts';
import { formatCount, formatGap, formatNumber, formatValue } from '../src/methodology/format.ts';
import type { IndicatorRecord } from '../src/methodology/indicators.ts';

const def = (id: string) => INDICATORS.find((i) => i.id === id)! as IndicatorRecord;
const chomage = def('chomage_15_24'); // polarity −1, threshold 30 jeunes actifs
const scolarisation = def('scolarisation_18_24'); // polarity +1
const partCap = def('part_cap_bep'); // polarity 0
const ips = def('ips_college'); // polarity +1, minimal gap 3 points

/** A basin value, with the académie at 20 and σ = 4 (so 0.5 σ = 2). */
const input = (
  valeur: number | null,
  over: Partial<{
    denominateur: number;
    reference: number | null;
    ecart_type: number | null;
    nb_significatifs: number;
  }> = {},
) => ({
  valeur,
  numerateur: valeur === null ? null : valeur,
  denominateur: 100,
  reference: 20,
  ecart_type: 4,
  nb_significatifs: 5,
  ...over,
});

describe('verdict rule', () => {
  it('keeps its thresholds in one declared place', () => {
    expect(VERDICT_RULE.fraction_ecart_type).toBe(0.5);
    expect(VERDICT_RULE.reference).toBe('academie');
  });

  it('a gap of exactly 0.5 σ counts, just below does not (polarity +1)', () => {
    expect(verdictOf(scolarisation, input(22))).toBe('force');
    expect(verdictOf(scolarisation, input(21.999))).toBe('neutre');
    expect(verdictOf(scolarisation, input(18))).toBe('faiblesse');
    expect(verdictOf(scolarisation, input(18.001))).toBe('neutre');
  });

  it('exact boundary with a σ that is not a round binary number', () => {
    const sigma = 0.3; // 0.5 × 0.3 = 0.15, and 20.15 − 20 is not exactly 0.15 in floating point
    expect(verdictOf(scolarisation, input(20.15, { ecart_type: sigma }))).toBe('force');
    expect(verdictOf(scolarisation, input(20.1499, { ecart_type: sigma }))).toBe('neutre');
  });

  it('polarity −1 reverses the sides', () => {
    expect(verdictOf(chomage, input(22))).toBe('faiblesse');
    expect(verdictOf(chomage, input(18))).toBe('force');
    expect(verdictOf(chomage, input(21))).toBe('neutre');
  });

  it('polarity 0 is always neutre, however large the gap', () => {
    expect(verdictOf(partCap, input(80, { denominateur: 500 }))).toBe('neutre');
    expect(verdictOf(partCap, input(1, { denominateur: 500 }))).toBe('neutre');
  });

  it('under the small-number threshold a value is never classed', () => {
    expect(verdictOf(chomage, input(60, { denominateur: 29.9 }))).toBe('non_significatif');
    expect(verdictOf(chomage, input(60, { denominateur: 30 }))).toBe('faiblesse');
    expect(verdictOf(chomage, input(null))).toBe('non_significatif');
    expect(verdictOf(partCap, input(20, { denominateur: 10 }))).toBe('non_significatif');
  });

  it("the gap must be strictly positive, and exceed the indicator's minimal gap", () => {
    expect(verdictOf(scolarisation, input(20, { ecart_type: 0 }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(20.5, { ecart_type: 0 }))).toBe('force');
    // IPS: σ = 4 → 0.5 σ = 2, but a gap of 3 points or less is never read as a difference.
    expect(verdictOf(ips, input(23, { denominateur: 500 }))).toBe('neutre');
    expect(verdictOf(ips, input(23.1, { denominateur: 500 }))).toBe('force');
    expect(verdictOf(ips, input(16.9, { denominateur: 500 }))).toBe('faiblesse');
  });

  it('a gap that rounds to zero at the displayed precision is never classed', () => {
    expect(verdictOf(scolarisation, input(20.04, { ecart_type: 0.04 }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(20.06, { ecart_type: 0.04 }))).toBe('force');
  });

  it('without académie reference, σ, or with fewer than two significant basins: neutre', () => {
    expect(verdictOf(scolarisation, input(40, { reference: null }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(40, { ecart_type: null }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(40, { nb_significatifs: 1 }))).toBe('neutre');
    expect(verdictOf(scolarisation, input(40, { nb_significatifs: 2 }))).toBe('force');
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
    ...over,
  });

  it('above and below the académie, with agreement and units', () => {
    expect(explain(chomage, ctx(23.4, 'faiblesse'))).toBe(
      'Le taux de chômage des 15-24 ans (23,4\u202f%) dépasse de 4,1 points la moyenne académique (19,3\u202f%) : point faible.',
    );
    expect(explain(chomage, ctx(15.2, 'force'))).toBe(
      'Le taux de chômage des 15-24 ans (15,2\u202f%) est inférieur de 4,1 points à la moyenne académique (19,3\u202f%) : point fort.',
    );
    expect(explain(def('part_non_diplomes'), ctx(18, 'neutre'))).toBe(
      'La part des non-diplômés parmi les 15 ans et plus non scolarisés (18,0\u202f%) est inférieure de 1,3 point à la moyenne académique (19,3\u202f%) ; écart non distinctif (seuil : 2,0 points).',
    );
    expect(explain(partCap, ctx(19.3, 'neutre'))).toBe(
      "La part des titulaires d'un CAP ou d'un BEP parmi les 15 ans et plus non scolarisés (19,3\u202f%) est au niveau de la moyenne académique (19,3\u202f%) (indicateur de contexte).",
    );
  });

  it('adds decimals when the value and the reference would otherwise read the same', () => {
    expect(explain(def('part_apprentis'), ctx(4.43, 'neutre', { reference: 4.38, ecart_type: 0.3 }))).toBe(
      'La part des apprentis et stagiaires parmi les salariés (4,43\u202f%) dépasse de 0,05 point la moyenne académique (4,38\u202f%) ; écart non distinctif (seuil : 0,15 point).',
    );
  });

  it('« pour 1 000 … » units are said once', () => {
    expect(explain(def('etablissements_1000_hab'), ctx(45.2, 'force', { reference: 40 }))).toBe(
      "La densité d'établissements employeurs (45,2 pour 1\u202f000 habitants) dépasse de 5,2 la moyenne académique (40,0) : point fort.",
    );
    expect(explain(def('bmo_projets_1000_actifs'), ctx(1234.56, 'neutre', { reference: 1200, ecart_type: 100 }))).toBe(
      'Le nombre de projets de recrutement pour 1 000 actifs (1\u202f234,6) dépasse de 34,6 la moyenne académique (1\u202f200,0) ; écart non distinctif (seuil : 50,0).',
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
