/**
 * `ip route` / `ip -6 route` / `ip route show table all` output (iproute2
 * ip/iproute.c print_route):
 *
 *   default via 192.168.10.1 dev eth0 proto dhcp src 192.168.10.11 metric 100
 *   10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
 *   10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1
 *   blackhole 10.244.120.64/26 proto bird
 *   10.244.120.65 dev cali5f1d7f3e2c1 scope link
 *   2001:db8:10::/64 dev eth0 proto kernel metric 256 pref medium
 *   default proto static metric 100
 *           nexthop via 10.0.0.1 dev eth0 weight 1
 *           nexthop via 10.0.0.2 dev eth1 weight 1
 *
 * Each route is kept with its destination (a bare address is a /32 or /128;
 * `default` is 0.0.0.0/0 or ::/0), gateway and device; local, broadcast and
 * multicast routes of `table all` describe the host itself and are left out.
 * Routes to pod ranges through CNI devices (cni0, flannel.1, cali*, tunl0,
 * cilium_host, weave) show how a node reaches pods. A kernel route of a host
 * interface (`proto kernel scope link src ADDRESS`) is also its node network,
 * unless the command ran in a pod (`kubectl exec ... -- ip route`).
 */
import { parseCIDR, parseIP } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { inPodNamespace } from './host.js';
import { interfaceKind } from './ip-addr.js';

const TYPES = 'unicast|blackhole|unreachable|prohibit|throw|local|broadcast|multicast|anycast|nat';
const ROUTE = new RegExp(`^(?:(${TYPES})\\s+)?(default|[0-9a-fA-F.:]+(?:/\\d{1,3})?)(\\s+.*)?$`);
const KEYWORD = /\s(dev|via|proto|scope|metric|src|table|onlink|linkdown|pref|expires|mtu|nhid)\b/;
const DETECT_LINES = 400;
const NEXTHOP = /^\s+nexthop\s+(?:via\s+(?:inet6?\s+)?(\S+)\s+)?dev\s+(\S+)/;

export const ipRoute: Parser = {
  kind: 'ip-route',
  title: 'ip route output',
  detect(lines, ctx) {
    let routes = 0;
    let other = 0;
    // The first lines decide: a routing table is short, and a huge input of another kind is not scanned to its end.
    for (const l of lines.slice(0, DETECT_LINES)) {
      if (l.trim() === '') continue;
      const m = ROUTE.exec(l);
      if (m && (m[3] === undefined ? m[1] !== undefined : KEYWORD.test(m[3])) && validDestination(m[2] ?? '')) routes++;
      else if (!NEXTHOP.test(l) && !/^\s*(cache|\s)/.test(l)) other++;
    }
    if (routes === 0) return 0;
    const hint = /\bip\s+(-\S+\s+)*r(o(ute?)?)?\b/.test(ctx.command ?? '') ? 0.1 : 0;
    return routes >= other ? 0.8 + hint : routes >= 2 ? 0.4 + hint : 0;
  },
  parse(lines, ctx) {
    const podNs = inPodNamespace(ctx.command);
    const out: ParseResult = emptyResult();
    // `default` is ::/0 under `ip -6 route`, or when every other destination listed is IPv6.
    const destinations = lines.flatMap((l) => {
      const d = ROUTE.exec(l)?.[2];
      return d && d !== 'default' ? [d] : [];
    });
    const v6Default =
      /\bip\s+(?:-\S+\s+)*-6\b|\bip\s+-6\b|\bip\s+(?:-\S+\s+)*-f(?:amily)?\s+inet6\b/.test(ctx.command ?? '') ||
      (destinations.length > 0 && destinations.every((d) => d.includes(':')));
    let lastMultipath: { line: number; destination: string } | null = null;
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      if (line.trim() === '') return;
      const hop = NEXTHOP.exec(line);
      if (hop && lastMultipath) {
        const via = hop[1] ? checkedIP(out, hop[1], lineNo) : null;
        out.observations.push({ claim: { type: 'route', destination: lastMultipath.destination, via, dev: hop[2] ?? null }, line: lineNo, excerpt: excerpt(line) });
        return;
      }
      const m = ROUTE.exec(line);
      if (!m) {
        out.diagnostics.push({ level: 'skipped', line: lineNo, message: 'not a route line' });
        return;
      }
      const type = m[1] ?? 'unicast';
      const rest = m[3] ?? '';
      if (['local', 'broadcast', 'multicast', 'anycast', 'nat'].includes(type)) return;
      const words = rest.trim().split(/\s+/);
      const field = (k: string): string | null => {
        const idx = words.indexOf(k);
        return idx >= 0 ? (words[idx + 1] ?? null) : null;
      };
      const viaText = field('via');
      // `via inet6 fe80::1` names the family first.
      const via = viaText === 'inet' || viaText === 'inet6' ? words[words.indexOf('via') + 2] ?? null : viaText;
      const dev = field('dev');
      let destination = m[2] ?? '';
      if (destination === 'default') {
        const v6 = via ? via.includes(':') : v6Default;
        destination = v6 ? '::/0' : '0.0.0.0/0';
      } else if (!destination.includes('/')) {
        const ip = parseIP(destination);
        if (!ip.ok) {
          out.diagnostics.push({ level: 'error', line: lineNo, message: `route destination ${destination}: ${ip.error}` });
          return;
        }
        destination = `${ip.value.address}/${ip.value.family === 'IPv4' ? 32 : 128}`;
      }
      const parsed = parseCIDR(destination);
      if (!parsed.ok) {
        out.diagnostics.push({ level: 'error', line: lineNo, message: `route destination: ${parsed.error}` });
        return;
      }
      for (const w of parsed.warnings) out.diagnostics.push({ level: 'warning', line: lineNo, message: `route destination: ${w}` });
      const gw = via ? checkedIP(out, via, lineNo) : null;
      if (via && gw === null) return;
      // A multipath route: its gateways and devices follow on `nexthop` lines.
      if (type === 'unicast' && !via && !dev) {
        lastMultipath = { line: lineNo, destination };
        return;
      }
      lastMultipath = null;
      out.observations.push({ claim: { type: 'route', destination, via: gw, dev }, line: lineNo, excerpt: excerpt(line) });
      // `192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.5`: the kernel's route for an address of a
      // host interface, as `ip addr` would show it: the node network.
      const src = field('src');
      if (!podNs && !via && dev && src && field('proto') === 'kernel' && field('scope') === 'link' && interfaceKind(dev) === 'host' && parsed.value.prefixLength > 0) {
        const ip = parseIP(src);
        if (ip.ok && ip.value.family === parsed.value.family) {
          out.observations.push({ claim: { type: 'network', role: 'node', cidr: `${ip.value.address}/${parsed.value.prefixLength}`, isAddress: true }, line: lineNo, excerpt: excerpt(line) });
        }
      }
    });
    return out;
  },
};

function validDestination(d: string): boolean {
  if (d === 'default') return true;
  return d.includes('/') ? parseCIDR(d).ok : parseIP(d).ok;
}

function checkedIP(out: ParseResult, text: string, lineNo: number): string | null {
  const ip = parseIP(text);
  if (!ip.ok) {
    out.diagnostics.push({ level: 'error', line: lineNo, message: `route gateway ${text}: ${ip.error}` });
    return null;
  }
  return ip.value.address;
}

