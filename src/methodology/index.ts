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
} from './api.ts';
export { resolveBassin, resolveIndicator } from './lookup.ts';
export { methodologyMarkdown } from './document.ts';
export { libelles, VERDICTS } from './labels.ts';
export { UnknownNameError } from './errors.ts';
export { VERDICT_RULE, verdictOf, explain } from './verdict.ts';
export { readCatalogue, proposeActions } from './actions.ts';
export { computedState, clearCache } from './compute.ts';
export type * from './types.ts';
export { bassinScope, departementScope, academieScope, scopeLabel, type ListScope } from './lists/scope.ts';
export { metiersOf } from './lists/metiers.ts';
export { actionsConcretes } from './lists/actions-concretes.ts';
export type * from './lists/types.ts';
export {
  etablissementsOf,
  TYPE_ORDER as TYPES_ETABLISSEMENT,
} from './lists/etablissements.ts';
export {
  employeursOf,
  RAYON_DEFAUT_KM,
  RAYON_MAX_KM,
} from './lists/employeurs.ts';
