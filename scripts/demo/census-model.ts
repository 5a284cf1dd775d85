// Census: a coherent simulated model per commune (age, diplomas, activity, jobs).
import { DEPARTEMENTS, type Commune, type Dep } from './geography.ts';
import { Rng } from './random.ts';
import type { Reference } from './reference.ts';
import { U, clamp, split, times } from './units.ts';

export const CENSUS_YEARS = [2015, 2021] as const;
export type CensusYear = (typeof CENSUS_YEARS)[number];

/** Towns with a university campus: more pupils and students aged 18-24, more graduates. */
const CAMPUS: Record<string, number> = {
  '38185': 0.85,
  '38421': 0.8,
  '38179': 0.75,
  '38516': 0.7,
  '38229': 0.55,
  '73065': 0.55,
  '73051': 0.7,
  '74010': 0.45,
  '26362': 0.45,
};
/** Towns with large priority neighbourhoods: higher unemployment, fewer graduates. */
export const PRIORITY_TOWNS = new Set([
  '38185',
  '38151',
  '38421',
  '38169',
  '38553',
  '38053',
  '38544',
  '38193',
  '26362',
  '26281',
  '26198',
  '26235',
  '26057',
  '07010',
  '07019',
  '07319',
  '07042',
  '73065',
  '73011',
  '74012',
  '74081',
  '74281',
  '74133',
]);
const DEP_UNEMP: Record<Dep, number> = { '07': 0.1, '26': 0.104, '38': 0.083, '73': 0.066, '74': 0.069 };
const DEP_EDUC: Record<Dep, number> = { '07': -0.12, '26': -0.06, '38': 0.08, '73': 0.03, '74': 0.1 };
const DEP_OLD: Record<Dep, number> = { '07': 0.18, '26': 0.06, '38': -0.05, '73': 0.0, '74': -0.08 };
/** Jobs located in the département per employed resident (Haute-Savoie: many work in Geneva). */
const DEP_JOBS_RATIO: Record<Dep, number> = { '07': 0.86, '26': 0.95, '38': 0.92, '73': 0.99, '74': 0.74 };

interface Profile {
  urban: number;
  youth: number;
  old: number;
  unemp: number;
  educ: number;
  student: number;
  nsal: number;
  agri: number;
  indus: number;
  attract: number;
  growth: number;
}

function profileOf(c: Commune): Profile {
  const r = new Rng(`profil:${c.code}`);
  const urban = clamp((Math.log10(Math.max(c.pop, 10)) - 2) / 3, 0, 1);
  const campus = CAMPUS[c.code] ?? 0;
  const priority = PRIORITY_TOWNS.has(c.code) ? 1.3 : 1;
  return {
    urban,
    youth: r.normal(0, 0.08) + 0.06 * urban + 0.25 * campus,
    old: r.normal(0, 0.14) + DEP_OLD[c.dep] - 0.08 * urban,
    unemp: clamp(DEP_UNEMP[c.dep] * (0.72 + 0.5 * urban) * priority * r.factor(0.18), 0.025, 0.3),
    educ: clamp(
      DEP_EDUC[c.dep] + 0.22 * urban + 0.35 * campus - (priority > 1 ? 0.12 : 0) + r.normal(0, 0.1),
      -0.5,
      0.7,
    ),
    student: clamp(0.3 + 0.2 * urban + 0.5 * campus + r.normal(0, 0.05), 0.12, 0.9),
    nsal: clamp(0.09 + 0.09 * (1 - urban) + r.normal(0, 0.025), 0.04, 0.3),
    agri: clamp(
      0.004 + 0.11 * (1 - urban) ** 2 * r.factor(0.5) * (c.dep === '26' || c.dep === '07' ? 1.5 : 1),
      0,
      0.45,
    ),
    indus: clamp(0.13 * r.factor(0.45) * (c.dep === '74' && c.ze === '8418' ? 1.8 : 1), 0.01, 0.5),
    attract: (Math.max(c.pop, 20) / 1000) ** 0.3 * r.factor(0.35) * (PRIORITY_TOWNS.has(c.code) || campus ? 1.3 : 1),
    growth: 1 + r.normal(0.035, 0.045) + (c.dep === '74' ? 0.04 : 0),
  };
}

/** Variables of one commune and census year, in units of 1/10 000, keyed `P_POP1564`, `C_EMPLT`… */
type Vars = Map<string, number>;

function populationOf(c: Commune, year: CensusYear, p: Profile): number {
  return year === 2021 ? c.pop : Math.max(1, Math.round(c.pop / p.growth));
}

