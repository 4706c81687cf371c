/**
 * The address-space picture: for each address family, the node, pod and
 * service ranges (and CNI pools) on one address line, node podCIDR blocks
 * inside the pod range with the block capacity used and free, and the spans
 * where ranges of different roles share addresses highlighted. Pure geometry
 * over the facts document: it draws what the facts say and marks the ranges
 * findings name; the verdicts stay the policy's.
 *
 * The line is piecewise: every range boundary starts a segment, a segment's
 * width grows with the log of its size, and the space between ranges is a
 * short break, so a /24 node network and a /12 service range are both visible.
 */
import ipaddr from 'ipaddr.js';
import type { Facts, Family, Network } from '../facts/types.js';
import { xml } from './escape.js';

export type Role = 'node' | 'pod' | 'pool' | 'service' | 'block';

export interface Range {
  role: Role;
  cidr: string;
  family: Family;
  first: bigint;
  last: bigint;
  pointer: string;
  /** The node a podCIDR block belongs to. */
  node?: string;
}

const LANES: { role: Role; label: string }[] = [
  { role: 'node', label: 'Node network' },
  { role: 'pod', label: 'Pod range' },
  { role: 'pool', label: 'CNI pool' },
  { role: 'block', label: 'Node podCIDRs' },
  { role: 'service', label: 'Service range' },
];

const GROUP: Record<Role, string> = { node: 'node', pod: 'pod', pool: 'pod', block: 'pod', service: 'service' };
const ROLE_NAME: Record<Role, string> = { node: 'node network', pod: 'pod range', pool: 'CNI pool', block: 'node podCIDR', service: 'service range' };

/** Every range the facts state, per family, in lane order. */
export function rangesOf(facts: Facts): Range[] {
  const out: Range[] = [];
  const add = (role: Role, n: Network, pointer: string, node?: string): void => {
    out.push({ role, cidr: n.cidr, family: n.family, first: BigInt(`0x${n.first}`), last: BigInt(`0x${n.last}`), pointer, ...(node ? { node } : {}) });
  };
  facts.networks.node.forEach((n, i) => add('node', n, `/networks/node/${i}`));
  facts.networks.pod.forEach((n, i) => add('pod', n, `/networks/pod/${i}`));
  facts.cni.pools.forEach((p, i) => add('pool', p.network, `/cni/pools/${i}/network`));
  facts.nodes.forEach((node, i) => node.podCIDRs.forEach((n, j) => add('block', n, `/nodes/${i}/podCIDRs/${j}`, node.name)));
  facts.networks.service.forEach((n, i) => add('service', n, `/networks/service/${i}`));
  return out;
}

