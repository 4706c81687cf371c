/**
 * Address-space arithmetic for planning: ranges as [first, last] BigInt
 * intervals of one family, merged and searched in O(m log m) for the first
 * free aligned block of a size.
 */
import { parseCIDR, type Family, type Network } from '../facts/address.js';

export interface Interval {
  first: bigint;
  last: bigint;
}

export const WIDTH: Record<Family, number> = { IPv4: 32, IPv6: 128 };

export function interval(n: Network): Interval {
  return { first: BigInt(`0x${n.first}`), last: BigInt(`0x${n.last}`) };
}

/** Sorted, disjoint, with touching intervals joined. */
export function merge(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.first <= last.last + 1n) {
      if (iv.last > last.last) last.last = iv.last;
    } else out.push({ ...iv });
  }
  return out;
}

/** Index of the first merged interval whose last >= x (binary search). */
function firstEndingAtOrAfter(merged: readonly Interval[], x: bigint): number {
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]!.last < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function overlapsAny(merged: readonly Interval[], iv: Interval): boolean {
  const i = firstEndingAtOrAfter(merged, iv.first);
  return i < merged.length && merged[i]!.first <= iv.last;
}

/**
 * The first block of 2^hostBits addresses, aligned on its size, inside
 * `within` and clear of `taken` (merged); null when none fits.
 */
export function firstFree(within: Interval, hostBits: number, taken: readonly Interval[]): Interval | null {
  const size = 1n << BigInt(hostBits);
  const alignUp = (x: bigint): bigint => ((x + size - 1n) / size) * size;
  let cur = alignUp(within.first);
  while (cur + size - 1n <= within.last) {
    const block = { first: cur, last: cur + size - 1n };
    const i = firstEndingAtOrAfter(taken, block.first);
    const hit = taken[i];
    if (!hit || hit.first > block.last) return block;
    cur = alignUp(hit.last + 1n);
  }
  return null;
}

export function toCIDR(iv: Interval, family: Family): string {
  const width = WIDTH[family];
  const size = iv.last - iv.first + 1n;
  const prefix = width - (size.toString(2).length - 1);
  const bytes: number[] = [];
  for (let i = width / 8 - 1; i >= 0; i--) bytes.push(Number((iv.first >> BigInt(i * 8)) & 0xffn));
  let addr: string;
  if (family === 'IPv4') addr = bytes.join('.');
  else {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
    addr = groups.join(':');
  }
  const parsed = parseCIDR(`${addr}/${prefix}`);
  return parsed.ok ? parsed.value.cidr : `${addr}/${prefix}`;
}

/** Smallest number of host bits holding n addresses. */
export function bitsFor(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits++;
  return bits;
}
