/**
 * Command-line flags of kube-apiserver and kube-controller-manager, as they
 * appear in static pod manifests (`- --service-cluster-ip-range=10.96.0.0/12`),
 * in `ps` output, or pasted one per line. The text may be the whole manifest
 * or a grep of it.
 *
 * Flags (kubernetes cmd/kube-apiserver/app/options, cmd/kube-controller-manager):
 *   --service-cluster-ip-range  service CIDR(s), comma-separated for dual-stack
 *   --service-node-port-range   NodePort range, e.g. 30000-32767
 *   --cluster-cidr              pod CIDR(s) (controller-manager)
 */
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { addNetworks, emptyResult, unquote } from './common.js';

const FLAG = /(?:^|[\s"'[,])--([a-z0-9-]+)(?:=|\s+)("[^"]*"|'[^']*'|[^\s"'\]]+)/g;

const KNOWN = new Set(['service-cluster-ip-range', 'service-node-port-range', 'cluster-cidr']);

export const componentFlags: Parser = {
  kind: 'component-flags',
  title: 'kube-apiserver / kube-controller-manager flags',
  detect(lines) {
    for (const l of lines) {
      for (const m of l.matchAll(FLAG)) if (KNOWN.has(m[1] ?? '')) return 0.9;
    }
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    lines.forEach((line, i) => {
      if (/^\s*#/.test(line)) return;
      for (const m of line.matchAll(FLAG)) {
        const flag = m[1] ?? '';
        const value = unquote(m[2] ?? '');
        const lineNo = i + 1;
        if (flag === 'service-cluster-ip-range') addNetworks(out, 'service', value, lineNo, line, `--${flag}`);
        else if (flag === 'cluster-cidr') addNetworks(out, 'pod', value, lineNo, line, `--${flag}`);
        else if (flag === 'service-node-port-range') {
          if (/^\d{1,5}[-+]\d{1,5}$/.test(value)) {
            out.observations.push({ claim: { type: 'nodePortRange', range: value }, line: lineNo, excerpt: excerpt(line) });
          } else {
            out.diagnostics.push({
              level: 'error',
              line: lineNo,
              message: `--service-node-port-range ${value}: expected a port range such as 30000-32767`,
            });
          }
        }
      }
    });
    return out;
  },
};
