// The methodology on a tiny territory (test/helpers/methodology-fixture.ts): every formula family checked
// against values computed by hand from the fixture's numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, ident } from '../src/db/database.ts';
import { SOURCE_FORMATS } from '../src/ingest/registry.ts';
import { freshDb } from './helpers/db.ts';
import { buildFixture, insertRows, withFixture } from './helpers/methodology-fixture.ts';
import {
  clearCache,
  compare,
  computeAll,
  computedState,
  diagnose,
  indicatorValues,
  INDICATORS,
  listBassins,
  UnknownNameError,
} from '../src/methodology/index.ts';
import type { IndicatorResult } from '../src/methodology/types.ts';

let db: Database;
let results: IndicatorResult[];

beforeAll(async () => {
  db = await freshDb();
  await buildFixture(db);
  results = await computeAll(db);
});
afterAll(() => db.close());

function result(indicateur: string, bassin: string, annee?: number): IndicatorResult {
  const found = results.filter(
    (r) => r.indicateur === indicateur && r.bassin === bassin && (annee === undefined || r.annee === annee),
  );
  expect(found.length, `${indicateur} ${bassin} ${annee}`).toBeGreaterThan(0);
  return found.at(-1)!;
}

const pct = (n: number, d: number) => (n / d) * 100;

describe('registry', () => {
  it('declares at least 24 indicators over five domains, each with unit, polarity, threshold and sources', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(24);
    expect(new Set(INDICATORS.map((i) => i.id)).size).toBe(INDICATORS.length);
    expect(new Set(INDICATORS.map((i) => i.domaine))).toEqual(
      new Set(['jeunesse', 'formation_initiale', 'qualification', 'insertion', 'economie']),
    );
    for (const i of INDICATORS) {
      expect(i.unite, i.id).toBeTruthy();
      expect([1, 0, -1], i.id).toContain(i.polarite);
      expect(i.seuil_effectif, i.id).toBeGreaterThanOrEqual(0);
      expect(i.sources.length, i.id).toBeGreaterThan(0);
      expect(i.sql.vue, i.id).toMatch(/^v_/);
    }
  });
});

describe('basins and territories', () => {
  it('lists the basins of the loaded zoning with their main département and population', async () => {
    const bassins = await listBassins(db);
    expect(bassins.map((b) => [b.id, b.nom, b.departement, b.communes, b.population])).toEqual([
      ['B1', 'Bassin Alpha', '38', 2, 3000],
      ['B2', 'Bassin Bêta', '38', 1, 500],
      ['B3', 'Bassin Gamma', '73', 2, 1800],
    ]);
  });

  it('every basin × indicator × year is present, even without data', () => {
    const state = results.filter((r) => r.indicateur === 'part_voie_pro' && r.annee === 2023);
    expect(state.map((r) => r.bassin).sort()).toEqual(['B1', 'B2', 'B3']);
    const b2 = state.find((r) => r.bassin === 'B2')!;
    expect(b2.valeur).toBeNull();
    expect(b2.verdict).toBe('non_significatif');
    expect(b2.explication).toBe(
      "La part de la voie professionnelle parmi les lycéens n'est pas disponible pour 2023 (données absentes ou " +
        'secrètes).',
    );
  });
});

