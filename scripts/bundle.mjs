// Links the compiled CLI (dist/src, written by tsc) into a few ES modules under
// dist/bundle with esbuild: the command line loads one file and the chunks its
// command needs instead of a hundred modules, which is most of a cold start
// (docs/benchmarks.md). Dependencies stay in node_modules (--packages=external);
// dynamic imports (the other commands, report formats, live collection) stay
// lazy as chunks of their own. dist/bundle sits two levels below the package
// root, as dist/src/*.js does, so src/paths.ts finds the package from either.
//
//   node scripts/bundle.mjs        (run by npm run build, prepare and test)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './opa.mjs';

const out = join(ROOT, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { main: join(ROOT, 'dist', 'src', 'cli', 'main.js'), worker: join(ROOT, 'dist', 'src', 'webhook', 'worker.js') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
