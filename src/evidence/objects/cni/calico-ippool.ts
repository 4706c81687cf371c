/**
 * Calico IPPool, as `calicoctl get ippool -o yaml` (projectcalico.org/v3) or
 * `kubectl get ippools.crd.projectcalico.org -o yaml` (crd.projectcalico.org/v1)
 * show it:
 *
 *   spec:
 *     cidr: 192.168.0.0/16
 *     blockSize: 26            # default 26 (IPv4) / 122 (IPv6), allowed 20-32 / 116-128
 *     ipipMode: Always         # Always | CrossSubnet | Never (default Never)
 *     vxlanMode: Never
 *     natOutgoing: true
 *     disabled: false
 *     allowedUses: [Workload, Tunnel]
 *
 * Fields and defaults: Calico docs, reference/resources/ippool. An enabled pool
 * whose allowedUses include Workload is a pod network. Its presence means Calico
 * IPAM, which hands out addresses from the pools by blocks, so node podCIDRs are
 * unused (inferred: a Calico install may use host-local IPAM instead, which its
 * CNI config would state).
 */
import { addClaim, addPool, calicoEncapsulation, readBool } from '../../parsers/cni-common.js';
import type { ParseResult } from '../../types.js';
import { arr, group, obj, str, type ObjectHandler } from '../types.js';

export const CALICO_BLOCK_DEFAULT = { IPv4: 26, IPv6: 122 } as const;
export const CALICO_BLOCK_RANGE: { IPv4: [number, number]; IPv6: [number, number] } = { IPv4: [20, 32], IPv6: [116, 128] };

export const calicoIPPoolHandler: ObjectHandler = {
  name: 'calico-ippool',
  matches: (o) => o.kind === 'IPPool' && (group(o) === 'projectcalico.org' || group(o) === 'crd.projectcalico.org'),
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name);
    const spec = obj(o.spec);
    const what = `IPPool ${name ?? '(unnamed)'}`;
    const cidr = str(spec?.cidr);
    const cidrLine = site.line(['spec', 'cidr']);
    const at = (l: number): string => site.excerpt(l);
    if (spec && cidr === null && spec.cidr !== undefined && spec.cidr !== null) {
      out.diagnostics.push({ level: 'error', line: cidrLine, message: `${what}: spec.cidr is ${JSON.stringify(spec.cidr)}, not a string: expected a CIDR such as 192.168.0.0/16` });
      return;
    }
    if (!spec || cidr === null) {
      out.diagnostics.push({ level: 'error', line: site.line(['spec']), message: `${what}: spec.cidr is missing; an IPPool needs a range` });
      return;
    }
    addClaim(out, { type: 'cni', name: 'calico' }, site.line(['apiVersion']), at(site.line(['apiVersion'])));

    const uses = arr(spec.allowedUses).map((u) => String(u));
    if (spec.allowedUses !== undefined && !uses.includes('Workload')) {
      out.diagnostics.push({
        level: 'skipped',
        line: site.line(['spec', 'allowedUses']),
        message: `${what} ${cidr}: allowedUses ${uses.join(', ') || '(none)'} excludes Workload, so no pod takes an address from it`,
      });
      return;
    }

    let blockSize: number | null = null;
    if (spec.blockSize !== undefined) {
      const b = typeof spec.blockSize === 'number' ? spec.blockSize : Number.NaN;
      if (!Number.isInteger(b)) {
        out.diagnostics.push({ level: 'error', line: site.line(['spec', 'blockSize']), message: `${what}: blockSize ${JSON.stringify(spec.blockSize)} is not a whole number` });
        return;
      }
      blockSize = b;
    }
    const enc = calicoEncapsulation(str(spec.ipipMode), str(spec.vxlanMode));
    if (enc.error) {
      out.diagnostics.push({ level: 'error', line: site.line(['spec', spec.ipipMode !== undefined ? 'ipipMode' : 'vxlanMode']), message: `${what}: ${enc.error}` });
      return;
    }
    const stated = spec.ipipMode !== undefined || spec.vxlanMode !== undefined;
    let disabled = false;
    if (spec.disabled !== undefined) {
      const d = readBool(spec.disabled);
      if (d === null) {
        out.diagnostics.push({ level: 'error', line: site.line(['spec', 'disabled']), message: `${what}: disabled ${JSON.stringify(spec.disabled)} is not true or false` });
        return;
      }
      disabled = d;
    }
    if (spec.natOutgoing !== undefined && readBool(spec.natOutgoing) === null) {
      out.diagnostics.push({ level: 'error', line: site.line(['spec', 'natOutgoing']), message: `${what}: natOutgoing ${JSON.stringify(spec.natOutgoing)} is not true or false` });
    }
    const family = addPool(
      out,
      {
        name,
        cidr,
        blockSize,
        defaultBlockSize: CALICO_BLOCK_DEFAULT,
        blockSizeRange: CALICO_BLOCK_RANGE,
        encapsulation: enc.value,
        encapsulationInferred: !stated,
        disabled,
      },
      cidrLine,
      at(cidrLine),
      what,
    );
    if (family === null) return;
    if (!disabled) {
      const encLine = stated ? site.line(['spec', spec.ipipMode !== undefined && enc.value !== 'vxlan' ? 'ipipMode' : 'vxlanMode']) : cidrLine;
      addClaim(out, { type: 'cniSetting', field: 'encapsulation', value: enc.value ?? 'none' }, encLine, at(encLine), !stated);
    }
    addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'pool' }, cidrLine, at(cidrLine), true);
    addClaim(out, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, site.line(['apiVersion']), at(site.line(['apiVersion'])), true);
  },
};
