/**
 * `ifconfig` output, in the three forms it is found in (whole or filtered through grep):
 *
 *   net-tools 2.x (Linux, current):
 *     eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
 *             inet 192.168.1.5  netmask 255.255.255.0  broadcast 192.168.1.255
 *             inet6 fe80::a00:27ff:fe4e:66a1  prefixlen 64  scopeid 0x20<link>
 *   net-tools 1.60 (older Linux, busybox):
 *     eth0      Link encap:Ethernet  HWaddr 08:00:27:4E:66:A1
 *               inet addr:10.0.0.5  Bcast:10.0.0.255  Mask:255.255.255.0
 *               inet6 addr: fe80::a00:27ff:fe4e:66a1/64 Scope:Link
 *               UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
 *   BSD / macOS:
 *     en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
 *         inet6 fe80::1c2b:3c4d:5e6f:7a8b%en0 prefixlen 64 secured scopeid 0x4
 *         inet 192.168.1.5 netmask 0xffffff00 broadcast 192.168.1.255
 *
 * Netmasks are dotted (net-tools lib/inet.c prints them with inet_ntoa) or hex
 * (BSD ifconfig af_inet.c prints `netmask 0x%x`); IPv6 has a prefix length.
 * Scopes: net-tools prints `scopeid 0x20<link>` (2.x, lib/inet6.c) or
 * `Scope:Link` (1.60); BSD marks link-local addresses with `%if`. Yields the
 * same facts as `ip addr`: every interface with its MTU and addresses, and the
 * node network from global addresses of host interfaces only (see ip-addr.ts).
 */
import { parseIP } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { interfaceKind } from './ip-addr.js';
import { inPodNamespace } from './host.js';

/** `eth0: flags=4163<UP,...>  mtu 1500` (net-tools 2.x, BSD). */
const HEAD_NEW = /^([^\s:]+(?::\d+)?):\s+flags=(?:\d+|[0-9a-fx]+)<([^>]*)>(.*)$/i;
/** `eth0      Link encap:Ethernet  HWaddr ...` (net-tools 1.60). */
const HEAD_OLD = /^([^\s:]+(?::\d+)?)\s+Link encap:/;
const INET_NEW = /^\s*inet\s+(\d{1,3}(?:\.\d{1,3}){3})\s+(?:-->\s+\S+\s+)?netmask\s+(\S+)/;
const INET_OLD = /^\s*inet addr:\s*(\d{1,3}(?:\.\d{1,3}){3})\b.*?\bMask:\s*(\S+)/;
const INET6_NEW = /^\s*inet6\s+([0-9a-f:.]+)(?:%(\S+))?\s+prefixlen\s+(\d{1,3})\b(.*)$/i;
const INET6_OLD = /^\s*inet6 addr:\s*([0-9a-f:.]+)\/(\d{1,3})\s*(?:Scope:\s*(\w+))?/i;

interface Iface {
  name: string;
  mtu: number | null;
  line: number;
  addresses: { address: string; prefixLength: number; scope: string }[];
}

/** Prefix length of a dotted (255.255.255.0) or hex (0xffffff00) IPv4 netmask; null when it is not a contiguous mask. */
export function maskLength(mask: string): number | null {
  let n: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(mask)) n = Number.parseInt(mask.slice(2), 16);
  else {
    const parts = mask.split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
    n = parts.reduce((acc, p) => acc * 256 + Number(p), 0);
  }
  const bits = n.toString(2).padStart(32, '0');
  if (bits.length !== 32 || !/^1*0*$/.test(bits)) return null;
  return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
}

/** Scope of an address whose output does not say it. */
function scopeOf(address: string, family: 'IPv4' | 'IPv6'): string {
  if (family === 'IPv4') return /^127\./.test(address) ? 'host' : /^169\.254\./.test(address) ? 'link' : 'global';
  if (address === '::1') return 'host';
  return /^fe[89ab][0-9a-f]:/i.test(address) ? 'link' : 'global';
}

