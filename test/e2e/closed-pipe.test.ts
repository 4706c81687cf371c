/**
 * Output whose reader goes away early (`kube-netcheck rules | head -1`): every
 * command stops quietly, with no stack trace and no "internal error", on stdout
 * and on output files (a FIFO whose reader closes). Each case is run a few
 * times: when the reader closes is a race (issue #23, item 14).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, ROOT } from '../helpers.js';

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the CLI with stdout a pipe that is closed after `bytes` bytes were read (0: closed before it writes). */
function closedAfter(args: string[], bytes: number): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let got = 0;
    let stderr = '';
    if (bytes === 0) child.stdout.destroy();
    child.stdout.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= bytes) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const quiet = (r: Ended, what: string): void => {
  assert.is(r.signal, null, what);
  assert.is(r.stderr, '', `${what}: ${r.stderr}`);
  assert.not.match(r.stderr, /EPIPE|internal error|at .*\.js:\d+/);
};

const cases: [string, string[], number, number][] = [
  ['rules | head -1', ['rules'], 1, 0],
  ['rules -o json | head -c 10', ['rules', '-o', 'json'], 10, 0],
  ['check -o sarif | head -c 10', ['check', 'examples/kubeadm-cluster', '-o', 'sarif'], 10, 0],
  ['check -o html | head -c 10 (findings: exit 1 kept)', ['check', 'examples/lab-broken', '-o', 'html'], 10, 1],
  ['facts | head -c 10', ['facts', 'examples/lab-broken'], 10, 0],
  ['schema | head -c 10', ['schema'], 10, 0],
  ['explain KN101 | head -c 10', ['explain', 'KN101'], 10, 0],
  ['diff | head -c 10', ['diff', 'examples/lab-broken', 'examples/lab-complete'], 10, 0],
  ['plan | head -c 10', ['plan', '--nodes', '100'], 10, 0],
  ['check --help | head -c 10', ['check', '--help'], 10, 0],
];

for (const [name, args, bytes, code] of cases) {
  test(`${name}: stops quietly with its own exit code, every time`, async () => {
    // Closed before the first write (the case `head` makes at random), then after some output.
    for (const after of [0, bytes, 0]) {
      const r = await closedAfter(args, after);
      quiet(r, `${name}, closed after ${after} bytes`);
      assert.is(r.code, code, `${name}, closed after ${after} bytes`);
    }
  });
}

test('an output file that is a FIFO whose reader closes early: quiet too', () => {
  if (process.platform === 'win32') return;
  const dir = mkdtempSync(join(tmpdir(), 'kn-fifo-'));
  const fifo = join(dir, 'report.sarif');
  assert.is(spawnSync('mkfifo', [fifo]).status, 0);
  for (let i = 0; i < 3; i++) {
    // The reader: opens the FIFO, reads 10 bytes, closes it while the writer still writes.
    const reader = spawn(process.execPath, ['-e', `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(fifo)},'r');const b=Buffer.alloc(10);fs.readSync(fd,b);fs.closeSync(fd);`]);
    const r = spawnSync(process.execPath, [CLI, 'check', 'examples/kubeadm-cluster', '-o', `sarif=${fifo}`, '-o', 'text'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stderr, '');
    assert.match(r.stdout, /PASSED/);
    reader.kill();
  }
});

test('stdout that cannot be written (a full disk): one line, exit 2', () => {
  let fd: number;
  try {
    fd = openSync('/dev/full', 'w');
  } catch {
    return; // no /dev/full here
  }
  const r = spawnSync(process.execPath, [CLI, 'rules'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
  closeSync(fd);
  assert.is(r.status, 2);
  assert.is(r.stderr, 'kube-netcheck: cannot write to stdout: no space left on the device\n');
});

test.run();
