/**
 * k3s and RKE2 server settings, in either of their two spellings:
 *
 *   /etc/rancher/{k3s,rke2}/config.yaml (and config.yaml.d/*.yaml): flat keys
 *     cluster-cidr: 10.42.0.0/16,fd00:42::/56     disable:
 *     flannel-backend: wireguard-native             - traefik
 *     kube-proxy-arg: ["proxy-mode=ipvs"]           cni: [multus, cilium]      (RKE2)
 *   the same flags on a command line, wherever it is: `k3s server --cluster-cidr ...`,
 *     `curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="--flannel-backend=none" sh -`,
 *     a systemd ExecStart with `\` continuation lines and quoted words, Ansible
 *     vars, Nix `services.k3s.extraFlags`; `--flag value` and `--flag=value`,
 *     repeated flags adding up.
 *
 * Settings read (k3s-io/k3s pkg/cli/cmds/server.go at commit
 * 005499a940eafe99977bcabd6991a888a4cb6642; rancher/rke2 pkg/cli/cmds/server.go at
 * v1.36.3+rke2r1, commit c4f306e6c5fa18dfb447bf6b8a0423f2da68c939, which builds on
 * k3s v1.36.3 (its go.mod) and so shares k3s's range defaults):
 *   cluster-cidr, service-cidr      pod and service ranges, comma-separated or repeated (dual-stack)
 *   cluster-dns                     the CoreDNS Service IP (kubelet clusterDNS)
 *   flannel-backend                 vxlan | host-gw | wireguard-native | none (k3s's flannel off)
 *   disable-network-policy          k3s's embedded network policy controller off
 *   disable-kube-proxy              the embedded kube-proxy off
 *   kube-proxy-arg                  proxy-mode=..., cluster-cidr=...
 *   kube-controller-manager-arg     node-cidr-mask-size[-ipv4|-ipv6]=N
 *   kube-apiserver-arg              service-node-port-range=...
 *   cni (RKE2)                      canal (default) | calico | cilium | flannel | none, multus first optionally
 *
 * k3s runs kube-proxy inside its own process (RKE2 as a static pod), so no
 * kube-proxy DaemonSet is expected; k3s also runs kube-router's network policy
 * controller unless --disable-network-policy.
 *
 * Defaults, recorded as inferred at the line that leaves them out, only for a
 * server (an agent's settings come from the server it joins):
 *   cluster-cidr 10.42.0.0/16, service-cidr 10.43.0.0/16, cluster-dns 10.43.0.10
 *   (k3s server.go flag usage strings, shared by RKE2), flannel-backend vxlan (k3s),
 *   cni canal (RKE2), kube-proxy mode iptables (kube-proxy's own default on Linux).
 * Templated values ({{ ... }}, ${...}) are skipped, never guessed.
 */
import { parseCIDR } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { Claim, ParseContext, Parser, ParseResult } from '../types.js';
import { addNetworks, checkIP, emptyResult, splitList, unquote } from './common.js';

export const K3S_VERSION = 'v1.36';
export const K3S_DEFAULTS = { pod: '10.42.0.0/16', service: '10.43.0.0/16', dns: '10.43.0.10', flannel: 'vxlan', rke2Cni: 'canal' } as const;

type Distro = 'k3s' | 'rke2';

