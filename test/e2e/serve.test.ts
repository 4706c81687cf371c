/** End to end: the real `kube-netcheck serve` process, signals included. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, repo, ROOT, runCli } from '../helpers.js';

const TD = repo('src', 'webhook', 'testdata');

test('serve: listens, gets ready, answers, and exits 0 on SIGTERM with a JSON log', async () => {
  const child = spawn(process.execPath, [CLI, 'serve', '--address', '127.0.0.1', '--port', '0', '--tls-cert-file', `${TD}/tls-a.crt`, '--tls-private-key-file', `${TD}/tls-a.key`, '--facts-from', repo('examples', 'lab-complete')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  const seen = (msg: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = lines.find((l) => l.msg === msg);
        if (hit) resolve(hit);
        return hit !== undefined;
      };
      if (check()) return;
      const onData = (): void => {
        if (check()) child.stderr.off('data', onData);
      };
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`serve exited ${code} before "${msg}": ${JSON.stringify(lines)}`)));
    });
  child.stderr.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
      buf = buf.slice(nl + 1);
    }
  });
  const listening = await seen('listening');
  await seen('ready');
  const port = listening.port as number;
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', ca: readFileSync(`${TD}/tls-a.crt`), agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.is(status, 200);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  assert.is(await exited, 0);
  assert.ok(lines.some((l) => l.msg === 'stopped' && l.level === 'info' && typeof l.time === 'string'), JSON.stringify(lines));
  assert.ok(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string'));
});

test('serve: usage errors exit 2 with the fix', () => {
  const r = runCli(['serve', '--facts-from', 'examples/lab-complete']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--tls-cert-file and --tls-private-key-file are required/);
  const bad = runCli(['serve', '--tls-cert-file', 'x', '--tls-private-key-file', 'y', '--request-timeout', 'soon']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--request-timeout soon: expected a duration such as 30s, 2m or 90 \(seconds\)/);
});

test('serve: facts that cannot be read stop it with exit 2', async () => {
  const child = spawn(process.execPath, [CLI, 'serve', '--address', '127.0.0.1', '--port', '0', '--tls-cert-file', `${TD}/tls-a.crt`, '--tls-private-key-file', `${TD}/tls-a.key`, '--facts-from', 'no-such-folder'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.is(code, 2);
  assert.match(err, /"msg":"cannot load the policy or the facts","error":"no-such-folder: cannot read: no such file or folder"/);
});

test.run();