function censusVars(c: Commune, year: CensusYear, p: Profile): Vars {
  const r = new Rng(`recensement:${c.code}:${year}`);
  const v: Vars = new Map();
  const set = (k: string, x: number) => v.set(k, x);
  const later = year === 2021 ? 1 : 0;
  const pop = populationOf(c, year, p) * U;
  set('P_POP', pop);

  // Age structure (évolution et structure de la population).
  const young = 1 + p.youth;
  const old = (1 + p.old) * (later ? 1 : 0.93);
  const ageW = [
    0.17 * young,
    0.165 * young * (1 + 0.3 * p.youth),
    0.18 * young,
    0.2,
    0.17 * old,
    0.095 * old,
    0.014 * old,
  ].map((w) => w * r.factor(0.06));
  const ages = split(pop, ageW); // 0014 1529 3044 4559 6074 7589 90P
  const AGE_KEYS = ['0014', '1529', '3044', '4559', '6074', '7589', '90P'];
  AGE_KEYS.forEach((k, i) => set(`P_POP${k}`, ages[i]));
  const maleShare = [0.512, 0.506, 0.496, 0.494, 0.478, 0.44, 0.29];
  let h = 0;
  ages.forEach((a, i) => {
    const men = times(a, clamp(maleShare[i] + r.normal(0, 0.012), 0.2, 0.6));
    set(`P_H${AGE_KEYS[i]}`, men);
    set(`P_F${AGE_KEYS[i]}`, a - men);
    h += men;
  });
  set('P_POPH', h);
  set('P_POPF', pop - h);
  const pop15p = pop - ages[0];
  set('P_POP15P', pop15p);
  const marital = split(
    pop15p,
    [0.41, 0.05 * (1 + later), 0.11, 0.07 * old, 0.085, 0.28 * young].map((w) => w * r.factor(0.05)),
  );
  ['MARIEE', 'PACSEE', 'CONCUB_UNION_LIBRE', 'VEUFS', 'DIVORCEE', 'CELIBATAIRE'].forEach((k, i) =>
    set(`P_POP15P_${k}`, marital[i]),
  );
  const cPop15p = times(pop15p, 1 + r.normal(0, 0.004));
  set('C_POP15P', cPop15p);
  const cs = csShares(p, r, later);
  const retired = 0.27 * old;
  const cs15 = split(
    cPop15p,
    [...cs.map((s) => s * 0.52), retired, 0.16 * young].map((w) => w * r.factor(0.03)),
  );
  cs15.forEach((x, i) => set(`C_POP15P_CS${i + 1}`, x));

  // Finer age bands shared by the other two bases, so that the three files agree.
  const [, p0205, p0610, p1114] = split(
    ages[0],
    [2, 4, 5, 4].map((w) => w * r.factor(0.04)),
  ); // 0-1, 2-5, 6-10, 11-14
  const [p1517, p1824, p2529] = split(
    ages[1],
    [3, 6.6, 5.4].map((w) => w * r.factor(0.05)),
  );
  const [p4554, p5559] = split(
    ages[3],
    [2, 1].map((w) => w * r.factor(0.03)),
  );
  const [p6064] = split(
    ages[4],
    [1, 2].map((w) => w * r.factor(0.03)),
  );

  // Diplômes – formation.
  const pop30p = pop - ages[0] - ages[1];
  const dip: [string, number][] = [
    ['0205', p0205],
    ['0610', p0610],
    ['1114', p1114],
    ['1517', p1517],
    ['1824', p1824],
    ['2529', p2529],
    ['30P', pop30p],
  ];
  const scolRate: Record<string, number> = {
    '0205': clamp(r.normal(0.71, 0.05), 0.5, 0.85),
    '0610': clamp(r.normal(0.985, 0.006), 0.95, 1),
    '1114': clamp(r.normal(0.99, 0.005), 0.96, 1),
    '1517': clamp(r.normal(0.955, 0.02), 0.85, 1),
    '1824': clamp(p.student * (later ? 1 : 0.96), 0.1, 0.92),
    '2529': clamp(0.035 + 0.1 * p.student + r.normal(0, 0.01), 0.01, 0.3),
    '30P': clamp(r.normal(0.008, 0.002), 0.001, 0.03),
  };
  let scol15p = 0;
  for (const [k, x] of dip) {
    set(`P_POP${k}`, x);
    const s = times(x, scolRate[k]);
    set(`P_SCOL${k}`, s);
    if (['1517', '1824', '2529', '30P'].includes(k)) scol15p += s;
  }
  const nscol = p1517 + p1824 + p2529 + pop30p - scol15p;
  set('P_NSCOL15P', nscol);
  const e = p.educ + (later ? 0 : -0.1);
  const levels = ['DIPLMIN', 'BEPC', 'CAPBEP', 'BAC', 'SUP2', 'SUP34', 'SUP5'];
  const levelW = [
    0.21 * (1 - 0.9 * e),
    0.055,
    0.245 * (1 - 0.4 * e),
    0.17,
    0.11 * (1 + 0.8 * e),
    0.1 * (1 + 1.1 * e),
    0.105 * (1 + 1.8 * e),
  ].map((w) => Math.max(0.005, w) * r.factor(0.05));
  const byLevel = split(nscol, levelW);
  const menShare = [0.44, 0.46, 0.56, 0.47, 0.45, 0.42, 0.5];
  let hn = 0;
  byLevel.forEach((x, i) => {
    set(`P_NSCOL15P_${levels[i]}`, x);
    const men = times(x, clamp(menShare[i] + r.normal(0, 0.015), 0.3, 0.7));
    set(`P_HNSCOL15P_${levels[i]}`, men);
    set(`P_FNSCOL15P_${levels[i]}`, x - men);
    hn += men;
  });
  set('P_HNSCOL15P', hn);
  set('P_FNSCOL15P', nscol - hn);

  // Emploi – population active.
  const pop1524 = p1517 + p1824;
  const pop2554 = p2529 + ages[2] + p4554;
  const pop5564 = p5559 + p6064;
  const pop1564 = pop1524 + pop2554 + pop5564;
  set('P_POP1564', pop1564);
  set('P_POP1524', pop1524);
  set('P_POP2554', pop2554);
  set('P_POP5564', pop5564);
  const h1564 = times(pop1564, clamp(r.normal(0.5, 0.01), 0.44, 0.56));
  set('P_H1564', h1564);
  set('P_F1564', pop1564 - h1564);
  // Young people neither employed nor in education (census approximation: 15-24 − pupils/students − employed)
  // drawn first, around 7 % as in the published census, higher where unemployment is; the employed are the rest.
  const u1524 = clamp(2.1 * p.unemp * (later ? 1 : 1.13), 0, 0.55);
  const scol1524 = (v.get('P_SCOL1517') ?? 0) + (v.get('P_SCOL1824') ?? 0);
  const neet = times(
    pop1524,
    clamp(0.018 + 0.5 * p.unemp * (later ? 1 : 1.1) - 0.02 * p.educ + r.normal(0, 0.01), 0.02, 0.2),
  );
  const occ1524 = Math.max(times(pop1524, 0.04), pop1524 - scol1524 - neet);
  const act1524 = Math.round(occ1524 / (1 - u1524));
  const act2554 = times(pop2554, clamp(r.normal(0.905, 0.015), 0.8, 0.97));
  const act5564 = times(pop5564, clamp(r.normal(later ? 0.63 : 0.56, 0.04), 0.4, 0.8));
  const u = p.unemp * (later ? 1 : 1.13);
  const chom1524 = act1524 - occ1524;
  const chom2554 = times(act2554, clamp(u * r.factor(0.05), 0, 0.4));
  const chom5564 = times(act5564, clamp(0.85 * u * r.factor(0.08), 0, 0.4));
  const act1564 = act1524 + act2554 + act5564;
  const chom1564 = chom1524 + chom2554 + chom5564;
  set('P_ACT1564', act1564);
  set('P_ACT1524', act1524);
  set('P_ACT2554', act2554);
  set('P_ACT5564', act5564);
  const hact = times(act1564, clamp(r.normal(0.522, 0.01), 0.45, 0.6));
  set('P_HACT1564', hact);
  set('P_FACT1564', act1564 - hact);
  set('P_ACTOCC1564', act1564 - chom1564);
  set('P_ACTOCC1524', act1524 - chom1524);
  set('P_ACTOCC2554', act2554 - chom2554);
  set('P_ACTOCC5564', act5564 - chom5564);
  const hchom = Math.min(hact, times(chom1564, clamp(r.normal(0.49, 0.03), 0.35, 0.65)));
  set('P_HACTOCC1564', hact - hchom);
  set('P_FACTOCC1564', act1564 - hact - (chom1564 - hchom));
  set('P_CHOM1564', chom1564);
  set('P_CHOM1524', chom1524);
  set('P_CHOM2554', chom2554);
  set('P_CHOM5564', chom5564);
  set('P_HCHOM1564', hchom);
  set('P_FCHOM1564', chom1564 - hchom);
  const inact = pop1564 - act1564;
  const scolActiveAge = (v.get('P_SCOL1517') ?? 0) + (v.get('P_SCOL1824') ?? 0) + (v.get('P_SCOL2529') ?? 0);
  const etud = Math.min(times(inact, 0.75), times(scolActiveAge, 0.9));
  const retr = Math.min(times(inact - etud, 0.62), times(pop5564, 0.4));
  set('P_INACT1564', inact);
  set('P_ETUD1564', etud);
  set('P_RETR1564', retr);
  set('P_AINACT1564', inact - etud - retr);

  const cAct = times(act1564, 1 + r.normal(0, 0.006));
  set('C_ACT1564', cAct);
  const cActCs = split(
    cAct,
    cs.map((s) => s * r.factor(0.03)),
  );
  const chomFactor = [0.25, 0.45, 0.4, 0.7, 1.25, 1.45];
  let cOcc = 0;
  cActCs.forEach((x, i) => {
    set(`C_ACT1564_CS${i + 1}`, x);
    const occ = x - times(x, clamp(u * chomFactor[i], 0, 0.6));
    set(`C_ACTOCC1564_CS${i + 1}`, occ);
    cOcc += occ;
  });
  set('C_ACTOCC1564', cOcc);

  const actocc15p = act1564 - chom1564 + times(ages[4] + ages[5], 0.035);
  set('P_ACTOCC15P', actocc15p);
  const nsal = times(actocc15p, p.nsal * (later ? 1.04 : 1));
  set('P_SAL15P', actocc15p - nsal);
  set('P_NSAL15P', nsal);
  const sal = split(
    actocc15p - nsal,
    [0.835, 0.095, 0.026 * (1 + p.indus * 2), 0.011, 0.033 * (later ? 1.35 : 1)].map((w) => w * r.factor(0.06)),
  );
  ['CDI', 'CDD', 'INTERIM', 'EMPAID', 'APPR'].forEach((k, i) => set(`P_SAL15P_${k}`, sal[i]));
  const ns = split(
    nsal,
    [0.62, 0.36, 0.02].map((w) => w * r.factor(0.08)),
  );
  ['INDEP', 'EMPLOY', 'AIDFAM'].forEach((k, i) => set(`P_NSAL15P_${k}`, ns[i]));
  return v;
}

