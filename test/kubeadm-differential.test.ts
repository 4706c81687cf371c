/**
 * Differential test against the real kubeadm: every generated ClusterConfiguration
 * (test/kubeadm-cases.ts) and every real public kubeadm config
 * (test/fixtures/kubeadm-public/) goes through `kubeadm config validate --config FILE`
 * and through `kube-netcheck review FILE` (the CLI's own entry point, in process).
 *
 * - Every config kubeadm rejects for a networking field must fail `review`, and
 *   review must name that field (a finding or a read error located on its line).
 * - Every config kubeadm accepts must get no error from the rules that mirror
 *   kubeadm's validation (KN401 service range size, KN503 node mask and pod
 *   range size) and no read error (the reader checks one CIDR per family,
 *   dual-stack pairs, list forms and the DNS domain as kubeadm parses them).
 * - Where kube-netcheck deliberately goes further than kubeadm, the case is
 *   listed apart with the reason (BEYOND); anything else is a disagreement.
 *
 * kubeadm is the one tools/apiserver/build.sh builds from the pinned
 * k8s.io/kubernetes (v1.37.2). kubeadm 1.37 refuses kubeadm.k8s.io/v1beta3 (it
 * names kubeadm v1.36 and `kubeadm config migrate`); the refusal is asserted,
 * and each v1beta3 case is judged against kubeadm's verdict on the same case in
 * v1beta4 — what `kubeadm config migrate` makes of it, whose networking fields
 * and their validation (ValidateNetworking on the internal type) are the same
 * for both versions. The agreement table is docs/kubeadm-agreement.md; with
 * UPDATE_KUBEADM_TABLE=1 this test rewrites it (review the diff), otherwise it
 * must match. Without kubeadm the test is skipped with the reason, except under
 * CI (CI=true), where it runs and fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../src/cli/main.js';
import { repo, ROOT } from './helpers.js';
import { CASE_VERSION, kubeadmCases, render, type Api } from './kubeadm-cases.js';

const ci = process.env.CI === 'true';
const TABLE = repo('docs', 'kubeadm-agreement.md');
const PUBLIC = repo('test', 'fixtures', 'kubeadm-public');

/** Rules that mirror kubeadm's own validation of networking (with the reader's own checks of the fields). */
const MIRRORING = new Set(['KN401', 'KN503']);

/**
 * Where kube-netcheck goes beyond kubeadm on a config kubeadm accepts, by rule (and
 * verdict), with the reason.
 */
const BEYOND: Record<string, string> = {
  'KN101 error': 'pod and service ranges overlap: kubeadm does not check overlaps; kube-proxy would capture pod traffic meant for Services',
  'KN101 unknown': 'no podSubnet: review cannot tell whether the pod range (the CNI\'s) overlaps the service range, and an undecided error rule fails the gate unless --allow-unknown; kubeadm needs no pod range',
  'KN104 warning': 'a range written with host bits set: kubeadm masks it without a word (netutils.ParseCIDRs); kube-netcheck warns',
  'KN105 warning': 'a range outside private address space: kubeadm has no such check; kube-netcheck warns',
  'KN107 error': 'pod and service ranges of different families (one dual-stack, the other not): kubeadm checks each field alone; a Service of the missing family would get no pods',
  'KN401 warning': 'kube-apiserver and kubeadm disagree: from 1.34 (MultiCIDRServiceAllocator) kube-apiserver accepts more than 20 host bits, kubeadm never does; for a kubeadm config KN401 is an error like kubeadm',
  'KN501 error': 'two pod ranges of one family: every source must state one pod range per family',
};

/** Read errors on configs kubeadm accepts, deliberate: what the error says, and why. */
const BEYOND_READ: Record<string, string> = {
  'is an IPv4-mapped IPv6 address':
    "an IPv4-mapped IPv6 CIDR (::ffff:10.96.0.0/108): kubeadm's parser (netutils.ParseCIDRSloppy) takes it, but Kubernetes' strict validation of new API objects refuses it (\"must not have an IPv4-mapped IPv6 address\", k8s.io/apimachinery pkg/util/validation/ip.go, v0.37.2) and its family is ambiguous",
};

