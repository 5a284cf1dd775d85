// Éducation nationale: enrolments per level (collèges, lycées GT, lycées pro).
import type { Cell } from './csv.ts';
import { Rng } from './random.ts';
import { upperAscii } from './reference.ts';
import { NATURE, RENTREES, labelDep, type School } from './schools.ts';
import { clamp, split } from './units.ts';

export interface Enrolments {
  college: Cell[][];
  lgt: Cell[][];
  lp: Cell[][];
  latest: Map<string, number>;
  pro: Map<string, { sortants: number }>;
}

/** Pupils per level over the rentrées: each year's level k+1 is last year's level k times a survival rate. */
function cohort(r: Rng, base: number, years: number, survival: number[]): number[][] {
  let current = Array.from({ length: survival.length + 1 }, (_, k) =>
    Math.round(base * (1 - 0.03 * k) * r.factor(0.06)),
  );
  const out = [current];
  for (let t = 1; t < years; t++) {
    const previous = current;
    current = previous.map((_, k) =>
      k === 0 ? Math.round(base * r.factor(0.07)) : Math.round(previous[k - 1] * survival[k - 1] * r.factor(0.03)),
    );
    out.push(current);
  }
  return out;
}

export function enrolmentFiles(schools: School[]): Enrolments {
  const latest = new Map<string, number>();
  const pro = new Map<string, { sortants: number }>();
  const common = (s: School, year: number) => [
    year,
    'AUVERGNE-RHONE-ALPES',
    'GRENOBLE',
    labelDep(s.commune.dep),
    upperAscii(s.commune.nom),
    s.uai,
  ];
  const college: Cell[][] = [];
  for (const s of schools.filter((x) => x.kind === 'college')) {
    const r = new Rng(`effectifs-college:${s.uai}`);
    const years = cohort(r, s.size, RENTREES.length, [0.99, 0.99, 0.985]);
    RENTREES.forEach((year, t) => {
      const [n6, n5, n4, n3] = years[t];
      const segpa = s.segpa ? r.int(40, 64) : 0;
      const ulis = s.ulis ? r.int(8, 13) : 0;
      const hors = n6 + n5 + n4 + n3;
      const total = hors + segpa + ulis;
      if (t === RENTREES.length - 1) latest.set(s.uai, total);
      const level = (n: number, lv2six: boolean) => {
        const filles = Math.round(n * clamp(r.normal(0.49, 0.025), 0.35, 0.65));
        const lv1 = split(n, [0.05 * r.factor(0.5), 0.93, 0.01, 0.01]);
        const lv2 = lv2six
          ? [r.int(0, 25), r.int(0, 6), r.int(0, 20), r.int(0, 12)]
          : split(n, [0.13 * r.factor(0.3), 0.015, 0.7, 0.13 * r.factor(0.4), 0.025]);
        return [n, filles, n - filles, ...lv1, ...lv2];
      };
      college.push([
        ...common(s, year).slice(0, 5),
        s.uai,
        s.prive ? 'COLLEGE PRIVE' : 'COLLEGE',
        upperAscii(s.patronyme),
        s.prive ? 'PRIVE' : 'PUBLIC',
        s.rep === 'REP' ? 1 : 0,
        s.rep === 'REP+' ? 1 : 0,
        total,
        hors,
        segpa,
        ulis,
        ...level(n6, true),
        ...level(n5, false),
        ...level(n4, false),
        ...level(n3, false),
      ]);
    });
  }
  const lgt: Cell[][] = [];
  for (const s of schools.filter((x) => x.kind === 'legt' || x.kind === 'lpo')) {
    const r = new Rng(`effectifs-lgt:${s.uai}`);
    const base = s.gtGrade;
    const years = cohort(r, base, RENTREES.length, [0.92, 0.97]);
    // 1ères and terminales: G, STI2D, STL, STMG, ST2S, STD2A, STHR, TMD, BT
    const series = [
      0.72,
      0.06 * r.factor(0.5),
      0.02 * r.factor(0.6),
      0.14 * r.factor(0.2),
      0.04 * r.factor(0.5),
      r.chance(0.15) ? 0.02 : 0,
      s.sthr ? 0.05 : 0,
      0,
      0,
    ];
    RENTREES.forEach((year, t) => {
      const [n2, n1, nt] = years[t];
      const secondes = [n2, s.sthr ? r.int(15, 30) : 0, 0, 0];
      const p = split(n1, series);
      const tm = split(nt, series);
      const total = [...secondes, ...p, ...tm].reduce((a, b) => a + b, 0);
      if (t === RENTREES.length - 1) latest.set(s.uai, total + (latest.get(s.uai) ?? 0));
      lgt.push([
        year,
        'AUVERGNE-RHONE-ALPES',
        'GRENOBLE',
        labelDep(s.commune.dep),
        upperAscii(s.commune.nom),
        s.uai,
        `${NATURE[s.kind].denomination}${s.prive ? ' PRIVE' : ''}`,
        upperAscii(s.patronyme),
        s.prive ? 'PRIVE' : 'PUBLIC',
        total,
        ...secondes,
        ...p,
        ...tm,
      ]);
    });
  }
  const lp: Cell[][] = [];
  for (const s of schools.filter((x) => x.kind === 'lp' || x.kind === 'lpo')) {
    const r = new Rng(`effectifs-lp:${s.uai}`);
    const base = s.proGrade;
    const bac = cohort(r, base, RENTREES.length, [0.88, 0.93]);
    const cap = cohort(r, base * 0.35, RENTREES.length, [0.85]);
    RENTREES.forEach((year, t) => {
      const [p2, p1, pt] = bac[t];
      const [c1, c2] = cap[t];
      const cap1an = r.chance(0.2) ? r.int(5, 12) : 0;
      const bma1 = r.chance(0.05) ? r.int(6, 12) : 0;
      const bma1an = 0;
      const mc = r.chance(0.15) ? r.int(8, 15) : 0;
      const total = p2 + c1 + cap1an + bma1 + bma1an + c2 + p1 + pt + mc;
      if (t === RENTREES.length - 1) {
        latest.set(s.uai, total + (latest.get(s.uai) ?? 0));
        pro.set(s.uai, { sortants: pt + c2 });
      }
      lp.push([
        year,
        'AUVERGNE-RHONE-ALPES',
        'GRENOBLE',
        labelDep(s.commune.dep),
        upperAscii(s.commune.nom),
        s.uai,
        `${NATURE[s.kind].denomination}${s.prive ? ' PRIVE' : ''}`,
        upperAscii(s.patronyme),
        s.prive ? 'PRIVE' : 'PUBLIC',
        total,
        p2,
        c1,
        cap1an,
        bma1,
        bma1an,
        c2,
        p1,
        pt,
        mc,
      ]);
    });
  }
  return { college, lgt, lp, latest, pro };
}

