/**
 * A facts document written earlier by `kube-netcheck facts` (or by another
 * tool) read back as input: validated against the schema, never re-derived.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { validateFacts } from '../schema/validate.js';
import type { Facts } from './types.js';

/** Whether `path` is a facts document (a JSON object with schemaVersion and observations). */
export function isFactsFile(path: string): boolean {
  try {
    if (path === '-' || !statSync(path).isFile()) return false;
    // The head alone first: evidence files given by name (a 300 MB nodes list) are not read here.
    const head = readHead(path, 4096);
    if (!/^\s*\{/.test(head) || !/"schemaVersion"\s*:/.test(head)) return false;
    return /"networks"\s*:/.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}

function readHead(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function loadFacts(path: string): Facts {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? readFileSync(path, 'utf8').slice(0, Number(pos[1])).split('\n').length : null;
    throw new InputError(`facts document is not valid JSON: ${msg}`, path, line);
  }
  try {
    validateFacts(doc, 'facts document');
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.message, path);
    throw e;
  }
  // Documents written before cluster.distribution existed read as "not stated".
  doc.cluster.distribution ??= null;
  return doc;
}