/** Settings with a value. */
const VALUED = new Set([
  'cluster-cidr',
  'service-cidr',
  'cluster-dns',
  'flannel-backend',
  'kube-proxy-arg',
  'kube-controller-manager-arg',
  'kube-apiserver-arg',
  'cni',
  'disable',
  'node-ip',
]);
const BOOLEAN = new Set(['disable-network-policy', 'disable-kube-proxy', 'flannel-ipv6-masq', 'cluster-init']);
/** Keys only a server (or a config meant for one) has. */
const SERVER_ONLY = new Set(['cluster-cidr', 'service-cidr', 'cluster-dns', 'flannel-backend', 'disable-network-policy', 'disable-kube-proxy', 'cluster-init', 'disable', 'cni', 'tls-san', 'write-kubeconfig-mode', 'kube-apiserver-arg', 'kube-controller-manager-arg']);
/** Config keys that say k3s/RKE2 (detection); other kebab-case keys are common to other tools. */
const K3S_KEYS = new Set([
  ...VALUED,
  ...BOOLEAN,
  'write-kubeconfig-mode',
  'tls-san',
  'node-label',
  'node-taint',
  'node-name',
  'node-external-ip',
  'flannel-iface',
  'flannel-external-ip',
  'egress-selector-mode',
  'etcd-expose-metrics',
  'kubelet-arg',
  'kube-scheduler-arg',
  'data-dir',
  'selinux',
  'profile',
  'secrets-encryption',
  'system-default-registry',
  'embedded-registry',
  'disable-cloud-controller',
  'ingress-controller',
]);
const FLANNEL_BACKENDS: Readonly<Record<string, string>> = {
  vxlan: 'vxlan',
  'host-gw': 'none',
  'wireguard-native': 'wireguard',
  wireguard: 'wireguard',
  ipsec: 'ipsec',
  none: '',
};
const RKE2_CNIS = new Set(['canal', 'calico', 'cilium', 'flannel', 'none']);

