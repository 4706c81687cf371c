/**
 * Scripts and infrastructure code that carry evidence inside them: a shell
 * script that pipes a kind config through a heredoc or writes
 * /etc/rancher/k3s/config.yaml with `cat <<EOF`, a Nix module with the config
 * in a '' string, cloud-init write_files, an Ansible copy task. Each embedded
 * document (./embedded-docs.ts) is handed to the parser its content and
 * destination point to, with its true lines; the rest of the text (command
 * lines such as `k3s server --cluster-cidr ...`) is handed on as well, the
 * documents blanked so its line numbers stay the file's.
 */
import type { ParseContext, Parser, ParseResult, RawDiagnostic, RawObservation } from '../types.js';
import { excerpt } from '../text.js';
import { emptyResult } from './common.js';
import { findEmbeddedDocs, withoutDocs, type EmbeddedDoc } from './embedded-docs.js';
import { addBlock, onlySource, type Dispatch } from './runbook.js';

/** Whether some leaf parser knows these lines. */
export type Recognise = (lines: readonly string[], ctx: ParseContext) => boolean;

const TOP_LEVEL_OBJECT = /^(apiVersion|kind):\s*\S/;

export function makeScriptParser(dispatch: Dispatch, recognise: Recognise): Parser {
  return {
    kind: 'script',
    title: 'documents inside scripts and infrastructure code (shell heredocs, Nix strings, cloud-init and Ansible content)',
    detect(lines, ctx) {
      const docs = findEmbeddedDocs(lines, ctx.path).filter(hasContent);
      if (docs.length === 0) return 0;
      // A manifest whose own top level is an object is Kubernetes objects, whatever its values hold.
      if (withoutDocs(lines, docs).some((l) => TOP_LEVEL_OBJECT.test(l))) return 0;
      // Above k8s-objects (1), which would read the script itself as YAML; below a markdown runbook (1.5), which hands its blocks here.
      return docs.some((d) => recognise(d.lines, docContext(d))) ? 1.2 : 0;
    },
    parse(lines, ctx) {
      return parseScript(lines, ctx, dispatch);
    },
  };
}

function hasContent(d: EmbeddedDoc): boolean {
  return d.lines.some((l) => l.trim() !== '' && !/^\s*#/.test(l));
}

function docContext(d: EmbeddedDoc): ParseContext {
  return { command: d.command, ...(d.path ? { path: d.path } : {}) };
}

const WHAT: Record<EmbeddedDoc['container'], string> = {
  heredoc: 'heredoc',
  'nix-string': "Nix '' string",
  'yaml-block': 'content block',
};

export function parseScript(lines: readonly string[], ctx: ParseContext, dispatch: Dispatch): ParseResult {
  const out = emptyResult();
  const unparsed: RawDiagnostic[] = [];
  const docs = findEmbeddedDocs(lines, ctx.path);
  // Kinds of evidence the documents gave: their defaults are inferred there, for what the document leaves out.
  const docKinds = new Set<string>();
  for (const d of docs) {
    if (!d.closed) out.diagnostics.push({ level: 'warning', line: d.openLine, message: `${WHAT[d.container]} is never closed: read to the end of the file` });
    if (!hasContent(d)) continue;
    const res = dispatch(d.lines, { ...docContext(d), ...(ctx.host ? { host: ctx.host } : {}) });
    if (!res) {
      out.diagnostics.push({ level: 'skipped', line: d.openLine, message: `${WHAT[d.container]}${d.path ? ` (${d.path})` : ''} is not evidence of any known kind` });
      continue;
    }
    docKinds.add(res.kind);
    addBlock(res, (l) => (l === null ? d.openLine : d.firstLine + l - 1), `${WHAT[d.container]} at line ${d.firstLine}`, out, unparsed);
  }
  // What surrounds the documents: command lines with flags (k3s server ..., INSTALL_K3S_EXEC=...).
  const around = withoutDocs(lines, docs);
  const rest = dispatch(around, ctx);
  if (rest) {
    // The program reads the config the script writes: a default inferred from its bare command line
    // (`curl get.rke2.io | sh -`) would stand for a value the config decides.
    for (const o of rest.observations) {
      const kind = o.kind ?? rest.kind;
      if (o.inferred === true && docKinds.has(kind)) continue;
      out.observations.push({ ...o, kind });
    }
    out.diagnostics.push(...rest.diagnostics);
  }
  cniInstalls(around, out);
  out.observations = preferStated(out.observations);
  // A document that does not parse is an error when it is the only evidence the script has.
  onlySource(out, unparsed);
  return out;
}

/**
 * A CNI applied by the script from its published manifest or chart: the
 * manifest's file name names it (Calico's calico.yaml and tigera-operator.yaml,
 * flannel's kube-flannel.yml, Canal's canal.yaml) or the installer does
 * (`cilium install`, `helm install ... cilium/cilium`).
 */
const CNI_INSTALLS: readonly [RegExp, string][] = [
  [/\bkubectl\s+(?:apply|create)\b.*\s-f\s+\S*\/(?:calico(?:-typha)?|tigera-operator)\.ya?ml\b/, 'calico'],
  [/\bkubectl\s+(?:apply|create)\b.*\s-f\s+\S*\/kube-flannel\.ya?ml\b/, 'flannel'],
  [/\bkubectl\s+(?:apply|create)\b.*\s-f\s+\S*\/canal\.ya?ml\b/, 'canal'],
  [/\bcilium\s+install\b|\bhelm\s+(?:upgrade\s+--install|install)\s+\S+\s+cilium\/cilium\b/, 'cilium'],
];

function cniInstalls(lines: readonly string[], out: ParseResult): void {
  lines.forEach((l, i) => {
    if (/^\s*#/.test(l)) return;
    for (const [re, name] of CNI_INSTALLS) {
      if (re.test(l)) out.observations.push({ claim: { type: 'cni', name }, line: i + 1, excerpt: excerpt(l), kind: 'script' });
    }
  });
}

/** What a kind of fact is about, for telling a stated value from a default of the same thing. */
function slot(o: RawObservation): string | null {
  const c = o.claim;
  switch (c.type) {
    case 'network':
      return `network/${c.role}`;
    case 'cniSetting':
      return `cniSetting/${c.field}`;
    case 'proxyMode':
    case 'kubeProxyPresent':
    case 'cni':
    case 'clusterDNS':
      return c.type;
    default:
      return null;
  }
}

/**
 * One script states a setting in one place and leaves it out in another (a
 * config.yaml in a heredoc with cluster-cidr; the `curl get.k3s.io | sh -`
 * line without): the program reads both, so the stated value holds and the
 * default inferred where it was left out is dropped.
 */
export function preferStated(obs: RawObservation[]): RawObservation[] {
  const stated = new Set<string>();
  for (const o of obs) {
    const s = slot(o);
    if (s && o.inferred !== true) stated.add(`${o.kind ?? ''}\u0000${s}`);
  }
  return obs.filter((o) => {
    const s = slot(o);
    return !(o.inferred === true && s && stated.has(`${o.kind ?? ''}\u0000${s}`));
  });
}
