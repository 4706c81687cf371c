/**
 * calico.yaml's `calico-config` ConfigMap (kube-system): `veth_mtu` ("0" means
 * detect from the host, the default since Calico 3.22), `calico_backend`
 * (bird | vxlan | none) and `cni_network_config`, the CNI config template the
 * install-cni container writes to /etc/cni/net.d with `__CNI_MTU__` and
 * `__KUBERNETES_NODE_NAME__` filled in per node (templates are skipped).
 */
import { addClaim, readMTU } from '../../parsers/cni-common.js';
import { readCniConf } from '../../parsers/cni-conf.js';
import type { ParseResult } from '../../types.js';
import { obj, str, type ObjectHandler } from '../types.js';
import { readEmbedded } from './embedded.js';

export const calicoConfigHandler: ObjectHandler = {
  name: 'calico-config',
  matches: (o) => o.kind === 'ConfigMap' && str(o.metadata?.name) === 'calico-config',
  extract(o, site, out: ParseResult) {
    const data = obj(o.data) ?? {};
    const nameLine = site.line(['metadata', 'name']);
    addClaim(out, { type: 'cni', name: 'calico' }, nameLine, site.excerpt(nameLine), true);
    if (data.veth_mtu !== undefined) {
      const l = site.line(['data', 'veth_mtu']);
      const mtu = readMTU(out, data.veth_mtu, l, 'calico-config veth_mtu');
      if (mtu !== null) addClaim(out, { type: 'cniSetting', field: 'mtu', value: mtu }, l, site.excerpt(l));
    }
    const backend = str(data.calico_backend);
    if (backend !== null && !['bird', 'vxlan', 'none'].includes(backend)) {
      out.diagnostics.push({ level: 'error', line: site.line(['data', 'calico_backend']), message: `calico-config calico_backend "${backend}": expected bird, vxlan or none` });
    }
    if (typeof data.cni_network_config === 'string') {
      readEmbedded(site, ['data', 'cni_network_config'], out, 'cni_network_config', (tree, lines, res) => readCniConf(tree, lines, res, {}));
    }
  },
};
