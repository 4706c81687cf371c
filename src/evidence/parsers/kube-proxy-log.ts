/**
 * kube-proxy container log, klog format, old and new:
 *
 *   I1231 10:16:50.420139       1 server_linux.go:66] "Using iptables proxy"           (structured, 1.26+)
 *   I0615 08:12:01.123456       1 server_others.go:212] Using iptables Proxier.       (glog, <= 1.22)
 *   I0615 08:12:01.123456       1 server_others.go:269] "Using ipvs Proxier"
 *   I1231 10:16:50.589282       1 server.go:677] "Successfully retrieved node IP(s)" IPs=["192.8.33.8"]
 *   I0321 00:17:18.044141       1 server.go:219] "Successfully retrieved NodeIPs" NodeIPs=["192.168.122.13"]   (newer)
 *   I0615 08:12:01.000000       1 node.go:172] Successfully retrieved node IP: 172.18.0.2
 *   I1231 10:16:50.610996       1 conntrack.go:60] "Setting nf_conntrack_max" nfConntrackMax=1179648
 *   I0615 08:12:01.000000       1 conntrack.go:100] Set sysctl 'net/netfilter/nf_conntrack_max' to 131072
 *
 * A mode named in a log is a fact about the node that wrote it.
 */
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { checkIP, emptyResult, KLOG, klogMessage } from './common.js';

const MODE = /\bUsing\s+(iptables|ipvs|nftables|userspace|kernelspace|winuserspace)\s+prox(?:y|ier)\b/i;
const ASSUMING = /\bassuming\s+(iptables|ipvs|nftables|userspace)\s+prox/i;
// "Successfully retrieved node IP(s)" IPs=[...] (1.26-1.31); "Successfully retrieved NodeIPs" NodeIPs=[...]
// (newer: cmd/kube-proxy/app/server.go and pkg/proxy/node.go NodeManager).
const NODE_IPS = /Successfully retrieved (?:node IP\(s\)"?\s+IPs|NodeIPs"?\s+NodeIPs)=\[([^\]]*)\]/;
const NODE_IP_OLD = /Successfully retrieved node IP:\s*([0-9a-fA-F.:]+)/;
const DETECTED_IP = /"Detected node IP"\s+address="([^"]+)"/;
const CONNTRACK = /Setting nf_conntrack_max"?\s+(?:nfConntrackMax=|to\s+)(\d+)/;
const CONNTRACK_SYSCTL = /Set sysctl '?net\/netfilter\/nf_conntrack_max'? to (\d+)/;
const MARKERS = /server(_linux|_others|_windows)?\.go|proxier\.go|conntrack\.go|kube-proxy|Proxier|node IP|nf_conntrack|proxy mode|ServiceCIDR/;

export const kubeProxyLog: Parser = {
  kind: 'kube-proxy-log',
  title: 'kube-proxy log',
  detect(lines, ctx) {
    let klog = 0;
    let marked = 0;
    for (const l of lines) {
      const t = l.trim();
      if (MODE.test(t) || NODE_IPS.test(t) || CONNTRACK.test(t)) return 1;
      if (KLOG.test(t)) {
        klog++;
        if (MARKERS.test(t)) marked++;
      }
    }
    if (marked > 0) return 0.7;
    if (klog > 0 && /kube-proxy/.test(ctx.command ?? ctx.path ?? '')) return 0.6;
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    let first = true;
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      const msg = klogMessage(line);
      if (first && msg !== '') {
        out.observations.push({ claim: { type: 'kubeProxyPresent', present: true }, line: lineNo, excerpt: excerpt(line) });
        first = false;
      }
      const mode = MODE.exec(msg) ?? ASSUMING.exec(msg);
      if (mode) {
        out.observations.push({ claim: { type: 'proxyMode', mode: (mode[1] ?? '').toLowerCase() }, line: lineNo, excerpt: excerpt(line) });
      }
      const ips = NODE_IPS.exec(msg);
      if (ips) {
        for (const raw of (ips[1] ?? '').split(',')) {
          const ip = raw.trim().replace(/^"|"$/g, '');
          if (ip === '') continue;
          const canonical = checkIP(out, ip, lineNo, 'kube-proxy node IP');
          if (canonical) out.observations.push({ claim: { type: 'kubeProxyNodeIP', ip: canonical }, line: lineNo, excerpt: excerpt(line) });
        }
      }
      const old = NODE_IP_OLD.exec(msg) ?? DETECTED_IP.exec(msg);
      if (old) {
        const canonical = checkIP(out, old[1] ?? '', lineNo, 'kube-proxy node IP');
        if (canonical) out.observations.push({ claim: { type: 'kubeProxyNodeIP', ip: canonical }, line: lineNo, excerpt: excerpt(line) });
      }
      const ct = CONNTRACK.exec(msg) ?? CONNTRACK_SYSCTL.exec(msg);
      if (ct) {
        out.observations.push({
          claim: { type: 'conntrack', field: 'max', value: Number(ct[1]) },
          line: lineNo,
          excerpt: excerpt(line),
        });
      }
    });
    return out;
  },
};
