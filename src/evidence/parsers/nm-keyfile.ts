/**
 * A NetworkManager keyfile (/etc/NetworkManager/system-connections/NAME.nmconnection,
 * NetworkManager man nm-settings-keyfile(5), 1.46): an INI file.
 *
 *   [connection]
 *   id=Wired connection 1
 *   type=ethernet
 *   interface-name=eth0
 *   [ethernet]
 *   mtu=1500
 *   [ipv4]
 *   address1=192.168.1.5/24,192.168.1.1      (addressN=ADDRESS/PREFIX[,GATEWAY]; older
 *   method=manual                             files: addresses1=192.168.1.5;24;192.168.1.1;)
 *
 * Yields the interface and the node network like `ip addr` does (host interfaces
 * only). Addresses from DHCP are never in a keyfile: they stay unknown.
 */
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { addInterface, hostMTU, type StatedAddress } from './host-interface.js';

const SECTION = /^\s*\[([^\]]+)\]\s*$/;

export const nmKeyfile: Parser = {
  kind: 'nm-keyfile',
  title: 'NetworkManager keyfile',
  detect(lines) {
    let connection = false;
    let ip = false;
    for (const l of lines) {
      const s = SECTION.exec(l)?.[1];
      if (s === 'connection') connection = true;
      if (s === 'ipv4' || s === 'ipv6' || s === 'ethernet') ip = true;
    }
    return connection && ip ? 0.9 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    let section = '';
    const values = new Map<string, { value: string; line: number }>();
    const addresses: StatedAddress[] = [];
    let first = 0;
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      if (/^\s*[#;]/.test(line) || line.trim() === '') return;
      const s = SECTION.exec(line);
      if (s) {
        section = s[1] ?? '';
        if (section === 'connection' && first === 0) first = lineNo;
        return;
      }
      const kv = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(line);
      if (!kv) {
        out.diagnostics.push({ level: 'error', line: lineNo, message: `keyfile line "${line.trim()}": expected KEY=VALUE or [section]` });
        return;
      }
      const key = kv[1] ?? '';
      const value = (kv[2] ?? '').trim();
      values.set(`${section}.${key}`, { value, line: lineNo });
      if ((section === 'ipv4' || section === 'ipv6') && /^(address|addresses)\d*$/.test(key)) {
        // `address1=192.168.1.5/24,192.168.1.1`, or the old `addresses1=192.168.1.5;24;192.168.1.1;`.
        const old = /^([^;/]+);(\d{1,3});/.exec(value);
        const text = old ? `${old[1]}/${old[2]}` : (value.split(',')[0] ?? '').trim();
        // An address written without a prefix takes NetworkManager's default: /24 (IPv4), /64 (IPv6); not guessed here.
        if (!text.includes('/')) out.diagnostics.push({ level: 'skipped', line: lineNo, message: `keyfile ${key} ${text} has no prefix length: not read` });
        else addresses.push({ text, line: lineNo });
      }
    });
    const name = values.get('connection.interface-name')?.value || values.get('connection.id')?.value;
    if (!name) {
      out.diagnostics.push({ level: 'skipped', line: first || 1, message: 'keyfile names neither interface-name nor id: its addresses belong to no known interface' });
      return out;
    }
    const mtuAt = values.get('ethernet.mtu') ?? values.get('wifi.mtu') ?? values.get('802-3-ethernet.mtu') ?? values.get('vlan.mtu') ?? values.get('bond.mtu');
    const mtu = mtuAt ? hostMTU(out, mtuAt.value, mtuAt.line, `keyfile ${name}`) : null;
    addInterface(out, lines, name, mtu, addresses, values.get('connection.interface-name')?.line ?? first ?? 1, `keyfile ${name}`);
    return out;
  },
};
