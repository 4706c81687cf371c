/**
 * The fleet's HTML report of examples/fleet (three clusters, one pod-range
 * collision): self-contained, one address map of the whole fleet with a lane per
 * cluster and the collision drawn as an overlap band, the cluster-by-rule grid;
 * opened in headless Chromium (skipped without it, except under CI=true), and a
 * screenshot (UPDATE_SCREENSHOT=1 copies it to docs/report-fleet.png for the README).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../../test/helpers.js';
import { checkFleet, type FleetReport } from '../../fleet/fleet.js';
import { listClusters } from '../../fleet/sources.js';
import { renderFleetHTML } from './html.js';
import { renderFleetMaps } from './map.js';

function findChromium(): string | null {
  for (const bin of [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter((b): b is string => Boolean(b))) {
    if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0) return bin;
  }
  return null;
}

const chromium = findChromium();
if (!chromium && process.env.CI !== 'true') console.log('skipped: the fleet HTML browser tests need Chromium (apt-get install chromium); CI installs it and never skips');
const browserTest = chromium || process.env.CI === 'true' ? test : test.skip;

function browse(html: string, mode: 'dump-dom' | 'screenshot'): { dom: string; png: string } {
  if (!chromium) throw new Error('Chromium not found on PATH (set CHROMIUM=/path/to/chromium): CI=true requires it');
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-html-'));
  const page = join(dir, 'fleet.html');
  const png = join(dir, 'fleet.png');
  writeFileSync(page, html);
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${join(dir, 'profile')}`];
  args.push(...(mode === 'dump-dom' ? ['--dump-dom'] : [`--screenshot=${png}`, '--window-size=1100,1400']), `file://${page}`);
  const r = spawnSync(chromium, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  assert.is(r.status, 0, r.stderr);
  return { dom: r.stdout, png };
}

let cached: FleetReport | undefined;
async function report(): Promise<FleetReport> {
  // Relative to the repository (the test runner's working directory), as a user names it.
  cached ??= await checkFleet(listClusters(['examples/fleet/clusters']).clusters, { today: '2026-12-04' });
  return cached;
}

test('the fleet map: a lane per cluster, every range with its pointer, one overlap band naming both clusters', async () => {
  const r = await report();
  const [v4, ...rest] = renderFleetMaps(r);
  assert.equal(rest, []);
  assert.is(v4!.family, 'IPv4');
  const ranges = [...v4!.svg.matchAll(/data-cluster="([^"]+)" data-role="([a-z]+)" data-cidr="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  assert.equal(ranges.sort(), [
    'eu-central node 192.168.58.0/24',
    'eu-central pod 10.1.0.0/16',
    'eu-central service 10.97.0.0/16',
    'eu-west node 192.168.57.0/24',
    'eu-west pod 10.0.0.0/16',
    'eu-west service 10.96.0.0/16',
    'us-east node 192.168.59.0/24',
    'us-east pod 10.0.128.0/17',
    'us-east service 10.98.0.0/16',
  ]);
  assert.equal(v4!.caption, ["Overlap: 10.0.128.0/17 is in eu-west's pod range 10.0.0.0/16 and us-east's pod range 10.0.128.0/17."]);
  assert.equal([...v4!.svg.matchAll(/class="range role-pod flagged" data-cluster="([^"]+)"/g)].map((m) => m[1]), ['eu-west', 'us-east']);
});

test('self-contained, and everything from evidence escaped', async () => {
  const r = await report();
  const html = renderFleetHTML({ ...r, clusters: [...r.clusters, { ...r.clusters[0]!, name: '<img src=x>', readable: false, error: 'a <script>', findings: [] }] });
  assert.not.match(html, /<script|<img src=x>|<link|@import|url\(http/);
  assert.match(html, /&lt;img src=x&gt;/);
});

browserTest('rendered in Chromium: the fleet map, the grid with KN801 on eu-west and us-east, every finding', async () => {
  const r = await report();
  const { dom } = browse(renderFleetHTML(r, { version: '0.0.0' }), 'dump-dom');
  assert.match(dom, /<svg [^>]*class="address-map fleet-map"/);
  assert.match(dom, /<g class="overlap" data-overlap="10\.0\.128\.0\/17">/);
  for (const [cluster, cell] of [['eu-west', 'error'], ['us-east', 'error'], ['eu-central', 'ok']]) {
    assert.match(dom, new RegExp(`<tr data-cluster="${cluster}">.*?<td class="cell ${cell}" data-rule="KN801"`, 's'), cluster);
  }
  assert.match(dom, /<article class="finding sev-error" id="finding-fleet-1" data-rule="KN801"/);
  assert.match(dom, /3 clusters: 1 passed, 2 failed, 0 could not be read; across clusters 1 error, 0 warnings, 0 info, 0 unknown, 0 waived: FAILED/);
});

browserTest('rendered in Chromium: a screenshot of the fleet report', async () => {
  const { png } = browse(renderFleetHTML(await report(), { version: '0.0.0' }), 'screenshot');
  const bytes = readFileSync(png);
  assert.equal([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.ok(bytes.length > 20_000, `a page with content (${bytes.length} bytes)`);
  if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(png, repo('docs', 'report-fleet.png'));
});

test.run();
