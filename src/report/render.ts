/**
 * What the output formats share: their options, the rule metadata behind a
 * finding (the policy catalogue plus the waiver notices), and how a location
 * is named for a consumer that needs a path relative to the working directory.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { loadCatalogue, type RuleInfo } from '../policy/catalogue.js';
import type { Location } from '../policy/findings.js';
import { isApiObject, type Report, type ReportFinding } from './model.js';
import { WAIVER_RULES } from './waivers.js';

export interface RenderOptions {
  /** ANSI colour (text only). */
  colour?: boolean;
  /** List skipped inputs and every diagnostic (text only). */
  verbose?: boolean;
  /** The directory paths are made relative to; default process.cwd(). */
  cwd?: string;
  /** kube-netcheck's version, for formats that name the tool. */
  version?: string;
  /** The rules formats describe (SARIF rules, JUnit suites); default allRules(). */
  rules?: readonly RuleInfo[];
}

/** Every rule a report can name: the built-in catalogue, then the waiver notices. */
export function allRules(): RuleInfo[] {
  return [...loadCatalogue(), ...WAIVER_RULES];
}

/**
 * allRules(), then one rule for each custom policy rule (--policy) with
 * findings: its id, title and severity from the finding, its source file.
 */
export function reportRules(report: Pick<Report, 'findings'>): RuleInfo[] {
  const rules = allRules();
  for (const f of report.findings) {
    if (!f.policy || rules.some((r) => r.id === f.id)) continue;
    const at = `${f.policy.file}${f.policy.line ? `:${f.policy.line}` : ''}`;
    rules.push({
      id: f.id,
      title: f.title,
      severity: f.ruleSeverity,
      family: 'custom',
      rule: f.policy.rule,
      package: `data.${f.policy.rule.slice(0, f.policy.rule.lastIndexOf('.'))}`,
      description: `Custom policy rule ${f.policy.rule} (${at}).`,
      remediation: f.remediation || `See the policy at ${at}.`,
      evidence: null,
      references: [],
      file: f.policy.file,
    });
  }
  return rules;
}

export function ruleOf(f: Pick<ReportFinding, 'id'>): RuleInfo | undefined {
  return allRules().find((r) => r.id === f.id);
}

/** A file location's path relative to cwd with `/` separators; API objects and stdin are returned as they are. */
export function displayPath(loc: Pick<Location, 'file' | 'line'>, cwd: string): string {
  if (!isFile(loc)) return loc.file;
  const rel = isAbsolute(loc.file) ? relative(cwd, loc.file) : loc.file;
  return rel.split(sep).join('/');
}

/** A location in a file one can open (not an API object, not stdin). */
export function isFile(loc: Pick<Location, 'file' | 'line'>): boolean {
  return loc.file !== '-' && !isApiObject(loc);
}

/** `file:line`, `file`, or for live evidence `live object v1/Node/node01`. */
export function where(loc: Pick<Location, 'file' | 'line'>, cwd: string): string {
  if (loc.file === '-') return `stdin${loc.line ? `:${loc.line}` : ''}`;
  if (isApiObject(loc)) return `live object ${loc.file}`;
  return `${displayPath(loc, cwd)}${loc.line ? `:${loc.line}` : ''}`;
}

/** The gate's headline word. */
export function verdictWord(report: Pick<Report, 'failOn' | 'passed'>): 'PASSED' | 'FAILED' | 'NOT GATING' {
  if (report.failOn === 'never') return 'NOT GATING';
  return report.passed ? 'PASSED' : 'FAILED';
}

/** Evidence files the run read (not skipped ones). */
export function evidenceFiles(report: Report): number {
  return report.files.filter((f) => f.kind !== null).length;
}
