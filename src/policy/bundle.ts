/**
 * Reads an OPA bundle (.tar.gz) with node-tar, synchronously: its members by
 * path. A bundle built with `opa build -t wasm` holds /policy.wasm; a plain
 * bundle holds .rego sources; either may hold data.json / data.yaml files.
 */
import { readFileSync } from 'node:fs';
import { list } from 'tar';
import { InputError } from '../errors.js';

export type Members = Map<string, Buffer>;

export function readBundle(file: string, display: string): Members {
  const head = readFileSync(file).subarray(0, 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    throw new InputError('not a gzip-compressed tar archive: an OPA bundle is the .tar.gz `opa build` writes', display);
  }
  const members: Members = new Map();
  try {
    list({
      file,
      sync: true,
      strict: true,
      onReadEntry: (entry) => {
        if (entry.type !== 'File' && entry.type !== 'OldFile') {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => members.set(normalise(entry.path), Buffer.concat(chunks)));
      },
    });
  } catch (e) {
    throw new InputError(`not a readable tar.gz bundle: ${e instanceof Error ? e.message : String(e)}`, display);
  }
  return members;
}

/** Member paths as OPA names them: `/a/b/data.json`, never `./a` or `a`. */
function normalise(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/^\.?\/*/, '');
  return `/${p}`;
}