export function formatAddress(v: bigint, family: Family): string {
  if (family === 'IPv4') return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const bytes: number[] = [];
  for (let s = 120n; s >= 0n; s -= 8n) bytes.push(Number((v >> s) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

/** `10.100.0.0/16` when first..last is one aligned block, else `first – last`. */
export function spanText(first: bigint, last: bigint, family: Family): string {
  const size = last - first + 1n;
  const bits = family === 'IPv4' ? 32 : 128;
  if ((size & (size - 1n)) === 0n && first % size === 0n) {
    const prefix = bits - (size.toString(2).length - 1);
    return `${formatAddress(first, family)}/${prefix}`;
  }
  return `${formatAddress(first, family)} – ${formatAddress(last, family)}`;
}

export interface Segment {
  start: bigint;
  end: bigint; // exclusive
  covered: boolean;
  x: number;
  w: number;
}

export interface MapOptions {
  /** JSON pointers findings name: those ranges are drawn flagged. */
  flagged: readonly string[];
  width?: number;
}

const LEFT = 132;
const LANE_H = 40;
const TOP = 34;
const MAX_BLOCKS = 512;

/** One self-contained <svg> per family that has ranges. */
export function renderMaps(facts: Facts, opts: MapOptions): { family: Family; svg: string; caption: string[] }[] {
  const all = rangesOf(facts);
  const families: Family[] = (['IPv4', 'IPv6'] as const).filter((f) => all.some((r) => r.family === f));
  return families.map((family) => renderFamily(facts, all.filter((r) => r.family === family), family, opts));
}

function renderFamily(facts: Facts, ranges: Range[], family: Family, opts: MapOptions): { family: Family; svg: string; caption: string[] } {
  const width = opts.width ?? 1000;
  const plotW = width - LEFT - 24;
  const main = ranges.filter((r) => r.role !== 'block');
  const blocks = ranges.filter((r) => r.role === 'block');
  const segments = layout(main.length > 0 ? main : blocks, LEFT, plotW);
  const xOf = scale(segments);
  const lanes = LANES.filter((l) => ranges.some((r) => r.role === l.role) || (l.role === 'block' && showCapacity(facts, ranges)));
  const laneY = new Map(lanes.map((l, i) => [l.role, TOP + i * LANE_H]));
  const axisY = TOP + lanes.length * LANE_H + 6;
  const height = axisY + 46;
  // A range is flagged when a finding names it or a field of it (not a whole collection such as /nodes).
  const flagged = (r: Range): boolean => opts.flagged.some((p) => p === r.pointer || p.startsWith(`${r.pointer}/`));
  const parts: string[] = [];
  const caption: string[] = [];

  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="address-map" role="img" aria-label="${xml(`${family} address map`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<defs><pattern id="hatch-${family}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#e15759" fill-opacity="0.18"/><line x1="0" y1="0" x2="0" y2="8" stroke="#e15759" stroke-width="3"/></pattern></defs>`,
    `<text x="8" y="20" font-size="14" font-weight="600">${family}</text>`,
  );
  lanes.forEach((l) => {
    const y = laneY.get(l.role)!;
    parts.push(`<text class="lane-label" x="8" y="${y + 22}" fill="#333">${xml(l.label)}</text>`);
    parts.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y + 17}" y2="${y + 17}" stroke="#e3e3e3"/>`);
  });

  // Where ranges of different roles share addresses: a hatched band across the lanes.
  const bands = overlaps(segments, main);
  for (const b of bands) {
    const x1 = xOf(b.start);
    const x2 = xOf(b.end + 1n);
    const text = spanText(b.start, b.end, family);
    parts.push(
      `<g class="overlap" data-overlap="${xml(text)}"><title>${xml(`overlap: ${text} is in ${b.roles.join(' and ')}`)}</title><rect x="${f(x1)}" y="${TOP - 4}" width="${f(Math.max(2, x2 - x1))}" height="${lanes.length * LANE_H + 4}" fill="url(#hatch-${family})" stroke="#e15759"/><text x="${f((x1 + x2) / 2)}" y="${TOP - 8}" text-anchor="middle" fill="#b3261e" font-weight="600">${xml(`overlap ${text}`)}</text></g>`,
    );
    caption.push(`Overlap: ${text} is in ${b.roles.join(' and ')}.`);
  }

  for (const r of main) {
    const y = laneY.get(r.role)!;
    parts.push(rangeElement(r, xOf(r.first), xOf(r.last + 1n), y, plotW, flagged(r)));
  }

  // Node podCIDR blocks, inside the pod range they belong to, with capacity.
  if (laneY.has('block')) {
    const y = laneY.get('block')!;
    for (const pod of main.filter((r) => r.role === 'pod')) {
      const x1 = xOf(pod.first);
      const x2 = xOf(pod.last + 1n);
      parts.push(`<rect class="pod-outline" x="${f(x1)}" y="${y + 6}" width="${f(Math.max(1, x2 - x1))}" height="22" fill="none" stroke="#59a14f" stroke-dasharray="4 3"/>`);
      const cap = capacity(facts, pod, blocks);
      if (cap) {
        const textW = cap.text.length * 6.4;
        const inside = x2 - x1 >= textW + 40;
        const anchorEnd = inside || x2 - textW >= LEFT;
        const tx = inside ? x2 - 6 : anchorEnd ? x2 : x1;
        const ty = inside ? y + 21 : y + 3;
        parts.push(`<text class="capacity" x="${f(tx)}" y="${ty}"${anchorEnd ? ' text-anchor="end"' : ''} fill="#333">${xml(cap.text)}</text>`);
        caption.push(`Pod range ${pod.cidr}: ${cap.text}.`);
      }
    }
    const drawn = blocks.slice(0, MAX_BLOCKS);
    for (const b of drawn) parts.push(rangeElement(b, xOf(b.first), xOf(b.last + 1n), y, plotW, flagged(b)));
    if (blocks.length > drawn.length) caption.push(`${blocks.length - drawn.length} more node podCIDR blocks are not drawn (${blocks.length} in all).`);
    if (blocks.length === 0) caption.push(noBlocksNote(facts));
  } else if (main.some((r) => r.role === 'pod')) {
    caption.push(noBlocksNote(facts));
  }

  // The address axis: the first and last address of every covered run.
  parts.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${axisY}" y2="${axisY}" stroke="#555"/>`);
  let lastLabelEnd = -Infinity;
  for (const s of segments) {
    if (!s.covered) {
      // A break in the line; the run before it ends at the address before the break.
      parts.push(`<text class="gap" x="${f(s.x + s.w / 2)}" y="${axisY + 4}" text-anchor="middle" fill="#777" font-size="14">≈</text>`);
      parts.push(`<text class="tick" x="${f(s.x)}" y="${axisY + 34}" text-anchor="end" fill="#444" font-size="11">${xml(formatAddress(s.start - 1n, family))}</text>`);
      continue;
    }
    parts.push(`<line x1="${f(s.x)}" x2="${f(s.x)}" y1="${axisY - 4}" y2="${axisY + 4}" stroke="#555"/>`);
    const label = formatAddress(s.start, family);
    const w = label.length * 6.6;
    if (s.x >= lastLabelEnd + 6) {
      parts.push(`<text class="tick" x="${f(s.x)}" y="${axisY + 18}" fill="#444" font-size="11">${xml(label)}</text>`);
      lastLabelEnd = s.x + w;
    }
  }
  const lastSeg = segments[segments.length - 1];
  if (lastSeg) {
    const label = formatAddress(lastSeg.end - 1n, family);
    parts.push(`<line x1="${f(lastSeg.x + lastSeg.w)}" x2="${f(lastSeg.x + lastSeg.w)}" y1="${axisY - 4}" y2="${axisY + 4}" stroke="#555"/>`);
    parts.push(`<text class="tick" x="${f(lastSeg.x + lastSeg.w)}" y="${axisY + 34}" text-anchor="end" fill="#444" font-size="11">${xml(label)}</text>`);
  }
  parts.push('</svg>');
  return { family, svg: parts.join('\n'), caption };
}

function rangeElement(r: Range, x1: number, x2: number, y: number, plotW: number, flagged: boolean): string {
  const w = Math.max(2, x2 - x1);
  const label = r.cidr;
  const textW = label.length * 7;
  const what = `${ROLE_NAME[r.role]} ${r.cidr}${r.node ? ` of node ${r.node}` : ''}`;
  let text: string;
  if (textW + 8 <= w) text = `<text x="${f(x1 + w / 2)}" y="${y + 21}" text-anchor="middle" fill="#fff" font-weight="600">${xml(label)}</text>`;
  else if (r.role === 'block') text = `<text class="narrow" x="${f(x1 + w / 2)}" y="${y + 21}" text-anchor="middle" font-size="0">${xml(label)}</text>`;
  else if (x2 + 6 + textW <= LEFT + plotW) text = `<text x="${f(x2 + 6)}" y="${y + 21}" fill="#222">${xml(label)}</text>`;
  else text = `<text x="${f(x1 - 6)}" y="${y + 21}" text-anchor="end" fill="#222">${xml(label)}</text>`;
  const stroke = flagged ? ' stroke="#b3261e" stroke-width="2.5"' : '';
  return `<g class="range role-${r.role}${flagged ? ' flagged' : ''}" data-role="${r.role}" data-cidr="${xml(r.cidr)}" data-pointer="${xml(r.pointer)}"><title>${xml(what)}${flagged ? ' (named by a finding)' : ''}</title><rect x="${f(x1)}" y="${y + 6}" width="${f(w)}" height="22" rx="3" class="fill-${r.role}"${stroke}/>${text}</g>`;
}

/** Segments between consecutive range boundaries; uncovered stretches become short breaks. */
/** The x of an address on the laid-out axis: inside its segment in proportion, at a gap's edge otherwise. */
export function scale(segments: readonly Segment[]): (a: bigint) => number {
  return (a) => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.start <= a) lo = mid;
      else hi = mid - 1;
    }
    const s = segments[lo]!;
    if (a >= s.end) return s.x + s.w;
    if (a <= s.start) return s.x;
    return s.x + (Number(((a - s.start) * 1_000_000n) / (s.end - s.start)) / 1_000_000) * s.w;
  };
}

