/**
 * Waivers: known risks a team accepts explicitly and temporarily. A YAML file
 * (schemas/waivers.schema.json) names a rule, optionally narrows it to some of
 * its findings, and says why, who, and until when. Applying waivers judges
 * nothing about the cluster: it marks findings the policy already made as
 * accepted, and reports the waiver file's own problems (an expired waiver, a
 * waiver that matches nothing) as findings of rules KN991 and KN992 (KN99x
 * is reserved for kube-netcheck's notices about its own inputs).
 */
import type { Node as YamlNode } from 'yaml';
import { yaml } from '../lazy.js';
import { InputError } from '../errors.js';
import { parseCIDR } from '../facts/address.js';
import type { Facts } from '../facts/types.js';
import type { RuleInfo } from '../policy/catalogue.js';
import { sortFindings } from '../policy/findings.js';
import { waiverErrors } from '../schema/validate.js';
import type { ReportFinding, Waived } from './model.js';

export interface WaiverMatch {
  message?: string;
  messageRegex?: string;
  fact?: string;
  cidr?: string;
}

export interface Waiver {
  rule: string;
  match?: WaiverMatch;
  reason: string;
  owner: string;
  expires: string;
  /** Where the entry starts in the waiver file. */
  file: string;
  line: number;
  excerpt: string;
  regex?: RegExp;
}

/** The waiver file's own notices, as rules so that every format (SARIF too) can describe them. */
export const WAIVER_RULES: readonly RuleInfo[] = [
  {
    id: 'KN991',
    title: 'A waiver has expired',
    severity: 'warning',
    family: 'waivers',
    rule: 'expired',
    package: 'kube-netcheck waivers',
    description:
      'A waiver accepts a known risk only until its expiry date. After that day it no longer applies: the findings it\naccepted count again, and the waiver itself is reported so that someone decides again.',
    remediation:
      'Fix what the waiver accepted, or, if the risk is still accepted, renew the waiver with a new\n`expires` date and a reason that says why; otherwise delete the entry.',
    evidence: null,
    references: [],
    file: null,
  },
  {
    id: 'KN992',
    title: 'A waiver matches no finding',
    severity: 'warning',
    family: 'waivers',
    rule: 'stale',
    package: 'kube-netcheck waivers',
    description:
      'A waiver that accepts nothing is stale: the risk it was written for is gone, or its rule id or match no\nlonger fits the finding. A stale waiver would silently accept a future finding it was never meant for.',
    remediation: 'Delete the entry if the risk is gone; otherwise correct its `rule` or `match` so it names the finding.',
    evidence: null,
    references: [],
    file: null,
  },
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUTC(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * Parses a waiver file. Pure; a malformed file (YAML syntax, schema, a bad
 * date or regular expression) throws an InputError naming file and line.
 */
export function parseWaivers(text: string, file: string): Waiver[] {
  const counter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : counter.linePos(offset).line);
  const lines = text.split(/\r?\n/);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    if (e.code === 'MULTIPLE_DOCS') {
      throw new InputError('more than one YAML document (a second one after ---): expected one, with `waivers:` and a list of entries', file, lineOf(e.pos[0]));
    }
    throw new InputError(`invalid YAML: ${e.message.split('\n')[0]}`, file, lineOf(e.pos[0]));
  }
  const data: unknown = doc.toJS();
  const nodeAt = (pointer: string): YamlNode | null => {
    const path = pointer === '' ? [] : pointer.slice(1).split('/').map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (node && typeof node === 'object' && 'range' in node) return node as YamlNode;
    }
    return null;
  };
  const keyLine = (pointer: string): number => {
    // A key that should not be there: point at the key itself.
    const parts = pointer.slice(1).split('/');
    const key = parts.pop();
    const parent = nodeAt(parts.length === 0 ? '' : `/${parts.join('/')}`);
    if (parent && yaml().isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      const k = pair?.key as YamlNode | undefined;
      if (k?.range) return lineOf(k.range[0]);
    }
    return lineOf(nodeAt(pointer)?.range?.[0]);
  };

  if (data === null || data === undefined) throw new InputError('empty waiver file: expected `waivers:` and a list of entries', file, 1);
  const problems = waiverErrors(data);
  if (problems.length > 0) {
    const p = problems[0]!;
    const where = p.pointer === '' ? 'document' : p.pointer;
    const message = p.pointer.endsWith('/expires') && /pattern/.test(p.message) ? 'expected a date YYYY-MM-DD' : p.message;
    throw new InputError(`${where}: ${message} (schemas/waivers.schema.json)`, file, keyLine(p.pointer));
  }

  const seq = doc.get('waivers', true);
  const items = yaml().isSeq(seq) ? seq.items : [];
  const entries = (data as { waivers: Omit<Waiver, 'file' | 'line' | 'excerpt'>[] }).waivers;
  return entries.map((w, i) => {
    const node = items[i] as YamlNode | undefined;
    const line = lineOf(node?.range?.[0]);
    const at = (field: string): number => keyLine(`/waivers/${i}/${field}`);
    if (!isDate(w.expires)) throw new InputError(`/waivers/${i}/expires: ${w.expires} is not a calendar date: expected YYYY-MM-DD`, file, at('expires'));
    if (w.match?.cidr !== undefined) {
      const parsed = parseCIDR(w.match.cidr.trim());
      if (!parsed.ok) throw new InputError(`/waivers/${i}/match/cidr: ${parsed.error}`, file, keyLine(`/waivers/${i}/match/cidr`));
    }
    let regex: RegExp | undefined;
    if (w.match?.messageRegex !== undefined) {
      try {
        regex = new RegExp(w.match.messageRegex);
      } catch (e) {
        throw new InputError(`/waivers/${i}/match/messageRegex: ${e instanceof Error ? e.message : String(e)}: expected a JavaScript regular expression`, file, keyLine(`/waivers/${i}/match/messageRegex`));
      }
    }
    const excerpt = (lines[line - 1] ?? '').trim();
    // Built-in ids in their canonical case (kn101 -> KN101); a custom policy's id as written.
    return { ...w, rule: /^kn\d+$/i.test(w.rule) ? w.rule.toUpperCase() : w.rule, file, line, excerpt, ...(regex ? { regex } : {}) };
  });
}

