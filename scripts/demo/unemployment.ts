// Unemployment rates (zones d'emploi, départements) and job seekers (DEFM).
import type { CensusData } from './census-model.ts';
import type { Cell } from './csv.ts';
import { DEPARTEMENTS, DEP_NAMES, type Commune, type Dep } from './geography.ts';
import { Rng } from './random.ts';
import { round, type Reference } from './reference.ts';
import { U, clamp } from './units.ts';
import { ZONES_EMPLOI } from './zoning.ts';

const quarters = (from: number, to: number) => {
  const out: string[] = [];
  for (let y = from; y <= to; y++) for (let q = 1; q <= 4; q++) out.push(`${y}-T${q}`);
  return out;
};
const CHOMAGE_QUARTERS = quarters(2019, 2024);
/** Shape of the localised unemployment rate over time (France-like path, relative to its 2021 level). */
const CHOMAGE_PATH = [
  8.5, 8.3, 8.3, 8.0, 7.7, 7.1, 8.9, 8.0, 8.0, 7.9, 7.9, 7.3, 7.2, 7.3, 7.1, 7.0, 6.9, 7.0, 7.2, 7.3, 7.3, 7.1, 7.4,
  7.3,
].map((x) => x / 7.78);
const DEFM_QUARTERS = quarters(2021, 2024);
const DEFM_PATH_ABC = [
  1.0, 0.985, 0.975, 0.955, 0.945, 0.935, 0.93, 0.925, 0.925, 0.92, 0.92, 0.925, 0.93, 0.93, 0.935, 0.94,
];
const DEFM_PATH_A = [
  1.0, 0.965, 0.94, 0.905, 0.885, 0.875, 0.87, 0.865, 0.865, 0.86, 0.86, 0.868, 0.875, 0.878, 0.885, 0.893,
];
const AGE_BANDS = ['Moins de 25 ans', '25 à 49 ans', '50 ans ou plus'];

export interface ZoneSeries {
  zeRates: Map<string, number[]>;
  depRates: Map<Dep, number[]>;
}

export function unemploymentRates(ref: Reference, census: CensusData): ZoneSeries {
  const act = (c: Commune) => census.vars.get(`${c.code}:2021`)!.get('P_ACT1564')!;
  const chom = (c: Commune) => census.vars.get(`${c.code}:2021`)!.get('P_CHOM1564')!;
  const zeRates = new Map<string, number[]>();
  for (const ze of Object.keys(ZONES_EMPLOI)) {
    const list = ref.communes.filter((c) => c.ze === ze);
    const base = (list.reduce((s, c) => s + chom(c), 0) / list.reduce((s, c) => s + act(c), 0)) * 0.7 * 100;
    const r = new Rng(`chomage:${ze}`);
    const seasonal = r.uniform(0, 0.25);
    zeRates.set(
      ze,
      CHOMAGE_PATH.map((f, i) => round(base * f * (1 + r.normal(0, 0.012)) + (i % 4 === 1 ? -seasonal : 0), 1)),
    );
  }
  const depRates = new Map<Dep, number[]>();
  for (const dep of DEPARTEMENTS) {
    const list = ref.communes.filter((c) => c.dep === dep);
    const total = list.reduce((s, c) => s + act(c), 0);
    depRates.set(
      dep,
      CHOMAGE_QUARTERS.map((_, i) => round(list.reduce((s, c) => s + act(c) * zeRates.get(c.ze)![i], 0) / total, 1)),
    );
  }
  return { zeRates, depRates };
}

export function chomageFiles(series: ZoneSeries) {
  const ze = {
    header: ['ZE2020', 'LIBZE2020', ...CHOMAGE_QUARTERS],
    rows: Object.entries(ZONES_EMPLOI).map(([code, z]) => [
      code,
      z.nom,
      ...series.zeRates.get(code)!.map((x) => x.toFixed(1)),
    ]),
  };
  const dep = {
    header: ['DEP', 'LIBDEP', ...CHOMAGE_QUARTERS],
    rows: DEPARTEMENTS.map((d) => [d, DEP_NAMES[d], ...series.depRates.get(d)!.map((x) => x.toFixed(1))]),
  };
  return { ze, dep };
}

/** Registered job seekers by category and age band; Ensemble is the sum of the three bands, counts rounded to tens. */
export function defmFiles(ref: Reference, census: CensusData) {
  const latent = new Map<string, { abc: number; shares: number[]; aShare: number }>();
  for (const c of ref.communes) {
    const v = census.vars.get(`${c.code}:2021`)!;
    const p = census.profiles.get(c.code)!;
    const r = new Rng(`defm:${c.code}`);
    const abc = (v.get('P_POP1564')! / U) * p.unemp * 1.02 * r.factor(0.08);
    const shares = [0.12 * r.factor(0.1), 0.58, 0.3 * r.factor(0.08)];
    latent.set(c.code, { abc, shares, aShare: clamp(0.57 + r.normal(0, 0.03), 0.45, 0.7) });
  }
  const rowsFor = (code: string, libelle: string, members: Commune[]) => {
    const rows: Cell[][] = [];
    for (const cat of ['A', 'ABC'] as const) {
      const bands = AGE_BANDS.map((_, b) =>
        DEFM_QUARTERS.map((_, t) => {
          const total = members.reduce((s, c) => {
            const l = latent.get(c.code)!;
            const sum = l.shares.reduce((a, x) => a + x, 0);
            const value = l.abc * (l.shares[b] / sum) * (cat === 'A' ? l.aShare * DEFM_PATH_A[t] : DEFM_PATH_ABC[t]);
            return s + value;
          }, 0);
          return Math.round(total / 10) * 10;
        }),
      );
      AGE_BANDS.forEach((band, b) => rows.push([code, libelle, cat, band, ...bands[b]]));
      rows.push([code, libelle, cat, 'Ensemble', ...DEFM_QUARTERS.map((_, t) => bands.reduce((s, x) => s + x[t], 0))]);
    }
    return rows;
  };
  const ze = {
    header: ['ZE2020', 'LIBZE2020', 'Catégorie', "Tranche d'âge", ...DEFM_QUARTERS],
    rows: Object.entries(ZONES_EMPLOI).flatMap(([code, z]) =>
      rowsFor(
        code,
        z.nom,
        ref.communes.filter((c) => c.ze === code),
      ),
    ),
  };
  const dep = {
    header: ['DEP', 'LIBDEP', 'Catégorie', "Tranche d'âge", ...DEFM_QUARTERS],
    rows: DEPARTEMENTS.flatMap((d) =>
      rowsFor(
        d,
        DEP_NAMES[d],
        ref.communes.filter((c) => c.dep === d),
      ),
    ),
  };
  return { ze, dep };
}
