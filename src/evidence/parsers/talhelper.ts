/**
 * talhelper's talconfig.yaml (budimanjojo/talhelper pkg/config/config.go),
 * which `talhelper genconfig` turns into one Talos machine config per node:
 *
 *   clusterName, talosVersion, kubernetesVersion, endpoint
 *   clusterPodNets: [10.244.0.0/16]      cluster.network.podSubnets
 *   clusterSvcNets: [10.96.0.0/12]       cluster.network.serviceSubnets
 *   cniConfig: {name: none}              cluster.network.cni
 *   nodes[]: hostname, ipAddress, controlPlane, networkInterfaces[] (Talos's form), patches
 *   patches, controlPlane.patches, worker.patches   Talos config patches, inline or @file
 *
 * talhelper leaves an unset field to Talos: the defaults inferred are Talos's
 * (./talos-config.ts). Inline strategic-merge patches are read as Talos patches
 * at their own lines; JSON6902 patches and @file references are said and skipped.
 * Secrets live in talsecret.sops.yaml, never here; any secret-named value is blanked anyway.
 */
import type { Path } from '../objects/types.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { Emitter, getIn, isMap, kubeVersion } from './installer.js';
import { blankSecrets, readInterfaces, readTalos } from './talos-config.js';
import { readTree, type Tree } from './tree.js';

const TALOS = 'Talos v1.13';
const DEFAULTS = { pod: '10.244.0.0/16', service: '10.96.0.0/12', cni: 'flannel' } as const;

export const talhelper: Parser = {
  kind: 'talhelper-config',
  title: 'talhelper talconfig.yaml',
  detect(lines) {
    let keys = 0;
    let strong = false;
    for (const l of lines) {
      if (/^(clusterName|talosVersion|kubernetesVersion|endpoint|nodes|clusterPodNets|clusterSvcNets|cniConfig|controlPlane|worker|patches|allowSchedulingOnControlPlanes|additionalApiServerCertSans|additionalMachineCertSans|domain)\s*:/.test(l)) keys++;
      if (/^(talosVersion|clusterPodNets|clusterSvcNets|cniConfig)\s*:|^\s+-?\s*ipAddress\s*:|^\s+installDisk\s*:/.test(l)) strong = true;
    }
    return strong && keys >= 2 ? 0.9 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const clean = blankSecrets(lines);
    const read = readTree(clean);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `talconfig.yaml is not valid YAML: ${read.error}` });
      return out;
    }
    if (!isMap(read.tree.value)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'talconfig.yaml: expected a YAML mapping (clusterName, nodes, ...)' });
      return out;
    }
    readTalconfig(read.tree.value, read.tree, clean, new Emitter(out, clean));
    return out;
  },
};