/**
 * Marks the findings each live waiver accepts, and adds a KN991 finding for
 * every expired waiver and a KN992 for every live waiver that accepted
 * nothing. A finding is accepted by the first waiver (in file order) that
 * matches it. Unwaived findings and notices come first, sorted as the policy
 * sorts, then the waived ones.
 */
export function applyWaivers(findings: readonly ReportFinding[], waivers: readonly Waiver[], facts: Facts, today: string): ReportFinding[] {
  const live = waivers.filter((w) => w.expires >= today);
  const used = new Set<Waiver>();
  const out: ReportFinding[] = findings.map((f) => {
    const w = live.find((x) => x.rule.toUpperCase() === f.id.toUpperCase() && matches(x, f, facts));
    if (!w) return f;
    used.add(w);
    const waived: Waived = { file: w.file, line: w.line, rule: w.rule, reason: w.reason, owner: w.owner, expires: w.expires };
    return { ...f, waived };
  });
  for (const w of waivers) {
    if (w.expires < today) out.push(notice(WAIVER_RULES[0]!, w, `waiver for ${w.rule} (owner ${w.owner}) expired on ${w.expires}: it no longer applies; it accepted: ${w.reason}`));
    else if (!used.has(w)) out.push(notice(WAIVER_RULES[1]!, w, `waiver for ${w.rule}${describeMatch(w.match)} (owner ${w.owner}, until ${w.expires}) matches no finding`));
  }
  const open = sortFindings(out.filter((f) => !f.waived));
  const waived = out.filter((f) => f.waived);
  return [...open, ...waived];
}

function notice(rule: RuleInfo, w: Waiver, message: string): ReportFinding {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    ruleSeverity: rule.severity,
    verdict: 'fail',
    message,
    remediation: rule.remediation,
    facts: [],
    locations: [{ file: w.file, line: w.line, excerpt: w.excerpt, kind: 'waivers' }],
  };
}

function describeMatch(m: WaiverMatch | undefined): string {
  if (!m) return '';
  const parts: string[] = [];
  if (m.message !== undefined) parts.push(`message containing "${m.message}"`);
  if (m.messageRegex !== undefined) parts.push(`message matching /${m.messageRegex}/`);
  if (m.fact !== undefined) parts.push(`fact ${m.fact}`);
  if (m.cidr !== undefined) parts.push(`CIDR ${m.cidr}`);
  return ` with ${parts.join(' and ')}`;
}

function matches(w: Waiver, f: ReportFinding, facts: Facts): boolean {
  const m = w.match;
  if (!m) return true;
  if (m.message !== undefined && !f.message.includes(m.message)) return false;
  if (w.regex && !w.regex.test(f.message)) return false;
  if (m.fact !== undefined) {
    const want = m.fact.replace(/\/$/, '');
    if (!f.facts.some((p) => p === want || p.startsWith(`${want}/`))) return false;
  }
  if (m.cidr !== undefined) {
    const cidr = m.cidr.trim().toLowerCase();
    const inMessage = f.message
      .toLowerCase()
      .split(/[\s,;()[\]{}"']+/)
      .includes(cidr);
    if (!inMessage && !f.facts.some((p) => namesCidr(resolve(facts, p), cidr))) return false;
  }
  return true;
}

function namesCidr(value: unknown, cidr: string): boolean {
  if (typeof value === 'string') return value.toLowerCase() === cidr;
  if (value && typeof value === 'object' && 'cidr' in value) return String((value as { cidr: unknown }).cidr).toLowerCase() === cidr;
  return false;
}

/** The value a JSON pointer names in the facts document, or undefined. */
export function resolve(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