/** kubeadm's binary: beside kube-apiserver in the build.sh cache. */
function kubeadm(): { bin: string } | { missing: string } {
  const goMod = readFileSync(repo('tools', 'apiserver', 'go.mod'), 'utf8');
  const k8s = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(goMod)?.[1];
  const etcd = /^\s*go\.etcd\.io\/etcd\/server\/v3 (v\S+)/m.exec(goMod)?.[1];
  const base = process.env.KUBE_NETCHECK_APISERVER_CACHE ?? join(ROOT, '.cache', 'apiserver');
  const bin = join(base, `${k8s}-etcd${etcd}`, 'kubeadm');
  return existsSync(bin) ? { bin } : { missing: `no kubeadm ${k8s} at ${bin} (build it once with: tools/apiserver/build.sh)` };
}

interface KubeadmVerdict {
  ok: boolean;
  /** The networking fields kubeadm names in its errors. */
  fields: string[];
  /** kubeadm's first error line, as printed. */
  message: string;
}

function runKubeadm(bin: string, file: string): KubeadmVerdict {
  const r = spawnSync(bin, ['config', 'validate', '--config', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
  const out = `${r.stdout}${r.stderr}`;
  const fields = [...new Set([...out.matchAll(/networking\.(podSubnet|serviceSubnet|dnsDomain)/g)].map((m) => m[0]))].sort();
  // kubeadm prints its error, then how to see the stack trace; warnings come as klog lines (W1204 ...).
  const message = r.stderr.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^To see the stack trace/.test(l) && !/^[WI]\d{4} /.test(l)) ?? '';
  return { ok: r.status === 0, fields, message };
}

interface ReviewVerdict {
  code: number;
  /** Fields named by failing findings or read errors (by the line they are located on). */
  fields: string[];
  /** Rule ids of the findings, with severity. */
  findings: { id: string; severity: string; message: string; lines: number[] }[];
  error: string;
}

async function runReview(file: string, lines: Map<number, string>): Promise<ReviewVerdict> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  const errs: Buffer[] = [];
  stdout.on('data', (b: Buffer) => chunks.push(b));
  stderr.on('data', (b: Buffer) => errs.push(b));
  const code = await main(['review', file, '-o', 'json'], { stdout, stderr, env: { NO_COLOR: '1' } });
  const error = Buffer.concat(errs).toString('utf8');
  const named = new Set<string>();
  const findings: ReviewVerdict['findings'] = [];
  if (code === 2) {
    for (const m of error.matchAll(/:(\d+): /g)) {
      const f = lines.get(Number(m[1]));
      if (f) named.add(f);
    }
  } else {
    const rep = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { findings: { id: string; severity: string; message: string; locations: { file: string; line: number | null }[] }[] };
    for (const f of rep.findings) {
      const at = f.locations.filter((l) => l.file === file && l.line !== null).map((l) => l.line as number);
      findings.push({ id: f.id, severity: f.severity, message: f.message, lines: at });
      if (f.severity === 'error' || f.severity === 'unknown') {
        for (const l of at) {
          const field = lines.get(l);
          if (field) named.add(field);
        }
      }
    }
  }
  return { code, fields: [...named].sort(), findings, error: error.trim().split('\n')[0] ?? '' };
}

type Outcome = 'agree' | 'beyond' | 'disagree';

interface Row {
  source: string;
  api: Api;
  kubeadm: KubeadmVerdict;
  /** For v1beta3: kubeadm 1.37's answer to the v1beta3 file itself. */
  refusal?: KubeadmVerdict;
  review: ReviewVerdict;
  outcome: Outcome;
  why: string;
}

