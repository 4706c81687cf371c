/**
 * `sysctl -a`, `sysctl net.ipv4.ip_forward` or `sysctl --system` output
 * (procps-ng sysctl.c prints `key = value`, errors as
 * `sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory`):
 *
 *   net.bridge.bridge-nf-call-ip6tables = 1
 *   net.bridge.bridge-nf-call-iptables = 1
 *   net.ipv4.ip_forward = 1
 *   net.netfilter.nf_conntrack_max = 131072
 *
 * Only the keys Kubernetes networking depends on are kept (kubeadm's preflight
 * checks, kube-proxy's conntrack settings, the forwarding CNIs need); the rest of
 * `sysctl -a` is counted in one skipped line. The node is recorded when the
 * command names it (`ssh node01 sysctl -a`) or a prompt shows it (`root@node01:~#`).
 * A missing bridge key means br_netfilter is not loaded: reported as a warning,
 * since no value exists to record.
 */
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { hostFromCommand, hostFromContext, PROMPT_HOST } from './host.js';

export const NETWORK_SYSCTLS: ReadonlySet<string> = new Set([
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.forwarding',
  'net.ipv6.conf.all.forwarding',
  'net.ipv6.conf.default.forwarding',
  'net.ipv6.conf.all.disable_ipv6',
  'net.bridge.bridge-nf-call-iptables',
  'net.bridge.bridge-nf-call-ip6tables',
  'net.netfilter.nf_conntrack_max',
  'net.nf_conntrack_max',
  'net.netfilter.nf_conntrack_buckets',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
  'net.netfilter.nf_conntrack_tcp_timeout_close_wait',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.conf.all.route_localnet',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.vs.conntrack',
]);

const LINE = /^([a-z0-9_][\w.\-/*]*\.[\w.\-/*]+)\s*=\s?(.*)$/;
const CANNOT_STAT = /^sysctl: cannot stat \/proc\/sys\/(\S+?):\s*(.*)$/;

export const sysctl: Parser = {
  kind: 'sysctl',
  title: 'sysctl output',
  detect(lines, ctx) {
    let keys = 0;
    let net = 0;
    let other = 0;
    // The first lines decide (sysctl -a is about a thousand lines); a huge input of another kind is not scanned to its end.
    for (const l of lines.slice(0, 400)) {
      const t = l.trim();
      if (CANNOT_STAT.test(t)) {
        keys++;
        net++;
        continue;
      }
      if (t === '' || PROMPT_HOST.test(l) || t.startsWith('sysctl:') || t.startsWith('* Applying')) continue;
      const m = LINE.exec(t);
      if (m && /^(net|kernel|vm|fs|dev|abi|user|debug|crypto|sunrpc)\./.test(m[1] ?? '')) {
        keys++;
        if ((m[1] ?? '').startsWith('net.')) net++;
      } else other++;
    }
    if (keys === 0) return 0;
    const hint = /\bsysctl\b/.test(ctx.command ?? '') ? 0.1 : 0;
    return keys >= other ? (net > 0 ? 0.85 : 0.6) + hint : 0;
  },
  parse(lines, ctx) {
    const out: ParseResult = emptyResult();
    let node = hostFromContext(ctx);
    let others = 0;
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      const prompt = PROMPT_HOST.exec(line);
      if (prompt) {
        node = prompt[1] ?? node;
        node = hostFromCommand(prompt[2]) ?? node;
        return;
      }
      const t = line.trim();
      const missing = CANNOT_STAT.exec(t);
      if (missing) {
        const key = (missing[1] ?? '').replace(/\//g, '.');
        if (NETWORK_SYSCTLS.has(key)) {
          const why = key.startsWith('net.bridge.') ? ': the br_netfilter module is not loaded' : key.startsWith('net.netfilter.') ? ': the nf_conntrack module is not loaded' : '';
          out.diagnostics.push({ level: 'warning', line: lineNo, message: `${key} does not exist on ${node ?? 'this node'}${why}` });
        }
        return;
      }
      const m = LINE.exec(t);
      if (!m) return;
      const key = m[1] ?? '';
      if (!NETWORK_SYSCTLS.has(key)) {
        others++;
        return;
      }
      const value = (m[2] ?? '').trim().replace(/\s+/g, ' ');
      out.observations.push({ claim: { type: 'sysctl', key, value, node }, line: lineNo, excerpt: excerpt(line) });
    });
    if (others > 0) out.diagnostics.push({ level: 'skipped', line: null, message: `${others} other kernel setting(s) not used by any networking rule` });
    return out;
  },
};
