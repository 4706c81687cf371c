/**
 * The installed package works as a user meets it: packed, installed globally into an
 * empty prefix (./installed.ts), every command run by name from that prefix on the
 * examples the package ships, the man page found by man, and the library API compiled
 * with `tsc --strict` in a scratch TypeScript project against the published types.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, ROOT, runCli } from '../helpers.js';
import { installed, packageVersion, runInstalled } from './installed.js';

/** What a user needs, and nothing else: the CLI, the library and its types, the policy, schemas, examples, the man page. */
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/bundle\/[^/]+\.js$/, /^dist\/src\/.+\.(js|cjs|d\.ts)$/, /^policies\/compiled\/(policy\.wasm|catalogue\.json)$/, /^schemas\/[a-z]+\.schema\.json$/, /^examples\//, /^docs\/man\/kube-netcheck\.1$/, /^dist\/regoc\/regoc\.(wasm|json)$/, /^policies\/kubenetcheck\/.+\.(rego|json)$/];

test('the tarball holds only what a user needs: no sources, tests, tools, source maps or test builds', () => {
  const { pack } = installed();
  const stray = pack.files.map((f) => f.path).filter((p) => !SHIPPED.some((re) => re.test(p)) || /\.test\.|\.map$/.test(p));
  assert.equal(stray, []);
  for (const need of ['dist/bundle/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'policies/compiled/policy.wasm', 'docs/man/kube-netcheck.1', 'LICENSE', 'examples/lab-broken/lab.md']) {
    assert.ok(pack.files.some((f) => f.path === need), need);
  }
});

/** The embedded Rego compiler (npm run build:regoc, which needs Go; .ci/run builds it): the package ships it, so its size counts. */
const haveRegoc = existsSync(repo('dist/regoc/regoc.wasm'));
if (!haveRegoc && process.env.CI !== 'true') process.stderr.write('the tarball size test skipped: dist/regoc/regoc.wasm not built (npm run build:regoc)\n');
const withRegoc = haveRegoc || process.env.CI === 'true' ? test : test.skip;

withRegoc("the README states the tarball's size (within 10%), the embedded Rego compiler in it", () => {
  const { pack } = installed();
  assert.ok(pack.files.some((f) => f.path === 'dist/regoc/regoc.wasm'), 'dist/regoc/regoc.wasm is not in the tarball');
  const m = /about (\d+(?:\.\d+)?) MB packed \((\d+(?:\.\d+)?) MB unpacked/.exec(readFileSync(repo('README.md'), 'utf8'));
  assert.ok(m, 'README.md: no "about N MB packed (N.N MB unpacked" in the Install section');
  const [packedMB, unpackedMB] = [Number(m![1]), Number(m![2])];
  const near = (stated: number, actual: number): boolean => Math.abs(stated - actual) / actual <= 0.1;
  assert.ok(near(packedMB, pack.size / 1e6), `README says ${packedMB} MB packed; npm pack: ${(pack.size / 1e6).toFixed(1)} MB`);
  assert.ok(near(unpackedMB, pack.unpackedSize / 1e6), `README says ${unpackedMB} MB unpacked; npm pack: ${(pack.unpackedSize / 1e6).toFixed(1)} MB`);
});

test('the install puts kube-netcheck, kubectl-netcheck and the man page on the prefix', () => {
  const { prefix } = installed();
  for (const bin of ['kube-netcheck', 'kubectl-netcheck']) assert.ok(existsSync(join(prefix, 'bin', bin)), bin);
  const man = spawnSync('man', ['-w', 'kube-netcheck'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', MANPATH: join(prefix, 'share', 'man') } });
  if (man.error === undefined) assert.is(realpathSync(man.stdout.trim()), realpathSync(join(prefix, 'lib', 'node_modules', 'kube-netcheck', 'docs', 'man', 'kube-netcheck.1')));
  assert.is(runInstalled('kube-netcheck', ['--version']).stdout, `kube-netcheck ${packageVersion()}\n`);
});

/** The installed command and the checkout's, run on the same relative paths, answer alike. */
function same(args: string[], code: number): string {
  const mine = runInstalled('kube-netcheck', args);
  assert.is(mine.code, code, `kube-netcheck ${args.join(' ')}: ${mine.stderr}`);
  const theirs = runCli(args);
  assert.is(mine.stdout, theirs.stdout, `kube-netcheck ${args.join(' ')}: the installed output differs from the checkout's`);
  assert.is(mine.stderr, theirs.stderr);
  return mine.stdout;
}

test('every command runs from the prefix on the bundled examples, as the checkout runs it', () => {
  assert.match(same(['check', 'examples/lab-broken'], 1), /KN101/);
  same(['check', 'examples/lab-complete'], 0);
  assert.match(same(['check', 'examples/lab-broken', '--waivers', 'examples/waivers.yaml', '-o', 'sarif'], 1), /"version": "2\.1\.0"/);
  assert.match(same(['facts', 'examples/lab-complete'], 0), /"schemaVersion": 1/);
  assert.match(same(['review', 'examples/review/kubeadm/pod-overlaps-service.yaml'], 1), /KN101/);
  same(['review', 'examples/review/kubeadm/good-v1beta4.yaml'], 0);
  assert.match(same(['plan', 'examples/lab-complete', '--nodes', '500'], 0), /podSubnet/);
  assert.match(same(['diff', 'examples/lab-complete', 'examples/lab-broken'], 1), /KN101/);
  assert.match(same(['rules'], 0), /^KN101 /m);
  assert.match(same(['explain', 'KN101'], 0), /^KN101: /);
  for (const s of ['facts', 'params', 'waivers']) assert.match(same(['schema', s], 0), /"\$schema"/);
  assert.match(same(['serve', '--help'], 0), /^Usage: kube-netcheck serve/);
  assert.match(same(['fleet', 'check', 'examples/fleet/clusters', '--fleet', 'examples/fleet/fleet.yaml'], 1), /KN801/);
  assert.match(same(['fleet', 'plan', 'examples/fleet/clusters', '--nodes', '100'], 0), /podSubnet|pod/);
  assert.match(same(['completion', 'bash'], 0), /complete -F _kube_netcheck kube-netcheck kubectl-netcheck/);
  same(['help'], 0);
  const v = JSON.parse(runInstalled('kube-netcheck', ['version', '-o', 'json']).stdout) as { kubeNetcheck: string; policy: { sha256: string } };
  assert.is(v.kubeNetcheck, packageVersion());
  assert.is(v.policy.sha256, (JSON.parse(runCli(['version', '-o', 'json']).stdout) as typeof v).policy.sha256);
});

withRegoc('verify and check --policy compile Rego in the installed package with no opa anywhere on PATH (the embedded compiler)', () => {
  const noOpa = { PATH: installed().env.PATH!.split(':').filter((d) => !existsSync(join(d, 'opa'))).join(':') };
  const v = runInstalled('kube-netcheck', ['verify', 'examples/policies/conftest-v1'], { env: noOpa });
  assert.is(v.code, 0, v.stderr);
  assert.match(v.stdout, /^4 passed, 0 failed: PASSED$/m);
  const c = runInstalled('kube-netcheck', ['check', 'examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '--verbose'], { env: noOpa });
  assert.is(c.code, 1, c.stderr);
  assert.match(c.stderr, /compiled with the embedded OPA/);
});

test('from any folder: evidence by absolute path, a report file written, stdin read', () => {
  const inst = installed();
  const out = join(inst.scratch, 'report.junit.xml');
  const r = runInstalled('kube-netcheck', ['check', join(inst.pkg, 'examples', 'lab-broken'), '-o', `junit=${out}`, '-o', 'text'], { cwd: inst.scratch });
  assert.is(r.code, 1, r.stderr);
  assert.match(readFileSync(out, 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  const stdin = runInstalled('kube-netcheck', ['facts', '-'], { cwd: inst.scratch, input: readFileSync(join(inst.pkg, 'examples', 'lab-complete', 'kubectl-get-nodes-wide.txt'), 'utf8') });
  assert.is(stdin.code, 0, stdin.stderr);
  assert.match(stdin.stdout, /"nodes"/);
});

test('the library API: a scratch TypeScript project compiles with tsc --strict against the published types and runs', () => {
  const inst = installed();
  const dir = join(inst.scratch, 'lib-user');
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(inst.pkg, join(dir, 'node_modules', 'kube-netcheck'), 'dir');
  // What a user adds beside the package: @types/node (the API's streams and buffers).
  symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'lib-user', private: true, type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, outDir: 'out', types: ['node'] }, include: ['main.ts'] }),
  );
  writeFileSync(
    join(dir, 'main.ts'),
    `import { check, collectFacts, evaluate, exitCode, InputError, loadCatalogue, renderText, validateFacts, type Finding, type Report, type RuleInfo } from 'kube-netcheck';
const examples = process.argv[2]!;
const report: Report = check([examples + '/lab-broken'], { failOn: 'error' });
const errors: Finding[] = report.findings.filter((f) => f.severity === 'error');
const rules: RuleInfo[] = loadCatalogue();
const { facts, evidence } = collectFacts([examples + '/lab-complete']);
const again: Report = evaluate(facts, evidence, {});
let refused = '';
try {
  check(['/no/such/evidence']);
} catch (e) {
  if (e instanceof InputError) refused = e.message;
}
validateFacts(JSON.parse(JSON.stringify(facts)) as unknown);
console.log(JSON.stringify({ passed: report.passed, exit: exitCode(report), errors: errors.map((f) => f.id).sort(), rules: rules.length, againPassed: again.passed, refused: refused !== '', text: renderText(report).length > 0 }));
`,
  );
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
  assert.is(tsc.status, 0, `tsc --strict:\n${tsc.stdout}${tsc.stderr}`);
  const run = runInstalled('node', [join(dir, 'out', 'main.js'), join(inst.pkg, 'examples')], { cwd: dir });
  assert.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as Record<string, unknown>;
  const cli = JSON.parse(runCli(['check', 'examples/lab-broken', '-o', 'json']).stdout) as { findings: { id: string; severity: string }[] };
  const errors = cli.findings.filter((f) => f.severity === 'error').map((f) => f.id).sort();
  assert.ok(errors.length > 0);
  assert.equal(out, { passed: false, exit: 1, errors, rules: loadRules(), againPassed: true, refused: true, text: true });
});

function loadRules(): number {
  return (JSON.parse(readFileSync(repo('policies', 'compiled', 'catalogue.json'), 'utf8')) as { rules: unknown[] }).rules.length;
}

test.run();
