// France Travail BMO survey files.
import type { Cell } from './csv.ts';
import { DEPARTEMENTS, DEP_NAMES, REGION } from './geography.ts';
import { Rng } from './random.ts';
import type { Reference } from './reference.ts';
import { clamp } from './units.ts';
import { BASSINS_BMO } from './zoning.ts';
import { readTable } from './data.ts';

/** BMO occupations: code, label, family, projects per 1 000 inhabitants, share judged difficult, share seasonal. */
const METIERS: [code: string, nom: string, famille: string, rate: number, difficult: number, seasonal: number][] =
  readTable('metiers-bmo.csv').map((m) => [
    m.code,
    m.nom,
    m.famille,
    Number(m.projets_pour_1000),
    Number(m.part_difficile),
    Number(m.part_saisonniere),
  ]);
const FAMILLES: Record<string, string> = Object.fromEntries(readTable('familles-bmo.csv').map((f) => [f.code, f.nom]));
// Real bassin BMO codes (bassins-bmo.csv): mountain and lake resorts; farming valleys; engineering hubs.
const TOURIST_BMO = new Set(['8410', '8409', '8408', '8405', '8420']);
const FARM_BMO = new Set(['8420', '8436', '8435', '8421', '8419', '8431']);
const INDUSTRY_BMO = new Set(['8412', '8407']);

export function bmoFile(ref: Reference, year: 2024 | 2025) {
  const yy = String(year).slice(2);
  const header = [
    'annee',
    'Code métier BMO',
    'Nom métier BMO',
    'Famille_met',
    'Lbl_fam_met',
    'REG',
    'NOM_REG',
    'Dept',
    'NomDept',
    `BE${yy}`,
    `NOMBE${yy}`,
    'met',
    'xmet',
    'smet',
  ];
  const rows: Cell[][] = [];
  for (const be of Object.keys(BASSINS_BMO)) {
    for (const dep of DEPARTEMENTS) {
      const pop = ref.communes.filter((c) => c.bmo === be && c.dep === dep).reduce((s, c) => s + c.pop, 0);
      if (pop === 0) continue; // a bassin spanning two départements appears once per département
      for (const [code, nom, fam, rate, difficult, seasonal] of METIERS) {
        const r = new Rng(`bmo:${year}:${be}:${dep}:${code}`);
        let boost = 1;
        if (TOURIST_BMO.has(be) && (fam === 'V' || code === 'S3Z20')) boost *= seasonal > 0.5 ? 3.2 : 1.5;
        if (FARM_BMO.has(be) && fam === 'A') boost *= 2.5;
        if (INDUSTRY_BMO.has(be) && fam === 'E') boost *= 2.2;
        const expected = (pop / 1000) * rate * boost * r.factor(0.3) * (year === 2025 ? 0.94 : 1);
        if (expected < 1.5) continue; // no project declared: no row
        const met = Math.round(expected);
        const xmet = Math.min(met, Math.round(met * clamp(difficult + r.normal(0, 0.08), 0, 1)));
        const smet = Math.min(
          met,
          Math.round(met * clamp(seasonal * (TOURIST_BMO.has(be) ? 1.1 : 0.9) + r.normal(0, 0.06), 0, 1)),
        );
        const secretAll = met < 6;
        const secretParts = !secretAll && met < 25 && r.chance(0.4);
        rows.push([
          year,
          code,
          nom,
          fam,
          FAMILLES[fam],
          REGION.code,
          REGION.nom,
          dep,
          DEP_NAMES[dep],
          be,
          BASSINS_BMO[be],
          secretAll ? '*' : met,
          secretAll || secretParts ? '*' : xmet,
          secretAll || secretParts ? '*' : smet,
        ]);
      }
    }
  }
  return { header, rows };
}
