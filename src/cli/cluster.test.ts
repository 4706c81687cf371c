import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../errors.js';
import { parseTimeout } from './cluster.js';

const durations: [string, number][] = [
  ['30s', 30_000],
  ['2m', 120_000],
  ['90', 90_000],
  ['1.5s', 1500],
  ['250ms', 250],
  [' 1h ', 3_600_000],
];
for (const [text, ms] of durations) test(`--timeout ${text.trim()} is ${ms} ms`, () => assert.is(parseTimeout(text), ms));

for (const bad of ['', '0', '-5s', '5 minutes', '1d', 's']) {
  test(`--timeout ${JSON.stringify(bad)} is a usage error`, () => {
    assert.throws(() => parseTimeout(bad), (e: unknown) => e instanceof UsageError && /expected a duration such as 30s, 2m or 90/.test(e.message));
  });
}

test('checks of files never load the Kubernetes client: the CLI imports src/collect only on demand', () => {
  for (const mod of ['check.js', 'facts.js', 'cluster.js', 'collect.js', 'main.js']) {
    const js = readFileSync(fileURLToPath(new URL(`./${mod}`, import.meta.url)), 'utf8');
    assert.not.match(js, /^import [^(]*from ['"](\.\.\/collect\/|@kubernetes\/client-node)/m, mod);
  }
});

test.run();
