/** The policy engine's public surface: pure functions over policy packs, claims and accumulators. */
export * from './policy-pack';
export * from './settlement.types';
export * from './policy-functions';
export { settle } from './settlement';
export { emptyAccumulators } from './accumulators';
export { formatTrace } from '../explanation/render-explanation';
export { decideSubsidy } from './subsidy';
export { evaluateMonitoring } from './monitoring';
export { decideOneTimeAssistance } from './one-time-assistance';
export { selectRevision } from './revision-selection';
export { referenceDateOf } from './claim-facts';
export { applyAliases, orderCategories } from './categories';
