/**
 * Command-line flags of kube-apiserver, kube-controller-manager and
 * kube-proxy, as they appear in static pod manifests
 * (`- --service-cluster-ip-range=10.96.0.0/12`), in `ps` output, or pasted one
 * per line. The text may be the whole manifest or a grep of it. A kube-proxy
 * process in `ps` output says kube-proxy runs on that node.
 *
 * Flags (kubernetes cmd/kube-apiserver/app/options, cmd/kube-controller-manager,
 * cmd/kube-proxy/app/options.go):
 *   --service-cluster-ip-range   service CIDR(s), comma-separated for dual-stack
 *   --service-node-port-range    NodePort range, e.g. 30000-32767
 *   --cluster-cidr               pod CIDR(s) of kube-controller-manager; kube-proxy's
 *                                flag of the same name is its clusterCIDR, not a pod range
 *   --node-cidr-mask-size        single-stack node mask, for the family of --cluster-cidr
 *   --node-cidr-mask-size-ipv4/-ipv6   dual-stack node masks
 *   --allocate-node-cidrs        whether the controller-manager allocates node podCIDRs
 * and of `kubeadm init` (kubernetes cmd/kubeadm/app/cmd/options/constant.go, v1.31):
 *   --pod-network-cidr           the pod range (networking.podSubnet); it also turns on the
 *                                controller-manager's node CIDR allocation
 *   --service-cidr               the service range (networking.serviceSubnet)
 *   --kubernetes-version         the control plane's version (kubernetesVersion)
 * A `kubeadm init` that leaves --service-cidr out gets kubeadm's default 10.96.0.0/12
 * (cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go DefaultServicesSubnet); that is
 * the kubeadm config readers' business, not taken here from a command line.
 * The --node-cidr-mask-size rules follow cmd/kube-controller-manager/app/core.go
 * setNodeCIDRMaskSizes: not allowed with a dual-stack --cluster-cidr, nor together
 * with the per-family flags.
 */
import { parseCIDR } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { ParseContext, Parser, ParseResult } from '../types.js';
import { addNetworks, emptyResult, splitList, unquote } from './common.js';
import { templateIn } from './tree.js';