export const COLLEGE_HEADER = (() => {
  const head = [
    'rentree_scolaire',
    'region_academique',
    'academie',
    'departement',
    'commune',
    'numero_college',
    'denomination_principale',
    'patronyme',
    'secteur',
    'rep',
    'rep0',
    'nombre_eleves_total',
    'nombre_eleves_total_hors_segpa_hors_ulis',
    'nombre_eleves_segpa',
    'nombre_eleves_ulis',
  ];
  const lv = (n: string, withLv2Other: boolean) => [
    `nombre_total_de_${n}emes`,
    `${n}eme_filles`,
    `${n}emes_garcons`,
    `${n}emes_lv1_allemand`,
    `${n}emes_lv1_anglais`,
    `${n}emes_lv1_espagnol`,
    `${n}emes_lv1_autres_langues`,
    `${n}emes_lv2_allemand`,
    `${n}emes_lv2_anglais`,
    `${n}emes_lv2_espagnol`,
    `${n}emes_lv2_italien`,
    ...(withLv2Other ? [`${n}emes_lv2_autres_langues`] : []),
  ];
  return [...head, ...lv('6', false), ...lv('5', true), ...lv('4', true), ...lv('3', true)];
})();
export const LGT_HEADER = [
  'rentree_scolaire',
  'region_academique',
  'academie',
  'departement',
  'commune',
  'numero_lycee',
  'denomination_principale',
  'patronyme',
  'secteur',
  'nombre_d_eleves',
  '2ndes_gt',
  '2ndes_sthr',
  '2ndes_tmd',
  '2ndes_bt',
  '1eres_g',
  '1eres_sti2d',
  '1eres_stl',
  '1eres_stmg',
  '1eres_st2s',
  '1eres_std2a',
  '1eres_sthr',
  '1eres_tmd',
  '1eres_bt',
  'terminales_g',
  'terminales_sti2d',
  'terminales_stl',
  'terminales_stmg',
  'terminales_st2s',
  'terminales_std2a',
  'terminales_sthr',
  'terminales_tmd',
  'terminales_bt',
];
export const LP_HEADER = [
  'Rentrée scolaire',
  'Région académique',
  'Académie',
  'Département',
  'Commune',
  'Numéro du lycée',
  'Dénomination principale',
  'Patronyme',
  'Secteur',
  "Nombre d'élèves",
  '2ndes PRO',
  'CAP 1ère année',
  'CAP en 1 an',
  'BMA 1ère année',
  'BMA en 1 an',
  'CAP 2nde année',
  '1ères PRO',
  'Terminales PRO',
  'MC',
];
