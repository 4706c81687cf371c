/**
 * One address-space map of the whole fleet: per address family, one lane per
 * cluster with its node, pod and service ranges, all on one address line (the
 * piecewise axis of ../map.ts), and a hatched band wherever ranges of two
 * clusters share addresses. Ranges a cross-cluster finding names are outlined.
 * Pure geometry over the fleet's ranges: the verdicts stay the policy's.
 */
import type { Family, Network } from '../../facts/types.js';
import type { FleetReport } from '../../fleet/fleet.js';
import { xml } from '../escape.js';
import { formatAddress, layout, scale, spanText } from '../map.js';

type Role = 'node' | 'pod' | 'service';

interface FleetRange {
  cluster: string;
  lane: number;
  role: Role;
  cidr: string;
  first: bigint;
  last: bigint;
  pointer: string;
}

const LEFT = 150;
const LANE_H = 40;
const TOP = 34;
const ROLES: Role[] = ['node', 'pod', 'service'];
const ROLE_NAME: Record<Role, string> = { node: 'node network', pod: 'pod range', service: 'service range' };

export function renderFleetMaps(report: Pick<FleetReport, 'ranges' | 'findings'>, width = 1000): { family: Family; svg: string; caption: string[] }[] {
  const flagged = new Set(report.findings.filter((f) => !f.waived).flatMap((f) => f.facts));
  const all: (FleetRange & { family: Family })[] = [];
  report.ranges.forEach((c, lane) => {
    for (const role of ROLES) {
      c.networks[role].forEach((n: Network, j: number) =>
        all.push({ cluster: c.cluster, lane, role, cidr: n.cidr, family: n.family, first: BigInt(`0x${n.first}`), last: BigInt(`0x${n.last}`), pointer: `/clusters/${lane}/networks/${role}/${j}` }),
      );
    }
  });
  const families = (['IPv4', 'IPv6'] as const).filter((f) => all.some((r) => r.family === f));
  return families.map((family) => renderFamily(report.ranges.map((r) => r.cluster), all.filter((r) => r.family === family), family, flagged, width));
}

function renderFamily(clusters: string[], ranges: FleetRange[], family: Family, flagged: Set<string>, width: number): { family: Family; svg: string; caption: string[] } {
  const plotW = width - LEFT - 24;
  const segments = layout(ranges, LEFT, plotW);
  const xOf = scale(segments);
  const axisY = TOP + clusters.length * LANE_H + 6;
  const height = axisY + 46;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="address-map fleet-map" role="img" aria-label="${xml(`${family} address map of the fleet`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`,
    `<defs><pattern id="fleet-hatch-${family}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#e15759" fill-opacity="0.18"/><line x1="0" y1="0" x2="0" y2="8" stroke="#e15759" stroke-width="3"/></pattern></defs>`,
    `<text x="8" y="20" font-size="14" font-weight="600">${family}</text>`,
  ];
  const caption: string[] = [];
  clusters.forEach((name, lane) => {
    const y = TOP + lane * LANE_H;
    parts.push(`<text class="lane-label" x="8" y="${y + 22}" fill="#333">${xml(name.length > 20 ? `${name.slice(0, 19)}…` : name)}</text>`);
    parts.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y + 17}" y2="${y + 17}" stroke="#e3e3e3"/>`);
  });
  // Where ranges of two clusters share addresses: a hatched band across the lanes.
  for (const b of bands(segments, ranges)) {
    const x1 = xOf(b.start);
    const x2 = xOf(b.end + 1n);
    const text = spanText(b.start, b.end, family);
    parts.push(
      `<g class="overlap" data-overlap="${xml(text)}"><title>${xml(`overlap: ${text} is in ${b.ranges.join(' and ')}`)}</title><rect x="${f(x1)}" y="${TOP - 4}" width="${f(Math.max(2, x2 - x1))}" height="${clusters.length * LANE_H + 4}" fill="url(#fleet-hatch-${family})" stroke="#e15759"/><text x="${f((x1 + x2) / 2)}" y="${TOP - 8}" text-anchor="middle" fill="#b3261e" font-weight="600">${xml(`overlap ${text}`)}</text></g>`,
    );
    caption.push(`Overlap: ${text} is in ${b.ranges.join(' and ')}.`);
  }
  for (const r of ranges) {
    const y = TOP + r.lane * LANE_H + 4 + ROLES.indexOf(r.role) * 11;
    const x1 = xOf(r.first);
    const w = Math.max(2, xOf(r.last + 1n) - x1);
    const isFlagged = flagged.has(r.pointer);
    const label = r.cidr.length * 6 + 6 <= w ? `<text x="${f(x1 + w / 2)}" y="${y + 9}" text-anchor="middle" fill="#fff" font-size="9" font-weight="600">${xml(r.cidr)}</text>` : '';
    parts.push(
      `<g class="range role-${r.role}${isFlagged ? ' flagged' : ''}" data-cluster="${xml(r.cluster)}" data-role="${r.role}" data-cidr="${xml(r.cidr)}" data-pointer="${xml(r.pointer)}"><title>${xml(`${r.cluster}: ${ROLE_NAME[r.role]} ${r.cidr}`)}${isFlagged ? ' (named by a finding)' : ''}</title><rect x="${f(x1)}" y="${y}" width="${f(w)}" height="10" rx="2" class="fill-${r.role}"${isFlagged ? ' stroke="#b3261e" stroke-width="2"' : ''}/>${label}</g>`,
    );
  }
  parts.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${axisY}" y2="${axisY}" stroke="#555"/>`);
  let lastLabelEnd = -Infinity;
  for (const s of segments) {
    if (!s.covered) {
      parts.push(`<text class="gap" x="${f(s.x + s.w / 2)}" y="${axisY + 4}" text-anchor="middle" fill="#777" font-size="14">≈</text>`);
      continue;
    }
    parts.push(`<line x1="${f(s.x)}" x2="${f(s.x)}" y1="${axisY - 4}" y2="${axisY + 4}" stroke="#555"/>`);
    const label = formatAddress(s.start, family);
    if (s.x >= lastLabelEnd + 6) {
      parts.push(`<text class="tick" x="${f(s.x)}" y="${axisY + 18}" fill="#444" font-size="11">${xml(label)}</text>`);
      lastLabelEnd = s.x + label.length * 6.6;
    }
  }
  parts.push('</svg>');
  return { family, svg: parts.join('\n'), caption };
}

/** Covered segments where ranges of more than one cluster meet, merged while the same ranges cover them. */
function bands(segments: ReturnType<typeof layout>, ranges: FleetRange[]): { start: bigint; end: bigint; ranges: string[] }[] {
  const out: { start: bigint; end: bigint; ranges: string[] }[] = [];
  for (const s of segments) {
    if (!s.covered) continue;
    const covering = ranges.filter((r) => r.first < s.end && r.last >= s.start);
    if (new Set(covering.map((r) => r.cluster)).size < 2) continue;
    const names = [...new Set(covering.map((r) => `${r.cluster}'s ${ROLE_NAME[r.role]} ${r.cidr}`))];
    const prev = out[out.length - 1];
    if (prev && prev.end + 1n === s.start && prev.ranges.join() === names.join()) prev.end = s.end - 1n;
    else out.push({ start: s.start, end: s.end - 1n, ranges: names });
  }
  return out;
}

function f(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
