// Public API of the methodology (contract: README.md, types.ts).
export { INDICATORS, DOMAINES, indicatorById, periodeLibelle, type IndicatorRecord } from './indicators.ts';
export {
  listBassins,
  diagnose,
  indicatorValues,
  compare,
  computeAll,
  indicatorDefinitions,
  publicDefinitions,
  type PublicIndicator,
  findBassin,
  findIndicator,
  type ApiOptions,
} from './api.ts';
export { resolveBassin, resolveIndicator } from './lookup.ts';
export { methodologyMarkdown } from './document.ts';
export { libelles, verdictLibelle, VERDICTS, NATURES, POLARITES } from './labels.ts';
export { UnknownNameError } from './errors.ts';
export { VERDICT_RULE, verdictOf, verdictRuleText, explain } from './verdict.ts';
export { readCatalogue, proposeActions } from './actions.ts';
export { computedState, clearCache, type ComputedState } from './compute.ts';
export type * from './types.ts';
export { basinScope, departementScope, academieScope, scopeLabel, type ListScope } from './lists/scope.ts';
export { metiersOf, SEUIL_PETIT_NOMBRE_BMO, type MetiersResult, type MetierLigne } from './lists/metiers.ts';
export {
  etablissementsOf,
  TYPE_ORDER as TYPES_ETABLISSEMENT,
  type EtablissementsResult,
  type EtablissementLigne,
} from './lists/etablissements.ts';
export {
  employeursOf,
  RAYONS_KM,
  RAYON_DEFAUT_KM,
  RAYON_MAX_KM,
  TRANCHES,
  type EmployeursResult,
  type EmployeurLigne,
} from './lists/employeurs.ts';
