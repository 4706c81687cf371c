/**
 * The calico-node DaemonSet (calico.yaml) and Canal's DaemonSet (canal.yaml,
 * a calico-node container beside kube-flannel): the calico-node container's
 * environment states the default pools, encapsulation, MTU and eBPF mode.
 * Commented-out env entries never reach here (the YAML reader drops comments);
 * the raw-text reader in parsers/calico-env.ts skips them explicitly.
 * The DaemonSet's status and scheduling are read by the DaemonSet handler.
 */
import { readCalicoEnv } from '../../parsers/calico-env.js';
import type { ParseResult } from '../../types.js';
import { str, type ObjectHandler } from '../types.js';
import { containerEnv, containerNames } from './env.js';

export const calicoNodeHandler: ObjectHandler = {
  name: 'calico-node',
  matches: (o) => o.kind === 'DaemonSet' && containerNames(o).includes('calico-node'),
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name) ?? '';
    const canal = name === 'canal' || containerNames(o).includes('kube-flannel');
    readCalicoEnv(containerEnv(o, site, 'calico-node'), out, (l) => site.excerpt(l), canal ? 'canal' : 'calico');
    if (canal) {
      const l = site.line(['metadata', 'name']);
      out.observations.push({ claim: { type: 'cni', name: 'canal' }, line: l, excerpt: site.excerpt(l) });
      out.observations.push({ claim: { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, line: l, excerpt: site.excerpt(l), inferred: true });
    }
  },
};
