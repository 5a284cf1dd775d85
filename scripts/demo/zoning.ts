// Zonings: the default CLEE bassins, the zones d'emploi, the bassins BMO and the EPCI → zonings table.
import type { Dep } from './geography.ts';
import { readTable } from './data.ts';

interface Bassin {
  id: string;
  nom: string;
  dep: Dep;
  code: string;
}

/** Default CLEE zoning: 17 bassins, as many as the académie's bassins de formation; each within one département. */
export const BASSINS: Bassin[] = readTable('bassins.csv').map((b, i) => ({
  id: b.id,
  nom: b.nom,
  dep: b.departement as Dep,
  code: `08${String(i + 1).padStart(3, '0')}`,
}));

/** Bassin of a commune whose EPCI has no bassin for its département (EPCI straddling a border). */
export const BASSIN_FALLBACK: Record<Dep, string> = {
  '07': '07-centre-ardeche',
  '26': '26-valence-royans',
  '38': '38-grenoble',
  '73': '73-chambery',
  '74': '74-genevois-arve',
};

/** Simulated zones d'emploi (named after their main town; the real ZE2020 codes differ). */
export const ZONES_EMPLOI: Record<string, { nom: string; siege: string }> = Object.fromEntries(
  readTable('zones-emploi.csv').map((z) => [z.code, { nom: z.nom, siege: z.siege }]),
);

/** France Travail's bassins BMO of the five départements: real codes and names (BMO 2025), simulated composition. */
export const BASSINS_BMO: Record<string, string> = Object.fromEntries(
  readTable('bassins-bmo.csv').map((b) => [b.code, b.nom]),
);

/**
 * One row per EPCI touching the five départements: a piece of its name (matched exactly once),
 * the CLEE bassin (or one per département when the EPCI straddles a border), the zone d'emploi, the bassin BMO.
 */
export const EPCI_TABLE: [
  pattern: string,
  bassin: string | Partial<Record<Dep, string>>,
  ze: string,
  bmo: string | Partial<Record<Dep, string>>,
][] = readTable('epci.csv').map((e) => [e.epci, perDep(e.bassin), e.zone_emploi, perDep(e.bassin_bmo)]);

/** « 38:a 73:b » → {38: a, 73: b}; a plain value stays as it is. */
function perDep(cell: string): string | Partial<Record<Dep, string>> {
  return cell.includes(':')
    ? Object.fromEntries(cell.split(' ').map((part) => part.split(':') as [Dep, string]))
    : cell;
}

/** The Romans-sur-Isère side of CA Valence Romans Agglo: Drôme des collines, zone d'emploi and bassin BMO of Romans. */
export const ROMANS_SIDE = readTable('romans.csv').map((c) => c.code_commune);