export function layout(ranges: readonly Pick<Range, 'first' | 'last'>[], left: number, plotW: number): Segment[] {
  if (ranges.length === 0) return [{ start: 0n, end: 1n, covered: false, x: left, w: plotW }];
  const cuts = [...new Set(ranges.flatMap((r) => [r.first, r.last + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const segs: Omit<Segment, 'x' | 'w'>[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    segs.push({ start, end, covered: ranges.some((r) => r.first < end && r.last >= start) });
  }
  const weight = (s: Omit<Segment, 'x' | 'w'>): number => (s.covered ? 4 + Math.log2(Number(s.end - s.start)) : 3);
  const total = segs.reduce((n, s) => n + weight(s), 0);
  let x = left;
  return segs.map((s) => {
    const w = (weight(s) / total) * plotW;
    const seg = { ...s, x, w };
    x += w;
    return seg;
  });
}

function overlaps(segments: Segment[], ranges: Range[]): { start: bigint; end: bigint; roles: string[] }[] {
  const out: { start: bigint; end: bigint; roles: string[] }[] = [];
  for (const s of segments) {
    if (!s.covered) continue;
    const covering = ranges.filter((r) => r.first < s.end && r.last >= s.start);
    const groups = new Set(covering.map((r) => GROUP[r.role]));
    if (groups.size < 2) continue;
    const roles = [...new Set(covering.map((r) => `${ROLE_NAME[r.role]} ${r.cidr}`))];
    const prev = out[out.length - 1];
    if (prev && prev.end + 1n === s.start && prev.roles.join() === roles.join()) prev.end = s.end - 1n;
    else out.push({ start: s.start, end: s.end - 1n, roles });
  }
  return out;
}

function showCapacity(facts: Facts, ranges: Range[]): boolean {
  return ranges.some((r) => r.role === 'block') || (ranges.some((r) => r.role === 'pod') && facts.cni.ipam === 'node-podcidr');
}

/**
 * How many node blocks the pod range holds at the node mask (the
 * controller-manager's --node-cidr-mask-size, else the blocks' own prefix,
 * else Kubernetes' default /24 or /64), and how many nodes use one.
 */
function capacity(facts: Facts, pod: Range, blocks: Range[]): { text: string } | null {
  const podPrefix = prefixOf(pod);
  const inPod = blocks.filter((b) => b.first >= pod.first && b.last <= pod.last);
  const stated = facts.cluster.nodeCIDRMaskSize[pod.family];
  const fromBlocks = inPod.length > 0 && inPod.every((b) => prefixOf(b) === prefixOf(inPod[0]!)) ? prefixOf(inPod[0]!) : null;
  const mask = stated ?? fromBlocks ?? (pod.family === 'IPv4' ? 24 : 64);
  const source = stated !== null ? 'node mask' : fromBlocks !== null ? 'node blocks' : 'default node mask';
  if (mask < podPrefix) return { text: `${source} /${mask} is wider than the pod range /${podPrefix}` };
  const total = 2n ** BigInt(mask - podPrefix);
  const used = BigInt(inPod.length);
  const free = total > used ? total - used : 0n;
  return { text: `node blocks /${mask} (${source}): ${used} used, ${free} free of ${total}` };
}

function prefixOf(r: Range): number {
  const bits = r.family === 'IPv4' ? 32 : 128;
  return bits - ((r.last - r.first + 1n).toString(2).length - 1);
}

function noBlocksNote(facts: Facts): string {
  if (facts.cni.ipam === 'pool') return `No node podCIDRs are drawn: ${facts.cni.name ?? 'the CNI'} allocates pod addresses from its own pool, not from node podCIDRs.`;
  return 'No node podCIDRs in the evidence (kubectl get nodes -o json or -o yaml states them).';
}

function f(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
