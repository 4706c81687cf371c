/**
 * `kube-netcheck version [-o json]`: what is running, so a report can be traced to the
 * code and the policy that made it: kube-netcheck's version, the OPA that compiled the
 * built-in policy (recorded in the catalogue by scripts/build-policy.mjs), the SHA-256 of
 * that policy, the OPA WebAssembly SDK that evaluates it and Node.js.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { CATALOGUE, POLICY_WASM } from '../paths.js';
import { atMost, parse } from './args.js';
import { VERSION_CMD, VERSION_FORMATS } from './commands.js';
import { VERSION } from './help.js';
import type { IO } from './io.js';

export interface VersionInfo {
  kubeNetcheck: string;
  /** The OPA version that compiled policies/compiled/policy.wasm. */
  opa: string;
  /** @open-policy-agent/opa-wasm, the SDK that evaluates the policy. */
  opaWasm: string;
  policy: { sha256: string; rules: number };
  node: string;
}

export function versionInfo(): VersionInfo {
  const catalogue = JSON.parse(readFileSync(CATALOGUE, 'utf8')) as { opaVersion?: string; rules: unknown[] };
  // The SDK's main entry is src/index.cjs; its package.json is one folder up (its exports map hides the file).
  const sdkMain = createRequire(import.meta.url).resolve('@open-policy-agent/opa-wasm');
  const sdk = JSON.parse(readFileSync(join(dirname(sdkMain), '..', 'package.json'), 'utf8')) as { version: string };
  return {
    kubeNetcheck: VERSION,
    opa: catalogue.opaVersion ?? 'unknown',
    opaWasm: sdk.version,
    policy: { sha256: createHash('sha256').update(readFileSync(POLICY_WASM)).digest('hex'), rules: catalogue.rules.length },
    node: process.version,
  };
}

export function run(argv: string[], io: IO): number {
  const { values, positionals } = parse(argv, VERSION_CMD);
  atMost(positionals, 0, 'version', 'version takes no argument');
  const format = values.output ?? 'text';
  if (!(VERSION_FORMATS as readonly string[]).includes(format)) throw new UsageError(`version: --output ${format}: expected ${VERSION_FORMATS.join(' or ')}`);
  const v = versionInfo();
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(
    `kube-netcheck ${v.kubeNetcheck}\npolicy: sha256:${v.policy.sha256} (${v.policy.rules} rules), compiled by OPA ${v.opa}\nevaluated by @open-policy-agent/opa-wasm ${v.opaWasm} on Node.js ${v.node}\n`,
  );
  return 0;
}
