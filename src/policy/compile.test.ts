import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capabilities, defaultCacheDir, entrypointOf, ruleKind } from './compile.js';

// conftest's names, from its policy/engine.go: ^(deny|violation)(_[a-zA-Z0-9]+)*$ and ^warn(_[a-zA-Z0-9]+)*$
const kinds: [string, string | null][] = [
  ['deny', 'deny'],
  ['violation', 'deny'],
  ['deny_ranges', 'deny'],
  ['violation_pod_cidr_2', 'deny'],
  ['warn', 'warn'],
  ['warn_mtu', 'warn'],
  ['denied', null],
  ['deny_', null],
  ['allow', null],
  ['exception', 'exception'],
  ['exceptions', null],
  ['warning', null],
];

for (const [name, want] of kinds) {
  test(`ruleKind ${name}`, () => {
    assert.is(ruleKind(name), want);
  });
}

test('entrypointOf: the package path with slashes, then the rule', () => {
  assert.is(entrypointOf('main', 'deny'), 'main/deny');
  assert.is(entrypointOf('team.network', 'warn_mtu'), 'team/network/warn_mtu');
});

const caches: [string, NodeJS.ProcessEnv, string][] = [
  ['XDG_CACHE_HOME', { XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' }, '/var/cache/me/kube-netcheck'],
  ['HOME without XDG', { HOME: '/home/me' }, '/home/me/.cache/kube-netcheck'],
  ['a relative XDG_CACHE_HOME is ignored, as the spec says', { XDG_CACHE_HOME: 'rel', HOME: '/home/me' }, '/home/me/.cache/kube-netcheck'],
];

for (const [name, env, want] of caches) {
  test(`defaultCacheDir: ${name}`, () => {
    assert.is(defaultCacheDir(env), want);
  });
}

test('capabilities: the SDK\'s builtins plus the rego_v1 feature', () => {
  const caps = capabilities() as { builtins: { name: string }[]; features: string[] };
  assert.ok(caps.features.includes('rego_v1'));
  assert.ok(caps.builtins.some((b) => b.name === 'net.cidr_contains'));
  assert.not.ok(caps.builtins.some((b) => b.name === 'semver.compare'));
});

test.run();
