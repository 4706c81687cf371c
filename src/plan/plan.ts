/**
 * Proposes pod and service ranges and a node mask for a cluster of a given
 * size: clear of every range to avoid (node networks from the evidence,
 * --avoid), inside private space (or --within), within kube-apiserver's and
 * kubeadm's limits, preferring the cluster's current ranges and then the
 * conventional 10.244.0.0/16 and 10.96.0.0/12 when they fit. Deterministic.
 */
import { parseCIDR, type Family, type Network } from '../facts/address.js';
import { bitsFor, firstFree, interval, merge, overlapsAny, toCIDR, WIDTH, type Interval } from './space.js';

export interface PlanRequest {
  nodes: number;
  podsPerNode: number;
  services: number;
  families: Family[];
  /** Growth factor applied to nodes and services. */
  headroom: number;
  avoid: Network[];
  /** Where ranges may be placed; default private space per family. */
  within: Network[];
  /** The cluster's ranges today, preferred when they still fit. */
  current: { pod: Network[]; service: Network[] };
}

export interface FamilyPlan {
  family: Family;
  podSubnet: string;
  serviceSubnet: string;
  nodeMaskSize: number;
  /** Node blocks the pod range holds. */
  nodeBlocks: number;
  serviceAddresses: number;
  reasons: string[];
}

export type PlanOutcome = { ok: true; plans: FamilyPlan[] } | { ok: false; reason: string };

export const PRIVATE_SPACE: Record<Family, string[]> = {
  // RFC 1918 and RFC 6598 (shared address space), ULA (RFC 4193).
  IPv4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'],
  IPv6: ['fd00::/8'],
};

const CONVENTIONAL: Record<Family, { pod: string; service: string } | null> = {
  IPv4: { pod: '10.244.0.0/16', service: '10.96.0.0/12' },
  IPv6: null,
};

/** kubeadm and kube-apiserver (with the MultiCIDRServiceAllocator off): at most 20 host bits in the service range. */
export const MAX_SERVICE_HOST_BITS = 20;
/** kubeadm: the node mask may be at most 16 bits longer than the pod subnet's. */
export const MAX_NODE_POD_MASK_DIFF = 16;
/** Room for kubeadm's DNS address (the 10th) and a few Services: at least 16 addresses. */
const MIN_SERVICE_HOST_BITS = 4;

export function plan(req: PlanRequest): PlanOutcome {
  const plans: FamilyPlan[] = [];
  for (const family of req.families) {
    const p = planFamily(req, family);
    if (!p.ok) return p;
    plans.push(p.plan);
  }
  return { ok: true, plans };
}

