// Public API of the methodology (contract: README.md, types.ts).
export { INDICATORS, DOMAINES, indicatorById, periodeLibelle, type IndicatorRecord } from './indicators.ts';
export {
  listBassins,
  diagnose,
  indicatorValues,
  compare,
  computeAll,
  indicatorDefinitions,
  findBassin,
  findIndicator,
  type ApiOptions,
} from './api.ts';
export { methodologyMarkdown } from './document.ts';
export { UnknownNameError } from './errors.ts';
export { VERDICT_RULE, verdictOf, verdictRuleText, explain } from './verdict.ts';
export { readCatalogue, proposeActions } from './actions.ts';
export { computedState, clearCache, type ComputedState } from './compute.ts';
export type * from './types.ts';
