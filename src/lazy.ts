/**
 * Dependencies loaded on first use rather than at start-up: a cold `check` of a
 * runbook never parses YAML, and loading the yaml package (some 80 modules)
 * cost a third of such a run (docs/benchmarks.md). Import types statically
 * (`import type`) and values through these.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let yamlModule: typeof import('yaml') | undefined;

/** The yaml package, loaded the first time a YAML or JSON object is parsed. */
export function yaml(): typeof import('yaml') {
  return (yamlModule ??= require('yaml') as typeof import('yaml'));
}