/** Shares of the six socio-professional groups among the active population. */
function csShares(p: Profile, r: Rng, later: number): number[] {
  return [
    0.004 + p.agri * 0.5,
    0.065,
    clamp(0.13 + 0.22 * p.educ + 0.02 * later, 0.03, 0.45),
    0.265 + 0.03 * later,
    0.28,
    clamp(0.23 - 0.12 * p.educ + p.indus * 0.3, 0.05, 0.5),
  ].map((w) => w * r.factor(0.04));
}

/** Jobs at the place of work: per département, the employed residents times a ratio, spread by attractiveness. */
function addJobs(communes: Commune[], profiles: Map<string, Profile>, vars: Map<string, Vars>, year: CensusYear): void {
  for (const dep of DEPARTEMENTS) {
    const list = communes.filter((c) => c.dep === dep);
    const residents = list.reduce((s, c) => s + vars.get(`${c.code}:${year}`)!.get('P_ACTOCC15P')!, 0);
    const jobs = Math.round(residents * DEP_JOBS_RATIO[dep] * (year === 2021 ? 1 : 0.98));
    const weights = list.map((c) => vars.get(`${c.code}:${year}`)!.get('P_ACTOCC15P')! * profiles.get(c.code)!.attract);
    const parts = split(jobs, weights);
    list.forEach((c, i) => {
      const v = vars.get(`${c.code}:${year}`)!;
      const p = profiles.get(c.code)!;
      const r = new Rng(`emplois:${c.code}:${year}`);
      const emplt = parts[i];
      v.set('P_EMPLT', emplt);
      v.set('P_EMPLT_SAL', times(emplt, clamp(0.9 - 0.14 * (1 - p.urban) + r.normal(0, 0.02), 0.5, 0.98)));
      const cEmplt = times(emplt, 1 + r.normal(0, 0.006));
      v.set('C_EMPLT', cEmplt);
      // A commune's sector mix is its own (drawn once); between two censuses it drifts a little, along the
      // regional trends (industry down, services up), as published sector employment does.
      const mix = new Rng(`emplois-secteurs:${c.code}`);
      const trend = year === 2021 ? [0.96, 0.97, 1.03, 1.04, 1.05] : [1, 1, 1, 1, 1];
      const sectors = split(
        cEmplt,
        [p.agri * 1.6, p.indus, 0.075 * mix.factor(0.3), 0.46 + 0.12 * p.urban, 0.3 * mix.factor(0.2)].map((w, j) =>
          Math.max(0.001, w * trend[j] * r.factor(0.03)),
        ),
      );
      ['AGRI', 'INDUS', 'CONST', 'CTS', 'APESAS'].forEach((k, j) => v.set(`C_EMPLT_${k}`, sectors[j]));
    });
  }
}

export interface CensusData {
  vars: Map<string, Vars>;
  profiles: Map<string, Profile>;
}

export function buildCensus(ref: Reference): CensusData {
  const profiles = new Map(ref.communes.map((c) => [c.code, profileOf(c)]));
  const vars = new Map<string, Vars>();
  for (const year of CENSUS_YEARS) {
    for (const c of ref.communes) vars.set(`${c.code}:${year}`, censusVars(c, year, profiles.get(c.code)!));
    addJobs(ref.communes, profiles, vars, year);
  }
  return { vars, profiles };
}
