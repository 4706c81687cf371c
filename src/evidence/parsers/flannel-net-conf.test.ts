/**
 * net-conf.json as a file (`cat /etc/kube-flannel/net-conf.json` in the flannel pod,
 * or saved from the ConfigMap): flannel-io/flannel Documentation/configuration.md keys.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';

test('a raw net-conf.json is recognised and read, dual-stack with wireguard', () => {
  const text = '{\n  "Network": "10.244.0.0/16",\n  "IPv6Network": "2001:db8:244::/56",\n  "EnableIPv6": true,\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "wireguard"\n  }\n}\n';
  const r = parseText(splitLines(text), { command: 'kubectl -n kube-flannel exec ds/kube-flannel-ds -- cat /etc/kube-flannel/net-conf.json' });
  assert.is(r?.kind, 'flannel-net-conf');
  assert.equal(
    r?.observations.flatMap((o) => (o.claim.type === 'network' ? [[o.claim.cidr, o.line]] : o.claim.type === 'cniSetting' && o.claim.field === 'encapsulation' ? [[o.claim.value, o.line]] : [])),
    [
      ['10.244.0.0/16', 2],
      ['2001:db8:244::/56', 3],
      ['wireguard', 7],
    ],
  );
});

test('the etcd form with SubnetLen and udp Port (configuration.md example)', () => {
  const text = '{\n\t"Network": "10.0.0.0/8",\n\t"SubnetLen": 20,\n\t"SubnetMin": "10.10.0.0",\n\t"SubnetMax": "10.99.0.0",\n\t"Backend": {\n\t\t"Type": "udp",\n\t\t"Port": 7890\n\t}\n}\n';
  const r = parseText(splitLines(text), {});
  assert.is(r?.kind, 'flannel-net-conf');
  assert.ok(r?.observations.some((o) => o.claim.type === 'cniSetting' && o.claim.field === 'encapsulation' && o.claim.value === 'udp' && o.inferred !== true));
});

test('a CNI conflist or a Kubernetes object is not net-conf.json', () => {
  assert.not.equal(parseText(splitLines('{"cniVersion": "0.3.1", "name": "cbr0", "plugins": [{"type": "flannel"}]}'), {})?.kind, 'flannel-net-conf');
});

test.run();
