// The five départements of the académie and the commune record every generator section shares.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The real communes of France (all types: current, delegated, associated, arrondissements). */
export const etalabCommunes = () => require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
export const etalabEpcis = () => require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  arrondissement?: string;
  typeLiaison?: number;
  codesPostaux?: string[];
  population?: number;
  chefLieu?: string;
}
export interface RawEpci {
  code: string;
  nom: string;
  membres: { code: string; nom: string }[];
}

export const DEPARTEMENTS = ['07', '26', '38', '73', '74'] as const;
export type Dep = (typeof DEPARTEMENTS)[number];

export const DEP_NAMES: Record<Dep, string> = {
  '07': 'Ardèche',
  '26': 'Drôme',
  '38': 'Isère',
  '73': 'Savoie',
  '74': 'Haute-Savoie',
};
export const REGION = { code: '84', nom: 'Auvergne-Rhône-Alpes' };
export const ACADEMIE = { code: '08', nom: 'Grenoble' };

export interface Commune {
  code: string;
  nom: string;
  dep: Dep;
  pop: number;
  postal: string;
  epci: string;
  arrondissement: string;
  typeLiaison: number;
  bassin: string;
  ze: string;
  bmo: string;
  lat: number;
  lon: number;
}
