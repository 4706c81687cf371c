/**
 * `ip -j addr` / `ip -json address` output (iproute2 ip/ipaddress.c with
 * json_print; one line, or indented with `-p`/`-pretty`):
 *
 *   [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,...,
 *     "addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo",...}]},
 *    {"ifindex":2,"ifname":"eth0","link_index":5123,...,"mtu":1450,...,
 *     "addr_info":[{"family":"inet","local":"192.8.33.6","prefixlen":24,"broadcast":"192.8.33.255","scope":"global",...}]}]
 *
 * The same facts as `ip addr` (ip-addr.ts): every interface with its MTU and
 * addresses, and the node network from global addresses of host interfaces only.
 */
import { parseIP } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { interfaceKind } from './ip-addr.js';
import { readTree } from './tree.js';

export const ipJsonAddr: Parser = {
  kind: 'ip-json-addr',
  title: 'ip -j addr output',
  detect(lines) {
    const head = lines.slice(0, 40).join(' ');
    if (!/^\s*\[/.test(head)) return 0;
    return /"ifname"\s*:/.test(head) && /"(addr_info|mtu|flags)"\s*:/.test(head) ? 0.95 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readTree(lines);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `ip -j addr output is not valid JSON: ${read.error}`, syntax: true });
      return out;
    }
    const { tree } = read;
    if (!Array.isArray(tree.value)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'ip -j addr output: expected a JSON array of interfaces' });
      return out;
    }
    const at = (l: number): string => excerpt(lines[l - 1] ?? '');
    tree.value.forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
      const link = item as Record<string, unknown>;
      const name = typeof link.ifname === 'string' ? link.ifname : null;
      const linkLine = tree.line([i, 'ifname']);
      if (name === null) {
        out.diagnostics.push({ level: 'error', line: linkLine, message: `ip -j addr: interface ${i + 1} has no ifname` });
        return;
      }
      const mtu = typeof link.mtu === 'number' && Number.isInteger(link.mtu) && link.mtu >= 0 ? link.mtu : null;
      const addresses: { address: string; prefixLength: number; scope: string }[] = [];
      const infos = Array.isArray(link.addr_info) ? link.addr_info : [];
      infos.forEach((a, j) => {
        if (a === null || typeof a !== 'object') return;
        const info = a as Record<string, unknown>;
        const family = info.family;
        if (family !== 'inet' && family !== 'inet6') return;
        const l = tree.line([i, 'addr_info', j, 'local']);
        const local = typeof info.local === 'string' ? info.local : '';
        const prefix = info.prefixlen;
        const parsed = parseIP(local);
        const max = family === 'inet' ? 32 : 128;
        if (!parsed.ok || typeof prefix !== 'number' || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
          out.diagnostics.push({
            level: 'error',
            line: l,
            message: `interface ${name} address ${local}/${String(prefix)}: ${parsed.ok ? `prefix length must be 0-${max}` : parsed.error}`,
          });
          return;
        }
        if ((family === 'inet') !== (parsed.value.family === 'IPv4')) {
          out.diagnostics.push({ level: 'error', line: l, message: `interface ${name} address ${local}: family ${family} does not match the address` });
          return;
        }
        const scope = typeof info.scope === 'string' ? info.scope : 'global';
        addresses.push({ address: parsed.value.address, prefixLength: prefix, scope });
        if (scope === 'global' && interfaceKind(name) === 'host') {
          out.observations.push({ claim: { type: 'network', role: 'node', cidr: `${parsed.value.address}/${prefix}`, isAddress: true }, line: l, excerpt: at(l) });
        }
      });
      out.observations.push({ claim: { type: 'interface', name, mtu, addresses }, line: linkLine, excerpt: at(linkLine) });
    });
    return out;
  },
};
