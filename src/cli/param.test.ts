import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../errors.js';
import { parseParam } from './param.js';

const good: [string, [string, unknown]][] = [
  ['allowedProxyModes=iptables,ipvs', ['allowedProxyModes', ['iptables', 'ipvs']]],
  ['allowedProxyModes= nftables ', ['allowedProxyModes', ['nftables']]],
  ['allowedWindowsProxyModes=kernelspace', ['allowedWindowsProxyModes', ['kernelspace']]],
  ['allowedProxyModes=', ['allowedProxyModes', []]],
];

for (const [spec, want] of good) {
  test(`parseParam ${spec}`, () => {
    assert.equal(parseParam(spec), want);
  });
}

const bad: [string, RegExp][] = [
  ['allowedProxyModes', /expected NAME=VALUE/],
  ['=iptables', /expected NAME=VALUE/],
  ['proxyMode=iptables', /unknown parameter "proxyMode": expected one of allowedProxyModes, allowedWindowsProxyModes/],
];

for (const [spec, want] of bad) {
  test(`parseParam refuses ${spec}`, () => {
    assert.throws(() => parseParam(spec), (e: unknown) => e instanceof UsageError && want.test(e.message));
  });
}

test.run();