function planFamily(req: PlanRequest, family: Family): { ok: true; plan: FamilyPlan } | { ok: false; reason: string } {
  const width = WIDTH[family];
  const reasons: string[] = [];
  // Node blocks hold twice the pods per node (addresses are not reused at once), as the /24 default does for 110 pods.
  const nodeMaskSize = family === 'IPv4' ? width - bitsFor(2 * req.podsPerNode) : 64;
  const wantNodes = Math.ceil(req.nodes * req.headroom);
  const nodeBits = bitsFor(wantNodes);
  if (nodeBits > MAX_NODE_POD_MASK_DIFF) {
    return {
      ok: false,
      reason: `${req.nodes} nodes with ${req.headroom}x headroom need ${wantNodes} node blocks, more than the 2^${MAX_NODE_POD_MASK_DIFF} = 65536 kubeadm allows between the pod subnet and the node mask`,
    };
  }
  const podHostBits = width - nodeMaskSize + nodeBits;
  const serviceBits = Math.max(MIN_SERVICE_HOST_BITS, bitsFor(Math.ceil(req.services * req.headroom)));
  if (serviceBits > MAX_SERVICE_HOST_BITS) {
    return {
      ok: false,
      reason: `${req.services} Services with ${req.headroom}x headroom need 2^${serviceBits} addresses; a service range may have at most ${MAX_SERVICE_HOST_BITS} host bits (/${width - MAX_SERVICE_HOST_BITS}) in kubeadm and kube-apiserver`,
    };
  }

  const ofFamily = (ns: readonly Network[]): Network[] => ns.filter((n) => n.family === family);
  // In the order given: RFC 1918 before the shared address space, the user's order for --within.
  const within = ofFamily(req.within.length > 0 ? req.within : PRIVATE_SPACE[family].map(mustParse)).map(interval);
  if (within.length === 0) return { ok: false, reason: `no ${family} space to place ranges in (--within has no ${family} range)` };
  const taken = merge(ofFamily(req.avoid).map(interval));

  const choose = (
    what: 'pod' | 'service',
    hostBits: number,
    others: readonly Interval[],
  ): { iv: Interval; why: string } | null => {
    const blocked = merge([...taken, ...others]);
    const fits = (iv: Interval): boolean => iv.last - iv.first + 1n >= 1n << BigInt(hostBits) && !overlapsAny(blocked, iv) && within.some((w) => w.first <= iv.first && iv.last <= w.last);
    const maxBits = what === 'service' ? MAX_SERVICE_HOST_BITS : width;
    for (const cur of ofFamily(req.current[what])) {
      const iv = interval(cur);
      if (width - cur.prefixLength > maxBits) continue;
      if (fits(iv)) return { iv, why: `keeps the current ${what} range ${cur.cidr}, which is large enough and clear of every range to avoid` };
    }
    const conventional = CONVENTIONAL[family]?.[what];
    if (conventional) {
      const base = mustParse(conventional);
      const iv = interval(base);
      if (fits(iv)) return { iv, why: `${conventional} is the conventional ${what} range and fits` };
      // The conventional base, widened to the size needed, when aligned.
      const widened = parseCIDR(`${base.cidr.split('/')[0]}/${width - hostBits}`);
      if (widened.ok && !widened.value.hostBitsSet && fits(interval(widened.value))) {
        return { iv: interval(widened.value), why: `${conventional} is too small for the request; widened to ${widened.value.cidr} on the same base` };
      }
    }
    for (const w of within) {
      const iv = firstFree(w, hostBits, blocked);
      if (iv) {
        const note = conventional ? `${conventional} is taken or does not fit; ` : '';
        return { iv, why: `${note}the first free /${width - hostBits} in ${toCIDR(w, family)} clear of every range to avoid` };
      }
    }
    return null;
  };

  const pod = choose('pod', podHostBits, []);
  if (!pod) {
    return { ok: false, reason: `no free /${width - podHostBits} ${family} pod range (${wantNodes} node blocks of /${nodeMaskSize}) inside ${describeWithin(req, family)} clear of the ranges to avoid` };
  }
  reasons.push(`pod range: ${pod.why}`);
  const service = choose('service', serviceBits, [pod.iv]);
  if (!service) {
    return { ok: false, reason: `no free /${width - serviceBits} ${family} service range inside ${describeWithin(req, family)} clear of the ranges to avoid and of the pod range ${toCIDR(pod.iv, family)}` };
  }
  reasons.push(`service range: ${service.why}`);
  const podSize = pod.iv.last - pod.iv.first + 1n;
  const nodeBlocks = Number(podSize >> BigInt(width - nodeMaskSize));
  reasons.push(
    `node mask /${nodeMaskSize}: ${2 ** (width - nodeMaskSize) > 2 ** 32 ? `2^${width - nodeMaskSize}` : 2 ** (width - nodeMaskSize)} addresses per node for up to ${req.podsPerNode} pods; the pod range holds ${nodeBlocks} node blocks for ${req.nodes} nodes (${wantNodes} with headroom)`,
  );
  return {
    ok: true,
    plan: {
      family,
      podSubnet: toCIDR(pod.iv, family),
      serviceSubnet: toCIDR(service.iv, family),
      nodeMaskSize,
      nodeBlocks,
      serviceAddresses: Number(service.iv.last - service.iv.first + 1n),
      reasons,
    },
  };
}

function describeWithin(req: PlanRequest, family: Family): string {
  const own = req.within.filter((n) => n.family === family).map((n) => n.cidr);
  return own.length > 0 ? own.join(', ') : `private space (${PRIVATE_SPACE[family].join(', ')})`;
}

function mustParse(cidr: string): Network {
  const p = parseCIDR(cidr);
  if (!p.ok) throw new Error(`bad built-in range ${cidr}: ${p.error}`);
  return p.value;
}
