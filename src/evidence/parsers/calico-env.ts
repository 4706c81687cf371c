/**
 * calico-node's environment, the way Calico's manifests (manifests/calico.yaml,
 * canal.yaml) configure the default pools and the MTU:
 *
 *   - name: CALICO_IPV4POOL_IPIP
 *     value: "Always"
 *   # - name: CALICO_IPV4POOL_CIDR
 *   #   value: "192.168.0.0/16"
 *   - name: FELIX_IPINIPMTU
 *     valueFrom:
 *       configMapKeyRef:
 *         name: calico-config
 *         key: veth_mtu
 *
 * The object reader hands calico-node DaemonSets here (objects/cni/calico-node.ts);
 * this parser reads the same env from a raw `grep -A1 CALICO_ calico.yaml` or from
 * `kubectl set env ds/calico-node --list` (`CALICO_IPV4POOL_CIDR=10.244.0.0/16`).
 * A commented-out entry is configuration someone chose not to apply: skipped, never
 * a value. Variables: Calico docs reference/configure-calico-node (CALICO_IPV4POOL_*,
 * CALICO_IPV6POOL_*, block sizes 26 / 122 by default, NO_DEFAULT_POOLS,
 * CALICO_NETWORKING_BACKEND bird | vxlan | none) and reference/felix/configuration
 * (FELIX_IPINIPMTU, FELIX_VXLANMTU, FELIX_VXLANMTUV6, FELIX_WIREGUARDMTU, FELIX_BPFENABLED).
 */
import { CALICO_BLOCK_DEFAULT, CALICO_BLOCK_RANGE } from '../objects/cni/calico-ippool.js';
import type { EnvEntry } from '../objects/cni/env.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { addClaim, addPool, calicoEncapsulation, readBool, readMTU } from './cni-common.js';
import { emptyResult, unquote } from './common.js';
import { templateIn } from './tree.js';

const KNOWN = /^(CALICO_IPV[46]POOL_[A-Z_]+|CALICO_NETWORKING_BACKEND|NO_DEFAULT_POOLS|FELIX_(IPINIPMTU|VXLANMTU|VXLANMTUV6|WIREGUARDMTU|WIREGUARDMTUV6|BPFENABLED))$/;
const MTU_VARS = ['FELIX_IPINIPMTU', 'FELIX_VXLANMTU', 'FELIX_VXLANMTUV6', 'FELIX_WIREGUARDMTU', 'FELIX_WIREGUARDMTUV6'];

