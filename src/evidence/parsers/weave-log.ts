/**
 * weave-net (weave-kube) container log. The router logs its options at start:
 *
 *   INFO: 2024/12/31 10:16:52.609239 Command line options: map[... ipalloc-range:10.244.0.0/16 ... nickname:node01 ...]
 *
 * `ipalloc-range` is the pod network (Weave's own IPAM pool; its default
 * 10.32.0.0/12 applies when the option is absent). Source format: weaveworks/weave
 * prog/weaver/main.go logs `Command line options: %s` with a Go map.
 */
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { addNetworks, emptyResult } from './common.js';

const OPTIONS = /Command line options:\s*map\[(.*?)\]?\s*$/;
const WEAVE_LINE = /^(INFO|WARN|ERRO|DEBU|FATA): \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d+ /;

export const weaveLog: Parser = {
  kind: 'weave-log',
  title: 'weave-net log',
  detect(lines, ctx) {
    let weaveLines = 0;
    for (const l of lines) {
      if (OPTIONS.test(l) && /ipalloc-|weave|datapath|conn-limit/.test(l)) return 1;
      if (WEAVE_LINE.test(l)) weaveLines++;
    }
    if (weaveLines > 0 && /weave/.test(ctx.command ?? ctx.path ?? '')) return 0.7;
    return weaveLines > 0 ? 0.3 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    let sawOptions = false;
    lines.forEach((line, i) => {
      const m = OPTIONS.exec(line);
      if (!m) return;
      sawOptions = true;
      const opts = parseGoMap(m[1] ?? '');
      out.observations.push({ claim: { type: 'cni', name: 'weave-net' }, line: i + 1, excerpt: excerpt(line) });
      const range = opts.get('ipalloc-range');
      if (range !== undefined && range !== '') {
        addNetworks(out, 'pod', range, i + 1, line, 'weave ipalloc-range');
      } else {
        out.observations.push({
          claim: { type: 'network', role: 'pod', cidr: '10.32.0.0/12' },
          line: i + 1,
          excerpt: excerpt(line),
          inferred: true,
        });
      }
    });
    if (!sawOptions) {
      out.diagnostics.push({
        level: 'skipped',
        line: null,
        message: 'weave-net log without its "Command line options" line: no pod range in it (the line is printed once at start; use --since-time or the first log)',
      });
    }
    return out;
  },
};

/** Parses the body of a Go `map[k:v k2:v2]` as printed by fmt. Values have no spaces in weave's options. */
export function parseGoMap(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const token of body.trim().split(/\s+/)) {
    const colon = token.indexOf(':');
    if (colon <= 0) continue;
    out.set(token.slice(0, colon), token.slice(colon + 1));
  }
  return out;
}
