// The official list of communes (COG) as shipped by @etalab/decoupage-administratif: the reference a
// zoning is checked against.
import { createRequire } from 'node:module';
import { ACADEMIE } from './academie.ts';

const require = createRequire(import.meta.url);

export interface CogCommune {
  code: string;
  nom: string;
  departement: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  /** For a commune déléguée or associée: the code of the commune it belongs to. */
  chefLieu?: string;
  population?: number;
}

let all: CogCommune[] | undefined;

/** Every entry of the COG (current communes, delegated and associated communes, municipal districts). */
export function cogEntries(): CogCommune[] {
  all ??= require('@etalab/decoupage-administratif/data/communes.json') as CogCommune[];
  return all;
}

/** Current communes (type « commune-actuelle ») of the given départements (default: the académie's). */
export function cogCommunes(departements: readonly string[] = ACADEMIE.departements): CogCommune[] {
  const wanted = new Set(departements);
  return cogEntries().filter((c) => c.type === 'commune-actuelle' && wanted.has(c.departement));
}
