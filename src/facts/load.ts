/**
 * A facts document written earlier by `kube-netcheck facts` (or by another
 * tool) read back as input: validated against the schema, never re-derived.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { isFactsDocument } from '../evidence/parsers/facts-document.js';
import { validateFacts } from '../schema/validate.js';
import type { Facts } from './types.js';

/** Whether `path` is a facts document (a JSON object with schemaVersion, networks and observations). */
export function isFactsFile(path: string): boolean {
  try {
    if (path === '-' || !statSync(path).isFile()) return false;
    // The head alone first: evidence files given by name (a 300 MB nodes list) are not read here.
    const head = readHead(path, 4096);
    if (!/^\uFEFF?\s*\{/.test(head) || !/"schemaVersion"\s*:/.test(head)) return false;
    return isFactsDocument(readFileSync(path, 'utf8'));
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
  return loadFactsText(readFileSync(path, 'utf8'), path);
}

/** A facts document already read (stdin: `kube-netcheck facts ... | kube-netcheck check -`); `name` is `-` for stdin. */
export function loadFactsText(text: string, name: string): Facts {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : null;
    throw new InputError(`facts document is not valid JSON: ${msg}`, name === '-' ? 'stdin' : name, line);
  }
  try {
    validateFacts(doc, 'facts document');
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.message, name === '-' ? 'stdin' : name);
    throw e;
  }
  // Documents written before cluster.distribution existed read as "not stated".
  doc.cluster.distribution ??= null;
  return doc;
}
