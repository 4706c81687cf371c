/**
 * flannel's ConfigMap: `kube-flannel-cfg`, in kube-system (older manifests and
 * many installers) or kube-flannel (Documentation/kube-flannel.yml since 0.20),
 * and Canal's `canal-config`. Its `net-conf.json` holds the pod network and
 * backend, its `cni-conf.json` (Canal: `cni_network_config`) the CNI config
 * written to each node; both are read at their own lines.
 */
import { readCniConf } from '../../parsers/cni-conf.js';
import { readNetConf } from '../../parsers/flannel-net-conf.js';
import type { ParseResult } from '../../types.js';
import { obj, str, type ObjectHandler } from '../types.js';
import { readEmbedded } from './embedded.js';

const NAMES = new Set(['kube-flannel-cfg', 'canal-config']);

export const flannelConfigHandler: ObjectHandler = {
  name: 'flannel-config',
  matches: (o) => o.kind === 'ConfigMap' && NAMES.has(str(o.metadata?.name) ?? ''),
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name) ?? '';
    const cni = name === 'canal-config' ? 'canal' : 'flannel';
    const data = obj(o.data);
    if (!data || typeof data['net-conf.json'] !== 'string') {
      out.diagnostics.push({ level: 'skipped', line: site.line(['data']), message: `ConfigMap ${name} has no net-conf.json: no pod network in it` });
    } else {
      readEmbedded(site, ['data', 'net-conf.json'], out, 'net-conf.json', (tree, lines, res) => readNetConf(tree, lines, res, cni));
    }
    for (const key of ['cni-conf.json', 'cni_network_config']) {
      if (typeof data?.[key] === 'string') readEmbedded(site, ['data', key], out, key, (tree, lines, res) => readCniConf(tree, lines, res, {}, cni));
    }
  },
};