function readTalconfig(c: Record<string, unknown>, tree: Tree, lines: readonly string[], e: Emitter): void {
  const at = (...p: Path): number => e.line(tree, p);
  const dflt = (x: string): string => `default of ${TALOS} through talhelper (${x}), not stated`;
  const anchor = at(c.clusterName !== undefined ? 'clusterName' : 'nodes');
  e.claim({ type: 'distribution', name: 'talos' }, anchor);
  const clusterName = e.text(c.clusterName, at('clusterName'), 'clusterName');
  if (clusterName !== null) e.claim({ type: 'clusterName', name: clusterName }, at('clusterName'));

  // Patches first: what a patch says about the cluster network counts as stated.
  const patched = readPatches(c, tree, lines, e);

  for (const [key, role, d, talosKey] of [
    ['clusterPodNets', 'pod', DEFAULTS.pod, 'podSubnets'],
    ['clusterSvcNets', 'service', DEFAULTS.service, 'serviceSubnets'],
  ] as const) {
    const v = c[key];
    if (Array.isArray(v) && v.length > 0) e.networks(role, v, at(key), key, (i) => at(key, i));
    else if (v !== undefined && v !== null && !Array.isArray(v)) e.networks(role, v, at(key), key);
    else if (!patched.has(talosKey)) e.inferred({ type: 'network', role, cidr: d }, anchor, dflt(`${key} ${d}`));
  }

  const cni = isMap(c.cniConfig) ? c.cniConfig : null;
  const name = cni ? e.text(cni.name, at('cniConfig', 'name'), 'cniConfig.name') : null;
  if (name !== null) {
    const l = at('cniConfig', 'name');
    if (name === 'flannel') e.cni('flannel', l);
    else if (name === 'none') e.diag('skipped', l, 'cniConfig.name: none: Talos deploys no CNI; the one installed afterwards is not named here');
    else if (name === 'custom') e.diag('skipped', l, 'cniConfig.name: custom: the CNI comes from the manifests at cniConfig.urls, not named here');
    else e.diag('error', l, `cniConfig.name ${name}: expected flannel, custom or none`);
  } else if (!cni && !patched.has('cni')) {
    e.cni(DEFAULTS.cni, anchor, dflt(`cniConfig.name ${DEFAULTS.cni}`));
  }

  const kv = e.text(c.kubernetesVersion, at('kubernetesVersion'), 'kubernetesVersion');
  if (kv !== null) {
    const v = kubeVersion(kv);
    if (v) e.claim({ type: 'clusterVersion', version: v }, at('kubernetesVersion'));
    else e.diag('error', at('kubernetesVersion'), `kubernetesVersion ${kv}: expected a version like v1.30.0`);
  }

  if (!Array.isArray(c.nodes)) return;
  c.nodes.forEach((n, i) => {
    if (!isMap(n)) return;
    const l = at('nodes', i);
    const hostname = e.text(n.hostname, at('nodes', i, 'hostname'), `nodes[${i}].hostname`);
    const ips: string[] = [];
    const ipText = e.text(n.ipAddress, at('nodes', i, 'ipAddress'), `nodes[${i}].ipAddress`);
    for (const part of (ipText ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const ip = e.ip(part, at('nodes', i, 'ipAddress'), `nodes[${i}].ipAddress`);
      if (ip) ips.push(ip);
    }
    const nodeName = hostname ?? ips[0];
    if (!nodeName) {
      e.diag('error', l, `nodes[${i}]: no hostname or ipAddress`);
      return;
    }
    const control = n.controlPlane === true || n.controlPlane === 'true';
    e.claim({ type: 'node', name: nodeName, ...(ips.length > 0 ? { internalIPs: ips } : {}), roles: [control ? 'control-plane' : 'worker'] }, l);
    if (Array.isArray(n.networkInterfaces)) readInterfaces(n.networkInterfaces, ['nodes', i, 'networkInterfaces'], tree, e);
  });
}

/**
 * Reads the inline strategic-merge patches (a YAML string in the patches lists)
 * as Talos config patches at their file lines; returns which cluster.network
 * fields they set, so that no default is inferred for those.
 */
function readPatches(c: Record<string, unknown>, tree: Tree, lines: readonly string[], e: Emitter): Set<string> {
  const set = new Set<string>();
  const lists: Path[] = [['patches'], ['controlPlane', 'patches'], ['worker', 'patches']];
  if (Array.isArray(c.nodes)) c.nodes.forEach((_, i) => lists.push(['nodes', i, 'patches']));
  for (const base of lists) {
    const list = getIn(c, base);
    if (!Array.isArray(list)) continue;
    list.forEach((p, i) => {
      const l = e.line(tree, [...base, i]);
      if (typeof p === 'string' && p.trim().startsWith('@')) {
        e.diag('skipped', l, `${base.join('.')}[${i}]: ${p.trim()}: a patch in another file (read that file as evidence to count it)`);
        return;
      }
      if (typeof p !== 'string') {
        if (Array.isArray(p) || isMap(p)) e.diag('skipped', l, `${base.join('.')}[${i}]: a JSON6902 or structured patch: not read`);
        return;
      }
      // A block scalar's text starts on the line after its indicator (`- |-`).
      const body = p.split('\n');
      if (body.length > 1 && body[body.length - 1] === '') body.pop();
      const first = (lines[l - 1] ?? '').trim().match(/^-?\s*[|>]/) ? l + 1 : l;
      const sub = readTree(blankSecrets(body));
      if (!sub.ok || !isMap(sub.tree.value)) {
        if (sub.ok && Array.isArray(sub.tree.value)) e.diag('skipped', first, `${base.join('.')}[${i}]: a JSON6902 patch: not read`);
        else e.diag('warning', first, `${base.join('.')}[${i}]: not a YAML patch${sub.ok ? '' : `: ${sub.error}`}`);
        return;
      }
      const net = getIn(sub.tree.value, ['cluster', 'network']);
      if (isMap(net)) for (const k of ['podSubnets', 'serviceSubnets', 'cni']) if (net[k] !== undefined) set.add(k);
      readTalos(sub.tree.value, sub.tree, new Emitter(e.out, lines, first - 1), false, `${base.join('.')}[${i}]`);
    });
  }
  return set;
}
