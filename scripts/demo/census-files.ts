// Census files: the three « bases communales » in their published column layouts.
import { CENSUS_YEARS, type CensusData, type CensusYear } from './census-model.ts';
import type { Commune } from './geography.ts';
import { Rng } from './random.ts';
import type { Reference } from './reference.ts';
import { U, fmtUnits } from './units.ts';

export const EVOL_VARS = [
  'P_POP',
  'P_POP0014',
  'P_POP1529',
  'P_POP3044',
  'P_POP4559',
  'P_POP6074',
  'P_POP7589',
  'P_POP90P',
  'P_POPH',
  'P_H0014',
  'P_H1529',
  'P_H3044',
  'P_H4559',
  'P_H6074',
  'P_H7589',
  'P_H90P',
  'P_POPF',
  'P_F0014',
  'P_F1529',
  'P_F3044',
  'P_F4559',
  'P_F6074',
  'P_F7589',
  'P_F90P',
  'P_POP15P',
  'P_POP15P_MARIEE',
  'P_POP15P_PACSEE',
  'P_POP15P_CONCUB_UNION_LIBRE',
  'P_POP15P_VEUFS',
  'P_POP15P_DIVORCEE',
  'P_POP15P_CELIBATAIRE',
  'C_POP15P',
  'C_POP15P_CS1',
  'C_POP15P_CS2',
  'C_POP15P_CS3',
  'C_POP15P_CS4',
  'C_POP15P_CS5',
  'C_POP15P_CS6',
  'C_POP15P_CS7',
  'C_POP15P_CS8',
];
export const DIPLOMES_VARS = [
  'P_POP0205',
  'P_POP0610',
  'P_POP1114',
  'P_POP1517',
  'P_POP1824',
  'P_POP2529',
  'P_POP30P',
  'P_SCOL0205',
  'P_SCOL0610',
  'P_SCOL1114',
  'P_SCOL1517',
  'P_SCOL1824',
  'P_SCOL2529',
  'P_SCOL30P',
  'P_NSCOL15P',
  'P_NSCOL15P_DIPLMIN',
  'P_NSCOL15P_BEPC',
  'P_NSCOL15P_CAPBEP',
  'P_NSCOL15P_BAC',
  'P_NSCOL15P_SUP2',
  'P_NSCOL15P_SUP34',
  'P_NSCOL15P_SUP5',
  'P_HNSCOL15P',
  'P_HNSCOL15P_DIPLMIN',
  'P_HNSCOL15P_BEPC',
  'P_HNSCOL15P_CAPBEP',
  'P_HNSCOL15P_BAC',
  'P_HNSCOL15P_SUP2',
  'P_HNSCOL15P_SUP34',
  'P_HNSCOL15P_SUP5',
  'P_FNSCOL15P',
  'P_FNSCOL15P_DIPLMIN',
  'P_FNSCOL15P_BEPC',
  'P_FNSCOL15P_CAPBEP',
  'P_FNSCOL15P_BAC',
  'P_FNSCOL15P_SUP2',
  'P_FNSCOL15P_SUP34',
  'P_FNSCOL15P_SUP5',
];
export const EMPLOI_VARS = [
  'P_POP1564',
  'P_POP1524',
  'P_POP2554',
  'P_POP5564',
  'P_H1564',
  'P_F1564',
  'P_ACT1564',
  'P_ACT1524',
  'P_ACT2554',
  'P_ACT5564',
  'P_HACT1564',
  'P_FACT1564',
  'P_ACTOCC1564',
  'P_ACTOCC1524',
  'P_ACTOCC2554',
  'P_ACTOCC5564',
  'P_HACTOCC1564',
  'P_FACTOCC1564',
  'P_CHOM1564',
  'P_CHOM1524',
  'P_CHOM2554',
  'P_CHOM5564',
  'P_HCHOM1564',
  'P_FCHOM1564',
  'P_INACT1564',
  'P_ETUD1564',
  'P_RETR1564',
  'P_AINACT1564',
  'C_ACT1564',
  'C_ACT1564_CS1',
  'C_ACT1564_CS2',
  'C_ACT1564_CS3',
  'C_ACT1564_CS4',
  'C_ACT1564_CS5',
  'C_ACT1564_CS6',
  'C_ACTOCC1564',
  'C_ACTOCC1564_CS1',
  'C_ACTOCC1564_CS2',
  'C_ACTOCC1564_CS3',
  'C_ACTOCC1564_CS4',
  'C_ACTOCC1564_CS5',
  'C_ACTOCC1564_CS6',
  'P_ACTOCC15P',
  'P_SAL15P',
  'P_NSAL15P',
  'P_SAL15P_CDI',
  'P_SAL15P_CDD',
  'P_SAL15P_INTERIM',
  'P_SAL15P_EMPAID',
  'P_SAL15P_APPR',
  'P_NSAL15P_INDEP',
  'P_NSAL15P_EMPLOY',
  'P_NSAL15P_AIDFAM',
  'P_EMPLT',
  'P_EMPLT_SAL',
  'C_EMPLT',
  'C_EMPLT_AGRI',
  'C_EMPLT_INDUS',
  'C_EMPLT_CONST',
  'C_EMPLT_CTS',
  'C_EMPLT_APESAS',
];

/** `P_POP1564` + 2021 → `P21_POP1564`. */
const censusHeader = (key: string, year: CensusYear) => `${key[0]}${String(year).slice(2)}_${key.slice(2)}`;

export function censusFile(
  ref: Reference,
  census: CensusData,
  keys: string[],
  decimal: '.' | ',',
  secret?: (c: Commune, year: CensusYear, key: string) => boolean,
) {
  const years = [...CENSUS_YEARS].reverse(); // latest census first, as INSEE writes it
  const header = ['CODGEO', 'LIBGEO', ...years.flatMap((y) => keys.map((k) => censusHeader(k, y)))];
  const rows = ref.communes.map((c) => [
    c.code,
    c.nom,
    ...years.flatMap((y) =>
      keys.map((k) => {
        if (secret?.(c, y, k)) return 's';
        const value = census.vars.get(`${c.code}:${y}`)!.get(k);
        if (value === undefined) throw new Error(`variable ${k} absente (${c.code}, ${y})`);
        return k === 'P_POP' ? String(value / U) : fmtUnits(value, decimal);
      }),
    ),
  ]);
  return { header, rows };
}

/** A few very small communes have their jobs-by-sector cells under the secret marker `s`. */
export function secretCommunes(ref: Reference): Set<string> {
  const tiny = ref.communes.filter((c) => c.pop < 60);
  const r = new Rng('secret-emplois');
  return new Set(tiny.filter(() => r.chance(0.3)).map((c) => c.code));
}
