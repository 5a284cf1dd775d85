// The demo is every user's first impression: its simulated values must keep the proportions of a real territory.
// Every indicator of every basin (latest year) lies within the range that published values take for French
// territories of this size (orders of magnitude of the census, DEPP, INSEE, DARES and France Travail series), the
// school levels keep their ratios, and every basin where real lycées stand (scripts/demo/data/
// etablissements-communes.csv, counted in the DEPP's IPS files) has lycéens.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAll, computedState, INDICATORS } from '../src/methodology/index.ts';
import type { IndicatorResult } from '../src/methodology/types.ts';
import { demoDatabase } from './helpers/demo-db.ts';

/** [min, max] of a basin value, in the indicator's unit. Counts are checked by ratios below. */
const BOUNDS: Record<string, [number, number] | 'effectif'> = {
  part_15_24: [12, 25], // 15-24 among 15-64: France ≈ 19 %
  part_15_29: [12, 25], // 15-29 among all: France ≈ 17 %
  evolution_15_29: [-15, 15],
  eleves_college: 'effectif',
  eleves_lycee_gt: 'effectif',
  eleves_lycee_pro: 'effectif',
  part_voie_pro: [5, 50], // France ≈ 28 % of lycéens
  ips_college: [80, 125], // France ≈ 103, collèges 50 … 150
  scolarisation_18_24: [25, 75],
  part_non_diplomes: [8, 35],
  part_diplomes_superieur: [15, 55],
  part_cap_bep: [15, 35],
  chomage_15_24: [8, 40], // census, France ≈ 24 %
  neet_15_24: [2, 20], // census approximation, France ≈ 6-8 %; never 0
  demandeurs_moins_25: [2, 25],
  evolution_demandeurs_moins_25: [-30, 30],
  inserjeunes_emploi_6m: [30, 85],
  inserjeunes_poursuite: [25, 70],
  chomage_localise: [3, 15],
  part_apprentis: [1, 10],
  part_cdd_interim: [6, 25],
  etablissements_1000_hab: [10, 50],
  part_etab_industrie: [4, 25],
  part_etab_construction: [5, 25],
  part_etab_commerce: [20, 50],
  part_etab_services_entreprises: [10, 40],
  evolution_emploi: [-10, 15], // six years between two censuses
  evolution_emploi_industrie: [-20, 15],
  evolution_emploi_construction: [-15, 20],
  evolution_emploi_tertiaire: [-10, 20],
  bmo_projets_1000_actifs: [30, 250],
  bmo_part_difficiles: [35, 80],
  bmo_part_saisonniers: [10, 75],
  pression_stages: [0.2, 3],
};

let results: IndicatorResult[];
let population: Map<string, number>;
let cleanup: () => void;

beforeAll(async () => {
  const demo = await demoDatabase();
  cleanup = demo.cleanup;
  results = await computeAll(demo.db);
  population = new Map((await computedState(demo.db)).bassins.map((b) => [b.id, b.population ?? 0]));
}, 300_000);
afterAll(() => cleanup?.());

/** Each basin's value at the latest year of the indicator. */
function latest(id: string): IndicatorResult[] {
  const rows = results.filter((r) => r.indicateur === id);
  const annee = Math.max(...rows.filter((r) => r.valeur !== null).map((r) => r.annee));
  return rows.filter((r) => r.annee === annee);
}

describe('a demo that looks like a territory', () => {
  it('every indicator has bounds here, and every basin a value within them', () => {
    expect(INDICATORS.map((d) => d.id).sort()).toEqual(Object.keys(BOUNDS).sort());
    const outside: string[] = [];
    for (const [id, bound] of Object.entries(BOUNDS)) {
      const rows = latest(id);
      expect(rows.length, id).toBe(17);
      for (const r of rows) {
        if (r.valeur === null) outside.push(`${id} ${r.bassin} ${r.annee} : sans valeur`);
        else if (bound !== 'effectif' && (r.valeur < bound[0] || r.valeur > bound[1]))
          outside.push(`${id} ${r.bassin} ${r.annee} : ${r.valeur.toFixed(1)} hors de [${bound.join(', ')}]`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('school levels keep their proportions: collégiens per inhabitant, lycéens per collégien', () => {
    const of = (id: string) => new Map(latest(id).map((r) => [r.bassin, r.valeur ?? 0]));
    const college = of('eleves_college');
    const gt = of('eleves_lycee_gt');
    const pro = of('eleves_lycee_pro');
    const wrong: string[] = [];
    for (const [b, n] of college) {
      const perThousand = (n / population.get(b)!) * 1000;
      // France: 3.4 million collégiens for 68 million inhabitants (50 ‰); lycées GT + pro ≈ 0.65 collégien.
      if (perThousand < 30 || perThousand > 70) wrong.push(`${b} : ${perThousand.toFixed(1)} collégiens pour 1 000`);
      const ratio = (gt.get(b)! + pro.get(b)!) / n;
      if (ratio < 0.3 || ratio > 1.3) wrong.push(`${b} : ${ratio.toFixed(2)} lycéen par collégien`);
    }
    expect(wrong).toEqual([]);
  });

  it('every basin where real lycées stand has lycéens of both voies', () => {
    const zoning = readFileSync('datasets/territories/bassins-academie-grenoble.csv', 'utf-8').split('\n');
    const bassinOf = new Map(zoning.slice(1).map((l) => [l.split(';')[0], l.split(';')[3]]));
    const places = readFileSync('scripts/demo/data/etablissements-communes.csv', 'utf-8')
      .split('\n')
      .filter((l) => /^\d/.test(l))
      .map((l) => l.split(';'));
    const withLycee = (types: string[]) =>
      new Set(places.filter(([, type]) => types.includes(type)).map(([code]) => bassinOf.get(code)));
    const gt = withLycee(['legt', 'lpo']);
    const pro = withLycee(['lp', 'lpo']);
    expect(gt.size).toBe(17);
    for (const r of latest('eleves_lycee_gt')) if (gt.has(r.bassin)) expect(r.valeur, r.bassin).toBeGreaterThan(0);
    for (const r of latest('eleves_lycee_pro')) if (pro.has(r.bassin)) expect(r.valeur, r.bassin).toBeGreaterThan(0);
  });
});
