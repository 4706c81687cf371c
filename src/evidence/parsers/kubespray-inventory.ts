/**
 * A kubespray hosts inventory, in Ansible's INI form (inventory.ini) or YAML
 * form (hosts.yaml, as contrib/inventory_builder wrote it):
 *
 *   [all]                                     all:
 *   node1 ansible_host=95.54.0.12 ip=10.3.0.1   hosts:
 *   [kube_control_plane]                          node1: {ansible_host: 95.54.0.12, ip: 10.3.0.1}
 *   node1                                       children:
 *   [kube_node]                                   kube_control_plane: {hosts: {node1: }}
 *   node2                                         kube_node: {hosts: {node2: }}
 *   [k8s_cluster:children]                        k8s_cluster: {children: {kube_control_plane: , kube_node: }}
 *   kube_control_plane
 *
 * The cluster's nodes are the hosts of kube_control_plane and kube_node (the
 * groups kube-master and kube-node before kubespray v2.16), through child groups.
 * A node's address is `ip` (the address kubespray binds Kubernetes to), else
 * `access_ip`, else `ansible_host`; a Jinja value is a template, not an address.
 * Commented-out hosts (`# node1 ansible_host=...`, the sample inventory's form) are not read.
 * Never read: ansible_password, ansible_become_password, ansible_ssh_private_key_file.
 */
import { parseIP } from '../../facts/address.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { Emitter, isMap } from './installer.js';
import { readTree, templateIn } from './tree.js';

const CONTROL = new Set(['kube_control_plane', 'kube-master', 'kube_master']);
const WORKER = new Set(['kube_node', 'kube-node']);
const INI_GROUP = /^\[(kube_control_plane|kube-master|kube_master|kube_node|kube-node|k8s_cluster|k8s-cluster)(:children)?\]\s*(?:[#;].*)?$/;
const YAML_GROUP = /^\s+(kube_control_plane|kube-master|kube_node|kube-node|k8s_cluster|k8s-cluster)\s*:\s*$/;

interface Host {
  name: string;
  vars: Record<string, string>;
  line: number;
}

export const kubesprayInventory: Parser = {
  kind: 'kubespray-inventory',
  title: 'kubespray hosts inventory (INI or YAML)',
  detect(lines) {
    let ini = 0;
    let yamlGroups = 0;
    let all = false;
    for (const l of lines) {
      if (INI_GROUP.test(l)) ini++;
      if (YAML_GROUP.test(l)) yamlGroups++;
      if (/^all\s*:\s*$/.test(l)) all = true;
    }
    if (ini >= 1) return ini >= 2 ? 0.9 : 0.75;
    return all && yamlGroups >= 1 ? 0.9 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const e = new Emitter(out, lines);
    const isIni = lines.some((l) => INI_GROUP.test(l));
    const inv = isIni ? readIni(lines, e) : readYaml(lines, e);
    if (!inv) return out;
    const first = inv.hosts.values().next().value as Host | undefined;
    e.claim({ type: 'distribution', name: 'kubespray' }, inv.groupLine ?? first?.line ?? 1);
    const members = (group: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(group)) return new Set();
      seen.add(group);
      const s = new Set(inv.groups.get(group)?.hosts ?? []);
      for (const c of inv.groups.get(group)?.children ?? []) for (const h of members(c, seen)) s.add(h);
      return s;
    };
    const control = new Set([...CONTROL].flatMap((g) => [...members(g)]));
    const workers = new Set([...WORKER].flatMap((g) => [...members(g)]));
    const nodes = [...new Set([...control, ...workers])];
    if (nodes.length === 0) {
      e.diag('skipped', inv.groupLine, 'inventory: kube_control_plane and kube_node list no hosts (commented-out hosts are not read)');
      return out;
    }
    for (const name of nodes) {
      const h = inv.hosts.get(name) ?? { name, vars: {}, line: inv.memberLine.get(name) ?? 1 };
      let ip: string | null = null;
      for (const k of ['ip', 'access_ip', 'ansible_host']) {
        const raw = h.vars[k];
        if (raw === undefined || raw === '') continue;
        if (templateIn(raw)) {
          e.diag('skipped', h.line, `${name} ${k}: ${raw} is a template, not an address`);
          continue;
        }
        const parsed = parseIP(raw);
        if (parsed.ok) {
          ip = parsed.value.address;
          break;
        }
        // ansible_host may be a DNS name: not an address, and not an error.
        if (k !== 'ansible_host') e.diag('error', h.line, `${name} ${k}: ${parsed.error}`);
      }
      const roles = [...(control.has(name) ? ['control-plane'] : []), ...(workers.has(name) ? ['worker'] : [])];
      e.claim({ type: 'node', name, ...(ip ? { internalIPs: [ip] } : {}), roles }, h.line);
    }
    return out;
  },
};

interface Inventory {
  hosts: Map<string, Host>;
  groups: Map<string, { hosts: string[]; children: string[] }>;
  /** Line where a host is first listed in a group, for hosts with no vars line. */
  memberLine: Map<string, number>;
  groupLine: number | null;
}

/** Ansible INI: `[group]`, `[group:children]`, `[group:vars]`; `host key=value ...`; `#` and `;` comments. */
function readIni(lines: readonly string[], e: Emitter): Inventory {
  const inv: Inventory = { hosts: new Map(), groups: new Map(), memberLine: new Map(), groupLine: null };
  let group: string | null = null;
  let section: 'hosts' | 'children' | 'vars' = 'hosts';
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const head = /^\[([^\]:]+)(?::(children|vars))?\]/.exec(line);
    if (head) {
      group = head[1]!;
      section = (head[2] as 'children' | 'vars' | undefined) ?? 'hosts';
      if (!inv.groups.has(group)) inv.groups.set(group, { hosts: [], children: [] });
      if (inv.groupLine === null && (CONTROL.has(group) || WORKER.has(group))) inv.groupLine = lineNo;
      return;
    }
    if (group === null || section === 'vars') return;
    const [name, ...rest] = tokens(line.replace(/\s[#;].*$/, ''));
    if (!name) return;
    const g = inv.groups.get(group)!;
    if (section === 'children') {
      g.children.push(name);
      return;
    }
    g.hosts.push(name);
    if (!inv.memberLine.has(name)) inv.memberLine.set(name, lineNo);
    const vars: Record<string, string> = {};
    for (const t of rest) {
      const eq = t.indexOf('=');
      if (eq <= 0) {
        e.diag('warning', lineNo, `${name}: ${t}: expected key=value`);
        continue;
      }
      vars[t.slice(0, eq)] = unq(t.slice(eq + 1));
    }
    const prev = inv.hosts.get(name);
    if (!prev || (Object.keys(prev.vars).length === 0 && rest.length > 0)) inv.hosts.set(name, { name, vars: { ...(prev?.vars ?? {}), ...vars }, line: rest.length > 0 || !prev ? lineNo : prev.line });
    else Object.assign(prev.vars, vars);
  });
  return inv;
}

/** Space-separated tokens, keeping quoted values (`ip="10.0.0.1"`) together. */
function tokens(s: string): string[] {
  return s.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
}

function unq(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0]) ? s.slice(1, -1) : s;
}

