// Build step: bundles the command line into one CommonJS file, dist/bundle/cli.cjs, then runs it
// once on a warm-up program so that V8's code cache for it is recorded (src/cli/load.cts says why).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const at = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

await build({
  entryPoints: [at('../cli/main.js')],
  outfile: at('../bundle/cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // moo and nearley go into the bundle, to be covered by the code cache; the packages needed only
  // by --check (ml-matrix) and SVG graphs (@viz-js/viz) stay in node_modules, loaded when used
  external: ['ml-matrix', '@viz-js/viz'],
  // Modules find their files (dist/web/ for serve) relative to import.meta.url. The bundle
  // sits in dist/bundle/, as deep as every dist/<stage>/ module, so its own URL serves for all.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// the seed GP problem in every format: differentials, inverses, logdet, simplification, printers
const warmUp = spawnSync(process.execPath, [at('../../bin/mcalc.js'), '--format', 'json', at('../../examples/seed-q2.mc')], {
  env: { ...process.env, MCALC_CODE_CACHE: 'write' },
  encoding: 'utf8',
});
if (warmUp.status !== 0) {
  process.stderr.write(`bundle-cli: the warm-up run failed (exit ${warmUp.status}):\n${warmUp.stderr}`);
  process.exit(1);
}
