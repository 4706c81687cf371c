/**
 * The HTML report of the broken example opened in headless Chromium (Debian's
 * `chromium`): the rendered DOM has one SVG element per range with its CIDR,
 * the overlapping CIDRs as text, and every finding; and a screenshot is taken
 * (UPDATE_SCREENSHOT=1 copies it to docs/report-lab-broken.png for the README).
 * Without Chromium the browser tests are skipped with the reason, except under
 * CI=true, where they must run.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { brokenReport, GOLDEN_OPTIONS } from '../../test/golden.js';
import { repo } from '../../test/helpers.js';
import { renderHTML } from './html.js';
import { rangesOf, spanText } from './map.js';
import type { Report } from './model.js';

function findChromium(): string | null {
  for (const bin of [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter((b): b is string => Boolean(b))) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return bin;
  }
  return null;
}

const chromium = findChromium();
if (!chromium && process.env.CI !== 'true') console.log('skipped: the HTML browser tests need Chromium (apt-get install chromium); CI installs it and never skips');
const browserTest = chromium || process.env.CI === 'true' ? test : test.skip;

function browse(html: string, mode: 'dump-dom' | 'screenshot'): { dom: string; png: string } {
  if (!chromium) throw new Error('Chromium not found on PATH (set CHROMIUM=/path/to/chromium): CI=true requires it');
  const dir = mkdtempSync(join(tmpdir(), 'knc-html-'));
  const page = join(dir, 'report.html');
  const png = join(dir, 'report.png');
  writeFileSync(page, html);
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${join(dir, 'profile')}`,
    ...(mode === 'dump-dom' ? ['--dump-dom'] : [`--screenshot=${png}`, '--window-size=1100,1500']),
    `file://${page}`,
  ];
  const r = spawnSync(chromium, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  assert.is(r.status, 0, r.stderr);
  return { dom: r.stdout, png };
}

const report = (): Report => brokenReport();

test('self-contained: no script, no external stylesheet, font or image, and a CSP that forbids the network', () => {
  const html = renderHTML(report(), GOLDEN_OPTIONS);
  assert.not.match(html, /<script|<link|<img|<iframe|@import|url\(\s*['"]?https?:/i);
  assert.not.match(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, ''), /https?:\/\//);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
});

test('everything from evidence is escaped', () => {
  const base = report();
  const evil = { ...base, findings: base.findings.map((f, i) => (i === 0 ? { ...f, message: '<img src=x onerror=alert(1)> & "quoted"' } : f)) };
  const html = renderHTML(evil, GOLDEN_OPTIONS);
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;'));
  assert.not.ok(html.includes('<img src=x'));
});

browserTest('rendered in Chromium: one SVG element per range with its CIDR, the overlap as text, every finding', () => {
  const r = report();
  const { dom } = browse(renderHTML(r, GOLDEN_OPTIONS), 'dump-dom');
  const ranges = rangesOf(r.facts);
  assert.equal(ranges.map((x) => `${x.role} ${x.cidr}`), ['node 192.8.33.0/24', 'pod 10.100.0.0/16', 'service 10.96.0.0/12']);
  const groups = [...dom.matchAll(/<g class="range [^"]*" data-role="([a-z]+)" data-cidr="([^"]+)"[^>]*>([\s\S]*?)<\/g>/g)];
  assert.equal(groups.map((g) => `${g[1]} ${g[2]}`).sort(), ranges.map((x) => `${x.role} ${x.cidr}`).sort());
  for (const g of groups) assert.match(g[3] ?? '', new RegExp(`<text[^>]*>${(g[2] ?? '').replace(/\./g, '\\.')}</text>`), `range ${g[2]} has its CIDR as text`);
  // The pod range inside the service range: both flagged, the overlap drawn and labelled.
  assert.match(dom, /<g class="range role-pod flagged"/);
  assert.match(dom, /<g class="range role-service flagged"/);
  assert.match(dom, /<g class="overlap" data-overlap="10\.100\.0\.0\/16">/);
  assert.match(dom, /<text[^>]*>overlap 10\.100\.0\.0\/16<\/text>/);
  assert.is(spanText(0x0a640000n, 0x0a64ffffn, 'IPv4'), '10.100.0.0/16');
  for (const f of r.findings) {
    assert.match(dom, new RegExp(`<article class="finding sev-error" id="finding-\\d+" data-rule="${f.id}"`), f.id);
    assert.ok(dom.includes(f.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')), f.message);
  }
  assert.match(dom, /3 errors, 0 warnings, 0 info, 0 unknown, 0 waived: FAILED/);
});

browserTest('rendered in Chromium: a screenshot of the report', () => {
  const { png } = browse(renderHTML(report(), GOLDEN_OPTIONS), 'screenshot');
  const bytes = readFileSync(png);
  assert.equal([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.is(bytes.readUInt32BE(16), 1100, 'width');
  assert.ok(bytes.length > 20_000, `a page with content, not a blank one (${bytes.length} bytes)`);
  if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(png, repo('docs', 'report-lab-broken.png'));
});

test.run();