/** Ansible YAML: groups with hosts (name -> vars or null), children and vars, from `all:` down. */
function readYaml(lines: readonly string[], e: Emitter): Inventory | null {
  const read = readTree(lines);
  if (!read.ok) {
    e.diag('error', read.line, `kubespray inventory is not valid YAML: ${read.error}`);
    return null;
  }
  const inv: Inventory = { hosts: new Map(), groups: new Map(), memberLine: new Map(), groupLine: null };
  const walk = (name: string, g: unknown, path: string[]): void => {
    const entry = inv.groups.get(name) ?? { hosts: [], children: [] };
    inv.groups.set(name, entry);
    if (inv.groupLine === null && (CONTROL.has(name) || WORKER.has(name))) inv.groupLine = read.tree.line(path);
    if (!isMap(g)) return;
    if (isMap(g.hosts)) {
      for (const [h, vars] of Object.entries(g.hosts)) {
        entry.hosts.push(h);
        const line = read.tree.line([...path, 'hosts', h]);
        if (!inv.memberLine.has(h)) inv.memberLine.set(h, line);
        const v: Record<string, string> = {};
        if (isMap(vars)) for (const [k, x] of Object.entries(vars)) if (typeof x === 'string' || typeof x === 'number') v[k] = String(x);
        const prev = inv.hosts.get(h);
        if (!prev || (Object.keys(prev.vars).length === 0 && Object.keys(v).length > 0)) inv.hosts.set(h, { name: h, vars: { ...(prev?.vars ?? {}), ...v }, line });
        else Object.assign(prev.vars, v);
      }
    }
    if (isMap(g.children)) {
      for (const [c, sub] of Object.entries(g.children)) {
        entry.children.push(c);
        walk(c, sub, [...path, 'children', c]);
      }
    }
  };
  const root = read.tree.value;
  if (!isMap(root)) {
    e.diag('error', 1, 'kubespray inventory: expected a YAML mapping with all: hosts: and children:');
    return null;
  }
  for (const [name, g] of Object.entries(root)) walk(name, g, [name]);
  return inv;
}
