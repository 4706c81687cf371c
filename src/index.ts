/**
 * Library API: the same pipeline the CLI runs.
 *
 *   import { check } from 'kube-netcheck';
 *   const report = check(['evidence/'], { failOn: 'error' });
 */
export { check, collectFacts, evaluate, type CheckOptions, type FactsResult, type Params } from './check.js';
export { InputError, UsageError } from './errors.js';
export { readEvidence, DEFAULT_MAX_FILE_BYTES, type Evidence, type ReadOptions } from './evidence/read.js';
export { PARSERS } from './evidence/registry.js';
export type { Claim, Diagnostic, Observation, Parser, ParseResult } from './evidence/types.js';
export { normalise } from './facts/normalise.js';
export type { Facts, Network } from './facts/types.js';
export { loadCatalogue, type RuleInfo, type Severity } from './policy/catalogue.js';
export type { Finding, Location } from './policy/findings.js';
export { renderJSON } from './report/json.js';
export { renderText } from './report/text.js';
export { exitCode, type BaselineState, type ChangeFindings, type FailOn, type Report, type Summary } from './report/model.js';
export { validateFacts } from './schema/validate.js';
export { evaluateMerged, type MergeOptions } from './check.js';
