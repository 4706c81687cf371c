/**
 * The ClusterConfigurations of the kubeadm differential test
 * (test/kubeadm-differential.test.ts): networking written as operators write it
 * and as kubeadm's validation draws its lines (cmd/kubeadm/app/apis/kubeadm/validation/validation.go,
 * ValidateNetworking, k8s.io/kubernetes v1.37.2): service ranges around the
 * 20-bit limit and the 10-address minimum, pod ranges around the 14-address
 * minimum and node masks around "not shorter than the pod mask, at most 16 bits
 * apart" (with --allocate-node-cidrs=false, which turns that check off), one CIDR
 * per family and dual-stack pairs, host bits, list forms, bad strings, DNS domains.
 * Every case is written as v1beta4 and as v1beta3 (map extraArgs). Deterministic:
 * the same cases on every run.
 */

export type Api = 'v1beta3' | 'v1beta4';

export interface KubeadmCase {
  /** A short name, unique. */
  name: string;
  podSubnet?: string;
  serviceSubnet?: string;
  dnsDomain?: string;
  /** kube-controller-manager extraArgs, in order. */
  controllerManager?: [string, string][];
}

/** The Kubernetes version every case deploys: the pinned kubeadm refuses anything older than the previous minor. */
export const CASE_VERSION = 'v1.37.2';

const SERVICE: string[] = [
  // IPv4 around the 20-bit limit (mask >= /12) and the 10-address minimum (/29 holds 8).
  '10.96.0.0/12', '10.96.0.0/11', '10.0.0.0/8', '10.96.0.0/13', '10.96.0.0/16', '10.96.0.0/24', '10.96.0.0/28', '10.96.0.0/29', '10.96.0.0/30', '10.96.0.0/32',
  // IPv6 around the limit (mask >= /108) and the minimum (/125 holds 8).
  'fd00:10:96::/108', 'fd00:10:96::/107', 'fd00:10:96::/64', 'fd00:10:96::/112', 'fd00:10:96::/120', 'fd00:10:96::/124', 'fd00:10:96::/125', 'fd00:10:96::/128',
  // host bits (kubeadm masks them), dual-stack pairs, two of one family, three, lists.
  '10.96.0.1/12', '10.96.5.0/16', 'fd00:10:96::1/112',
  '10.96.0.0/16,fd00:10:96::/112', 'fd00:10:96::/112,10.96.0.0/16', '10.96.0.0/12,fd00:10:96::/108', '10.96.0.0/11,fd00:10:96::/112', '10.96.0.0/16,fd00:10:96::/107',
  '10.96.0.0/29,fd00:10:96::/112', '10.96.0.0/16,10.97.0.0/16', 'fd00:10:96::/112,fd00:10:97::/112', '10.96.0.0/16,fd00:10:96::/112,10.97.0.0/16',
  // bad strings
  '10.96.0.0', '10.96.0.0/33', 'fd00:10:96::/129', 'ten.96.0.0/12', '10.96.0.0/12,', ',10.96.0.0/12', '10.96.0.0/12, fd00:10:96::/112', '10.96.0.0/12;fd00:10:96::/112', '10.96.0.0 /12', '10.96.0.256/24', '::ffff:10.96.0.0/108',
];

const POD: string[] = [
  // IPv4 around the 14-address minimum (/28 holds 16, /29 holds 8) and the default node mask /24.
  '10.244.0.0/16', '10.244.0.0/24', '10.244.0.0/25', '10.244.0.0/28', '10.244.0.0/29', '10.244.0.0/8', '10.0.0.0/7', '10.0.0.0/9', '192.168.0.0/16', '10.32.0.0/12',
  // IPv6 around the default node mask /64 (at most 16 bits: /48).
  'fd00:10:244::/48', 'fd00:10:244::/47', 'fd00:10:244::/56', 'fd00:10:244::/64', 'fd00:10:244::/65', 'fd00:10:244::/124', 'fd00:10:244::/125',
  // host bits, pairs, lists, bad strings.
  '10.244.1.0/16', '192.168.51.0/16', 'fd00:10:244::1/56',
  '10.244.0.0/16,fd00:10:244::/56', 'fd00:10:244::/56,10.244.0.0/16', '10.244.0.0/16,fd00:10:244::/40', '10.244.0.0/25,fd00:10:244::/56', '10.244.0.0/16,10.245.0.0/16', '10.244.0.0/16,fd00:10:244::/56,fd00:10:245::/56',
  '10.244.0.0', '10.244.0.0/33', '10.244.0.0/16,', '10.244.0.0/16, fd00:10:244::/56', 'pods', '10.244.0.0/-1',
];

