// The territorial levels: commune → bassin → département → académie (the 5 départements) → France.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const ACADEMIE = {
  code: 'grenoble',
  nom: 'Académie de Grenoble',
  departements: ['07', '26', '38', '73', '74'] as readonly string[],
} as const;

/** Code of the France reference (all communes present in the data). */
export const FRANCE_CODE = 'FR';

interface CogDepartement {
  code: string;
  nom: string;
  region: string;
}

let departements: Map<string, CogDepartement> | undefined;

/** Départements of the COG shipped by @etalab/decoupage-administratif. */
function cogDepartements(): Map<string, CogDepartement> {
  if (!departements) {
    const list = require('@etalab/decoupage-administratif/data/departements.json') as CogDepartement[];
    departements = new Map(list.map((d) => [d.code, d]));
  }
  return departements;
}

export function departementNom(code: string): string {
  return cogDepartements().get(code)?.nom ?? `Département ${code}`;
}

/** Département of a commune code: 3 characters overseas (971…976), else 2 (01…95, 2A, 2B). */
export function departementOf(codeCommune: string): string {
  return codeCommune.startsWith('97') ? codeCommune.slice(0, 3) : codeCommune.slice(0, 2);
}

/** The same rule as SQL over a column of commune codes (the argument is our own column name). */
export function departementSql(column: string): string {
  return `CASE WHEN ${column} LIKE '97%' THEN left(${column}, 3) ELSE left(${column}, 2) END`;
}
