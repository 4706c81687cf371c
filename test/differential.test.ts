/**
 * Differential property test: random facts documents and parameters, evaluated
 * by the wasm engine (as users run it) and by `opa eval` with the pinned OPA,
 * give the same results. The whole batch goes to one `opa eval` process through
 * a test-only wrapper that evaluates the entrypoint once per input, so a few
 * hundred cases stay fast. Ranges are drawn from a small pool so that overlaps,
 * containment, shared podCIDRs and family mixes are frequent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { policyParams, type Params } from '../src/check.js';
import { parseCIDR, type Network } from '../src/facts/address.js';
import { emptyFacts } from '../src/facts/normalise.js';
import type { DaemonSetFacts, Facts, NodeFacts } from '../src/facts/types.js';
import { loadCatalogue } from '../src/policy/catalogue.js';
import { loadEngine } from '../src/policy/engine.js';
import { customInput, policyInput } from '../src/policy/findings.js';
import { validateFacts, validateParams } from '../src/schema/validate.js';
import { repo, ROOT } from './helpers.js';

const OPA = process.env.OPA ?? repo('tools', 'bin', 'opa');
const haveOpa = existsSync(OPA);
const rtest = haveOpa || process.env.CI === 'true' ? test : test.skip;
if (!haveOpa && process.env.CI !== 'true') process.stderr.write(`differential test skipped: no pinned opa at ${OPA}\n`);

const CASES = 300;

const net = (cidr: string): Network => {
  const p = parseCIDR(cidr);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

const POD = ['10.244.0.0/16', '10.244.0.0/23', '10.244.0.0/25', '10.100.0.0/16', '10.32.0.0/12', '192.168.0.0/16', '192.169.0.0/16', '10.244.1.0/16', 'fd00:10:244::/56', 'fd00:10:244::/40', '2001:db8:42::/56'];
const SERVICE = ['10.96.0.0/12', '10.96.0.0/29', '10.64.0.0/11', '10.0.0.0/8', '10.96.0.1/12', 'fd00:10:96::/112', 'fd00:10:96::/64', '20.0.0.0/16'];
const NODE = ['172.31.16.0/20', '192.168.56.0/24', '10.96.0.0/24', 'fd00:8:33::/64', '2600:1f18:4a2:c814::/64'];
const NODE_POD_CIDRS = ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.0.0/22', '10.245.0.0/24', '192.168.1.0/24', 'fd00:10:244::/64', 'fd00:10:244:1::/64'];
const IPS = ['172.31.20.10', '172.31.48.1', '192.168.56.11', '10.96.0.10', '10.96.0.100', '169.254.20.10', 'fd00:8:33::6', 'fd00:10:96::a'];
const AVOID = ['10.240.0.0/12', '172.16.0.0/12', '10.0.0.0/8', 'fd00::/8', '192.168.0.0/24'];
const VERSIONS = [null, 'v1.9.11', 'v1.24.17', 'v1.26.0', 'v1.29.3', 'v1.31.4', 'v1.33.1', 'v1.34.0', 'v1.35.0'];
const KERNELS = [null, '5.4.0-1103-aws', '5.13', '5.15.0-1071-gcp', '6.8.0-1021-aws', '10.0.20348.2849', '4.18.0-553.el8_10.x86_64'];

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const nets = (pool: readonly string[], max: number): fc.Arbitrary<Network[]> =>
  fc.uniqueArray(pick(pool), { maxLength: max }).map((xs) => xs.map(net));
const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null });

const taint = fc.record({
  key: pick(['node-role.kubernetes.io/control-plane', 'nvidia.com/gpu', 'node.kubernetes.io/not-ready', 'spot']),
  effect: pick(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const),
});

const node = (name: string): fc.Arbitrary<NodeFacts> =>
  fc.record({
    name: fc.constant(name),
    internalIPs: fc.uniqueArray(pick(IPS), { maxLength: 2 }),
    podCIDRs: nets(NODE_POD_CIDRS, 2),
    labels: nullable(fc.dictionary(pick(['kubernetes.io/os', 'pool', 'zone', 'generation']), pick(['linux', 'windows', 'blue', 'a', '5']), { maxKeys: 3 })),
    taints: nullable(fc.array(taint, { maxLength: 2 })),
    ready: nullable(fc.boolean()),
    os: nullable(pick(['linux', 'windows'])),
    kernelVersion: pick(KERNELS),
    kubeletVersion: pick(VERSIONS),
    roles: fc.constant([]),
    cpu: nullable(fc.integer({ min: 1, max: 64 })),
  });

const count = nullable(fc.integer({ min: 0, max: 6 }));

const daemonSet: fc.Arbitrary<DaemonSetFacts> = fc.record({
  namespace: nullable(pick(['kube-system', 'kube-flannel'])),
  name: pick(['kube-proxy', 'calico-node', 'kube-flannel-ds', 'cilium', 'node-exporter']),
  role: pick(['kube-proxy', 'cni', 'other'] as const),
  desired: count,
  current: count,
  ready: count,
  upToDate: count,
  available: count,
  nodeSelector: nullable(fc.dictionary(pick(['kubernetes.io/os', 'pool']), pick(['linux', 'windows', 'blue']), { maxKeys: 1 })),
  tolerations: nullable(
    fc.array(
      fc.oneof(
        fc.constant({ operator: 'Exists' as const }),
        fc.constant({ operator: 'Exists' as const, effect: 'NoSchedule' }),
        fc.constant({ key: 'nvidia.com/gpu', operator: 'Exists' as const }),
        fc.constant({ key: 'spot', operator: 'Equal' as const, value: 'true', effect: 'NoSchedule' }),
      ),
      { maxLength: 2 },
    ),
  ),
  tolerationsSource: pick(['stated', 'inferred', null] as const),
  requiredNodeAffinity: nullable(
    fc.array(
      fc.record({
        matchExpressions: fc.array(
          fc.record({
            key: pick(['kubernetes.io/os', 'pool', 'generation']),
            operator: pick(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const),
            values: fc.array(pick(['linux', 'blue', '3']), { minLength: 1, maxLength: 2 }),
          }),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 2 },
    ),
  ),
});

const facts: fc.Arbitrary<Facts> = fc
  .record({
    version: pick(VERSIONS),
    mask4: nullable(fc.integer({ min: 16, max: 28 })),
    mask6: nullable(pick([64, 80, 120])),
    allocate: nullable(fc.boolean()),
    kcmService: nullable(fc.boolean()),
    clusterDNS: fc.uniqueArray(pick(IPS), { maxLength: 2 }),
    dnsServiceIP: nullable(pick(IPS)),
    node: nets(NODE, 2),
    pod: nets(POD, 3),
    service: nets(SERVICE, 2),
    modes: fc.uniqueArray(pick(['iptables', 'ipvs', 'nftables', 'userspace', 'kernelspace']), { maxLength: 2 }),
    present: nullable(fc.boolean()),
    replacement: nullable(pick(['cilium', 'calico-ebpf'])),
    detectLocal: nullable(pick(['ClusterCIDR', 'NodeCIDR', 'InterfaceNamePrefix'])),
    clusterCIDR: nets(POD, 2),
    perCore: nullable(pick([0, 16384, 32768])),
    min: nullable(pick([32768, 131072])),
    daemonSets: fc.array(daemonSet, { maxLength: 3 }),
    nodeCount: fc.integer({ min: 0, max: 6 }),
    cni: nullable(pick(['weave-net', 'calico', 'flannel', 'cilium', 'other-cni'])),
    ipam: pick(['node-podcidr', 'pool', null] as const),
    encapsulation: nullable(pick(['vxlan', 'VXLAN', 'wireguard', 'ipip', 'geneve', 'none', 'sleeve'])),
    mtu: nullable(pick([1376, 1430, 1450, 1500, 8951])),
    enforces: nullable(fc.boolean()),
    encryption: nullable(pick(['wireguard', 'ipsec', 'none'] as const)),
    dsr: nullable(pick(['opt', 'ipip', 'geneve', 'none'] as const)),
    pools: fc.array(fc.record({ cidr: pick(POD), blockSize: nullable(pick([24, 26, 28, 122])), encapsulation: nullable(pick(['vxlan', 'ipip'])), disabled: fc.boolean() }), { maxLength: 2 }),
    ifaceMtu: nullable(pick([1450, 1500, 9001])),
    sysctls: fc.array(
      fc.record({
        key: pick(['net.ipv4.ip_forward', 'net.ipv6.conf.all.forwarding', 'net.bridge.bridge-nf-call-iptables', 'net.netfilter.nf_conntrack_max']),
        value: pick(['0', '1', '65536', '262144']),
        node: nullable(pick(['n0', 'n1'])),
      }),
      { maxLength: 4 },
    ),
    policies: nullable(fc.integer({ min: 0, max: 3 })),
    diagnostics: fc.array(
      fc.record(
        {
          level: pick(['error', 'warning'] as const),
          file: pick(['lab.md', 'nodes.json', 'logs/kube-proxy.log']),
          line: nullable(fc.integer({ min: 1, max: 400 })),
          column: fc.integer({ min: 1, max: 80 }),
          message: pick(['not valid YAML or JSON: Missing closing "quote', 'cannot read: permission denied', '--service-cluster-ip-range: "10.96.0.0/33": prefix length must be 0-32']),
          expected: pick(['an evidence file that can be read', 'a file with its merge resolved']),
          withheld: fc.constant(true),
        },
        { requiredKeys: ['level', 'file', 'line', 'message'] },
      ),
      { maxLength: 2 },
    ),
  })
  .chain((r) =>
    fc.tuple(...Array.from({ length: r.nodeCount }, (_, i) => node(`n${i}`))).map((nodes) => {
      const f = emptyFacts();
      f.cluster = { version: r.version, distribution: null, nodePortRange: null, nodeCIDRMaskSize: { IPv4: r.mask4, IPv6: r.mask6 }, allocateNodeCIDRs: r.allocate, controllerManagerServiceRange: r.kcmService, clusterDNS: r.clusterDNS, dnsServiceIP: r.dnsServiceIP };
      f.networks = { node: r.node, pod: r.pod, service: r.service };
      f.kubeProxy = {
        present: r.present,
        mode: r.modes[0] ?? null,
        modes: r.modes,
        modeSource: r.modes.length > 0 ? 'stated' : null,
        replacement: r.replacement,
        clusterCIDR: r.clusterCIDR,
        detectLocalMode: r.detectLocal,
        nodeIPs: [],
        conntrack: { max: null, maxPerCore: r.perCore, min: r.min },
      };
      f.daemonSets = r.daemonSets;
      f.nodes = nodes;
      f.cni = {
        name: r.cni,
        ipam: r.ipam,
        encapsulation: r.encapsulation,
        mtu: r.mtu,
        enforcesNetworkPolicy: r.enforces,
        encryption: r.encryption,
        dsrDispatch: r.dsr,
        pools: r.pools.map((p) => ({ name: null, network: net(p.cidr), blockSize: p.blockSize, encapsulation: p.encapsulation, disabled: p.disabled })),
      };
      f.interfaces = r.node.map((n, i) => ({
        name: `eth${i}`,
        mtu: r.ifaceMtu,
        kind: 'host' as const,
        addresses: [{ address: n.cidr.split('/')[0] ?? '', network: n, scope: 'global' }],
      }));
      f.sysctls = r.sysctls;
      f.networkPolicies = { count: r.policies };
      if (r.diagnostics.length > 0) f.diagnostics = r.diagnostics;
      return f;
    }),
  );

const params: fc.Arbitrary<Params> = fc.record(
  {
    allowedProxyModes: fc.uniqueArray(pick(['iptables', 'ipvs', 'nftables', 'userspace']), { minLength: 1, maxLength: 3 }),
    targetVersion: pick(['v1.26', '1.29.0', 'v1.31.2', 'v1.34', '1.35']),
    targetProxyMode: pick(['iptables', 'ipvs', 'nftables', 'userspace', 'kernelspace']),
    capacityWarningThreshold: pick([0.5, 0.8, 1]),
    avoid: fc.uniqueArray(pick(AVOID), { maxLength: 2 }),
    allowPublicRanges: fc.boolean(),
    families: fc.uniqueArray(pick(['cni', 'consistency', 'daemonsets', 'kubeproxy', 'nodes', 'pods', 'ranges', 'services']), { minLength: 1, maxLength: 8 }),
  },
  { requiredKeys: [] },
);

/** Evaluates data.kubenetcheck.results once per element of the input array. */
const BATCH = `package kubenetcheck_batch

results := [r |
	some c in input
	r := data.kubenetcheck.results with input as c.input with data.netcheck.params as c.params
]
`;

