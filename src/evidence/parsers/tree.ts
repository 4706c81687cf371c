/**
 * A JSON or YAML document with the line of every value: for plain-text
 * readers of structured files that are not Kubernetes objects (CNI network
 * configs, flannel's net-conf.json, Helm values, `ip -j` output), and for
 * configs embedded in a ConfigMap's data. JSON is read as YAML, which keeps
 * positions; duplicate keys are refused, as in k8s-objects.
 */
import type { Node as YamlNode } from 'yaml';
import { yaml } from '../../lazy.js';
import type { Path } from '../objects/types.js';

/** As in k8s-objects: YAML alias bombs are refused. */
const MAX_ALIASES = 1000;

export interface Tree {
  value: unknown;
  /** 1-based line of the value at `path` (the closest enclosing value that exists). */
  line(path?: Path): number;
  /** True when the value at `path` is written as a quoted string ("1450" rather than 1450). */
  quoted(path: Path): boolean;
}

export type TreeResult = { ok: true; tree: Tree } | { ok: false; error: string; line: number | null };

/** Unquoted CNI install templates (`"mtu": __CNI_MTU__`) are not JSON; quote them so the rest still reads. */
const BARE_TEMPLATE = /(:\s*)(__[A-Z0-9_]+__)(\s*[,}\n]|\s*$)/g;

export function readTree(lines: readonly string[]): TreeResult {
  const text = lines.map((l) => l.replace(BARE_TEMPLATE, '$1"$2"$3')).join('\n');
  const counter = new (yaml().LineCounter)();
  let doc;
  try {
    doc = yaml().parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), line: null };
  }
  const lineAt = (offset: number): number => counter.linePos(offset).line;
  const firstError = doc.errors[0];
  if (firstError) {
    return { ok: false, error: firstError.message.split('\n')[0] ?? 'syntax error', line: firstError.pos ? lineAt(firstError.pos[0]) : null };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { ok: false, error: `refused: ${e instanceof Error ? e.message : String(e)}`, line: null };
  }
  const nodeAt = (path: Path): YamlNode | null => {
    const n = path.length === 0 ? doc.contents : doc.getIn(path, true);
    return n && typeof n === 'object' && 'range' in (n as object) ? (n as YamlNode) : null;
  };
  return {
    ok: true,
    tree: {
      value,
      line(path = []) {
        for (let i = path.length; i >= 0; i--) {
          const n = nodeAt(path.slice(0, i));
          if (n?.range) return Math.min(lineAt(n.range[0]), lines.length || 1);
        }
        return 1;
      },
      quoted(path) {
        const n = nodeAt(path);
        return !!n && yaml().isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE');
      },
    },
  };
}

/**
 * Why a value is a template rather than a fact, or null: `${VAR}`, `$(VAR)`,
 * `__CNI_MTU__` (CNI install scripts), `{{ .Values.x }}` (Helm), `<POD_CIDR>`.
 */
export function templateIn(value: string): string | null {
  if (/\$\{[^}]*\}|\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(value)) return 'a shell or Kubernetes variable reference';
  if (/__[A-Z0-9_]+__/.test(value)) return 'a placeholder the CNI installer fills in on each node';
  if (/\{\{.*\}\}|\{%.*%\}/.test(value)) return 'a Helm, Go or Jinja template';
  if (/^<[^>]+>$/.test(value.trim())) return 'a placeholder';
  return null;
}
