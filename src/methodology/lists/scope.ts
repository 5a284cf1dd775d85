// The territory a list is drawn for: a basin of the loaded zoning (its communes), a département or the académie.
// Lists read the raw tables directly (parameterised), never the temporary tables of another zoning.
import { type DuckDBListValue, listValue } from '@duckdb/node-api';
import type { Database } from '../../db/database.ts';
import { ACADEMIE, departementNom, departementSql } from '../../territory/academie.ts';
import type { Zonage } from '../../territory/bassin-level.ts';
import { activeRows } from '../../ingest/provenance.ts';
import { findBassin } from '../api.ts';
import { computedState } from '../compute.ts';
import { UnknownNameError } from '../errors.ts';
import type { ScopeNiveau } from './types.ts';

export interface ListScope {
  niveau: ScopeNiveau;
  code: string;
  nom: string;
  departement: string | null;
  zonage: Zonage;
}

interface ScopeOptions {
  zonage?: Zonage;
}

/** A basin (id or name) of the académie, as the diagnostic finds it. */
export async function bassinScope(db: Database, input: string, options: ScopeOptions = {}): Promise<ListScope> {
  const state = await computedState(db, options);
  const b = findBassin(state, input);
  return { niveau: 'bassin', code: b.id, nom: b.nom, departement: b.departement, zonage: state.zonage };
}

export function departementScope(code: string): ListScope {
  if (!ACADEMIE.departements.includes(code))
    throw new UnknownNameError(
      'departement',
      code,
      ACADEMIE.departements.map((d) => `${d} (${departementNom(d)})`),
    );
  return { niveau: 'departement', code, nom: departementNom(code), departement: code, zonage: 'clee' };
}

export function academieScope(): ListScope {
  return { niveau: 'academie', code: ACADEMIE.code, nom: ACADEMIE.nom, departement: null, zonage: 'clee' };
}

/**
 * SQL selecting the communes (column codgeo) of the scope; parameters $scope_code and $scope_deps.
 * A basin: its communes in the zoning (bassin_commune, or commune_ze for the zones d'emploi).
 */
export function scopeCommunesSql(scope: ListScope): string {
  if (scope.niveau === 'bassin') {
    return scope.zonage === 'ze2020'
      ? `SELECT DISTINCT codgeo FROM commune_ze WHERE ${activeRows()} AND ze2020 = $scope_code`
      : `SELECT DISTINCT code_commune AS codgeo FROM bassin_commune WHERE ${activeRows()} AND bassin_id = $scope_code`;
  }
  // Départements and the académie: every commune known to the zoning, the census or the annuaire.
  return `SELECT DISTINCT codgeo FROM (
      SELECT code_commune AS codgeo FROM bassin_commune WHERE ${activeRows()}
      UNION ALL SELECT codgeo FROM rp_population WHERE ${activeRows()}
      UNION ALL SELECT code_commune FROM annuaire_education WHERE ${activeRows()}
      UNION ALL SELECT code_commune FROM sirene_etablissement WHERE ${activeRows()}
    ) WHERE codgeo IS NOT NULL AND list_contains($scope_deps, ${departementSql('codgeo')})`;
}

export function scopeParams(scope: ListScope): { scope_code: string; scope_deps: DuckDBListValue } {
  return {
    scope_code: scope.code,
    scope_deps: listValue(scope.niveau === 'departement' ? [scope.code] : [...ACADEMIE.departements]),
  };
}

export function scopeLabel(scope: ListScope): string {
  return scope.niveau === 'bassin'
    ? `bassin ${scope.nom} (${scope.code})`
    : scope.niveau === 'departement'
      ? `département ${scope.nom} (${scope.code})`
      : scope.nom;
}
