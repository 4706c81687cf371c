/**
 * The command line as a demanding new user tries it (issue #23): help for every
 * command, the same flags wherever they mean the same, and every usage, I/O and
 * value error a one-line message with exit 2, never "internal error" (exit 3).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, repo, ROOT, runCli, type Run } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kn-usage-'));
const TD = repo('src', 'webhook', 'testdata');
const COMMANDS = ['check', 'facts', 'rules', 'explain', 'schema', 'collect', 'diff', 'plan', 'review', 'serve', 'verify'];

/** Exit 2, nothing on stdout, exactly this one line on stderr. */
function usage(r: Run, line: string): void {
  assert.is(r.stderr, `kube-netcheck: ${line}\n`);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stdout, '');
}

// --- help (item 11) ---

for (const cmd of COMMANDS) {
  test(`${cmd} --help: the command's own help, exit 0`, () => {
    const long = runCli([cmd, '--help']);
    assert.is(long.code, 0, long.stderr);
    assert.is(long.stderr, '');
    assert.ok(long.stdout.startsWith(`Usage: kube-netcheck ${cmd}`), long.stdout.slice(0, 80));
    assert.match(long.stdout, /^General:\n {2}-h, --help +this command's help\n {6}--no-color/m);
    if (cmd === 'verify') assert.match(long.stdout, /Exit codes:\n  0  every test passed\n  1  a test failed/);
    else assert.match(long.stdout, /Exit codes:\n  0  passed: nothing at or above --fail-on\n  1  findings at or above --fail-on/);
    if (cmd === 'check' || cmd === 'diff') {
      // -h, help COMMAND, and --help after other flags and arguments: the same text.
      assert.is(runCli([cmd, '-h']).stdout, long.stdout);
      assert.is(runCli(['help', cmd]).stdout, long.stdout);
      assert.is(runCli([cmd, 'x', '--no-color', '--help']).stdout, long.stdout);
    }
  });
}

test('kube-netcheck help: the general help lists every command; help NOSUCH is a usage error', () => {
  const r = runCli(['help']);
  assert.is(r.code, 0);
  for (const cmd of COMMANDS) assert.match(r.stdout, new RegExp(`^ {2}kube-netcheck ${cmd} `, 'm'));
  assert.match(r.stdout, /kube-netcheck help COMMAND, or COMMAND --help/);
  usage(runCli(['help', 'nosuch']), 'help nosuch: expected one command, one of check, facts, rules, explain, schema, diff, plan, review, serve, collect, fleet, verify, version, completion');
});

// --- one flag table (item 12) ---

test('--no-color is accepted by every command', () => {
  for (const [cmd, ...args] of [['rules'], ['explain', 'KN101'], ['schema'], ['facts', 'examples/lab-seed.md'], ['plan', '--nodes', '10'], ['diff', 'examples/lab-broken', 'examples/lab-broken']]) {
    const r = runCli([cmd!, ...args, '--no-color']);
    assert.is(r.code, 0, `${cmd}: ${r.stderr}`);
  }
});

test('facts -v lists what was skipped on stderr; stdout holds the document alone', () => {
  const r = runCli(['facts', '-v', 'examples/lab-complete']);
  assert.is(r.code, 0, r.stderr);
  JSON.parse(r.stdout);
  assert.match(r.stderr, /^skipped: examples\/lab-complete\/lab\.md:\d+: 192\.8\.33\.0\/24 is stated in prose, not shown by a command: not taken as evidence$/m);
});

test('diff takes the judging flags of check: a finding waived or tuned in check is waived or tuned in diff', () => {
  // KN301 (userspace mode) appears from lab-complete to lab-broken; its waiver holds in diff as in check.
  const waivers = join(dir, 'kn301.yaml');
  writeFileSync(waivers, 'waivers:\n  - rule: KN301\n    reason: lab\n    owner: me\n    expires: 2999-01-01\n  - rule: KN101\n    reason: lab\n    owner: me\n    expires: 2999-01-01\n  - rule: KN201\n    reason: lab\n    owner: me\n    expires: 2999-01-01\n');
  const plain = runCli(['diff', 'examples/lab-complete', 'examples/lab-broken', '-o', 'json']);
  assert.is(plain.code, 1);
  const waived = runCli(['diff', 'examples/lab-complete', 'examples/lab-broken', '-o', 'json', '--waivers', waivers, '--today', '2026-01-15']);
  assert.is(waived.code, 0, waived.stdout + waived.stderr);
  // --allow-proxy-mode userspace (a parameter) clears KN301 there as in check.
  const tuned = JSON.parse(runCli(['diff', 'examples/lab-complete', 'examples/lab-broken', '-o', 'json', '--allow-proxy-mode', 'iptables,userspace']).stdout) as { findings: { appeared: { id: string }[] } };
  assert.not.ok(tuned.findings.appeared.some((f) => f.id === 'KN301' && /not allowed|allowed/.test(JSON.stringify(f))), JSON.stringify(tuned.findings.appeared));
  for (const flags of [['--param', 'allowPublicRanges=true'], ['--target-version', 'v1.33'], ['--target-proxy-mode', 'nftables'], ['--avoid', '172.16.0.0/12'], ['-d', 'examples/data/params.yaml']]) {
    if (flags[0] === '-d' && !existsSync(repo('examples', 'data', 'params.yaml'))) continue;
    const r = runCli(['diff', 'examples/lab-complete', 'examples/lab-broken', ...flags]);
    assert.not.match(r.stderr, /Unknown option/, flags.join(' '));
    assert.is(r.code, 1, `${flags.join(' ')}: ${r.stderr}`);
  }
});

// --- usage and I/O errors exit 2 (item 3), before the evaluation ---

test('-o FORMAT=FOLDER: exit 2, one line', () => {
  usage(runCli(['check', 'examples/lab-broken', '-o', `sarif=${dir}`]), `check: --output sarif=${dir}: is a folder: name a file`);
});

test('-o FORMAT=missing/dir/file: exit 2 saying the folder is missing', () => {
  usage(runCli(['check', 'examples/lab-broken', '-o', 'sarif=missing/dir/x.sarif']), 'check: --output sarif=missing/dir/x.sarif: the folder missing/dir does not exist: create it first');
  assert.not.ok(existsSync(repo('missing')));
});

test('-o FORMAT=FILE under a file: exit 2', () => {
  usage(runCli(['check', 'examples/lab-broken', '-o', 'json=/dev/null/x.json']), 'check: --output json=/dev/null/x.json: cannot write it: a part of the path is not a folder');
});

test('a read-only report file or folder: exit 2, checked before the evaluation', () => {
  const ro = join(dir, 'ro');
  mkdirSync(ro);
  chmodSync(dir, 0o755);
  writeFileSync(join(ro, 'report.sarif'), 'old');
  chmodSync(join(ro, 'report.sarif'), 0o444);
  chmodSync(ro, 0o555);
  // root writes anyway: run as nobody when root, where setpriv exists.
  const asUser = process.getuid?.() === 0 ? (spawnSync('setpriv', ['--version']).status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : null) : [];
  if (asUser === null) return;
  const run = (out: string): Run => {
    const [cmd, ...pre] = [...asUser, process.execPath];
    const r = spawnSync(cmd!, [...pre, CLI, 'check', 'examples/lab-broken', '-o', out], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  usage(run(`sarif=${join(ro, 'report.sarif')}`), `check: --output sarif=${join(ro, 'report.sarif')}: cannot write it: permission denied`);
  usage(run(`sarif=${join(ro, 'new.sarif')}`), `check: --output sarif=${join(ro, 'new.sarif')}: cannot create a file in ${ro}: permission denied`);
});

test('two reports to one file (item 5): a usage error, nothing written', () => {
  const same = join(dir, 'same');
  usage(runCli(['check', 'examples/lab-broken', '-o', `sarif=${same}`, '-o', `json=${same}`]), `check: --output json=${same}: the same file as --output sarif=${same}: give each report its own file`);
  assert.not.ok(existsSync(same));
  const viaDot = runCli(['diff', 'examples/lab-broken', 'examples/lab-broken', '-o', `json=${same}`, '-o', `markdown=${dir}/./same`]);
  assert.is(viaDot.code, 2);
});

test('collect FILE, collect /dev/null/x, collect /proc/nope/x: exit 2 at once, before any cluster is asked', () => {
  const env = { KUBECONFIG: join(dir, 'no-kubeconfig') };
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  usage(runCli(['collect', file], { env }), `collect: ${file}: exists and is not a folder: collect writes a fresh evidence folder; name a new or empty one`);
  usage(runCli(['collect', '/dev/null/x'], { env }), 'collect: /dev/null/x: a part of the path is not a folder');
  if (existsSync('/proc/self')) usage(runCli(['collect', '/proc/nope/x'], { env }), 'collect: /proc/nope/x: cannot make the folder /proc/nope: the file system there makes no folders');
});

test('serve on a port in use, or on an address that is none: exit 2, one line after the log', async () => {
  const busy = createServer();
  const port = await new Promise<number>((resolve) => busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)));
  const run = (args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'serve', '--tls-cert-file', `${TD}/tls-a.crt`, '--tls-private-key-file', `${TD}/tls-a.key`, ...args], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const inUse = await run(['--address', '127.0.0.1', '--port', String(port)]);
  busy.close();
  assert.is(inUse.code, 2);
  assert.ok(inUse.stderr.endsWith(`kube-netcheck: serve: cannot listen on 127.0.0.1:${port}: the port is in use by another process: choose another with --port\n`), inUse.stderr);
  assert.not.match(inUse.stderr, /internal error/);
  const bad = await run(['--address', '999.1.1.1', '--port', '0']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /kube-netcheck: serve: cannot listen on 999\.1\.1\.1:0: --address 999\.1\.1\.1 is not an address or a name that resolves: expected e\.g\. 0\.0\.0\.0, :: or 127\.0\.0\.1\n$/);
});

// --- durations (item 4) ---

test('--timeout beyond Node timer limit: refused, not an instant timeout', () => {
  usage(runCli(['check', '--cluster', '--timeout', '600h']), '--timeout 600h: at most 596h (2147483647 ms, the longest timer Node.js keeps)');
  usage(runCli(['collect', join(dir, 'c'), '--timeout', '600h']), '--timeout 600h: at most 596h (2147483647 ms, the longest timer Node.js keeps)');
  usage(
    runCli(['serve', '--tls-cert-file', 'x', '--tls-private-key-file', 'y', '--request-timeout', '9999999s']),
    '--request-timeout 9999999s: at most 596h (2147483647 ms, the longest timer Node.js keeps)',
  );
});

// --- values (item 13) ---

test('--avoid: a CIDR, @FILE as in plan, and nothing else; an empty value is refused', () => {
  usage(runCli(['check', 'examples/lab-broken', '--avoid', '10.0.0.0']), '--avoid 10.0.0.0: "10.0.0.0" is not a CIDR: expected ADDRESS/PREFIX');
  usage(runCli(['check', 'examples/lab-broken', '--avoid', '']), "--avoid '': expected a CIDR such as 10.0.0.0/8, or @FILE");
  usage(runCli(['check', 'examples/lab-broken', '--avoid', `@${join(dir, 'nofile')}`]), `--avoid @${join(dir, 'nofile')}: cannot read ${join(dir, 'nofile')}: no such file or folder`);
  const file = join(dir, 'avoid.txt');
  writeFileSync(file, '# the VPN\n10.100.0.0/24\r\n\n');
  const r = runCli(['check', 'examples/lab-broken', '--avoid', `@${file}`, '-o', 'json']);
  assert.is(r.code, 1, r.stderr);
  assert.ok((JSON.parse(r.stdout) as { findings: { id: string }[] }).findings.some((f) => f.id === 'KN102'));
  const plan = runCli(['plan', '--nodes', '10', '--avoid', `@${file}`]);
  assert.is(plan.code, 0, plan.stderr);
});

test('--allow-proxy-mode and --target-proxy-mode with nothing in them are refused', () => {
  usage(runCli(['check', 'examples/lab-broken', '--allow-proxy-mode', '']), "--allow-proxy-mode '': expected a kube-proxy mode such as iptables, ipvs or nftables");
  usage(runCli(['check', 'examples/lab-broken', '--target-proxy-mode', ' ']), "--target-proxy-mode '': expected a kube-proxy mode such as nftables");
});

test('--today names the option as every date does', () => {
  usage(runCli(['check', 'examples/lab-broken', '--today', '2025-02-30']), '--today 2025-02-30: expected a calendar date YYYY-MM-DD');
  usage(runCli(['diff', 'examples/lab-broken', 'examples/lab-broken', '--today', 'soon']), '--today soon: expected a calendar date YYYY-MM-DD');
});

test('plan --nodes 1000000000: the plan says what cannot fit (not "expected a whole number")', () => {
  const r = runCli(['plan', '--nodes', '1000000000']);
  assert.is(r.code, 1);
  assert.is(
    r.stderr,
    'kube-netcheck plan: cannot fit the request: 1000000000 nodes with 2x headroom need 2000000000 node blocks, more than the 2^16 = 65536 kubeadm allows between the pod subnet and the node mask\n',
  );
  usage(runCli(['plan', '--nodes', '99999999999999999999']), '--nodes 99999999999999999999: expected a whole number of at most 9007199254740991');
});

test('serve --max-body-size 0 is refused (it answered 413 to everything)', () => {
  usage(runCli(['serve', '--tls-cert-file', 'x', '--tls-private-key-file', 'y', '--max-body-size', '0']), '--max-body-size 0: expected at least 1 byte');
});

test('rules, schema, explain and serve refuse arguments they do not take', () => {
  usage(runCli(['rules', 'extra']), 'rules: unexpected argument "extra": rules takes no argument; kube-netcheck explain ID describes one rule (see kube-netcheck rules --help)');
  usage(runCli(['schema', 'facts', 'params']), 'schema: unexpected argument "params": expected one schema: facts, params, waivers or fleet (see kube-netcheck schema --help)');
  usage(runCli(['explain', 'KN101', 'KN102']), 'explain: expected one rule id, e.g. kube-netcheck explain KN101 (kube-netcheck rules lists them)');
});

test('rules: the table is aligned, every row', () => {
  const r = runCli(['rules']);
  assert.is(r.code, 0);
  const rows = r.stdout.trimEnd().split('\n');
  const titleAt = (row: string): number => /^\S+ +\S+ +\S+ +/.exec(row)![0].length;
  const at = titleAt(rows[0]!);
  for (const row of rows) assert.is(titleAt(row), at, row);
  assert.ok(rows.some((row) => row.startsWith('KN901')));
});

test('the closing line names --allow-unknown only when undecided rules fail the gate', () => {
  const warn = runCli(['check', 'examples/lab-complete', '--fail-on', 'warning']);
  assert.is(warn.code, 1);
  assert.match(warn.stdout, /\n0 errors, 1 warning, 0 info, 0 unknown, 0 waived: FAILED \(fail-on warning\)\n$/);
  const seed = runCli(['check', 'examples/lab-seed.md']);
  assert.match(seed.stdout, /: FAILED \(fail-on error; undecided rules count, --allow-unknown lets them pass\)\n$/);
  const broken = runCli(['check', 'examples/lab-broken']);
  assert.match(broken.stdout, /\n3 errors, 1 warning, 0 info, 0 unknown, 0 waived: FAILED \(fail-on error\)\n$/);
});

test.run();
