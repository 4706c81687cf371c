/**
 * Where reports go: files named with `-o FORMAT=FILE`, checked before any work
 * is done (a report that cannot be written should not cost an evaluation
 * first), written with errors a user can act on (exit 2), and stdout whose
 * reader went away (`| head -1`), which ends the output quietly.
 */
import { accessSync, constants, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { fsReason } from '../errors.js';

export interface OutputTarget {
  format: string;
  file?: string;
}

/**
 * Refuses, before the evaluation, output files that cannot be written: a
 * folder, a missing folder, a read-only file or folder, and two reports in one
 * file (the second would silently overwrite the first).
 */
export function checkTargets(outputs: readonly OutputTarget[], command: string): void {
  const seen = new Map<string, OutputTarget>();
  for (const o of outputs) {
    if (o.file === undefined) continue;
    const what = `${command}: --output ${o.format}=${o.file}`;
    const key = identity(o.file);
    const before = seen.get(key);
    if (before) throw new UsageError(`${what}: the same file as --output ${before.format}=${before.file}: give each report its own file`);
    seen.set(key, o);
    writable(o.file, what);
  }
}

/** The file's identity: its real path when it exists (a link to another target is the same file). */
function identity(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

function writable(file: string, what: string): void {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UsageError(`${what}: cannot write it: ${fsReason(e)}`);
    const dir = dirname(resolve(file));
    let dst;
    try {
      dst = statSync(dir);
    } catch (e2) {
      const c2 = (e2 as NodeJS.ErrnoException).code;
      throw new UsageError(
        c2 === 'ENOENT' ? `${what}: the folder ${dirname(file)} does not exist: create it first` : `${what}: cannot write in ${dirname(file)}: ${fsReason(e2)}`,
      );
    }
    if (!dst.isDirectory()) throw new UsageError(`${what}: ${dirname(file)} is not a folder`);
    try {
      accessSync(dir, constants.W_OK);
    } catch (e3) {
      throw new UsageError(`${what}: cannot create a file in ${dirname(file)}: ${fsReason(e3)}`);
    }
    return;
  }
  if (st.isDirectory()) throw new UsageError(`${what}: is a folder: name a file`);
  try {
    accessSync(file, constants.W_OK);
  } catch (e) {
    throw new UsageError(`${what}: cannot write it: ${fsReason(e)}`);
  }
}

/**
 * Writes one report file. A reader that went away (a FIFO closed early) ends
 * the output quietly, as on stdout; any other failure is an output error (exit 2).
 */
export function writeOutputFile(file: string, text: string, what: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw new UsageError(`${what}: cannot write ${file}: ${fsReason(e)}`);
  }
}

/**
 * The process's stdout and stderr. A reader that went away (EPIPE: `rules |
 * head -1`, `check -o sarif | head -c 10`) ends the output quietly, and the
 * command finishes with its own exit code; another write error on stdout (a
 * full disk) is said once on stderr, and calls for exit 2 (`onError`). Errors
 * of stderr itself leave nowhere to say anything.
 */
export function guardStreams(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, onError: (code: number) => void): void {
  let said = false;
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    if (!said) {
      said = true;
      stderr.write(`kube-netcheck: cannot write to stdout: ${fsReason(e)}\n`);
    }
    onError(2);
  });
  stderr.on('error', () => undefined);
}
