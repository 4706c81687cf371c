/**
 * A facts document written earlier by `kube-netcheck facts` (or by another
 * tool) read back as input: validated against the schema, never re-derived.
 */
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { validateFacts } from '../schema/validate.js';
import type { Facts } from './types.js';

/** Whether `path` is a facts document (a JSON object with schemaVersion and observations). */
export function isFactsFile(path: string): boolean {
  try {
    if (path === '-' || !statSync(path).isFile()) return false;
    const head = readFileSync(path, { encoding: 'utf8', flag: 'r' }).slice(0, 4096);
    return /^\s*\{/.test(head) && /"schemaVersion"\s*:/.test(head) && /"networks"\s*:/.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
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
  return doc;
}
