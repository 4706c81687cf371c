/**
 * `cilium config view` (cilium-cli, cli/config.go): the keys of the cilium-config
 * ConfigMap, one per line, key and value separated by spaces, sorted by key:
 *
 *   cluster-pool-ipv4-cidr                            10.0.0.0/8
 *   cluster-pool-ipv4-mask-size                       24
 *   ipam                                              cluster-pool
 *   kube-proxy-replacement                            true
 *   routing-mode                                      tunnel
 *   tunnel-protocol                                   vxlan
 *
 * Read exactly like the ConfigMap (../objects/cni/cilium-config.ts and
 * cilium-settings.ts for what each key means). `cilium-dbg config` in the agent prints
 * its runtime options (`PolicyEnforcement  default`), which are not these keys.
 */
import { CILIUM_CONFIG_KEYS } from '../objects/cni/cilium-config.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { readCiliumSettings, type CiliumSettings } from './cilium-settings.js';
import { emptyResult } from './common.js';

const LINE = /^([a-z0-9][a-z0-9.-]*)(?:\s+(\S.*?))?\s*$/;
const KEY_OF = new Map(Object.entries(CILIUM_CONFIG_KEYS).map(([field, key]) => [key, field as keyof CiliumSettings]));
/** Keys every rendered cilium-config has (install/kubernetes/cilium/templates/cilium-configmap.yaml). */
const TYPICAL = /^(ipam|kube-proxy-replacement|routing-mode|tunnel-protocol|tunnel|cluster-pool-ipv4-cidr|cluster-name|cluster-id|enable-ipv4|enable-ipv6|enable-policy|identity-allocation-mode|bpf-lb-map-max|monitor-aggregation|cni-exclusive|enable-bpf-masquerade|enable-l7-proxy|agent-not-ready-taint-key|enable-hubble|custom-cni-conf|debug|preallocate-bpf-maps|sidecar-istio-proxy-image)$/;

export const ciliumConfigView: Parser = {
  kind: 'cilium-config-view',
  title: 'cilium config view',
  detect(lines) {
    let typical = 0;
    let kv = 0;
    let other = 0;
    for (const l of lines) {
      if (l.trim() === '') continue;
      const m = LINE.exec(l);
      if (!m) {
        other++;
        continue;
      }
      kv++;
      if (TYPICAL.test(m[1] ?? '')) typical++;
    }
    if (typical >= 3 && kv >= 4 * other) return 0.85;
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const s: CiliumSettings = {};
    let first = 0;
    lines.forEach((line, i) => {
      const m = LINE.exec(line);
      if (!m) return;
      if (first === 0) first = i + 1;
      const field = KEY_OF.get(m[1] ?? '');
      if (field) s[field] = { value: m[2] ?? '', line: i + 1, key: m[1] ?? '' };
    });
    readCiliumSettings(s, out, (l) => excerpt(lines[l - 1] ?? ''), first || 1);
    return out;
  },
};
