/**
 * `nmcli device show` / `nmcli connection show NAME` (nmcli(1), NetworkManager 1.46):
 * `FIELD:  value` lines, one block per device, blocks separated by a blank line.
 *
 *   GENERAL.DEVICE:                         eth0
 *   GENERAL.MTU:                            1500
 *   IP4.ADDRESS[1]:                         192.168.1.5/24
 *   IP6.ADDRESS[1]:                         fe80::5054:ff:fe12:3456/64
 *   connection.interface-name:              eth0        (nmcli connection show)
 *   ipv4.addresses:                         192.168.1.5/24
 *   802-3-ethernet.mtu:                     auto
 *
 * What the device holds now (IP4/IP6.ADDRESS, DHCP leases included) is preferred over
 * what the connection configures (ipv4.addresses). Yields interfaces and the node
 * network like `ip addr` does (host interfaces only).
 */
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { addInterface, hostMTU, type StatedAddress } from './host-interface.js';

const NMCLI = /^([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?:\[(\d+)\])?:\s+(.*)$/;

export const nmcli: Parser = {
  kind: 'nmcli',
  title: 'nmcli device / connection show',
  detect(lines) {
    let fields = 0;
    let addr = false;
    for (const l of lines) {
      const m = NMCLI.exec(l);
      if (!m) continue;
      fields++;
      if (/^(IP[46]\.ADDRESS|GENERAL\.DEVICE|ipv4\.addresses|connection\.interface-name)$/.test(m[1] ?? '')) addr = true;
    }
    return addr && fields >= 2 ? 0.9 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    interface Block {
      line: number;
      name: string | null;
      mtu: { value: string; line: number } | null;
      runtime: StatedAddress[];
      configured: StatedAddress[];
    }
    const blocks: Block[] = [];
    let cur: Block | null = null;
    const open = (line: number): Block => {
      const b: Block = { line, name: null, mtu: null, runtime: [], configured: [] };
      blocks.push(b);
      return b;
    };
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      const m = NMCLI.exec(line);
      if (!m) {
        // `nmcli device show` separates devices with a blank line.
        if (line.trim() === '') cur = null;
        return;
      }
      const field = m[1] ?? '';
      const value = (m[3] ?? '').trim();
      let b: Block = cur ?? open(lineNo);
      if (field === 'GENERAL.DEVICE' && b.name !== null) b = open(lineNo);
      cur = b;
      switch (field) {
        case 'GENERAL.DEVICE':
        case 'connection.interface-name':
          if (value !== '--' && value !== '') {
            b.name = value;
            b.line = lineNo;
          }
          break;
        case 'GENERAL.DEVICES':
          if (b.name === null && value !== '--' && value !== '') b.name = value.split(/\s+/)[0] ?? null;
          break;
        case 'GENERAL.MTU':
        case '802-3-ethernet.mtu':
        case '802-11-wireless.mtu':
          if (!b.mtu || field === 'GENERAL.MTU') b.mtu = { value, line: lineNo };
          break;
        case 'IP4.ADDRESS':
        case 'IP6.ADDRESS':
          b.runtime.push({ text: value, line: lineNo });
          break;
        case 'ipv4.addresses':
        case 'ipv6.addresses':
          for (const a of value.split(',').map((x) => x.trim()).filter((x) => x !== '' && x !== '--')) b.configured.push({ text: a, line: lineNo });
          break;
      }
    });
    for (const b of blocks) {
      if (b.name === null) {
        if (b.runtime.length + b.configured.length > 0) out.diagnostics.push({ level: 'skipped', line: b.line, message: 'nmcli output names no device: its addresses belong to no known interface' });
        continue;
      }
      // What the device holds now (IP4.ADDRESS) over what the connection configures.
      const addresses = b.runtime.length > 0 ? b.runtime : b.configured;
      const mtu = b.mtu ? hostMTU(out, b.mtu.value.replace(/\s*\(default\)$/, ''), b.mtu.line, `nmcli ${b.name}`) : null;
      addInterface(out, lines, b.name, mtu, addresses, b.line, `nmcli ${b.name}`);
    }
    return out;
  },
};
