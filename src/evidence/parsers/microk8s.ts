/**
 * MicroK8s's own configuration, in the three forms an operator has:
 *
 * - the launch configuration (`/var/snap/microk8s/common/.microk8s.yaml`, or the file given to
 *   `microk8s install --launch-configuration` / cloud-init), read by the cluster agent
 *   (canonical/microk8s-cluster-agent pkg/k8sinit/schema.go, versions 0.1.0 to 0.2.0; one or
 *   more `---` parts applied in order, the later winning):
 *     extraKubeAPIServerArgs        {--service-cluster-ip-range: ..., --service-node-port-range: ...}
 *     extraKubeControllerManagerArgs {--cluster-cidr: ..., --node-cidr-mask-size: ...}
 *     extraKubeProxyArgs            {--cluster-cidr: ..., --proxy-mode: ...}
 *     extraKubeletArgs              {--cluster-dns: ...}
 *     extraCNIEnv                   {IPv4_SUPPORT, IPv4_CLUSTER_CIDR, IPv4_SERVICE_CIDR,
 *                                    IPv6_SUPPORT, IPv6_CLUSTER_CIDR, IPv6_SERVICE_CIDR,
 *                                    CALICO_VETH_MTU}: scripts/generate-cni.sh writes them into the
 *                                    apiserver, controller-manager and kube-proxy args and Calico's pool
 *     addons[]                      {name, disable}: the cilium or kube-ovn addon replaces Calico
 *     join                          {url, worker}: the node joins a cluster, whose ranges it takes
 *   An argument set to null removes it (pkg/k8sinit/apply.go reconcileServiceArgs).
 * - the args files, /var/snap/microk8s/current/args/{kube-apiserver,kube-controller-manager,
 *   kube-proxy,kubelet}, one flag a line with ${SNAP_DATA} paths, printed (`cat`) or copied; the
 *   component is the file's name, or the credentials file its --kubeconfig names
 *   (credentials/proxy.config, controller.config, kubelet.config).
 * - args/cni-env, the shell variables above.
 *
 * Defaults (canonical/microk8s at d099c907d3646a2dae3d3e33f07aef5a5bc8a090, v1.36):
 *   microk8s-resources/default-args/cni-env          IPv4_CLUSTER_CIDR=10.1.0.0/16, IPv4_SERVICE_CIDR=10.152.183.0/24, CNI=calico
 *   microk8s-resources/default-args/kube-apiserver   --service-cluster-ip-range=10.152.183.0/24
 *   microk8s-resources/default-args/kube-proxy       --cluster-cidr=10.1.0.0/16, no --proxy-mode (kube-proxy's iptables)
 *   upgrade-scripts/000-switch-to-calico/resources/calico.yaml   CALICO_IPV4POOL_VXLAN Always, CALICO_IPV4POOL_CIDR 10.1.0.0/16
 *   snap/snapcraft.yaml daemon-kubelite: kube-proxy runs inside the kubelite process (kubelite
 *     --proxy-args-file=$SNAP_DATA/args/kube-proxy), not as a DaemonSet; Calico runs as the
 *     calico-node DaemonSet (snap/hooks/install, generate-cni.sh applies cni.yaml)
 */
import { parseCIDR } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { Claim, ParseContext, Parser, ParseResult } from '../types.js';
import { checkIP, emptyResult, splitList, unquote } from './common.js';
import { componentFlags } from './component-flags.js';
import { Emitter, isMap } from './installer.js';
import { readTree, templateIn } from './tree.js';

const MICROK8S = 'microk8s v1.36';
export const MICROK8S_DEFAULTS = { pod: '10.1.0.0/16', service: '10.152.183.0/24', cni: 'calico', encapsulation: 'vxlan', proxyMode: 'iptables' } as const;

const LAUNCH_KEYS =
  /^(addons|addonRepositories|extraKubeletArgs|extraKubeAPIServerArgs|extraKubeProxyArgs|extraKubeControllerManagerArgs|extraKubeSchedulerArgs|extraKubeliteEnv|extraSANs|containerdRegistryConfigs|extraContainerdArgs|extraContainerdEnv|extraDqliteArgs|extraDqliteEnv|extraCNIEnv|extraFIPSEnv|extraConfigFiles|extraMicroK8sClusterAgentArgs|extraMicroK8sAPIServerProxyArgs|extraEtcdArgs|extraFlanneldArgs|persistentClusterToken|join)\s*:/;
