// Runs every compiled test (dist/**/*.test.js) with uvu and ends with the
// line CI reads: `N passed, N failed` (and `, N skipped` when some were).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './opa.mjs';

const uvu = join(ROOT, 'node_modules', 'uvu', 'bin.js');
const pattern = process.argv[2] ?? '\\.test\\.js$';
const r = spawnSync(process.execPath, [uvu, 'dist', pattern, '-i', 'node_modules', '--no-color'], {
  cwd: ROOT,
  encoding: 'utf8',
  env: { ...process.env },
  maxBuffer: 256 << 20,
});
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
// eslint-disable-next-line no-control-regex
const plain = (r.stdout ?? '').replace(/\x1b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
if (Number.isNaN(total) || Number.isNaN(passed)) {
  process.stdout.write('0 passed, 1 failed\n');
  process.stderr.write(`test runner did not report totals (uvu exit ${r.status})\n`);
  process.exit(1);
}
// uvu's Total counts the tests that ran; Skipped is counted apart.
const failed = total - passed;
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || r.status !== 0 ? 1 : 0);
