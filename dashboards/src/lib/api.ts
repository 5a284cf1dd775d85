// Everything the pages read comes from the API as the methodology's plain objects (types shared with the server).
import type {
  Bassin,
  Diagnostic,
  IndicatorDefinition,
  Libelles,
  TerritoryValue,
} from '../../../src/methodology/types.ts';
import type {
  ActionsConcretesResult,
  EmployeursResult,
  EtablissementsResult,
  MetiersResult,
} from '../../../src/methodology/lists/types.ts';
import { registerUnits } from './format.ts';
import { apiUrl, staticSite } from './site.ts';

export type {
  Bassin,
  Diagnostic,
  DiagnosticLine,
  IndicatorDefinition,
  TerritoryValue,
  Verdict,
  Domaine,
  Libelles,
  DepartementLabel,
} from '../../../src/methodology/types.ts';
export type {
  ActionsConcretesResult,
  EmployeursResult,
  EtablissementLigne,
  EtablissementsResult,
  MetierLigne,
  MetiersResult,
} from '../../../src/methodology/lists/types.ts';

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const cache = new Map<string, Promise<unknown>>();

/** GET a JSON resource of the API (memoised for the life of the page: the data do not change while it is open). */
export function getJSON<T>(path: string): Promise<T> {
  let hit = cache.get(path);
  if (!hit) {
    hit = fetch(apiUrl(path), { headers: { Accept: 'application/json' } }).then(async (response) => {
      if (!response.ok && staticSite())
        throw new ApiError(
          response.status,
          `Cette vue n'est pas publiée dans ce site statique (fichier ${apiUrl(path)} absent). ` +
            'Le site est construit par « clee build » : demandez à la personne qui le publie de le reconstruire.',
        );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { erreur?: string } | null;
        throw new ApiError(response.status, body?.erreur ?? `Erreur ${response.status} sur ${path}`);
      }
      return response.json();
    });
    hit.catch(() => cache.delete(path));
    cache.set(path, hit);
  }
  return hit as Promise<T>;
}

export const api = {
  bassins: () => getJSON<Bassin[]>('/api/bassins'),
  indicateurs: () =>
    getJSON<Indicator[]>('/api/indicateurs').then((list) => {
      registerUnits(list);
      return list;
    }),
  diagnostic: (id: string, annee?: number) =>
    getJSON<Diagnostic>(`/api/bassins/${encodeURIComponent(id)}/diagnostic${annee ? `?annee=${annee}` : ''}`),
  valeurs: (
    indicateur: string,
    params: { niveau: 'bassin' | 'departement' | 'academie'; annee?: number; departement?: string },
  ) => {
    const query = new URLSearchParams({ niveau: params.niveau });
    if (params.annee) query.set('annee', String(params.annee));
    if (params.departement) query.set('departement', params.departement);
    return getJSON<TerritoryValue[]>(`/api/indicateurs/${encodeURIComponent(indicateur)}/valeurs?${query}`);
  },
  comparaison: (params: { departement?: string; indicateur?: string; annee?: number } = {}) => {
    const query = new URLSearchParams();
    if (params.departement) query.set('departement', params.departement);
    if (params.indicateur) query.set('indicateur', params.indicateur);
    if (params.annee) query.set('annee', String(params.annee));
    const q = query.toString();
    return getJSON<{ reference: TerritoryValue[]; bassins: TerritoryValue[] }>(`/api/comparaison${q ? `?${q}` : ''}`);
  },
  methodologie: () => getJSON<{ document: string; indicateurs: Indicator[] }>('/api/methodologie'),
  contours: () => getJSON<Contours>('/api/contours'),
  actionsConcretes: (id: string) => getJSON<ActionsConcretesResult>(`/api/bassins/${encodeURIComponent(id)}/actions`),
  /** The métiers of a département, or of the académie without one (the seminar). */
  metiersTerritoire: (departement?: string) => getJSON<MetiersResult>(`/api/metiers${listQuery({ departement })}`),
  metiers: (id: string) => getJSON<MetiersResult>(`/api/bassins/${encodeURIComponent(id)}/metiers`),
  etablissements: (id: string) =>
    getJSON<EtablissementsResult>(`/api/bassins/${encodeURIComponent(id)}/etablissements`),
  /** `limite`: only the first N employers in the list (the counts stay those of the whole area). */
  employeurs: (
    id: string,
    query: { etablissement?: string; rayon?: number; secteur?: string; salaries_min?: number; limite?: number } = {},
  ) => getJSON<EmployeursResult>(`/api/bassins/${encodeURIComponent(id)}/employeurs${listQuery(query)}`),
  libelles: () => getJSON<Libelles>('/api/libelles'),
};

/** `?a=1&b=2` from the defined values (empty string when none). */
export function listQuery(query: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** A registry record as the API sends it: the methodology's definition with its periods, never its SQL. */
export type Indicator = IndicatorDefinition;

export interface Tile {
  id: string;
  nom: string;
  departement: string;
  col: number;
  row: number;
}
export type Contours = { type: 'outlines'; geojson: GeoJSON.FeatureCollection } | { type: 'tiles'; tiles: Tile[] };