const SNAP_PATH = /\$\{?SNAP(_DATA|_COMMON)?\}?\/|\/var\/snap\/microk8s\//;
const ARG_LINE = /^\s*--[a-z0-9-]+(=|\s|$)/;
const CNI_ENV = /^\s*(IPv[46]_(SUPPORT|CLUSTER_CIDR|SERVICE_CIDR)|CNI|CALICO_VETH_MTU)=/;
type Component = 'kube-apiserver' | 'kube-controller-manager' | 'kube-proxy' | 'kubelet';
const COMPONENTS: readonly Component[] = ['kube-apiserver', 'kube-controller-manager', 'kube-proxy', 'kubelet'];
const CREDENTIALS: Readonly<Record<string, Component>> = { 'proxy.config': 'kube-proxy', 'controller.config': 'kube-controller-manager', 'kubelet.config': 'kubelet' };
/** Addons that replace Calico (canonical/microk8s-core-addons, community addons). */
const CNI_ADDONS: Readonly<Record<string, string | null>> = { cilium: 'cilium', 'kube-ovn': null };

const noDefault = (what: string): string => `default of ${MICROK8S} (${what}), not stated`;

export const microk8s: Parser = {
  kind: 'microk8s-config',
  title: 'MicroK8s launch configuration or args file',
  detect(lines, ctx) {
    const where = `${ctx.path ?? ''} ${ctx.command ?? ''}`;
    const content = lines.filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
    if (content.length === 0) return 0;
    // The launch configuration: `version: 0.x.y` and its own top-level keys.
    if (content.some((l) => /^version\s*:\s*["']?0\.\d+\.\d+["']?\s*$/.test(l)) && content.some((l) => LAUNCH_KEYS.test(l))) return 0.95;
    // args/cni-env.
    if (content.every((l) => CNI_ENV.test(l) || /^\s*[A-Z0-9_]+=/.test(l)) && content.some((l) => /^\s*IPv[46]_(CLUSTER|SERVICE)_CIDR=/.test(l))) return 0.95;
    // An args file: one flag a line, with the snap's paths or at the snap's path.
    // Above the component flags' score with a path hint (0.95): the snap's paths say whose file it is.
    const args = content.filter((l) => ARG_LINE.test(l)).length;
    if (args >= 2 && args === content.length && (content.some((l) => SNAP_PATH.test(l)) || /\/snap\/microk8s\/[^\s]*args\//.test(where))) return 1;
    return 0;
  },
  parse(lines, ctx) {
    const content = lines.filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
    if (content.some((l) => /^version\s*:/.test(l))) return parseLaunch(lines);
    if (content.some((l) => /^\s*IPv[46]_(CLUSTER|SERVICE)_CIDR=/.test(l)) && !content.some((l) => ARG_LINE.test(l))) return parseCniEnv(lines);
    return parseArgs(lines, ctx);
  },
};

/** The launch configuration: its parts in order, then the defaults none of them states. */
function parseLaunch(lines: readonly string[]): ParseResult {
  const out = emptyResult();
  const e = new Emitter(out, lines);
  const parts: { start: number; end: number }[] = [];
  let start = 0;
  lines.forEach((l, i) => {
    if (/^---\s*$/.test(l)) {
      parts.push({ start, end: i });
      start = i + 1;
    }
  });
  parts.push({ start, end: lines.length });
  const stated = new Set<string>();
  let anchor = 0;
  let joins = false;
  let cniReplaced = false;
  let cniStated = false;
  for (const part of parts) {
    const text = lines.slice(part.start, part.end);
    if (!text.some((l) => l.trim() !== '' && !/^\s*#/.test(l))) continue;
    const read = readTree(text);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line === null ? null : read.line + part.start, message: `MicroK8s launch configuration is not valid YAML: ${read.error}` });
      continue;
    }
    const c = read.tree.value;
    if (!isMap(c)) {
      out.diagnostics.push({ level: 'error', line: part.start + 1, message: 'MicroK8s launch configuration: expected a YAML mapping (version, addons, extraKubeAPIServerArgs, ...)' });
      continue;
    }
    const at = (...p: (string | number)[]): number => read.tree.line(p) + part.start;
    const version = typeof c.version === 'string' ? c.version : null;
    if (version === null || !/^0\.\d+\.\d+$/.test(version)) {
      out.diagnostics.push({ level: 'error', line: at('version'), message: `MicroK8s launch configuration version ${String(c.version)}: expected a version from 0.1.0 to 0.2.0` });
      continue;
    }
    if (anchor === 0) {
      anchor = at('version');
      e.claim({ type: 'distribution', name: 'microk8s' }, anchor);
    }
    if (isMap(c.join)) joins = true;

    const args = (key: string): [string, unknown, number][] => (isMap(c[key]) ? Object.entries(c[key]).map(([k, v]) => [k.replace(/^--/, ''), v, at(key, k)]) : []);
    for (const [flag, v, l] of args('extraKubeAPIServerArgs')) {
      if (flag === 'service-cluster-ip-range') {
        stated.add('service');
        value(e, v, l, `extraKubeAPIServerArgs --${flag}`, (s) => e.networks('service', s, l, `extraKubeAPIServerArgs --${flag}`));
      } else if (flag === 'service-node-port-range') value(e, v, l, `--${flag}`, (s) => (/^\d{1,5}[-+]\d{1,5}$/.test(s) ? e.claim({ type: 'nodePortRange', range: s }, l) : e.diag('error', l, `extraKubeAPIServerArgs --${flag} ${s}: expected a port range such as 30000-32767`)));
    }
    for (const [flag, v, l] of args('extraKubeControllerManagerArgs')) {
      if (flag === 'cluster-cidr') {
        stated.add('pod');
        value(e, v, l, `--${flag}`, (s) => e.networks('pod', s, l, `extraKubeControllerManagerArgs --${flag}`));
      } else if (flag === 'service-cluster-ip-range') {
        stated.add('service');
        value(e, v, l, `--${flag}`, (s) => {
          e.networks('service', s, l, `extraKubeControllerManagerArgs --${flag}`);
          e.claim({ type: 'controllerManagerServiceRange', value: true }, l);
        });
      } else if (/^node-cidr-mask-size(-ipv[46])?$/.test(flag)) {
        value(e, v, l, `--${flag}`, (s) => {
          const family = flag.endsWith('ipv6') ? 'IPv6' : 'IPv4';
          const size = e.int(s, l, `extraKubeControllerManagerArgs --${flag}`, 1, family === 'IPv4' ? 32 : 128);
          if (size !== null) e.claim({ type: 'nodeCIDRMaskSize', family, size }, l);
        });
      }
    }
    for (const [flag, v, l] of args('extraKubeProxyArgs')) {
      if (flag === 'cluster-cidr') value(e, v, l, `--${flag}`, (s) => proxyClusterCIDR(e, s, l));
      else if (flag === 'proxy-mode') {
        stated.add('proxyMode');
        value(e, v, l, `--${flag}`, (s) => proxyMode(e, s, l, 'extraKubeProxyArgs --proxy-mode'));
      }
    }
    for (const [flag, v, l] of args('extraKubeletArgs')) {
      if (flag === 'cluster-dns') value(e, v, l, `--${flag}`, (s) => splitList(s).forEach((ip) => dns(e, ip, l)));
    }
    const env = isMap(c.extraCNIEnv) ? c.extraCNIEnv : null;
    if (env) {
      const envLine = (k: string): number => at('extraCNIEnv', k);
      const get = (k: string): string | null => (env[k] === undefined || env[k] === null ? null : e.text(env[k], envLine(k), `extraCNIEnv ${k}`));
      cniEnv(e, get, envLine, stated);
    }
    const addons = Array.isArray(c.addons) ? c.addons : [];
    addons.forEach((a, i) => {
      if (!isMap(a) || typeof a.name !== 'string' || a.disable === true) return;
      const name = a.name.replace(/^[a-z-]+\//, '');
      if (!(name in CNI_ADDONS)) return;
      cniReplaced = true;
      const cni = CNI_ADDONS[name];
      if (cni) {
        cniStated = true;
        e.cni(cni, at('addons', i));
      } else e.diag('skipped', at('addons', i), `MicroK8s addon ${name} replaces Calico; its own config says how pods are addressed`);
    });
  }
  if (anchor === 0) return out;
  // kube-proxy runs inside kubelite on every node, whatever the cluster's ranges.
  e.inferred({ type: 'kubeProxyPresent', present: true }, anchor, 'MicroK8s runs kube-proxy inside kubelite: no kube-proxy DaemonSet is expected');
  if (!stated.has('proxyMode')) e.inferred({ type: 'proxyMode', mode: MICROK8S_DEFAULTS.proxyMode }, anchor, noDefault('kube-proxy without --proxy-mode: iptables'));
  // A node that joins takes the cluster's ranges: its own file's defaults say nothing of them.
  if (joins) {
    e.diag('skipped', anchor, 'MicroK8s launch configuration joins a cluster (join:): the ranges are that cluster\'s, not defaults of this file');
    return out;
  }
  if (!stated.has('service')) e.inferred({ type: 'network', role: 'service', cidr: MICROK8S_DEFAULTS.service }, anchor, noDefault(`--service-cluster-ip-range ${MICROK8S_DEFAULTS.service}`));
  if (!stated.has('pod')) e.inferred({ type: 'network', role: 'pod', cidr: MICROK8S_DEFAULTS.pod }, anchor, noDefault(`IPv4_CLUSTER_CIDR ${MICROK8S_DEFAULTS.pod}`));
  if (!cniReplaced && !cniStated) {
    e.cni(MICROK8S_DEFAULTS.cni, anchor, noDefault('CNI calico'));
    e.inferred({ type: 'cniSetting', field: 'encapsulation', value: MICROK8S_DEFAULTS.encapsulation }, anchor, noDefault('Calico CALICO_IPV4POOL_VXLAN Always'));
  }
  return out;
}

/** extraCNIEnv or args/cni-env: the ranges generate-cni.sh writes into every component, and Calico's MTU. */
function cniEnv(e: Emitter, get: (k: string) => string | null, lineOf: (k: string) => number, stated: Set<string>): void {
  for (const fam of ['IPv4', 'IPv6'] as const) {
    const support = get(`${fam}_SUPPORT`);
    // IPv4 is on unless turned off; IPv6 only when turned on (default-args/cni-env).
    const on = support === null ? fam === 'IPv4' : /^true$/i.test(support);
    if (!on) continue;
    for (const [key, role] of [[`${fam}_CLUSTER_CIDR`, 'pod'], [`${fam}_SERVICE_CIDR`, 'service']] as const) {
      const v = get(key);
      if (v === null) continue;
      stated.add(role);
      e.networks(role, v, lineOf(key), key);
    }
  }
  const cni = get('CNI');
  if (cni !== null) {
    if (cni === 'calico') e.cni('calico', lineOf('CNI'));
    else e.diag('error', lineOf('CNI'), `MicroK8s CNI=${cni}: expected calico (scripts/generate-cni.sh supports only calico)`);
  }
  const mtu = get('CALICO_VETH_MTU');
  if (mtu !== null) {
    const n = e.int(mtu, lineOf('CALICO_VETH_MTU'), 'CALICO_VETH_MTU', 0, 65535);
    // 0 is Calico's own detection (calico.yaml veth_mtu "0").
    if (n !== null && n > 0) e.claim({ type: 'cniSetting', field: 'mtu', value: n }, lineOf('CALICO_VETH_MTU'));
  }
}

/** A launch-configuration value: null removes the argument (nothing stated), a template is no value. */
function value(e: Emitter, v: unknown, line: number, what: string, use: (s: string) => void): void {
  if (v === null) {
    e.diag('skipped', line, `${what}: null removes the argument; MicroK8s's own value applies`);
    return;
  }
  const s = e.text(v, line, what);
  if (s !== null) use(s);
}

function proxyClusterCIDR(e: Emitter, s: string, line: number): void {
  for (const p of splitList(s)) {
    const c = parseCIDR(p);
    if (c.ok) e.claim({ type: 'kubeProxyClusterCIDR', cidr: p }, line);
    else e.diag('error', line, `kube-proxy --cluster-cidr: ${c.error}`);
  }
}

function proxyMode(e: Emitter, s: string, line: number, what: string): void {
  if (['iptables', 'ipvs', 'nftables'].includes(s)) e.claim({ type: 'proxyMode', mode: s }, line);
  else e.diag('error', line, `${what} ${s}: expected iptables, ipvs or nftables`);
}

function dns(e: Emitter, ip: string, line: number): void {
  const a = e.ip(ip, line, '--cluster-dns');
  if (a !== null) e.claim({ type: 'clusterDNS', ip: a }, line);
}

/** args/cni-env, shell variables. */
function parseCniEnv(lines: readonly string[]): ParseResult {
  const out = emptyResult();
  const e = new Emitter(out, lines);
  const vars = new Map<string, { value: string; line: number }>();
  lines.forEach((l, i) => {
    const m = /^\s*([A-Za-z0-9_]+)=(.*?)\s*(#.*)?$/.exec(l);
    if (m && !/^\s*#/.test(l)) vars.set(m[1]!, { value: unquote(m[2] ?? ''), line: i + 1 });
  });
  const first = Math.min(...[...vars.values()].map((v) => v.line));
  e.claim({ type: 'distribution', name: 'microk8s' }, first);
  cniEnv(e, (k) => {
    const v = vars.get(k);
    if (!v || v.value === '') return null;
    return templateIn(v.value) ? (e.diag('skipped', v.line, `${k}: ${v.value} is a template, not a value`), null) : v.value;
  }, (k) => vars.get(k)?.line ?? first, new Set());
  return out;
}

/** An args file: the component's flags, read as the component reads them, and what MicroK8s adds. */
function parseArgs(lines: readonly string[], ctx: ParseContext): ParseResult {
  const out = emptyResult();
  const where = `${ctx.path ?? ''} ${ctx.command ?? ''}`;
  let component: Component | null = null;
  for (const c of COMPONENTS) if (new RegExp(`args/${c}(?![\\w-])`).test(where)) component = c;
  if (!component) {
    for (const l of lines) {
      const m = /--kubeconfig=\S*credentials\/([a-z-]+\.config)/.exec(l);
      if (m && CREDENTIALS[m[1]!]) component = CREDENTIALS[m[1]!]!;
    }
  }
  if (!component && lines.some((l) => /^\s*--(service-account-issuer|etcd-servers|secure-port)=/.test(l))) component = 'kube-apiserver';
  const firstFlag = Math.max(1, lines.findIndex((l) => ARG_LINE.test(l)) + 1);
  const claim = (c: Claim, line: number, inferred?: string): void => {
    out.observations.push({ claim: c, line, excerpt: inferred ?? excerpt(lines[line - 1] ?? ''), ...(inferred ? { inferred: true } : {}) });
  };
  claim({ type: 'distribution', name: 'microk8s' }, firstFlag);
  if (!component) {
    out.diagnostics.push({ level: 'skipped', line: firstFlag, message: 'MicroK8s args file: which component it configures is not known (name it args/kube-apiserver, args/kube-proxy, ...)' });
    return out;
  }
  const flags: { flag: string; value: string; line: number }[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*--([a-z0-9-]+)(?:=|\s+)(.*?)\s*$/.exec(l);
    if (m) flags.push({ flag: m[1]!, value: unquote(m[2] ?? ''), line: i + 1 });
  });
  if (component === 'kube-apiserver' || component === 'kube-controller-manager' || component === 'kube-proxy') {
    const res = componentFlags.parse(lines, { command: component });
    out.observations.push(...res.observations);
    out.diagnostics.push(...res.diagnostics);
  }
  if (component === 'kube-proxy') {
    claim({ type: 'kubeProxyPresent', present: true }, firstFlag, 'MicroK8s runs kube-proxy inside kubelite with these args: no kube-proxy DaemonSet is expected');
    const mode = flags.find((f) => f.flag === 'proxy-mode');
    if (mode) {
      if (['iptables', 'ipvs', 'nftables'].includes(mode.value)) claim({ type: 'proxyMode', mode: mode.value }, mode.line);
      else out.diagnostics.push({ level: 'error', line: mode.line, message: `kube-proxy --proxy-mode ${mode.value}: expected iptables, ipvs or nftables` });
    } else claim({ type: 'proxyMode', mode: MICROK8S_DEFAULTS.proxyMode }, firstFlag, noDefault('kube-proxy without --proxy-mode: iptables'));
  }
  if (component === 'kubelet') {
    for (const f of flags.filter((x) => x.flag === 'cluster-dns')) {
      for (const ip of splitList(f.value)) {
        const a = checkIP(out, ip, f.line, 'kubelet --cluster-dns');
        if (a) claim({ type: 'clusterDNS', ip: a }, f.line);
      }
    }
  }
  return out;
}