export const ifconfig: Parser = {
  kind: 'ifconfig',
  title: 'ifconfig output',
  detect(lines, ctx) {
    let heads = 0;
    let addrs = 0;
    for (const l of lines) {
      if (HEAD_NEW.test(l) || HEAD_OLD.test(l)) heads++;
      else if (INET_NEW.test(l) || INET_OLD.test(l) || INET6_NEW.test(l) || INET6_OLD.test(l)) addrs++;
    }
    if (heads > 0) return 0.9;
    if (addrs === 0) return 0;
    return /\bifconfig\b/.test(`${ctx.command ?? ''} ${ctx.path ?? ''}`) ? 0.8 : 0.6;
  },
  parse(lines, ctx) {
    const out: ParseResult = emptyResult();
    // `kubectl exec POD -- ifconfig`: the pod's interfaces, not the node's.
    const podNs = inPodNamespace(ctx.command);
    const ifaces = new Map<string, Iface>();
    let current: Iface | null = null;
    const open = (name: string, lineNo: number): Iface => {
      // An alias (eth0:1) is one more address of its interface, as `ip addr` shows it.
      const base = name.replace(/:\d+$/, '');
      let f = ifaces.get(base);
      if (!f) {
        f = { name: base, mtu: null, line: lineNo, addresses: [] };
        ifaces.set(base, f);
      }
      return f;
    };
    const add = (lineNo: number, line: string, address: string, prefixLength: number | null, scope: string | null, what: string): void => {
      const parsed = parseIP(address);
      const width = parsed.ok && parsed.value.family === 'IPv4' ? 32 : 128;
      if (!parsed.ok || prefixLength === null || prefixLength > width) {
        const why = !parsed.ok ? parsed.error : prefixLength === null ? `${what}: expected a contiguous netmask such as 255.255.255.0 or 0xffffff00` : 'prefix length out of range';
        out.diagnostics.push({ level: 'error', line: lineNo, message: `interface address ${address}: ${why}` });
        return;
      }
      // With `ifconfig | grep inet` the interface lines are gone: the addresses are kept, their interface unknown.
      const f = current ?? open('unknown', lineNo);
      current = f;
      const sc = scope ?? scopeOf(parsed.value.address, parsed.value.family);
      f.addresses.push({ address: parsed.value.address, prefixLength, scope: sc });
      if (!podNs && sc === 'global' && f.name !== 'unknown' && interfaceKind(f.name) === 'host') {
        out.observations.push({ claim: { type: 'network', role: 'node', cidr: `${parsed.value.address}/${prefixLength}`, isAddress: true }, line: lineNo, excerpt: excerpt(line) });
      }
    };
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      const head = HEAD_NEW.exec(line);
      if (head) {
        current = open(head[1] ?? '', lineNo);
        const mtu = /\bmtu\s+(\d+)/.exec(head[3] ?? '');
        if (mtu) current.mtu = Number(mtu[1]);
        return;
      }
      const old = HEAD_OLD.exec(line);
      if (old) {
        current = open(old[1] ?? '', lineNo);
        return;
      }
      const oldMtu = /^\s+.*\bMTU:(\d+)/.exec(line);
      if (oldMtu && current) {
        (current as Iface).mtu = Number(oldMtu[1]);
        return;
      }
      let m = INET_NEW.exec(line) ?? INET_OLD.exec(line);
      if (m) {
        add(lineNo, line, m[1] ?? '', maskLength(m[2] ?? ''), null, `netmask ${m[2] ?? ''}`);
        return;
      }
      m = INET6_NEW.exec(line);
      if (m) {
        const zone = m[2];
        const scopeid = /\bscopeid\s+0x[0-9a-f]+<(\w+)>/i.exec(m[4] ?? '')?.[1]?.toLowerCase();
        const scope = scopeid === 'compat' ? 'global' : (scopeid ?? (zone ? 'link' : null));
        add(lineNo, line, m[1] ?? '', Number(m[3]), scope, 'prefixlen');
        return;
      }
      m = INET6_OLD.exec(line);
      if (m) add(lineNo, line, m[1] ?? '', Number(m[2]), m[3] ? m[3].toLowerCase() : null, 'prefix');
    });
    for (const f of ifaces.values()) {
      if (f.name === 'unknown' && f.addresses.length === 0) continue;
      out.observations.push({ claim: { type: 'interface', name: f.name, mtu: f.mtu, addresses: f.addresses }, line: f.line, excerpt: excerpt(lines[f.line - 1] ?? '') });
    }
    return out;
  },
};