function judge(k: KubeadmVerdict, r: ReviewVerdict): { outcome: Outcome; why: string } {
  if (!k.ok) {
    if (k.fields.length === 0) return { outcome: 'disagree', why: `kubeadm rejects it for no networking field: ${k.message}` };
    if (r.code === 0) return { outcome: 'disagree', why: `kubeadm rejects ${k.fields.join(', ')}; review passes` };
    const unnamed = k.fields.filter((f) => !r.fields.includes(f));
    if (unnamed.length > 0) return { outcome: 'disagree', why: `kubeadm rejects ${unnamed.join(', ')}; review fails but does not name it (${r.fields.join(', ') || 'no field'})` };
    return { outcome: 'agree', why: '' };
  }
  if (r.code === 2) {
    const known = Object.entries(BEYOND_READ).find(([pattern]) => r.error.includes(pattern));
    if (known) return { outcome: 'beyond', why: `read error "${known[0]}"` };
    return { outcome: 'disagree', why: `kubeadm accepts it; review cannot read it: ${r.error}` };
  }
  const mirrored = r.findings.filter((f) => MIRRORING.has(f.id) && (f.severity === 'error' || f.severity === 'unknown'));
  if (mirrored.length > 0) return { outcome: 'disagree', why: `kubeadm accepts it; review: ${mirrored.map((f) => `${f.id} ${f.message}`).join('; ')}` };
  const said = [...new Set(r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.severity}`))];
  const unexplained = said.filter((k) => !BEYOND[k] && (k.endsWith(' error') || k.endsWith(' unknown')));
  if (unexplained.length > 0) return { outcome: 'disagree', why: `kubeadm accepts it; review says ${unexplained.join(', ')}, which no reason in BEYOND explains` };
  const beyond = said.filter((k) => BEYOND[k]);
  if (beyond.length > 0) return { outcome: 'beyond', why: beyond.join(', ') };
  return { outcome: 'agree', why: '' };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function kubeadmCell(k: KubeadmVerdict): string {
  return k.ok ? 'accepts' : `rejects ${k.fields.map((f) => `\`${f}\``).join(', ') || `(${k.message})`}`;
}

function reviewCell(r: ReviewVerdict): string {
  if (r.code === 2) return `cannot read: ${r.error.replace(/^kube-netcheck: \S+?:\d+: /, '')}`;
  const shown = r.findings.filter((f) => f.severity !== 'info');
  const ids = [...new Set(shown.map((f) => `${f.id} ${f.severity}`))];
  return `${r.code === 0 ? 'passes' : 'fails'}${ids.length > 0 ? ` (${ids.join(', ')})` : ''}`;
}

function table(rows: Row[], version: string): string {
  const v4 = rows.filter((r) => r.api === 'v1beta4');
  const v3 = rows.filter((r) => r.api === 'v1beta3');
  const count = (rs: Row[], o: Outcome): number => rs.filter((r) => r.outcome === o).length;
  const out: string[] = [
    '# kube-netcheck review against kubeadm',
    '',
    `Written by \`test/kubeadm-differential.test.ts\` (\`UPDATE_KUBEADM_TABLE=1\` rewrites it): every configuration below went through`,
    `\`kubeadm config validate --config FILE\` of **kubeadm ${version}** (built by \`tools/apiserver/build.sh\` from the pinned`,
    '`k8s.io/kubernetes`) and through `kube-netcheck review FILE`. The cases are generated by `test/kubeadm-cases.ts`',
    '(edges of every limit in `ValidateNetworking`, cmd/kubeadm/app/apis/kubeadm/validation/validation.go); the public',
    'configs are in `test/fixtures/kubeadm-public/` with their origin.',
    '',
    '- **agree**: kubeadm rejects and review fails naming the same field, or kubeadm accepts and no rule that mirrors',
    '  kubeadm (KN401, KN503) nor the reader (which checks each field as kubeadm parses it) reports an error.',
    '- **beyond**: kubeadm accepts, and kube-netcheck deliberately reports more; the reason is given.',
    `- kubeadm ${version} refuses every \`kubeadm.k8s.io/v1beta3\` file (it names kubeadm v1.36 and \`kubeadm config migrate\`),`,
    '  as the test asserts; each v1beta3 case is judged against kubeadm\'s verdict on the same case written as v1beta4,',
    '  which is what `kubeadm config migrate` makes of it (the networking fields and their validation are the same).',
    '',
    `Totals: v1beta4 ${v4.length} (agree ${count(v4, 'agree')}, beyond ${count(v4, 'beyond')}, disagree ${count(v4, 'disagree')}); ` +
      `v1beta3 ${v3.length} (agree ${count(v3, 'agree')}, beyond ${count(v3, 'beyond')}, disagree ${count(v3, 'disagree')}).`,
    '',
    '## Where kube-netcheck goes beyond kubeadm',
    '',
    '| rule and verdict | reason |',
    '|---|---|',
    ...Object.entries(BEYOND).map(([id, why]) => `| ${id} | ${cell(why)} |`),
    ...Object.entries(BEYOND_READ).map(([pattern, why]) => `| read error "${cell(pattern)}" | ${cell(why)} |`),
    '',
    '## Cases (v1beta4; the v1beta3 twin of each agrees the same way unless listed below)',
    '',
    `| case | kubeadm ${version} | review | outcome |`,
    '|---|---|---|---|',
    ...v4.map((r) => `| ${cell(r.source)} | ${cell(kubeadmCell(r.kubeadm))} | ${cell(reviewCell(r.review))} | ${r.outcome}${r.why ? `: ${cell(r.why)}` : ''} |`),
  ];
  const v3diff = v3.filter((r) => {
    const twin = v4.find((x) => x.source === r.source);
    return !twin || twin.outcome !== r.outcome || reviewCell(twin.review) !== reviewCell(r.review);
  });
  out.push('', '## v1beta3 cases that differ from their v1beta4 twin', '');
  if (v3diff.length === 0) out.push('None.');
  else {
    out.push('| case | review (v1beta3) | outcome |', '|---|---|---|');
    for (const r of v3diff) out.push(`| ${cell(r.source)} | ${cell(reviewCell(r.review))} | ${r.outcome}${r.why ? `: ${cell(r.why)}` : ''} |`);
  }
  return `${out.join('\n')}\n`;
}