const CONFIG_LINE = /^([a-z][a-z0-9-]*)(\+)?\s*:\s*(.*)$/;
const FLAG_NAMES = [...VALUED, ...BOOLEAN].sort((a, b) => b.length - a.length).join('|');
const FLAG = new RegExp(`(?:^|[\\s"'\\[(=,])['"]?--(${FLAG_NAMES})(?![a-z0-9-])['"]?(?:(=|\\s+)(?!-)("[^"]*"|'[^']*'|[^\\s"'\\];)]+))?`, 'g');
const TEMPLATE = /\{\{|\{%|\$\{|\$[A-Z_]/;

const K3S_MARK = /\bk3s\b|INSTALL_K3S_|get\.k3s\.io|K3S_[A-Z_]+/;
const RKE2_MARK = /\brke2\b|INSTALL_RKE2_|get\.rke2\.io|RKE2_[A-Z_]+/;
const AGENT_MARK = /\b(k3s|rke2)\s+agent\b|\bsh\s+-s\s+-\s+agent\b|INSTALL_(K3S|RKE2)_EXEC=["']?agent\b|INSTALL_RKE2_TYPE=["']?agent|role\s*=\s*"agent"/;
/** K3S_URL joins a cluster: an agent, unless the line says server. */
const JOINS = /\bK3S_URL=/;
const SERVER_MARK = /\b(k3s|rke2)\s+server\b|INSTALL_(K3S|RKE2)_EXEC=["']?server\b|role\s*=\s*"server"|\bget\.(k3s|rke2)\.io\b/;

interface Setting {
  key: string;
  value: string | true;
  line: number;
}

function isConfigPath(path: string | undefined): Distro | null {
  const m = /\/(k3s|rke2)\/config\.yaml(\.d\/[^/]+)?$/.exec(path ?? '');
  return m ? (m[1] as Distro) : null;
}

export const k3sConfig: Parser = {
  kind: 'k3s-config',
  title: 'k3s / RKE2 config.yaml and server flags',
  detect(lines, ctx) {
    const byPath = isConfigPath(ctx.path);
    let keys = 0;
    let flags = 0;
    let mark = false;
    for (const l of lines) {
      if (/^\s*#/.test(l)) continue;
      const c = CONFIG_LINE.exec(l);
      if (c && K3S_KEYS.has(c[1] ?? '')) keys++;
      for (const m of l.matchAll(FLAG)) if (m[1]) flags++;
      if (!mark && (K3S_MARK.test(l) || RKE2_MARK.test(l))) mark = true;
    }
    if (byPath && keys > 0) return 1.1;
    // A config file: at least two of its keys, at the top level.
    if (keys >= 2) return 0.95;
    // Command lines: flags next to the program that takes them (above component-flags' 0.9 for --cluster-cidr).
    if (flags > 0 && mark) return 0.95;
    if (mark && lines.some((l) => !/^\s*#/.test(l) && /(k3s|rke2)\s+server\b|INSTALL_(K3S|RKE2)_EXEC|get\.(k3s|rke2)\.io|\bservices\.(k3s|rke2)\b/.test(l))) return 0.6;
    return 0;
  },
  parse(lines, ctx) {
    return parseK3s(lines, ctx);
  },
};

export function parseK3s(lines: readonly string[], ctx: ParseContext): ParseResult {
  const out = emptyResult();
  const live = lines.map((l) => (/^\s*(#|\/\/)/.test(l) ? '' : l));
  const text = `${ctx.path ?? ''}\n${ctx.command ?? ''}\n${live.join('\n')}`;
  const rke2 = isConfigPath(ctx.path) === 'rke2' || (RKE2_MARK.test(text) && !K3S_MARK.test(text));
  const k3s = !rke2 && (isConfigPath(ctx.path) === 'k3s' || K3S_MARK.test(text));
  const distro: Distro | null = rke2 ? 'rke2' : k3s ? 'k3s' : null;
  const templated = new Set<string>();
  const settings = [...configSettings(live, out, templated), ...flagSettings(live, out, templated), ...nixSettings(live)];
  // RKE2's cni key names it even without a path or program.
  const named: Distro | null = distro ?? (settings.some((s) => s.key === 'cni') ? 'rke2' : null);
  const program = named ?? 'k3s';
  const firstLine = live.findIndex((l) => l.trim() !== '') + 1 || 1;
  const ex = (l: number): string => excerpt(lines[l - 1] ?? '');

  const distLine = markLine(live, named ?? 'k3s') ?? firstLine;
  if (named) out.observations.push({ claim: { type: 'distribution', name: named }, line: distLine, excerpt: ex(distLine) });

  const agent = AGENT_MARK.test(text) || (JOINS.test(text) && !/\bserver\b/.test(text.replace(/K3S_URL=\S*|--server\b/g, '')));
  // A setting whose value is templated is decided elsewhere: no default stands in for it.
  const open = (key: string): boolean => !templated.has(key);
  const server = !agent && (settings.some((s) => SERVER_ONLY.has(s.key)) || SERVER_MARK.test(text) || isConfigPath(ctx.path) !== null);
  const defaultLine = commandLine(live) ?? firstLine;
  const inferred = (claim: Claim, what: string): void => {
    out.observations.push({ claim, line: defaultLine, excerpt: `default of ${program} ${K3S_VERSION} (${what}), not stated`, inferred: true });
  };
  const all = (key: string): Setting[] => settings.filter((s) => s.key === key);
  const last = (key: string): Setting | undefined => all(key).at(-1);
  const valueOf = (s: Setting): string => (s.value === true ? 'true' : s.value);

  // Ranges: repeated flags and list items add up.
  const podFamilies = new Set<string>();
  for (const [key, role] of [['cluster-cidr', 'pod'], ['service-cidr', 'service']] as const) {
    const given = all(key);
    for (const s of given) {
      addNetworks(out, role, valueOf(s), s.line, lines[s.line - 1] ?? '', `${program} ${key}`);
      if (key === 'cluster-cidr') for (const p of splitList(valueOf(s))) {
        const c = parseCIDR(p);
        if (c.ok) podFamilies.add(c.value.family);
      }
    }
    if (given.length === 0 && server && open(key)) inferred({ type: 'network', role, cidr: key === 'cluster-cidr' ? K3S_DEFAULTS.pod : K3S_DEFAULTS.service }, `--${key} ${key === 'cluster-cidr' ? K3S_DEFAULTS.pod : K3S_DEFAULTS.service}`);
  }
  if (all('cluster-cidr').length === 0) podFamilies.add('IPv4');

  const dns = all('cluster-dns');
  for (const s of dns) {
    for (const part of splitList(valueOf(s))) {
      const ip = checkIP(out, part, s.line, `${program} cluster-dns`);
      if (ip) out.observations.push({ claim: { type: 'clusterDNS', ip }, line: s.line, excerpt: ex(s.line) });
    }
  }
  if (dns.length === 0 && server && all('service-cidr').length === 0 && open('cluster-dns') && open('service-cidr')) inferred({ type: 'clusterDNS', ip: K3S_DEFAULTS.dns }, `--cluster-dns ${K3S_DEFAULTS.dns}`);

  // kube-proxy: embedded in k3s's process (RKE2: a static pod), unless disabled.
  const noProxy = last('disable-kube-proxy');
  const proxyOff = noProxy !== undefined && isTrue(valueOf(noProxy));
  if (noProxy) out.observations.push({ claim: { type: 'kubeProxyPresent', present: !proxyOff }, line: noProxy.line, excerpt: ex(noProxy.line) });
  else if (server && named) {
    out.observations.push({
      claim: { type: 'kubeProxyPresent', present: true },
      line: defaultLine,
      excerpt: `${program} runs kube-proxy ${program === 'k3s' ? 'inside its own process' : 'as a static pod'}: no kube-proxy DaemonSet is expected`,
      inferred: true,
    });
  }
  let modeStated = false;
  for (const s of all('kube-proxy-arg')) {
    for (const [k, v] of componentArgs(valueOf(s))) {
      if (k === 'proxy-mode') {
        if (['iptables', 'ipvs', 'nftables', 'kernelspace'].includes(v)) {
          out.observations.push({ claim: { type: 'proxyMode', mode: v }, line: s.line, excerpt: ex(s.line) });
          modeStated = true;
        } else out.diagnostics.push({ level: 'error', line: s.line, message: `${program} kube-proxy-arg proxy-mode=${v}: expected iptables, ipvs or nftables` });
      } else if (k === 'cluster-cidr') {
        for (const p of splitList(v)) {
          const c = parseCIDR(p);
          if (c.ok) out.observations.push({ claim: { type: 'kubeProxyClusterCIDR', cidr: p }, line: s.line, excerpt: ex(s.line) });
          else out.diagnostics.push({ level: 'error', line: s.line, message: `${program} kube-proxy-arg cluster-cidr: ${c.error}` });
        }
      }
    }
  }
  if (!modeStated && !proxyOff && server && named) inferred({ type: 'proxyMode', mode: 'iptables' }, 'kube-proxy mode iptables');

  for (const s of all('kube-controller-manager-arg')) {
    for (const [k, v] of componentArgs(valueOf(s))) {
      const m = /^node-cidr-mask-size(?:-(ipv4|ipv6))?$/.exec(k);
      if (!m) continue;
      const family = m[1] === 'ipv6' ? 'IPv6' : m[1] === 'ipv4' ? 'IPv4' : podFamilies.size === 1 ? ([...podFamilies][0] as 'IPv4' | 'IPv6') : null;
      if (family === null) {
        out.diagnostics.push({ level: 'error', line: s.line, message: `${program} kube-controller-manager-arg ${k}: not allowed with a dual-stack cluster-cidr; use node-cidr-mask-size-ipv4 and -ipv6` });
        continue;
      }
      const size = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
      if (Number.isInteger(size) && size >= 1 && size <= (family === 'IPv4' ? 32 : 128)) out.observations.push({ claim: { type: 'nodeCIDRMaskSize', family, size }, line: s.line, excerpt: ex(s.line) });
      else out.diagnostics.push({ level: 'error', line: s.line, message: `${program} kube-controller-manager-arg ${k}=${v}: expected a prefix length up to ${family === 'IPv4' ? 32 : 128}` });
    }
  }
  for (const s of all('kube-apiserver-arg')) {
    for (const [k, v] of componentArgs(valueOf(s))) {
      if (k === 'service-node-port-range' && /^\d{1,5}[-+]\d{1,5}$/.test(v)) out.observations.push({ claim: { type: 'nodePortRange', range: v }, line: s.line, excerpt: ex(s.line) });
    }
  }

  // The CNI.
  if (program === 'rke2') rke2Cni(all('cni'), server && open('cni'), out, ex, inferred);
  else k3sFlannel(last('flannel-backend'), last('disable-network-policy'), server && named !== null && open('flannel-backend'), out, ex, inferred, valueOf);
  return out;
}

function k3sFlannel(
  backend: Setting | undefined,
  npc: Setting | undefined,
  server: boolean,
  out: ParseResult,
  ex: (l: number) => string,
  inferred: (c: Claim, what: string) => void,
  valueOf: (s: Setting) => string,
): void {
  let flannel = true;
  if (backend) {
    const b = valueOf(backend);
    const enc = FLANNEL_BACKENDS[b];
    if (enc === undefined) {
      out.diagnostics.push({ level: 'error', line: backend.line, message: `k3s flannel-backend ${b}: expected vxlan, host-gw, wireguard-native or none` });
      return;
    }
    if (b === 'none') {
      flannel = false;
      out.diagnostics.push({ level: 'skipped', line: backend.line, message: 'k3s flannel-backend none: the CNI is installed apart; its own config says which' });
    } else {
      out.observations.push({ claim: { type: 'cni', name: 'flannel' }, line: backend.line, excerpt: ex(backend.line) });
      out.observations.push({ claim: { type: 'cniSetting', field: 'encapsulation', value: enc }, line: backend.line, excerpt: ex(backend.line) });
    }
  } else if (server) {
    inferred({ type: 'cni', name: 'flannel' }, 'flannel, the embedded CNI');
    inferred({ type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }, '--flannel-backend vxlan');
  }
  // k3s's flannel takes each node's podCIDR (kube-subnet-mgr).
  if (flannel && (backend || server)) inferred({ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, "flannel IPAM: each node's podCIDR");
  if (npc) {
    const off = isTrue(valueOf(npc));
    out.observations.push({ claim: { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: !off }, line: npc.line, excerpt: ex(npc.line) });
  } else if (server) {
    inferred({ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, 'embedded network policy controller on');
  }
}

function rke2Cni(settings: Setting[], server: boolean, out: ParseResult, ex: (l: number) => string, inferred: (c: Claim, what: string) => void): void {
  const items = settings.flatMap((s) => splitList(s.value === true ? '' : s.value).map((v) => ({ v, line: s.line })));
  const plugins = items.filter((i) => i.v !== 'multus');
  if (plugins.length === 0) {
    if (server) {
      inferred({ type: 'cni', name: K3S_DEFAULTS.rke2Cni }, '--cni canal');
      inferred({ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, "canal IPAM: each node's podCIDR");
    }
    return;
  }
  for (const { v, line } of plugins) {
    if (!RKE2_CNIS.has(v)) {
      out.diagnostics.push({ level: 'error', line, message: `rke2 cni ${v}: expected canal, calico, cilium, flannel or none (multus first, optionally)` });
      continue;
    }
    if (v === 'none') {
      out.diagnostics.push({ level: 'skipped', line, message: 'rke2 cni none: the CNI is installed apart; its own config says which' });
      continue;
    }
    out.observations.push({ claim: { type: 'cni', name: v }, line, excerpt: ex(line) });
  }
}

function isTrue(v: string): boolean {
  return /^(true|yes|on|1)$/i.test(v.trim());
}

/** `proxy-mode=ipvs`, or several `a=b,c=d`? k3s takes one flag per item: split on the first `=` only. */
function componentArgs(v: string): [string, string][] {
  const t = unquote(v).replace(/^--/, '');
  const eq = t.indexOf('=');
  return eq < 0 ? [] : [[t.slice(0, eq), unquote(t.slice(eq + 1))]];
}

/** config.yaml keys at the top level: `key: value`, `key: [a, b]`, `key:` then `- item` lines, `key+:` (config.yaml.d append). */
function configSettings(lines: readonly string[], out: ParseResult, templated: Set<string>): Setting[] {
  const res: Setting[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = CONFIG_LINE.exec(lines[i] ?? '');
    if (!m) continue;
    const key = m[1] ?? '';
    if (!VALUED.has(key) && !BOOLEAN.has(key)) continue;
    const raw = stripComment(m[3] ?? '');
    const items: { v: string; line: number }[] = [];
    if (raw === '') {
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j] ?? '';
        if (l.trim() === '') continue;
        const item = /^\s*-\s+(.*)$/.exec(l);
        if (!item) break;
        items.push({ v: unquote(stripComment(item[1] ?? '')), line: j + 1 });
      }
    } else if (raw.startsWith('[') && raw.endsWith(']')) {
      for (const v of raw.slice(1, -1).split(',')) if (v.trim() !== '') items.push({ v: unquote(v.trim()), line: i + 1 });
    } else items.push({ v: unquote(raw), line: i + 1 });
    for (const it of items) {
      if (TEMPLATE.test(it.v)) {
        templated.add(key);
        out.diagnostics.push({ level: 'skipped', line: it.line, message: `${key}: ${it.v} is templated: its value is decided elsewhere` });
        continue;
      }
      res.push({ key, value: it.v, line: it.line });
    }
  }
  return res;
}

function stripComment(v: string): string {
  const t = v.trim();
  const q = t[0];
  if (q === '"' || q === "'") {
    const end = t.indexOf(q, 1);
    return end > 0 ? t.slice(0, end + 1) : t;
  }
  return t.replace(/\s+#.*$/, '').trim();
}

/** Flags on command lines; a line ending in `\` continues on the next, each flag keeping the line it sits on. */
function flagSettings(lines: readonly string[], out: ParseResult, templated: Set<string>): Setting[] {
  const res: Setting[] = [];
  let joined = '';
  let starts: { at: number; line: number }[] = [];
  const flush = (): void => {
    const lineAt = (pos: number): number => {
      let l = starts[0]?.line ?? 1;
      for (const s of starts) if (s.at <= pos) l = s.line;
      return l;
    };
    for (const m of joined.matchAll(FLAG)) {
      const key = m[1] ?? '';
      const line = lineAt((m.index ?? 0) + m[0].indexOf('--'));
      let value = m[3] === undefined ? undefined : unquote(m[3]);
      if (BOOLEAN.has(key)) {
        // --disable-kube-proxy takes no value; `--flag=false` does.
        if (m[2] !== '=' || value === undefined) value = 'true';
      } else if (value === undefined || value.startsWith('--') || value === '\\') {
        continue;
      }
      if (TEMPLATE.test(value)) {
        templated.add(key);
        out.diagnostics.push({ level: 'skipped', line, message: `--${key} ${value} is templated: its value is decided elsewhere` });
        continue;
      }
      res.push({ key, value, line });
    }
    joined = '';
    starts = [];
  };
  lines.forEach((l, i) => {
    starts.push({ at: joined.length, line: i + 1 });
    const cont = /\\$/.test(l);
    joined += `${cont ? l.slice(0, -1) : l} `;
    if (!cont) flush();
  });
  flush();
  return res;
}

/**
 * NixOS's services.rke2 module takes the CNI as an option of its own
 * (nixpkgs nixos/modules/services/cluster/rke2: `cni = "cilium";`, turned into --cni).
 */
function nixSettings(lines: readonly string[]): Setting[] {
  if (!lines.some((l) => /\bservices\.rke2\b/.test(l))) return [];
  const res: Setting[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*(?:services\.rke2\.)?cni\s*=\s*"([a-z0-9-]+)"\s*;/.exec(l);
    if (m?.[1]) res.push({ key: 'cni', value: m[1], line: i + 1 });
  });
  return res;
}

/** The line that names the program (`k3s server`, `INSTALL_K3S_EXEC`, `ExecStart=...k3s`), for defaults. */
function commandLine(lines: readonly string[]): number | null {
  const i = lines.findIndex((l) => /(k3s|rke2)(\s+server|\s*\\?$)|INSTALL_(K3S|RKE2)_EXEC|get\.(k3s|rke2)\.io|services\.(k3s|rke2)\.|ExecStart=.*(k3s|rke2)/.test(l));
  return i < 0 ? null : i + 1;
}

function markLine(lines: readonly string[], d: Distro): number | null {
  const re = d === 'rke2' ? RKE2_MARK : K3S_MARK;
  const i = lines.findIndex((l) => re.test(l));
  return i < 0 ? null : i + 1;
}