/** Node masks against pod ranges: around "not shorter than the pod mask" and "at most 16 bits apart". */
const MASKS: { pod: string; cm: [string, string][] }[] = [
  { pod: '10.244.0.0/16', cm: [['node-cidr-mask-size-ipv4', '24']] },
  { pod: '10.244.0.0/16', cm: [['node-cidr-mask-size-ipv4', '16']] },
  { pod: '10.244.0.0/16', cm: [['node-cidr-mask-size-ipv4', '15']] },
  { pod: '10.244.0.0/16', cm: [['node-cidr-mask-size-ipv4', '32']] },
  { pod: '10.244.0.0/16', cm: [['node-cidr-mask-size-ipv4', '33']] },
  { pod: '10.244.0.0/12', cm: [['node-cidr-mask-size-ipv4', '28']] },
  { pod: '10.244.0.0/12', cm: [['node-cidr-mask-size-ipv4', '29']] },
  { pod: '10.244.0.0/20', cm: [['node-cidr-mask-size-ipv4', '16']] },
  { pod: '10.244.0.0/28', cm: [['node-cidr-mask-size-ipv4', '28']] },
  { pod: '10.244.0.0/28', cm: [['node-cidr-mask-size-ipv4', '30']] },
  { pod: '10.0.0.0/7', cm: [['node-cidr-mask-size-ipv4', '23']] },
  { pod: '10.0.0.0/8', cm: [['node-cidr-mask-size-ipv4', '25']] },
  { pod: '10.244.0.0/16', cm: [['node-cidr-mask-size-ipv4', 'abc']] },
  { pod: '10.244.0.0/16', cm: [['node-cidr-mask-size', '26']] },
  { pod: 'fd00:10:244::/56', cm: [['node-cidr-mask-size-ipv6', '64']] },
  { pod: 'fd00:10:244::/56', cm: [['node-cidr-mask-size-ipv6', '72']] },
  { pod: 'fd00:10:244::/56', cm: [['node-cidr-mask-size-ipv6', '73']] },
  { pod: 'fd00:10:244::/56', cm: [['node-cidr-mask-size-ipv6', '48']] },
  { pod: 'fd00:10:244::/104', cm: [['node-cidr-mask-size-ipv6', '120']] },
  { pod: 'fd00:10:244::/104', cm: [['node-cidr-mask-size-ipv6', '121']] },
  { pod: '10.244.0.0/16,fd00:10:244::/56', cm: [['node-cidr-mask-size-ipv4', '24'], ['node-cidr-mask-size-ipv6', '64']] },
  { pod: '10.244.0.0/16,fd00:10:244::/56', cm: [['node-cidr-mask-size-ipv4', '24'], ['node-cidr-mask-size-ipv6', '80']] },
  { pod: '10.244.0.0/16,fd00:10:244::/40', cm: [['node-cidr-mask-size-ipv6', '56']] },
  // --allocate-node-cidrs=false: kubeadm does not check the node mask at all.
  { pod: '10.244.0.0/25', cm: [['allocate-node-cidrs', 'false']] },
  { pod: '10.0.0.0/7', cm: [['allocate-node-cidrs', 'false']] },
  { pod: '10.244.0.0/16', cm: [['allocate-node-cidrs', 'false'], ['node-cidr-mask-size-ipv4', '12']] },
  { pod: 'fd00:10:244::/40', cm: [['allocate-node-cidrs', 'false']] },
  { pod: '10.244.0.0/25', cm: [['allocate-node-cidrs', 'true']] },
  { pod: '10.244.0.0/29', cm: [['allocate-node-cidrs', 'false']] },
  { pod: '10.244.0.0/28', cm: [['allocate-node-cidrs', 'false']] },
];

