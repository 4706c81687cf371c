/**
 * Kubernetes-style objects (manifests, `kubectl get -o yaml|json`, kubeadm and
 * component configs) are read once by the k8s-objects parser; each kind of
 * object is then handled by one ObjectHandler registered in ./index.ts.
 */
import type { ParseResult } from '../types.js';

export type Path = readonly (string | number)[];

export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

/** Where an object's values sit in the file, for provenance. */
export interface ObjectSite {
  /** 1-based line of the value at `path` inside the object (the object's first line when absent). */
  line(path?: Path): number;
  /** The text of a file line, secrets redacted, for an excerpt. */
  excerpt(line: number): string;
  /**
   * A string value that holds a config of its own (a ConfigMap's config.conf,
   * net-conf.json, kubeadm's ClusterConfiguration): its lines, and the file line of
   * the first one, so that what is parsed from it keeps true line numbers.
   */
  text(path: Path): { lines: string[]; firstLine: number; /** A quoted string (JSON): every line of it sits on firstLine. */ oneLine?: boolean } | null;
}

export interface ObjectHandler {
  /** Short name, e.g. `node`, `calico-ippool`. */
  name: string;
  matches(obj: KubeObject): boolean;
  /** Adds observations and diagnostics; lines are file lines from `site`. Never throws. */
  extract(obj: KubeObject, site: ObjectSite, out: ParseResult): void;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** apiVersion group without version: `networking.k8s.io/v1` -> `networking.k8s.io`, `v1` -> ``. */
export function group(o: KubeObject): string {
  const v = str(o.apiVersion) ?? '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}
