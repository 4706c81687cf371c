/**
 * netplan YAML (/etc/netplan/*.yaml; the same schema is cloud-init's network-config
 * version 2), as netplan.io documents it (doc/netplan-yaml.md, netplan 1.0):
 *
 *   network:
 *     version: 2
 *     ethernets:
 *       enp0s3:
 *         addresses: [192.168.56.10/24]
 *         mtu: 1500
 *     bonds:
 *       bond0:
 *         interfaces: [enp1s0, enp2s0]
 *         addresses:
 *           - 10.0.0.5/24:            # the mapping form: address -> {lifetime, label}
 *               label: bond0:data
 *     vlans:
 *       vlan10: {id: 10, link: bond0, addresses: [10.10.0.5/24]}
 *
 * Device types: ethernets, bonds, bridges, vlans, wifis, tunnels, vrfs,
 * dummy-devices, virtual-ethernets, modems. A device is named by its key, or by
 * `set-name` when it matches hardware. Addresses from DHCP (`dhcp4: true`) are
 * not in the file and stay unknown. Yields interfaces and the node network like
 * `ip addr` does (host interfaces only). When the document sits in a shell heredoc
 * (`cat <<EOF > /etc/netplan/01-netcfg.yaml`) or a write-up block followed by
 * `sudo netplan apply`, only `network:` and the lines indented under it are read.
 */
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { addInterface, hostMTU, type StatedAddress } from './host-interface.js';
import { readTree, templateIn } from './tree.js';

const TYPES = ['ethernets', 'bonds', 'bridges', 'vlans', 'wifis', 'tunnels', 'vrfs', 'dummy-devices', 'virtual-ethernets', 'modems'] as const;
const TYPE_LINE = new RegExp(`^\\s*(${TYPES.join('|')}):\\s*$`);

export const netplan: Parser = {
  kind: 'netplan',
  title: 'netplan network configuration',
  detect(lines) {
    let network = false;
    let version = false;
    let types = false;
    for (const l of lines) {
      if (/^\s*"?(kind|apiVersion)"?\s*:/.test(l)) return 0;
      if (/^network:\s*$/.test(l)) network = true;
      if (/^\s*version:\s*["']?2["']?\s*$/.test(l)) version = true;
      if (TYPE_LINE.test(l)) types = true;
    }
    if (types && (network || version)) return 0.9;
    return 0;
  },
  parse(all) {
    const out: ParseResult = emptyResult();
    // A `network:` document inside a shell heredoc or followed by commands (`sudo netplan apply`):
    // the document is `network:` and the indented lines under it; lines keep their numbers.
    const start = all.findIndex((l) => /^network:\s*$/.test(l));
    let lines: readonly string[] = all;
    if (start >= 0) {
      let end = start + 1;
      while (end < all.length && (/^\s/.test(all[end] ?? '') || (all[end] ?? '').trim() === '' || /^#/.test(all[end] ?? ''))) end++;
      lines = all.map((l, i) => (i >= start && i < end ? l : ''));
    }
    const read = readTree(lines);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `netplan configuration is not valid YAML: ${read.error}` });
      return out;
    }
    const tree = read.tree;
    const root = tree.value as Record<string, unknown> | null;
    const hasNetwork = root !== null && typeof root === 'object' && typeof root.network === 'object' && root.network !== null;
    const base: string[] = hasNetwork ? ['network'] : [];
    const net = (hasNetwork ? root.network : root) as Record<string, unknown> | null;
    if (!net || typeof net !== 'object') {
      out.diagnostics.push({ level: 'error', line: 1, message: 'netplan configuration: expected a `network:` mapping with ethernets, bonds, bridges or vlans' });
      return out;
    }
    for (const type of TYPES) {
      const devices = net[type];
      if (devices === undefined || devices === null) continue;
      if (typeof devices !== 'object' || Array.isArray(devices)) {
        out.diagnostics.push({ level: 'error', line: tree.line([...base, type]), message: `netplan ${type}: expected a mapping of interface names` });
        continue;
      }
      for (const [id, raw] of Object.entries(devices as Record<string, unknown>)) {
        const path = [...base, type, id];
        const dev = (raw ?? {}) as Record<string, unknown>;
        if (typeof dev !== 'object' || Array.isArray(dev)) continue;
        const setName = typeof dev['set-name'] === 'string' ? dev['set-name'] : null;
        const name = setName ?? id;
        const t = templateIn(name);
        if (t) {
          out.diagnostics.push({ level: 'skipped', line: tree.line(path), message: `netplan ${type} "${name}" is ${t}, not an interface name` });
          continue;
        }
        const addresses: StatedAddress[] = [];
        const list = dev.addresses;
        if (list !== undefined && !Array.isArray(list)) {
          out.diagnostics.push({ level: 'error', line: tree.line([...path, 'addresses']), message: `netplan ${name} addresses: expected a list such as [192.168.1.5/24]` });
        }
        (Array.isArray(list) ? list : []).forEach((a, i) => {
          const line = tree.line([...path, 'addresses', i]);
          // `- 10.0.0.5/24: {label: ...}`: the mapping form, the address is the key.
          const text = typeof a === 'string' ? a : a !== null && typeof a === 'object' && !Array.isArray(a) && Object.keys(a).length === 1 ? (Object.keys(a)[0] ?? '') : null;
          if (text === null) {
            out.diagnostics.push({ level: 'error', line, message: `netplan ${name} addresses: expected ADDRESS/PREFIX, got ${JSON.stringify(a)}` });
            return;
          }
          const tt = templateIn(text) ?? (/\$/.test(text) ? 'a variable reference' : null);
          if (tt) {
            out.diagnostics.push({ level: 'skipped', line, message: `netplan ${name} address "${text}" is ${tt}, not an address` });
            return;
          }
          addresses.push({ text, line });
        });
        const mtu = dev.mtu === undefined ? null : hostMTU(out, dev.mtu, tree.line([...path, 'mtu']), `netplan ${name}`);
        addInterface(out, lines, name, mtu, addresses, keyLine(lines, tree.line(path), id), `netplan ${name}`);
      }
    }
    return out;
  },
};

/** The line of `id:` itself: a block mapping's value starts on the line below its key. */
function keyLine(lines: readonly string[], valueLine: number, id: string): number {
  const key = new RegExp(`^\\s*["']?${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
  for (let l = valueLine; l >= Math.max(1, valueLine - 1); l--) if (key.test(lines[l - 1] ?? '')) return l;
  return valueLine;
}
