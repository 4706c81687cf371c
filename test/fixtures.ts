/** Reports for format tests beyond the bundled examples: live-cluster evidence, undecided rules. */
import { check } from '../src/check.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { gatePassed, summarise, type Report, type ReportFinding } from '../src/report/model.js';
import { brokenReport } from './golden.js';

/**
 * The broken example's findings as a live-cluster read would locate them:
 * the DaemonSet finding on API objects only, the overlap on a manifest line
 * and an API object.
 */
export function apiObjectReport(): Report {
  const base = brokenReport();
  const findings: ReportFinding[] = base.findings.map((f) => {
    if (f.id === 'KN201') {
      return {
        ...f,
        locations: [
          { file: 'apps/v1/DaemonSet/kube-system/kube-proxy', line: null, excerpt: 'status.desiredNumberScheduled: 2', kind: 'k8s-objects' },
          { file: 'v1/Node/node02', line: null, excerpt: 'metadata.name: node02', kind: 'k8s-objects' },
        ],
      };
    }
    if (f.id === 'KN101') return { ...f, locations: [f.locations[0]!, { file: 'v1/ConfigMap/kube-system/kubeadm-config', line: null, excerpt: 'serviceSubnet: 10.96.0.0/12', kind: 'k8s-objects' }] };
    return f;
  });
  return { ...base, findings, summary: summarise(findings), passed: gatePassed(findings, base.failOn, base.allowUnknown) };
}

/** The seed write-up alone: the DaemonSet rule cannot be decided (unknown). */
export function unknownReport(allowUnknown = false): Report {
  const cwd = process.cwd();
  process.chdir(PACKAGE_ROOT);
  try {
    // The families of the golden rules only (see test/golden.ts): a rule added later does not change it.
    return check(['examples/lab-seed.md'], { allowUnknown, params: { families: ['consistency', 'daemonsets', 'kubeproxy', 'ranges'] } });
  } finally {
    process.chdir(cwd);
  }
}