/** `grep -n` prefixes (`4772:` or `4773-`) and `--` group separators of grep -A. */
const GREP_PREFIX = /^\d+[:-]/;
const NAME_LINE = /^(\s*)(#\s*)?-\s+name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?:#.*)?$/;
const VALUE_LINE = /^\s*(#\s*)?value:\s*(.*?)\s*$/;
const VALUE_FROM_LINE = /^\s*(#\s*)?valueFrom:\s*$/;
const LIST_LINE = /^(#\s*)?([A-Z][A-Z0-9_]*)(=(.*)| from (.*))$/;

export const calicoEnv: Parser = {
  kind: 'calico-env',
  title: 'calico-node environment (manifest grep or kubectl set env --list)',
  detect(lines) {
    let hits = 0;
    // A grep or `set env --list` is short; whole manifests go to the object reader.
    for (const raw of lines.slice(0, 5000)) {
      const l = raw.replace(GREP_PREFIX, '');
      const n = NAME_LINE.exec(l)?.[3] ?? LIST_LINE.exec(l.trim())?.[2];
      if (n && /^(CALICO_IPV[46]POOL_|CALICO_NETWORKING_BACKEND|FELIX_)/.test(n)) hits++;
      if (hits >= 1) return 0.8;
    }
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const entries: (EnvEntry & { commented: boolean; nameLine: number })[] = [];
    let pending: { name: string; commented: boolean; line: number } | null = null;
    lines.forEach((raw, i) => {
      const lineNo = i + 1;
      const l = raw.replace(GREP_PREFIX, '');
      const name = NAME_LINE.exec(l);
      if (name) {
        pending = { name: name[3] ?? '', commented: !!name[2], line: lineNo };
        // `- name: X` followed on the same item by `value:` on the next line; a bare name has no value yet.
        return;
      }
      const value = VALUE_LINE.exec(l);
      if (value && pending) {
        const p: { name: string; commented: boolean; line: number } = pending;
        entries.push({ name: p.name, value: unquote(stripComment(value[2] ?? '')), from: null, line: lineNo, commented: p.commented || !!value[1], nameLine: p.line });
        pending = null;
        return;
      }
      if (VALUE_FROM_LINE.test(l) && pending) {
        const p: { name: string; commented: boolean; line: number } = pending;
        const ref = /name:\s*(\S+)/.exec(lines[i + 2] ?? '')?.[1];
        const key = /key:\s*(\S+)/.exec(lines[i + 3] ?? '')?.[1];
        entries.push({ name: p.name, value: null, from: ref && key ? `ConfigMap ${ref} key ${key}` : 'a reference', line: lineNo, commented: p.commented, nameLine: p.line });
        pending = null;
        return;
      }
      const list = LIST_LINE.exec(l.trim());
      if (list) {
        entries.push({ name: list[2] ?? '', value: list[4] ?? null, from: list[5] ?? null, line: lineNo, commented: !!list[1], nameLine: lineNo });
      }
    });
    const live: EnvEntry[] = [];
    for (const e of entries) {
      if (!KNOWN.test(e.name)) continue;
      if (e.commented) {
        out.diagnostics.push({ level: 'skipped', line: e.nameLine, message: `${e.name} is commented out: configuration not applied, not a value` });
        continue;
      }
      live.push(e);
    }
    readCalicoEnv(live, out, (n) => excerpt(lines[n - 1] ?? ''), 'calico');
    return out;
  },
};

function stripComment(v: string): string {
  const t = v.trim();
  const quoted = /^("[^"]*"|'[^']*')\s*(?:#.*)?$/.exec(t);
  if (quoted) return quoted[1] ?? t;
  return t.replace(/\s+#.*$/, '');
}

/**
 * Facts from calico-node's environment. `cni` is `canal` when the DaemonSet is
 * Canal's (flannel networking, Calico policy), else `calico`.
 */
export function readCalicoEnv(env: readonly EnvEntry[], out: ParseResult, excerptOf: (line: number) => string, cni: 'calico' | 'canal'): void {
  const get = (name: string): EnvEntry | undefined => env.filter((e) => e.name === name).at(-1);
  const literal = (e: EnvEntry | undefined): string | null => {
    if (!e) return null;
    if (e.value === null) {
      out.diagnostics.push({ level: 'skipped', line: e.line, message: `${e.name} comes from ${e.from ?? 'a reference'}: its value is not in this evidence` });
      return null;
    }
    const t = templateIn(e.value);
    if (t) {
      out.diagnostics.push({ level: 'skipped', line: e.line, message: `${e.name} "${e.value}" is ${t}, not a value` });
      return null;
    }
    return e.value.trim();
  };
  const anyCalico = env.some((e) => KNOWN.test(e.name));
  if (!anyCalico) return;
  const first = env.find((e) => KNOWN.test(e.name))!;
  addClaim(out, { type: 'cni', name: cni }, first.line, excerptOf(first.line), true);
  addClaim(out, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, first.line, excerptOf(first.line), true);

  const backendEntry = get('CALICO_NETWORKING_BACKEND');
  const backend = literal(backendEntry);
  if (backend !== null && !['bird', 'vxlan', 'none', 'gobgp'].includes(backend)) {
    out.diagnostics.push({ level: 'error', line: backendEntry!.line, message: `CALICO_NETWORKING_BACKEND "${backend}": expected bird, vxlan or none` });
  }

  const noDefault = get('NO_DEFAULT_POOLS');
  const noPools = noDefault ? readBool(literal(noDefault)) === true : false;
  for (const fam of ['IPV4', 'IPV6'] as const) {
    const cidrEntry = get(`CALICO_${fam}POOL_CIDR`);
    const cidr = literal(cidrEntry);
    if (cidr === null || cidr === '') continue;
    if (noPools) {
      out.diagnostics.push({ level: 'skipped', line: cidrEntry!.line, message: `CALICO_${fam}POOL_CIDR ${cidr} is not used: NO_DEFAULT_POOLS is true` });
      continue;
    }
    const bsEntry = get(`CALICO_${fam}POOL_BLOCK_SIZE`);
    const bsText = literal(bsEntry);
    let blockSize: number | null = null;
    if (bsText !== null) {
      if (!/^\d{1,3}$/.test(bsText)) {
        out.diagnostics.push({ level: 'error', line: bsEntry!.line, message: `CALICO_${fam}POOL_BLOCK_SIZE "${bsText}": expected a prefix length` });
        continue;
      }
      blockSize = Number(bsText);
    }
    const ipipEntry = fam === 'IPV4' ? get('CALICO_IPV4POOL_IPIP') : undefined;
    const vxlanEntry = get(`CALICO_${fam}POOL_VXLAN`);
    const ipip = literal(ipipEntry);
    const vxlan = literal(vxlanEntry);
    const enc = calicoEncapsulation(ipip, vxlan);
    if (enc.error) {
      out.diagnostics.push({ level: 'error', line: (ipipEntry ?? vxlanEntry)!.line, message: `calico-node env: ${enc.error}` });
      continue;
    }
    const encStated = ipip !== null || vxlan !== null;
    const family = addPool(
      out,
      {
        name: fam === 'IPV4' ? 'default-ipv4-ippool' : 'default-ipv6-ippool',
        cidr,
        blockSize,
        defaultBlockSize: CALICO_BLOCK_DEFAULT,
        blockSizeRange: CALICO_BLOCK_RANGE,
        encapsulation: encStated && backend !== 'none' ? enc.value : null,
        disabled: false,
      },
      cidrEntry!.line,
      excerptOf(cidrEntry!.line),
      `CALICO_${fam}POOL_CIDR`,
    );
    if (family !== null && encStated && backend !== 'none') {
      const l = (enc.value === 'vxlan' ? vxlanEntry : ipipEntry ?? vxlanEntry)!.line;
      addClaim(out, { type: 'cniSetting', field: 'encapsulation', value: enc.value ?? 'none' }, l, excerptOf(l));
    }
    if (family !== null && cni === 'calico') addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'pool' }, cidrEntry!.line, excerptOf(cidrEntry!.line), true);
  }

  for (const name of MTU_VARS) {
    const e = get(name);
    const v = literal(e);
    if (v === null) continue;
    const mtu = readMTU(out, v, e!.line, name);
    if (mtu !== null) {
      addClaim(out, { type: 'cniSetting', field: 'mtu', value: mtu }, e!.line, excerptOf(e!.line));
      break;
    }
  }

  const bpfEntry = get('FELIX_BPFENABLED');
  const bpf = literal(bpfEntry);
  if (bpf !== null) {
    const b = readBool(bpf);
    if (b === null) out.diagnostics.push({ level: 'error', line: bpfEntry!.line, message: `FELIX_BPFENABLED "${bpf}": expected true or false` });
    else if (b) addClaim(out, { type: 'kubeProxyReplacement', name: 'calico-ebpf' }, bpfEntry!.line, excerptOf(bpfEntry!.line));
  }
}