const DNS_DOMAINS = ['cluster.local', 'k8s.example.com', 'Cluster.Local', 'cluster_local', 'cluster..local', '-cluster.local', 'cluster.local.', 'a'.repeat(64), `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`, 'clüster.local', '10.96.0.10'];

/** The cases: each networking field on its own against a good other one, the node masks, and some of both. */
export function kubeadmCases(): KubeadmCase[] {
  const out: KubeadmCase[] = [];
  const add = (c: Omit<KubeadmCase, 'name'>, name: string): void => {
    out.push({ name, ...c });
  };
  for (const s of SERVICE) add({ podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: s }, `service ${s}`);
  for (const s of SERVICE) add({ serviceSubnet: s }, `service ${s}, no podSubnet`);
  for (const p of POD) add({ podSubnet: p, serviceSubnet: '10.96.0.0/16,fd00:10:96::/112' }, `pod ${p}`);
  for (const p of POD) add({ podSubnet: p }, `pod ${p}, default serviceSubnet`);
  for (const m of MASKS) add({ podSubnet: m.pod, serviceSubnet: '10.96.0.0/16,fd00:10:96::/112', controllerManager: m.cm }, `pod ${m.pod} with ${m.cm.map(([k, v]) => `--${k}=${v}`).join(' ')}`);
  for (const d of DNS_DOMAINS) add({ podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', dnsDomain: d }, `dnsDomain ${d.length > 40 ? `${d.length} characters` : JSON.stringify(d)}`);
  // Both fields at once, at their edges: kubeadm reports each field that is wrong.
  const edges: [string, string][] = [
    ['10.244.0.0/29', '10.96.0.0/29'],
    ['10.0.0.0/7', '10.0.0.0/8'],
    ['fd00:10:244::/47', 'fd00:10:96::/107'],
    ['fd00:10:244::/48', 'fd00:10:96::/108'],
    ['10.244.0.0/28', '10.96.0.0/28'],
    ['10.244.0.0/16,10.245.0.0/16', '10.96.0.0/16,10.97.0.0/16'],
  ];
  for (const [p, s] of edges) add({ podSubnet: p, serviceSubnet: s }, `pod ${p} and service ${s}`);
  return out;
}

/** A case as a kubeadm config file of one API version; lines of each field for locating what a report names. */
export function render(c: KubeadmCase, api: Api): { text: string; lines: Map<number, string> } {
  const rows: [string, string | null][] = [
    [`# ${c.name}`, null],
    [`apiVersion: kubeadm.k8s.io/${api}`, null],
    ['kind: ClusterConfiguration', null],
    [`kubernetesVersion: ${CASE_VERSION}`, null],
  ];
  if (c.controllerManager) {
    rows.push(['controllerManager:', null], ['  extraArgs:', null]);
    for (const [name, value] of c.controllerManager) {
      if (api === 'v1beta4') rows.push([`  - name: ${name}`, 'networking.podSubnet'], [`    value: ${JSON.stringify(value)}`, 'networking.podSubnet']);
      else rows.push([`    ${name}: ${JSON.stringify(value)}`, 'networking.podSubnet']);
    }
  }
  rows.push(['networking:', null]);
  if (c.dnsDomain !== undefined) rows.push([`  dnsDomain: ${JSON.stringify(c.dnsDomain)}`, 'networking.dnsDomain']);
  if (c.podSubnet !== undefined) rows.push([`  podSubnet: ${JSON.stringify(c.podSubnet)}`, 'networking.podSubnet']);
  if (c.serviceSubnet !== undefined) rows.push([`  serviceSubnet: ${JSON.stringify(c.serviceSubnet)}`, 'networking.serviceSubnet']);
  const lines = new Map<number, string>();
  rows.forEach(([, field], i) => {
    if (field) lines.set(i + 1, field);
  });
  return { text: `${rows.map(([t]) => t).join('\n')}\n`, lines };
}