describe('ratio of census sums (chômage des 15-24 ans, RP 2021)', () => {
  it('basin, département, académie and France values are ratios of sums', () => {
    const b1 = result('chomage_15_24', 'B1', 2021);
    expect(b1.numerateur).toBeCloseTo(18, 9);
    expect(b1.denominateur).toBeCloseTo(130, 9);
    expect(b1.valeur).toBeCloseTo(pct(18, 130), 9);
    expect(b1.references.departement!.valeur).toBeCloseTo(pct(24, 150), 9);
    expect(b1.references.departement!.nom).toBe('Isère');
    expect(b1.references.academie!.valeur).toBeCloseTo(pct(39, 220), 9);
    // 01001 (Ain) is loaded: a France reference over every loaded commune, named honestly.
    expect(b1.references.france!.valeur).toBeCloseTo(pct(43, 260), 9);
    expect(b1.references.france!.nom).toBe('Ensemble des communes chargées (3 départements)');
    expect(b1.ecarts.academie).toBeCloseTo(pct(18, 130) - pct(39, 220), 9);
    expect(b1.ecarts.departement).toBeCloseTo(pct(18, 130) - 16, 9);
    expect(result('chomage_15_24', 'B3', 2021).references.departement!.valeur).toBeCloseTo(pct(15, 70), 9);
  });

  it(
    'ranks the most favourable first (polarity −1: lowest rate is rank 1), standardises over the significant ' + 'ones',
    () => {
      const a = pct(18, 130);
      const c = pct(15, 70);
      const sigma = Math.abs(a - c) / 2; // population σ of two values
      const [b1, b2, b3] = ['B1', 'B2', 'B3'].map((b) => result('chomage_15_24', b, 2021));
      // 13,8 % < 21,4 % < 30 %: B1 has the lowest unemployment, so the most favourable rank.
      expect([b1.rang, b3.rang, b2.rang]).toEqual([1, 2, 3]);
      expect(b1.rang_sens).toBe('favorable');
      expect(result('part_cap_bep', 'B2', 2021).rang_sens).toBe('valeur');
      expect(b1.nb_bassins).toBe(3);
      expect(b1.score_z).toBeCloseTo(-1, 9);
      expect(b3.score_z).toBeCloseTo(1, 9);
      expect(b1.ecart_type).toBeCloseTo(sigma, 9);
    },
  );

  it('a gap beyond 0.5 σ whose 95 % interval contains the reference is not classed', () => {
    const b1 = result('chomage_15_24', 'B1', 2021);
    // Wilson on n = 0.4 × 130 = 52 (census), p = 18/130 → [6,939 %, 25,727 %] (computed by hand), académie 17,7 %.
    expect(b1.intervalle![0]).toBeCloseTo(6.93922, 4);
    expect(b1.intervalle![1]).toBeCloseTo(25.72729, 4);
    expect(Math.abs(b1.ecarts.academie!)).toBeGreaterThan(0.5 * b1.ecart_type!);
    expect([b1.verdict, b1.motif]).toEqual(['neutre', 'incertain']);
    expect(b1.explication).toBe(
      'Le taux de chômage des 15-24 ans (13,8\u202f%) est inférieur de 3,9 points à la moyenne académique ' +
        "(17,7\u202f%) ; la marge d'incertitude (6,9\u202f% à 25,7\u202f%) contient la référence : écart non établi.",
    );
  });

  it(
    'a gap under the materiality threshold is never classed, even beyond 0.5 σ (relative threshold for a ' + 'density)',
    () => {
      const b1 = result('demandeurs_moins_25', 'B1', 2022);
      expect(b1.references.academie!.valeur).toBeCloseTo(34.0909, 3);
      expect(b1.ecart_minimal).toBeCloseTo(0.1 * b1.references.academie!.valeur!, 9); // 10 % of the reference
      expect(Math.abs(b1.ecarts.academie!)).toBeGreaterThan(0.5 * b1.ecart_type!);
      expect(Math.abs(b1.ecarts.academie!)).toBeLessThan(b1.ecart_minimal);
      expect([b1.verdict, b1.motif]).toEqual(['neutre', 'sous_ecart_minimal']);
      expect(b1.explication).toMatch(/écart inférieur à l'écart minimal retenu pour cet indicateur \(3,4\)\.$/);
    },
  );

  it('context indicators and approximations inform without a verdict, and say why', () => {
    const cap = result('part_cap_bep', 'B2', 2021);
    expect([cap.verdict, cap.motif, cap.seuil_ecart]).toEqual(['neutre', 'sans_verdict', null]);
    expect(cap.explication).toMatch(/Indicateur de contexte : /);
    const neet = result('neet_15_24', 'B1', 2021);
    expect([neet.verdict, neet.motif]).toEqual(['neutre', 'sans_verdict']);
    expect(neet.explication).toMatch(/Approximation qui sous-estime la part réelle/);
  });

  it('comparable basins: nearest on the profile, their pooled value, and verdicts judged against them', async () => {
    const d = await diagnose(db, 'B1');
    expect(d.bassins_comparables).toEqual(['B3', 'B2']); // only two other basins in the fixture
    // Shown with their profile: the basin first, then its comparable basins, values as read.
    expect(d.profil_comparables.bassins.map((b) => b.id)).toEqual(['B1', 'B3', 'B2']);
    expect(d.profil_comparables.variables.map((v) => v.id)).toContain('densite');
    const ips = d.profil_comparables.variables.findIndex((v) => v.id === 'ips_college');
    expect(d.profil_comparables.bassins[0].valeurs[ips]).toMatch(/^\d+,\d$/);
    // Every rank says how it reads.
    const sens = {
      favorable: 'rang 1 = le plus favorable',
      valeur: 'rang 1 = la valeur la plus haute (indicateur de contexte)',
    };
    for (const line of d.indicateurs.filter((l) => l.rang !== null))
      expect(line.rang_libelle).toBe(`rang ${line.rang} sur ${line.nb_bassins} (${sens[line.rang_sens]})`);
    const nd = result('part_non_diplomes', 'B1', 2021);
    // (250 + 60 + 100) / (1 100 + 230 + 380): the comparable basins taken together.
    expect(nd.references.comparables!.valeur).toBeCloseTo(pct(410, 1710), 9);
    expect(nd.references.comparables!.nom).toBe('Bassins comparables (Bassin Gamma, Bassin Bêta)');
    expect(nd.ecarts.comparables).toBeCloseTo(pct(340, 2200) - pct(410, 1710), 9);
    expect(nd.reference_verdict).toBe('comparables');
    // Wilson on n = 0.4 × 2 200 = 880, p = 340/2 200 → [13,217 %, 17,992 %], which leaves 23,98 % out.
    expect(nd.intervalle![0]).toBeCloseTo(13.21691, 4);
    expect(nd.intervalle![1]).toBeCloseTo(17.99247, 4);
    expect(nd.verdict).toBe('force');
    expect(nd.explication).toBe(
      'La part des non-diplômés parmi les 15 ans et plus non scolarisés (15,5\u202f%) est inférieure de 8,5 points ' +
        'aux bassins comparables (24,0\u202f%) : point fort.',
    );
  });

  it('every force and faiblesse reaches its materiality and leaves its reference out of its interval', () => {
    const classed = results.filter((r) => r.verdict === 'force' || r.verdict === 'faiblesse');
    expect(classed.length).toBeGreaterThan(0);
    for (const r of classed) {
      const def = INDICATORS.find((i) => i.id === r.indicateur)!;
      expect(def.verdict_possible).toBe(true);
      expect(Math.abs(r.ecarts[r.reference_verdict]!)).toBeGreaterThanOrEqual(r.ecart_minimal);
      const ref = r.references[r.reference_verdict]!.valeur!;
      if (def.intervalle.methode === 'aucun') expect(r.intervalle).toBeNull();
      else expect(ref < r.intervalle![0] || ref > r.intervalle![1], `${r.indicateur} ${r.bassin}`).toBe(true);
    }
  });

  it('never classes a value under the small-number threshold, and says why', () => {
    const b2 = result('chomage_15_24', 'B2', 2021);
    expect(b2.valeur).toBeCloseTo(30, 9);
    expect(b2.denominateur).toBeCloseTo(20, 9);
    expect(b2.significatif).toBe(false);
    expect(b2.verdict).toBe('non_significatif');
    expect(b2.explication).toBe(
      "Le taux de chômage des 15-24 ans n'est pas interprété (effectif trop faible : 20 jeunes actifs, seuil 30).",
    );
  });

  it('ignores the rows of a replaced file', () => {
    const b1 = result('part_non_diplomes', 'B1', 2021);
    expect(b1.numerateur).toBeCloseTo(140 + 200, 9);
    expect(b1.denominateur).toBeCloseTo(700 + 1500, 9);
    expect(result('scolarisation_18_24', 'B1', 2021).valeur).toBeCloseTo(pct(30 + 70, 60 + 120), 9);
  });

  it('combines two census bases on the same commune and year (NEET approximation)', () => {
    // (P_POP1524 − (P_SCOL1517 + P_SCOL1824) − P_ACTOCC1524) / P_POP1524
    const num = 150 + 260 - (35 + 60) - (30 + 70) - (40 + 72);
    expect(result('neet_15_24', 'B1', 2021).valeur).toBeCloseTo(pct(num, 410), 9);
    expect(result('part_diplomes_superieur', 'B3', 2021).valeur).toBeCloseTo(
      pct(100 + 80 + 40 + 10 + 5 + 5, 1100 + 230),
      9,
    );
    expect(result('part_cdd_interim', 'B1', 2021).valeur).toBeCloseTo(pct(20 + 10 + 15 + 15, 500), 9);
  });
});

describe('evolutions and trends', () => {
  it('evolution between the two censuses, labelled with both years', () => {
    const b1 = result('evolution_emploi', 'B1', 2021);
    expect(b1.valeur).toBeCloseTo(pct(800 - 750, 750), 9);
    expect(b1.periode).toBe('RP 2015-2021');
    expect(result('evolution_emploi', 'B3', 2021).valeur).toBeCloseTo(pct(450 - 540, 540), 9);
    expect(result('evolution_emploi_industrie', 'B1', 2021).valeur).toBeCloseTo(pct(150 - 160, 160), 9);
    expect(result('evolution_15_29', 'B1', 2021).valeur).toBeCloseTo(pct(500 - 510, 510), 9);
    expect(result('evolution_15_29', 'B1', 2021).explication).toContain('(−2,0\u202f%)');
  });

  it('trend from the first available year', () => {
    const ips = result('ips_college', 'B1', 2023);
    expect(ips.tendance).toEqual({ annee_debut: 2022, valeur_debut: 108, evolution: 2 });
    const part = result('part_15_29', 'B1', 2021);
    expect(part.tendance!.annee_debut).toBe(2015);
    expect(part.tendance!.valeur_debut).toBeCloseTo(pct(510, 3000), 9);
    expect(part.tendance!.evolution).toBeCloseTo(pct(500, 3000) - pct(510, 3000), 9);
    expect(result('ips_college', 'B1', 2022).tendance).toBeNull();
  });
});

describe('school sources', () => {
  it('enrolment sums per basin, their share of the académie total and their trend', () => {
    const b1 = result('eleves_college', 'B1', 2023);
    expect([b1.valeur, b1.denominateur, b1.references.academie!.valeur]).toEqual([400, null, 900]);
    expect(b1.ecarts.academie).toBeNull(); // a count is not compared with a total
    expect(b1.explication).toBe(
      "Les effectifs des collèges s'élèvent à 400 élèves (rentrée 2023), soit 44,4\u202f% du total académique (900 " +
        'élèves), en hausse de 5,3\u202f% depuis la rentrée 2022.',
    );
    expect(result('eleves_lycee_gt', 'B1', 2022).valeur).toBe(590);
  });

  it('share of the vocational track only for rentrées published in both files', () => {
    expect(result('part_voie_pro', 'B1', 2023).valeur).toBeCloseTo(pct(200, 800), 9);
    expect(result('part_voie_pro', 'B3', 2023).valeur).toBeCloseTo(pct(300, 600), 9);
    expect(results.some((r) => r.indicateur === 'part_voie_pro' && r.annee === 2022)).toBe(false);
  });

  it('IPS weighted by enrolment, with the 3-point minimal gap', () => {
    const [b1, b2, b3] = ['B1', 'B2', 'B3'].map((b) => result('ips_college', b, 2023));
    expect(b1.references.academie!.valeur).toBeCloseTo((110 * 400 + 90 * 200 + 100 * 300) / 900, 9);
    expect(b1.references.departement!.valeur).toBeCloseTo((110 * 400 + 90 * 200) / 600, 9);
    expect(b1.ecart_type).toBeCloseTo(Math.sqrt(200 / 3), 9);
    expect([b1.verdict, b2.verdict, b3.verdict]).toEqual(['force', 'faiblesse', 'neutre']);
    expect(result('ips_college', 'B1', 2022).references.academie!.valeur).toBeCloseTo(
      (108 * 380 + 92 * 210 + 99 * 290) / 880,
      9,
    );
  });

  it('InserJeunes rates weighted by leavers (1 when the count is missing)', () => {
    const b1 = result('inserjeunes_emploi_6m', 'B1', 2023);
    expect(b1.valeur).toBeCloseTo((50 * 30 + 70 * 10) / 40, 9);
    expect(b1.periode).toBe('InserJeunes 2022-2023');
    const b3 = result('inserjeunes_emploi_6m', 'B3', 2023);
    expect([b3.valeur, b3.denominateur, b3.verdict]).toEqual([60, 1, 'non_significatif']);
  });

  it('stage pressure: pupils of 3e (and 2de GT from rentrée 2023) per establishment with at least one employee', () => {
    // B1: 100 pupils of 3e + 200 of 2de GT, for 3 + 2 establishments with employees (the « NN » one does not count).
    expect(result('pression_stages', 'B1', 2023).valeur).toBeCloseTo(300 / 5, 9);
    expect(result('pression_stages', 'B2', 2023).valeur).toBeCloseTo(50 / 1, 9);
    expect(result('pression_stages', 'B3', 2023).valeur).toBeCloseTo((80 + 100) / 4, 9);
    // Before the stage de seconde, only the 3e.
    expect(result('pression_stages', 'B1', 2022).valeur).toBeCloseTo(95 / 5, 9);
    const b1 = result('pression_stages', 'B1', 2023);
    expect(b1.references.academie!.valeur).toBeCloseTo(530 / 10, 9);
    expect(b1.references.france!.valeur).toBeCloseTo(530 / 12, 9);
    expect(b1.rang_sens).toBe('favorable');
  });
});

describe('economic sources', () => {
  it('employer establishments per 1 000 inhabitants (Sirene year), by sector', () => {
    const b1 = result('etablissements_1000_hab', 'B1');
    expect(b1.annee).toBe(2024);
    expect(b1.valeur).toBeCloseTo((5 / 3000) * 1000, 9);
    expect(result('etablissements_1000_hab', 'B2').valeur).toBeCloseTo(2, 9); // 1 employer: no flag but a size band
    expect(result('part_etab_industrie', 'B1').valeur).toBeCloseTo(pct(2, 5), 9);
    expect(result('part_etab_industrie', 'B3').valeur).toBeCloseTo(pct(2, 4), 9);
    expect(result('part_etab_construction', 'B3').valeur).toBeCloseTo(pct(1, 4), 9);
  });

  it('BMO projects split by population share of bassin BMO × département, per 1 000 actifs', () => {
    const b1 = result('bmo_projets_1000_actifs', 'B1', 2025);
    // 8401|38 (100) to B1 + the unmapped bassin 8499 spread over the Isère communes: 35 × 3000/3500.
    expect(b1.numerateur).toBeCloseTo(100 + 35 * (3000 / 3500), 9);
    expect(b1.valeur).toBeCloseTo((130 / 800) * 1000, 9);
    expect(result('bmo_projets_1000_actifs', 'B3', 2025).valeur).toBeCloseTo((120 / 550) * 1000, 9);
    expect(b1.references.academie!.valeur).toBeCloseTo((265 / 1550) * 1000, 9);
    expect(b1.references.france).toBeUndefined(); // no BMO data outside the académie
    expect(b1.attribution).toMatch(/bassin BMO/);
  });

  it('share of difficult projects counts only the projects whose difficulty is published', () => {
    expect(result('bmo_part_difficiles', 'B1', 2025).valeur).toBeCloseTo(pct(30 + 6, 60 + 30), 9);
    expect(result('bmo_part_difficiles', 'B3', 2025).valeur).toBeCloseTo(pct(45 + 15, 120), 9);
    expect(result('bmo_part_saisonniers', 'B1', 2025).valeur).toBeCloseTo(pct(30, 130), 9);
  });
});

describe('zone → basin attribution', () => {
  it("rates by zone d'emploi, population-weighted, département as fallback, 4th quarter only", () => {
    expect(result('chomage_localise', 'B1', 2023).valeur).toBeCloseTo(6, 9);
    expect(result('chomage_localise', 'B3', 2023).valeur).toBeCloseTo((1500 * 8 + 300 * 10) / 1800, 9);
    const b3 = result('chomage_localise', 'B3', 2023);
    expect(b3.references.academie!.valeur).toBeCloseTo(37000 / 5300, 9);
    expect(b3.references.france!.valeur).toBeCloseTo((37000 + 700 * 5) / 6000, 9);
    expect(b3.attribution).toMatch(/pondération de population/);
    expect(INDICATORS.find((i) => i.id === 'chomage_localise')!.attribution).toBe(b3.attribution);
    expect(results.some((r) => r.indicateur === 'chomage_localise' && r.annee === 2024)).toBe(false);
  });

  it("counts by zone d'emploi split by population share (job seekers under 25, cat. A)", () => {
    // Z2 (2 000 inhabitants) is shared: 500 in B2, 1 500 in B3.
    expect(result('demandeurs_moins_25', 'B1', 2023).numerateur).toBeCloseTo(50, 9);
    expect(result('demandeurs_moins_25', 'B2', 2023).numerateur).toBeCloseTo((20 * 500) / 2000, 9);
    expect(result('demandeurs_moins_25', 'B3', 2023).numerateur).toBeCloseTo((20 * 1500) / 2000 + 6, 9);
    expect(result('demandeurs_moins_25', 'B3', 2023).valeur).toBeCloseTo(pct(21, 70), 9);
    expect(result('demandeurs_moins_25', 'B1', 2022).valeur).toBeCloseTo(pct(40, 130), 9);
    expect(result('demandeurs_moins_25', 'B1', 2023).references.academie!.valeur).toBeCloseTo(pct(76, 220), 9);
    expect(result('evolution_demandeurs_moins_25', 'B1', 2023).valeur).toBeCloseTo(25, 9);
    expect(result('evolution_demandeurs_moins_25', 'B3', 2023).valeur).toBeCloseTo(pct(21 - 27.5, 27.5), 9);
    expect(result('evolution_demandeurs_moins_25', 'B2', 2023).verdict).toBe('non_significatif');
  });

  it("the zones d'emploi as alternative zoning give the published rates back exactly", async () => {
    const ze = await computeAll(db, { zonage: 'ze2020' });
    const rate = (z: string) => ze.find((r) => r.indicateur === 'chomage_localise' && r.bassin === z)!.valeur;
    expect([rate('Z1'), rate('Z2'), rate('Z3')]).toEqual([6, 8, 10]);
    expect(ze.some((r) => r.bassin === 'Z4')).toBe(false); // outside the académie
    const bassins = await listBassins(db, { zonage: 'ze2020' });
    expect(bassins.find((b) => b.id === 'Z2')!.departement).toBe('38'); // tie 38/73: smallest code
  });
});

describe('API', () => {
  it('diagnose: lines, references, forces, weaknesses and actions with their reason', async () => {
    const d = await diagnose(db, 'bassin alpha');
    expect(d.bassin).toMatchObject({
      id: 'B1',
      nom: 'Bassin Alpha',
      departement: '38',
      departement_nom: 'Isère',
      communes: 2,
      population: 3000,
    });
    const chom = d.indicateurs.find((l) => l.id === 'chomage_15_24')!;
    expect(chom).toMatchObject({ annee: 2021, verdict: 'neutre', unite: '%', polarite: -1, domaine: 'insertion' });
    expect(chom).toMatchObject({ rang_sens: 'favorable', reference_verdict: 'academie' });
    expect(chom.reference).toBeCloseTo(pct(39, 220), 9);
    expect(chom.ecart).toBeCloseTo(pct(18, 130) - pct(39, 220), 9);
    expect(d.indicateurs.find((l) => l.id === 'ips_college')!.serie).toEqual([
      { annee: 2022, valeur: 108, significatif: true, periode: 'rentrée 2022' },
      { annee: 2023, valeur: 110, significatif: true, periode: 'rentrée 2023' },
    ]);
    // Trend points carry significance too: a year under the threshold is drawn as such, never as a plain point.
    const b3 = await diagnose(db, 'B3');
    expect(b3.indicateurs.find((l) => l.id === 'inserjeunes_emploi_6m')!.serie.at(-1)).toEqual({
      annee: 2023,
      valeur: 60,
      significatif: false,
      periode: 'InserJeunes 2022-2023',
    });
    expect(d.forces).toEqual([
      'ips_college',
      'scolarisation_18_24',
      'part_non_diplomes',
      'part_diplomes_superieur',
      'chomage_localise',
    ]);
    expect(d.faiblesses).toEqual([]);
    expect(d.indisponibles.map((i) => i.id)).toEqual(['evolution_emploi_construction', 'evolution_emploi_tertiaire']);
    const gamma = await diagnose(db, 'B3');
    expect(gamma.faiblesses).toEqual(['part_non_diplomes', 'part_diplomes_superieur', 'chomage_localise']);
    expect(gamma.actions.length).toBeGreaterThan(0);
    for (const action of gamma.actions) {
      expect(action.repond_a.every((id) => gamma.faiblesses.includes(id))).toBe(true);
      expect(action.raison).toMatch(/^Répond à : /);
    }
    expect(d.regle_verdict).toMatch(/0,5 fois l'écart type/);
  });

  it('diagnose with a year uses, per indicator, the latest year not after it', async () => {
    const d = await diagnose(db, 'B1', { annee: 2022 });
    expect(d.indicateurs.find((l) => l.id === 'ips_college')!.annee).toBe(2022);
    expect(d.indicateurs.find((l) => l.id === 'chomage_15_24')!.annee).toBe(2021);
    expect(d.indisponibles.map((i) => i.id)).toContain('bmo_projets_1000_actifs'); // BMO 2025 only
  });

  it('unknown basin, indicator or year: a French error listing close valid names', async () => {
    await expect(diagnose(db, 'Bassin Alfa')).rejects.toThrow(UnknownNameError);
    await expect(diagnose(db, 'Bassin Alfa')).rejects.toThrow(
      /Bassin inconnu : « Bassin Alfa »\. Vouliez-vous dire : Bassin Alpha \(B1\)/,
    );
    await expect(compare(db, { indicateur: 'chomage_1524' })).rejects.toThrow(/Vouliez-vous dire : chomage_15_24/);
    await expect(diagnose(db, 'B1', { annee: 2019 })).rejects.toThrow(
      /Année indisponible : « 2019 ».*Années disponibles : 2015, 2021, 2022, 2023, 2024, 2025/,
    );
    await expect(compare(db, { departement: '74' })).rejects.toThrow(/Département inconnu : « 74 »/);
  });

  it('compare ranks the basins of a département and gives the references', async () => {
    const { reference, bassins } = await compare(db, { departement: '38', indicateur: 'chomage_15_24' });
    // Polarity −1: the lower rate first (rank 1 = most favourable).
    expect(bassins.map((b) => [b.code, b.rang, b.rang_sens])).toEqual([
      ['B1', 1, 'favorable'],
      ['B2', 2, 'favorable'],
    ]);
    expect(reference.map((r) => r.niveau)).toEqual(['departement', 'academie', 'france']);
    expect(reference[0].valeur).toBeCloseTo(16, 9);
    const all = await compare(db, {});
    expect(new Set(all.bassins.map((b) => b.indicateur)).size).toBe(32);
  });

  it('indicatorValues by level', async () => {
    const deps = await indicatorValues(db, 'chomage_15_24', { niveau: 'departement' });
    expect(deps.map((d) => [d.code, d.nom])).toEqual(
      [
        ['38', 'Isère'],
        ['73', 'Savoie'],
      ].sort(),
    );
    const aca = await indicatorValues(db, 'ips_college', { niveau: 'academie', annee: 2022 });
    expect(aca).toHaveLength(1);
    expect(aca[0].valeur).toBeCloseTo((108 * 380 + 92 * 210 + 99 * 290) / 880, 9);
    const bassins = await indicatorValues(db, 'ips_college', { niveau: 'bassin', departement: '38' });
    expect(bassins.map((b) => b.code)).toEqual(['B1', 'B2']);
    expect((await indicatorValues(db, 'chomage_15_24', { niveau: 'france' }))[0].valeur).toBeCloseTo(pct(43, 260), 9);
    expect(await indicatorValues(db, 'bmo_projets_1000_actifs', { niveau: 'france' })).toEqual([]);
    await expect(indicatorValues(db, 'ips_college', { niveau: 'bassin', annee: 2021 })).rejects.toThrow(
      /Année indisponible : « 2021 » pour l'indicateur ips_college/,
    );
  });

  it('computes once per database state, recomputes when the data change', async () => {
    const first = await computedState(db);
    const again = await computedState(db);
    expect(again).toBe(first);
    // A diagnostic reads the cached state: no recomputation (speed is measured in the bench, never in tests).
    await diagnose(db, 'B3');
    expect(await computedState(db)).toBe(first);
    await insertRows(db, 'rp_emploi', [
      { file_id: 2000, codgeo: '73002', annee: 2021, p_act1524: 1000, p_chom1524: 0 },
    ]);
    const changed = await computedState(db);
    expect(changed).not.toBe(first);
    expect(
      (await computeAll(db)).find((r) => r.indicateur === 'chomage_15_24' && r.bassin === 'B3')!.denominateur,
    ).toBeCloseTo(1070, 9);
    await db.run('DELETE FROM rp_emploi WHERE file_id = 2000');
    results = await computeAll(db);
  });
});

describe('France from the national sums clee fetch keeps', () => {
  it('France is read from the national sums: additive variables only, replaced files ignored', async () => {
    await withFixture(async (local) => {
      const sum = (file_id: number, source: string, annee: number, variable: string, somme: number) => ({
        file_id,
        source_nationale: source,
        periode_nationale: `${source}:${annee}`,
        annee,
        variable,
        somme_nationale: somme,
        lignes: 34_000,
      });
      await insertRows(local, 'reference_nationale', [
        sum(3000, 'insee-rp-emploi', 2021, 'p_act1524', 2_800_000),
        sum(3000, 'insee-rp-emploi', 2021, 'p_chom1524', 476_000),
        sum(3001, 'education-effectifs-college', 2022, 'nb_eleves', 3_400_000),
        // A file a newer vintage replaced: its sums no longer count.
        sum(3002, 'insee-rp-emploi', 2021, 'p_act1524', 1_000_000),
        sum(3002, 'insee-rp-emploi', 2021, 'p_chom1524', 900_000),
      ]);
      await local.run(
        `INSERT INTO provenance (file_id, source, file_name, sha256, rows, loaded_at, status)
         VALUES (3002, 'clee-reference-nationale', 'ancien.csv', 'x', 2, now(), 'remplacé')`,
      );
      const all = await computeAll(local);
      const get = (id: string, b: string, annee: number) =>
        all.find((r) => r.indicateur === id && r.bassin === b && r.annee === annee)!;
      const chomage = get('chomage_15_24', 'B1', 2021);
      // 476 000 / 2 800 000 = 17 %: the national file, not the communes loaded, nor the replaced file's sums.
      expect(chomage.references.france!.valeur).toBeCloseTo(17, 9);
      expect(chomage.references.france!.nom).toBe('France');
      expect(chomage.ecarts.france).toBeCloseTo(chomage.valeur! - 17, 9);
      const france = await indicatorValues(local, 'chomage_15_24', { niveau: 'france', annee: 2021 });
      expect(france[0].valeur).toBeCloseTo(17, 9);
      // A count: the national total.
      expect(get('eleves_college', 'B1', 2022).references.france!.valeur).toBe(3_400_000);
      // A mean (IPS) has no national sum: France is absent rather than the académie under another name.
      expect(get('ips_college', 'B1', 2022).references.france).toBeUndefined();
    });
  });
});

describe('InserJeunes without a published leaver count', () => {
  it('weighs each lycée by its final-year vocational pupils of the previous rentrée', async () => {
    await withFixture(async (local) => {
      // 0730002D (basin B3) publishes no leaver count; its final-year classes at rentrée 2022: 40 + 10.
      await insertRows(local, 'effectifs_lycee_pro', [
        {
          file_id: 1012,
          uai: '0730002D',
          rentree: 2022,
          nb_eleves: 280,
          nb_2nde_pro: 90,
          nb_1ere_pro: 90,
          nb_terminale_pro: 40,
          nb_cap2: 10,
        },
      ]);
      const b3 = (await computeAll(local)).find(
        (r) => r.indicateur === 'inserjeunes_emploi_6m' && r.bassin === 'B3' && r.annee === 2023,
      )!;
      expect([b3.valeur, b3.denominateur, b3.significatif]).toEqual([60, 50, true]);
    });
  });
});

describe('sums that do not depend on the order of additions', () => {
  it('adds commune values exactly: 0,1 + 0,2 + 0,3 is 0,6 for Isère, whatever the order', async () => {
    await withFixture(async (local) => {
      // Floating-point additions give 0,6000000000000001 in this order and 0,6 in another; DuckDB adds in parallel in
      // a varying order, so a rounded sentence could change from one computation to the next. The exact sum of
      // the three numbers, rounded once, is 0,6.
      await local.run(`UPDATE rp_emploi SET p_chom1524 = CASE codgeo WHEN '38001' THEN 0.1 WHEN '38002' THEN 0.2
        ELSE 0.3 END WHERE codgeo IN ('38001', '38002', '38003') AND annee = 2021`);
      const isere = await indicatorValues(local, 'chomage_15_24', { niveau: 'departement', annee: 2021 });
      expect(0.1 + 0.2 + 0.3).toBe(0.6000000000000001);
      expect(isere.find((v) => v.code === '38')!.numerateur).toBe(0.6);
    });
  });
});

describe('a spread that is only rounding noise', () => {
  it('the same share in every basin gives no spread and no z-score', async () => {
    await withFixture(async (local) => {
      await local.run('UPDATE rp_emploi SET p_pop1524 = p_pop1564 / 3 WHERE annee = 2021');
      const shares = (await computeAll(local)).filter(
        (r) => r.indicateur === 'part_15_24' && r.annee === 2021 && r.valeur !== null && r.score_z !== undefined,
      );
      expect(shares.length).toBeGreaterThan(2);
      for (const r of shares) {
        expect(r.valeur).toBeCloseTo(100 / 3, 9);
        expect(r.ecart_type).toBe(0);
        expect(r.score_z).toBeNull();
      }
    });
  });
});

describe('a zoning without any indicator data', () => {
  it('computes: every basin listed, no result, every indicator said unavailable with what it lacks', async () => {
    await withFixture(async (local) => {
      // Keep the zoning only: the statistics then read no basin value at all.
      for (const table of new Set(SOURCE_FORMATS.map((f) => f.table)))
        if (table !== 'bassin_commune') await local.run(`DELETE FROM ${ident(table)}`);
      const bassins = await listBassins(local);
      expect(bassins.length).toBeGreaterThan(0);
      expect(await computeAll(local)).toEqual([]);
      const d = await diagnose(local, bassins[0].id);
      expect(d.indicateurs).toEqual([]);
      expect(d.indisponibles.map((i) => i.id)).toEqual(INDICATORS.map((i) => i.id));
    });
  });
});

describe('ranks', () => {
  it('values equal but for the last bits of a division share their rank; the next rank counts the ties', async () => {
    await withFixture(async (local) => {
      await local.run('UPDATE rp_emploi SET p_pop1524 = p_pop1564 / 3 WHERE annee = 2021');
      const shares = (await computeAll(local)).filter(
        (r) => r.indicateur === 'part_15_24' && r.annee === 2021 && r.rang !== null,
      );
      expect(shares.length).toBeGreaterThan(2);
      expect(shares.every((r) => r.rang === 1)).toBe(true);
      // All but the last basin above it, tied: rank 1 each, and the last ranks after all of them (not 2).
      const last = shares.at(-1)!.bassin;
      await local.run(
        `UPDATE rp_emploi SET p_pop1524 = p_pop1564 / 2 WHERE annee = 2021 AND codgeo NOT IN (
           SELECT code_commune FROM bassin_commune WHERE bassin_id = $last)`,
        { last },
      );
      // Written behind the loader's back: the cached state would not see it.
      clearCache(local);
      const again = (await computeAll(local)).filter(
        (r) => r.indicateur === 'part_15_24' && r.annee === 2021 && r.rang !== null,
      );
      expect(again.map((r) => [r.bassin, r.rang])).toEqual(
        shares.map((r) => [r.bassin, r.bassin === last ? shares.length : 1]),
      );
    });
  });
});