/** Sets come back as arrays in either engine's order: sort them. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, normalise(x)]));
  return v;
}

rtest(`wasm and opa eval agree on ${CASES} random facts documents`, () => {
  const cases = fc.sample(fc.tuple(facts, params), { numRuns: CASES, seed: 20260126 });
  const engine = loadEngine();
  const batch: { input: unknown; params: unknown }[] = [];
  const wasm: unknown[] = [];
  for (const [f, p] of cases) {
    validateFacts(structuredClone(f), 'a generated facts document');
    validateParams(p, 'generated parameters');
    const pp = policyParams(p);
    const input = policyInput(f);
    engine.setData({ netcheck: { params: pp } });
    const result = engine.evaluateJSON(input);
    wasm.push(result);
    // The slimmer built-in input judges exactly as the whole facts would.
    const whole = engine.evaluateJSON(customInput(f));
    if (JSON.stringify(normalise(whole)) !== JSON.stringify(normalise(result))) {
      assert.equal(normalise(result), normalise(whole), `the built-in policy input leaves out a fact a rule reads: ${customInput(f).slice(0, 3000)}`);
    }
    batch.push({ input: JSON.parse(input), params: pp });
  }
  const dir = mkdtempSync(join(tmpdir(), 'knc-differential-'));
  writeFileSync(join(dir, 'batch.rego'), BATCH);
  writeFileSync(join(dir, 'input.json'), JSON.stringify(batch));
  const r = spawnSync(OPA, ['eval', '-f', 'json', '-d', 'policies/kubenetcheck', '-d', join(dir, 'batch.rego'), '-i', join(dir, 'input.json'), 'data.kubenetcheck_batch.results'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`.slice(0, 4000));
  const evaluated = (JSON.parse(r.stdout) as { result: { expressions: { value: unknown[] }[] }[] }).result[0]?.expressions[0]?.value ?? [];
  assert.is(evaluated.length, CASES);
  let withFindings = 0;
  const fired = new Set<string>();
  for (let i = 0; i < CASES; i++) {
    const a = normalise(wasm[i]);
    const b = normalise(evaluated[i]);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      assert.equal(a, b, `case ${i}: wasm and opa eval differ on input ${JSON.stringify(batch[i]).slice(0, 3000)}`);
    }
    let any = false;
    for (const [family, rules] of Object.entries(a as Record<string, Record<string, { verdict: string }[]>>)) {
      for (const [rule, fs] of Object.entries(rules)) {
        for (const f of fs) fired.add(`${family}/${rule} ${f.verdict}`);
        any ||= fs.length > 0;
      }
    }
    if (any) withFindings++;
  }
  // Every rule fails in some case (KN901 needs conflicts, which the generator leaves out).
  const rules = loadCatalogue().filter((r) => r.family !== 'consistency').map((r) => `${r.family}/${r.rule} fail`);
  assert.equal(rules.filter((r) => !fired.has(r)), [], 'rules the generator never made fail');
  // The generator must exercise the rules, not only produce empty results.
  assert.ok(withFindings > CASES / 2, `only ${withFindings} of ${CASES} cases had findings`);
});

test.run();