const found = kubeadm();
const reason = 'missing' in found ? found.missing : null;
if (reason && !ci) process.stderr.write(`kubeadm differential test skipped: ${reason}\n`);
const t = reason && !ci ? test.skip : test;

t(`kubeadm differential: kubeadm ${CASE_VERSION} and review agree on every generated and public config`, async () => {
  if ('missing' in found) throw new Error(`the kubeadm differential test cannot run under CI: ${found.missing}`);
  const bin = found.bin;
  const version = spawnSync(bin, ['version', '-o', 'short'], { encoding: 'utf8' }).stdout.trim();
  assert.is(version, CASE_VERSION, 'kubeadm reports the pinned version');
  const dir = mkdtempSync(join(tmpdir(), 'knc-kubeadm-'));
  const rows: Row[] = [];
  const cases = kubeadmCases();
  for (const [i, c] of cases.entries()) {
    const v4 = render(c, 'v1beta4');
    const f4 = join(dir, `case-${i}-v1beta4.yaml`);
    writeFileSync(f4, v4.text);
    const k = runKubeadm(bin, f4);
    const r4 = await runReview(f4, v4.lines);
    rows.push({ source: c.name, api: 'v1beta4', kubeadm: k, review: r4, ...judge(k, r4) });

    const v3 = render(c, 'v1beta3');
    const f3 = join(dir, `case-${i}-v1beta3.yaml`);
    writeFileSync(f3, v3.text);
    const refusal = runKubeadm(bin, f3);
    const r3 = await runReview(f3, v3.lines);
    rows.push({ source: c.name, api: 'v1beta3', kubeadm: k, refusal, review: r3, ...judge(k, r3) });
  }
  for (const name of existsSync(PUBLIC) ? readdirSync(PUBLIC).filter((n) => n.endsWith('.yaml')).sort() : []) {
    const file = join(PUBLIC, name);
    const text = readFileSync(file, 'utf8');
    const lines = new Map<number, string>();
    text.split('\n').forEach((l, i) => {
      const m = /^\s*(podSubnet|serviceSubnet|dnsDomain):/.exec(l);
      if (m) lines.set(i + 1, `networking.${m[1]}`);
    });
    const k = runKubeadm(bin, file);
    const r = await runReview(file, lines);
    rows.push({ source: `public: ${name}`, api: 'v1beta4', kubeadm: k, review: r, ...judge(k, r) });
  }

  assert.ok(rows.filter((r) => !r.source.startsWith('public:')).length >= 300, `${rows.length} generated configs`);
  const refusals = rows.filter((r) => r.api === 'v1beta3' && (r.refusal?.ok !== false || !/v1beta3/.test(r.refusal.message)));
  assert.equal(refusals.map((r) => `${r.source}: ${r.refusal?.message}`), [], `kubeadm ${CASE_VERSION} refuses v1beta3`);
  const disagreements = rows.filter((r) => r.outcome === 'disagree').map((r) => `${r.api} ${r.source}: ${r.why}`);
  const text = table(rows, version);
  if (process.env.UPDATE_KUBEADM_TABLE === '1') writeFileSync(TABLE, text);
  assert.equal(disagreements, [], `${disagreements.length} disagreements with kubeadm`);
  assert.ok(existsSync(TABLE), `${TABLE} is missing: run with UPDATE_KUBEADM_TABLE=1 to write it`);
  assert.fixture(readFileSync(TABLE, 'utf8'), text, 'docs/kubeadm-agreement.md is not what kubeadm and review say now: rerun with UPDATE_KUBEADM_TABLE=1 and review the diff');
});

test.run();
