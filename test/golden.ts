/** Test support: the bundled broken example as a report, and exact expected outputs kept in testdata/. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readFileSync as readText } from 'node:fs';
import { check, type CheckOptions } from '../src/check.js';
import { readEvidence } from '../src/evidence/read.js';
import { clusterBase, judgeChange, readClusterEvidence, type ChangeOptions } from '../src/review/change.js';
import { objectSpans } from '../src/review/objects.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { RuleInfo } from '../src/policy/catalogue.js';
import type { Report } from '../src/report/model.js';
import { allRules, type RenderOptions } from '../src/report/render.js';

export const TESTDATA = join(PACKAGE_ROOT, 'src', 'report', 'testdata');

/** The rules the expected outputs describe; a rule added later does not change them. */
export const GOLDEN_RULES: readonly RuleInfo[] = allRules().filter((r) => ['KN101', 'KN201', 'KN301', 'KN991', 'KN992'].includes(r.id));

/** The rules of the partial-evidence outputs: those above and KN900. */
export const PARTIAL_RULES: readonly RuleInfo[] = allRules().filter((r) => ['KN101', 'KN201', 'KN301', 'KN900'].includes(r.id));

export const GOLDEN_OPTIONS: RenderOptions = { cwd: PACKAGE_ROOT, version: '0.0.0-test', rules: GOLDEN_RULES };

/** examples/lab-broken checked from the repository root, as `kube-netcheck check examples/lab-broken` does. */
export function brokenReport(opts: CheckOptions = {}): Report {
  const cwd = process.cwd();
  process.chdir(PACKAGE_ROOT);
  try {
    // Only the families of GOLDEN_RULES judge, so that a rule added later does not change the outputs.
    return check(['examples/lab-broken'], { today: '2026-01-15', params: { families: ['consistency', 'daemonsets', 'kubeproxy', 'ranges'] }, ...opts });
  } finally {
    process.chdir(cwd);
  }
}

/**
 * examples/lab-broken with a `kubectl get nodes -o json` cut short beside it
 * (test/fixtures/partial): the write-up judged as usual, the node list KN900 at
 * its line and column, none of its nodes counted.
 */
export function partialReport(): Report {
  const cwd = process.cwd();
  process.chdir(PACKAGE_ROOT);
  try {
    return check(['examples/lab-broken', 'test/fixtures/partial/kubectl-get-nodes.json'], { today: '2026-01-15', params: { families: ['consistency', 'daemonsets', 'kubeproxy', 'ranges'] } });
  } finally {
    process.chdir(cwd);
  }
}

/** The change and the cluster of test/fixtures/review-change (its README says what each gives). */
export const CHANGE_FILE = 'test/fixtures/review-change/kube-proxy-userspace.yaml';
export const CHANGE_CLUSTER = 'test/fixtures/review-change/cluster';

/**
 * The kube-proxy ConfigMap of test/fixtures/review-change judged against its
 * cluster, as `kube-netcheck review FILE --cluster-evidence DIR` judges it from the
 * repository root: one finding introduced, one already in the cluster, one resolved.
 */
export function changeReport(opts: ChangeOptions = {}): Report {
  const cwd = process.cwd();
  process.chdir(PACKAGE_ROOT);
  try {
    const all: ChangeOptions = { params: { mode: 'review', families: ['consistency', 'daemonsets', 'kubeproxy', 'ranges'] }, today: '2026-01-15', against: [CHANGE_CLUSTER], ...opts };
    const change = readEvidence([CHANGE_FILE], all);
    const base = clusterBase(readClusterEvidence([CHANGE_CLUSTER], all, '--cluster-evidence'), all);
    const keys = new Set(objectSpans(readText(CHANGE_FILE, 'utf8')).map((s) => s.key));
    return judgeChange(base, change, keys, all).report;
  } finally {
    process.chdir(cwd);
  }
}

/**
 * The expected text of testdata/NAME. With UPDATE_GOLDEN=1 the file is
 * (re)written from `actual` first, to review in the diff before committing.
 */
export function golden(name: string, actual: string): string {
  const file = join(TESTDATA, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1 to write it`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  return readFileSync(file, 'utf8');
}