const FLAG = /(?:^|[\s"'[,])--([a-z0-9-]+)(?:=|\s+(?!-))("[^"]*"|'[^']*'|[^\s"'\],]+(?:,[^\s"'\],]+)*)/g;
const BOOL_FLAG = /(?:^|[\s"'[,])--(allocate-node-cidrs)(?:=("?)(true|false|True|False|1|0|t|f)\2)?(?=$|[\s"',\]])/g;
/** The binary a command line runs: `kube-proxy`, `/usr/local/bin/kube-controller-manager`, `- kube-apiserver`. */
const COMPONENT = /(?:^|[\s/"'[-])(kube-apiserver|kube-controller-manager|kube-proxy|kubeadm(?=\s+init\b))(?=$|[\s"',\]])/;
/** A kube-proxy process in `ps` output: `root 4382 ... /usr/local/bin/kube-proxy --config=...`. */
const PS_KUBE_PROXY = /^\S+\s+\d+\s.*?(?:\s|\/)kube-proxy\s+--/;
/** Flags only `kubeadm init` has; read on its command line only (k3s has a --service-cidr of its own). */
const KUBEADM = new Set(['pod-network-cidr', 'service-cidr', 'kubernetes-version']);

const KNOWN = new Set([
  'service-cluster-ip-range',
  'service-node-port-range',
  'cluster-cidr',
  'node-cidr-mask-size',
  'node-cidr-mask-size-ipv4',
  'node-cidr-mask-size-ipv6',
  'allocate-node-cidrs',
  'detect-local-mode',
]);

/** kube-proxy's local traffic detectors (pkg/proxy/apis/config/types.go LocalMode). */
export const DETECT_LOCAL = new Set(['ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix']);

type Component = 'kube-apiserver' | 'kube-controller-manager' | 'kube-proxy' | 'kubeadm';

export const componentFlags: Parser = {
  kind: 'component-flags',
  title: 'kube-apiserver / kube-controller-manager / kube-proxy flags',
  detect(lines, ctx) {
    let kubeadm = false;
    if (/(?:^|[\s;|])ps\b/.test(ctx.command ?? '') && lines.some((l) => PS_KUBE_PROXY.test(l) && !/\bgrep\b/.test(l))) return 0.9;
    for (const l of lines) {
      if (/^\s*#/.test(l)) continue;
      if (/\bkubeadm\s+init\b/.test(l)) kubeadm = true;
      for (const m of l.matchAll(FLAG)) if (KNOWN.has(m[1] ?? '') || (kubeadm && KUBEADM.has(m[1] ?? ''))) return 0.9;
    }
    return 0;
  },
  parse(lines, ctx: ParseContext) {
    const out: ParseResult = emptyResult();
    const fromCommand = (COMPONENT.exec(` ${ctx.command ?? ''}`)?.[1] as Component | undefined) ?? null;
    // The component of each line: the last binary named at or before it, else the command's.
    const components: (Component | null)[] = [];
    let current: Component | null = fromCommand;
    for (const line of lines) {
      const m = /^\s*#/.test(line) ? null : COMPONENT.exec(line);
      if (m) current = m[1] as Component;
      components.push(current);
    }
    // Families of the controller-manager's --cluster-cidr, which --node-cidr-mask-size refers to.
    const clusterFamilies = new Set<string>();
    lines.forEach((line, i) => {
      if (/^\s*#/.test(line) || components[i] === 'kube-proxy') return;
      for (const m of line.matchAll(FLAG)) {
        if (m[1] !== 'cluster-cidr') continue;
        for (const part of splitList(unquote(m[2] ?? ''))) {
          const p = parseCIDR(part);
          if (p.ok) clusterFamilies.add(p.value.family);
        }
      }
    });
    const perFamily = lines.some((l) => !/^\s*#/.test(l) && /--node-cidr-mask-size-ipv[46]\b/.test(l));

    // `ps` shows kube-proxy running: it is present, whatever its flags say.
    if (/(?:^|[\s;|])ps\b/.test(ctx.command ?? '')) {
      const at = lines.findIndex((l) => PS_KUBE_PROXY.test(l) && !/\bgrep\b/.test(l));
      if (at >= 0) out.observations.push({ claim: { type: 'kubeProxyPresent', present: true }, line: at + 1, excerpt: excerpt(lines[at] ?? '') });
    }
    lines.forEach((line, i) => {
      if (/^\s*#/.test(line)) return;
      const lineNo = i + 1;
      const component = components[i] ?? null;
      for (const m of line.matchAll(FLAG)) {
        const flag = m[1] ?? '';
        const value = unquote(m[2] ?? '');
        if (KUBEADM.has(flag)) {
          if (component === 'kubeadm') kubeadmFlag(out, flag, value, lineNo, line);
          continue;
        }
        switch (flag) {
          case 'service-cluster-ip-range':
            addNetworks(out, 'service', value, lineNo, line, `--${flag}`);
            // The controller-manager's copy lets its node IPAM skip the node blocks inside the
            // service range (pkg/controller/nodeipam/ipam/range_allocator.go, filterOutServiceRange).
            if (component === 'kube-controller-manager' && value !== '') {
              out.observations.push({ claim: { type: 'controllerManagerServiceRange', value: true }, line: lineNo, excerpt: excerpt(line) });
            }
            break;
          case 'cluster-cidr':
            if (component === 'kube-proxy') kubeProxyClusterCIDR(out, value, lineNo, line);
            else addNetworks(out, 'pod', value, lineNo, line, `--${flag}`);
            break;
          case 'detect-local-mode':
            if (component === 'kube-proxy' && DETECT_LOCAL.has(value)) out.observations.push({ claim: { type: 'kubeProxyDetectLocalMode', mode: value }, line: lineNo, excerpt: excerpt(line) });
            else if (component === 'kube-proxy') out.diagnostics.push({ level: 'error', line: lineNo, message: `--detect-local-mode ${value}: expected ClusterCIDR, NodeCIDR, BridgeInterface or InterfaceNamePrefix` });
            break;
          case 'service-node-port-range':
            if (/^\d{1,5}[-+]\d{1,5}$/.test(value)) {
              out.observations.push({ claim: { type: 'nodePortRange', range: value }, line: lineNo, excerpt: excerpt(line) });
            } else {
              out.diagnostics.push({ level: 'error', line: lineNo, message: `--service-node-port-range ${value}: expected a port range such as 30000-32767` });
            }
            break;
          case 'node-cidr-mask-size-ipv4':
          case 'node-cidr-mask-size-ipv6': {
            const family = flag.endsWith('ipv4') ? 'IPv4' : 'IPv6';
            const size = maskSize(out, value, family === 'IPv4' ? 32 : 128, lineNo, `--${flag}`);
            if (size !== null) out.observations.push({ claim: { type: 'nodeCIDRMaskSize', family, size }, line: lineNo, excerpt: excerpt(line) });
            break;
          }
          case 'node-cidr-mask-size': {
            if (perFamily) {
              out.diagnostics.push({
                level: 'error',
                line: lineNo,
                message: '--node-cidr-mask-size: not allowed together with --node-cidr-mask-size-ipv4 or -ipv6 (kube-controller-manager refuses to start); keep only the per-family flags',
              });
              break;
            }
            if (clusterFamilies.size > 1) {
              out.diagnostics.push({
                level: 'error',
                line: lineNo,
                message: '--node-cidr-mask-size: not allowed with a dual-stack --cluster-cidr (kube-controller-manager refuses to start); use --node-cidr-mask-size-ipv4 and -ipv6',
              });
              break;
            }
            const family = [...clusterFamilies][0] as 'IPv4' | 'IPv6' | undefined;
            if (!family) {
              out.diagnostics.push({ level: 'skipped', line: lineNo, message: `--node-cidr-mask-size ${value}: its address family is that of --cluster-cidr, which this evidence does not show` });
              break;
            }
            const size = maskSize(out, value, family === 'IPv4' ? 32 : 128, lineNo, `--${flag}`);
            if (size !== null) out.observations.push({ claim: { type: 'nodeCIDRMaskSize', family, size }, line: lineNo, excerpt: excerpt(line) });
            break;
          }
        }
      }
      for (const m of line.matchAll(BOOL_FLAG)) {
        const v = (m[3] ?? 'true').toLowerCase();
        out.observations.push({ claim: { type: 'allocateNodeCIDRs', value: v === 'true' || v === 't' || v === '1' }, line: lineNo, excerpt: excerpt(line) });
      }
    });
    return out;
  },
};

function kubeadmFlag(out: ParseResult, flag: string, value: string, lineNo: number, line: string): void {
  // `--pod-network-cidr=$POD_CIDR` in a script: a variable, not a value.
  const t = templateIn(value) ?? (/\$/.test(value) ? 'a shell variable reference' : null);
  if (t) {
    out.diagnostics.push({ level: 'skipped', line: lineNo, message: `kubeadm init --${flag} "${value}" is ${t}, not a value` });
    return;
  }
  if (flag === 'kubernetes-version') {
    // kubeadm also takes labels (stable, latest, stable-1.31): only an exact version is a fact.
    if (/^v?\d+\.\d+(\.\d+)?(-[0-9A-Za-z.+-]+)?$/.test(value)) out.observations.push({ claim: { type: 'clusterVersion', version: value.startsWith('v') ? value : `v${value}` }, line: lineNo, excerpt: excerpt(line) });
    else out.diagnostics.push({ level: 'skipped', line: lineNo, message: `kubeadm init --kubernetes-version ${value} is a release label, not a version` });
    return;
  }
  addNetworks(out, flag === 'pod-network-cidr' ? 'pod' : 'service', value, lineNo, line, `kubeadm init --${flag}`);
}

function kubeProxyClusterCIDR(out: ParseResult, value: string, lineNo: number, line: string): void {
  for (const part of splitList(value)) {
    const parsed = parseCIDR(part);
    if (!parsed.ok) {
      out.diagnostics.push({ level: 'error', line: lineNo, message: `kube-proxy --cluster-cidr: ${parsed.error}` });
      continue;
    }
    out.observations.push({ claim: { type: 'kubeProxyClusterCIDR', cidr: part }, line: lineNo, excerpt: excerpt(line) });
  }
}

function maskSize(out: ParseResult, value: string, max: number, lineNo: number, what: string): number | null {
  if (/^[0-9]{1,3}$/.test(value)) {
    const n = Number(value);
    if (n >= 1 && n <= max) return n;
  }
  out.diagnostics.push({ level: 'error', line: lineNo, message: `${what} ${value}: expected a prefix length from 1 to ${max}` });
  return null;
}
