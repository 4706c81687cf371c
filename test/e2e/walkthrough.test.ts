/**
 * docs/custom-policies.md's walk-through ("From an empty folder to a gate in
 * CI"), run as written: every ```sh block between its walkthrough markers in
 * one empty folder, in order, with `kube-netcheck` on PATH as `npm i -g` puts
 * it there and neither opa nor Go anywhere on PATH; each ```text block after a
 * command is what it must print (durations aside). Then the CI job's `run:`
 * lines, as a CI runner would run them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REGOC_WASM } from '../../src/policy/backend.js';
import { CLI, repo } from '../helpers.js';

const ready = existsSync(REGOC_WASM);
if (!ready && process.env.CI !== 'true') process.stderr.write(`walk-through test skipped: no embedded compiler at ${REGOC_WASM} (npm run build:regoc)\n`);
const wtest = ready || process.env.CI === 'true' ? test : test.skip;

interface Block {
  lang: string;
  text: string;
}

/** The fenced blocks between <!-- walkthrough:start --> and <!-- walkthrough:end -->. */
function walkthrough(): Block[] {
  const doc = readFileSync(repo('docs', 'custom-policies.md'), 'utf8');
  const start = doc.indexOf('<!-- walkthrough:start -->');
  const end = doc.indexOf('<!-- walkthrough:end -->');
  assert.ok(start > 0 && end > start, 'the walk-through markers are missing');
  const blocks: Block[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of doc.slice(start, end).matchAll(fence)) blocks.push({ lang: m[1]!, text: m[2]! });
  return blocks;
}

/** Durations change from run to run; nothing else may. */
function normal(text: string): string {
  return text.replace(/\(\d+(\.\d+)?ms\)/g, '(Nms)');
}

/** A folder holding only `kube-netcheck`, as npm i -g links it. */
function installed(): string {
  const bin = mkdtempSync(join(tmpdir(), 'knc-bin-'));
  const shim = join(bin, 'kube-netcheck');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(shim, 0o755);
  return bin;
}

wtest('docs/custom-policies.md: the walk-through runs as written, with nothing but kube-netcheck installed', () => {
  const blocks = walkthrough();
  const home = mkdtempSync(join(tmpdir(), 'knc-home-'));
  const work = join(home, 'work');
  mkdirSync(work);
  const env = { PATH: `${installed()}:/usr/bin:/bin`, HOME: home, NO_COLOR: '1', LANG: 'C.UTF-8' };
  const bash = (script: string, cwd: string): { code: number | null; out: string; cwd: string } => {
    const pwdFile = join(home, '.pwd');
    const r = spawnSync('bash', ['-c', `trap 'pwd > "${pwdFile}"' EXIT\n${script}`], { cwd, env, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}`, cwd: readFileSync(pwdFile, 'utf8').trim() };
  };
  // Nothing to compile Rego with but kube-netcheck itself.
  assert.is(bash('command -v opa || command -v go || echo none', work).out, 'none\n');

  let cwd = work;
  let ran = 0;
  blocks.forEach((b, i) => {
    if (b.lang !== 'sh') return;
    // npm i -g is what the shim on PATH stands for.
    const script = b.text.split('\n').filter((l) => !l.startsWith('npm i -g ')).join('\n');
    const r = bash(script, cwd);
    const gate = /^kube-netcheck check /m.test(script);
    assert.is(r.code, gate ? 1 : 0, `${script}\n--- printed:\n${r.out}`);
    const next = blocks[i + 1];
    if (next?.lang === 'text') assert.fixture(normal(r.out), normal(next.text));
    cwd = r.cwd;
    ran++;
  });
  assert.ok(ran >= 5, `only ${ran} sh blocks ran`);

  // The CI job: its run: lines, in the same folder.
  const ci = blocks.find((b) => b.lang === 'yaml');
  assert.ok(ci, 'no CI job in the walk-through');
  const runs = [...ci!.text.matchAll(/^\s*- run: (.*)$/gm)].map((m) => m[1]!).filter((l) => !l.startsWith('npm i -g '));
  assert.equal(runs.map((l) => l.split(' ').slice(0, 2).join(' ')), ['kube-netcheck verify', 'kube-netcheck check']);
  const verify = bash(runs[0]!, cwd);
  assert.is(verify.code, 0, verify.out);
  assert.match(readFileSync(join(cwd, 'verify.xml'), 'utf8'), /<testsuites name="kube-netcheck verify" tests="3" failures="0" errors="0"/);
  const gate = bash(runs[1]!, cwd);
  assert.is(gate.code, 1, gate.out);
  assert.match(readFileSync(join(cwd, 'netcheck.xml'), 'utf8'), /<failure type="error" message="kube-proxy runs in ipvs mode; the platform supports iptables and nftables">/);
});

test.run();
