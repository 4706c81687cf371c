/** The rule catalogue, generated at build time from the rules' METADATA annotations. */
import { readFileSync } from 'node:fs';
import { CATALOGUE } from '../paths.js';

export type Severity = 'error' | 'warning' | 'info';

export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  family: string;
  rule: string;
  package: string;
  description: string;
  remediation: string;
  evidence: string | null;
  references: { url: string; description: string }[];
  /** The version-dependent facts the rule's claims rest on, each with its upstream source (METADATA custom.versions). */
  versions?: { fact: string; versions: string; source: string }[];
  file: string | null;
}

let cached: RuleInfo[] | undefined;
let cachedFleet: RuleInfo[] | undefined;

export function loadCatalogue(): RuleInfo[] {
  cached ??= (JSON.parse(readFileSync(CATALOGUE, 'utf8')) as { rules: RuleInfo[] }).rules;
  return cached;
}

/** The cross-cluster rules (policies/kubenetcheck/fleet/rules), judged by `fleet check` on the fleet facts document. */
export function loadFleetCatalogue(): RuleInfo[] {
  cachedFleet ??= (JSON.parse(readFileSync(CATALOGUE, 'utf8')) as { fleetRules?: RuleInfo[] }).fleetRules ?? [];
  return cachedFleet;
}

export function fleetRuleByPackage(family: string, rule: string): RuleInfo | undefined {
  return loadFleetCatalogue().find((r) => r.family === family && r.rule === rule);
}

export function ruleByPackage(family: string, rule: string): RuleInfo | undefined {
  return loadCatalogue().find((r) => r.family === family && r.rule === rule);
}

export function ruleById(id: string): RuleInfo | undefined {
  const want = id.toUpperCase();
  return loadCatalogue().find((r) => r.id.toUpperCase() === want) ?? loadFleetCatalogue().find((r) => r.id.toUpperCase() === want);
}
