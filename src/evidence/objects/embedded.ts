/**
 * Configs held as strings inside a ConfigMap (kube-proxy's config.conf,
 * kubeadm-config's ClusterConfiguration, kubelet-config's kubelet): read as
 * objects of their own, with every line mapped to its true file line — the
 * line inside a `|` block, or the string's own line when it is quoted JSON.
 */
import { excerpt } from '../text.js';
import type { ParseResult } from '../types.js';
import { readObjects } from './read-objects.js';
import type { ObjectHandler, ObjectSite, Path } from './types.js';

/** Reads the string at `path` as YAML/JSON objects for `handlers`; false when there is no string there. */
export function readEmbedded(site: ObjectSite, path: Path, handlers: readonly ObjectHandler[], out: ParseResult): boolean {
  const text = site.text(path);
  if (!text) return false;
  const { lines, firstLine, oneLine } = text;
  readObjects(lines, handlers, out, {
    fileLine: (l) => (oneLine ? firstLine : firstLine + l - 1),
    // A quoted string sits on one long file line: its own line says more.
    excerpt: (fileLine) => (oneLine ? '' : site.excerpt(fileLine)),
  });
  if (oneLine) {
    // Excerpts of a quoted string: the embedded line that holds the value.
    for (const o of out.observations) if (o.excerpt === '' && o.line === firstLine) o.excerpt = excerptFor(lines, o);
  }
  return true;
}

function excerptFor(lines: readonly string[], o: ParseResult['observations'][number]): string {
  const c = o.claim as Record<string, unknown>;
  const needle = String(c.cidr ?? c.mode ?? c.ip ?? c.version ?? c.value ?? c.size ?? c.range ?? '');
  const hit = needle ? lines.find((l) => l.includes(needle)) : undefined;
  return excerpt(hit ?? lines[0] ?? '');
}
