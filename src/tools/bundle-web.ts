// Build step: the playground, src/web/, bundled by esbuild into dist/web/ (index.html, app.js,
// app.css). Everything the page needs is in these three files: the engine worker's code is a
// string inside app.js (started from a blob, which also works from file://), the examples are
// embedded, and KaTeX's fonts are data URLs inside app.css. No CDN, no network at run time.

import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const at = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const web = at('../../src/web/');
const out = at('../web/');

/** examples/*.mc, the seed problems first, then by name. */
function examples(): Array<{ name: string; source: string }> {
  const dir = at('../../examples/');
  const names = readdirSync(dir).filter((f) => f.endsWith('.mc')).map((f) => f.replace(/\.mc$/, ''));
  const seedFirst = (n: string): string => (n.startsWith('seed-') ? `0${n}` : `1${n}`);
  names.sort((a, b) => seedFirst(a).localeCompare(seedFirst(b)));
  return names.map((name) => ({ name, source: readFileSync(`${dir}${name}.mc`, 'utf8') }));
}

/** The modules `mcalc:worker` and `mcalc:examples` (typed in src/web/virtual.d.ts). */
function virtualModules(workerSource: string): Plugin {
  return {
    name: 'mcalc-virtual',
    setup(b) {
      b.onResolve({ filter: /^mcalc:/ }, (args) => ({ path: args.path, namespace: 'mcalc' }));
      b.onLoad({ filter: /.*/, namespace: 'mcalc' }, (args) =>
        args.path === 'mcalc:worker' ? { contents: workerSource, loader: 'text' } : { contents: JSON.stringify(examples()), loader: 'json' });
    },
  };
}

/** KaTeX's fonts in woff2 only (every browser that runs the page reads it), so that inlining
 * them as data URLs does not also inline the woff and ttf copies. */
const woff2Only: Plugin = {
  name: 'katex-woff2-only',
  setup(b) {
    b.onLoad({ filter: /katex\.css$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/(url\([^)]+\.woff2\) format\("woff2"\))(, url\([^)]+\) format\("[a-z]+"\))+/g, '$1'),
      loader: 'css',
    }));
  },
};

const common = { bundle: true, minify: true, target: 'es2022', logLevel: 'warning' } as const;

const worker = await build({ ...common, entryPoints: [`${web}worker.ts`], platform: 'browser', format: 'iife', write: false });
mkdirSync(out, { recursive: true });
await build({
  ...common,
  entryPoints: [`${web}main.ts`],
  outfile: `${out}app.js`,
  platform: 'browser',
  format: 'iife',
  plugins: [virtualModules(worker.outputFiles[0]!.text)],
});
await build({ ...common, entryPoints: [`${web}style.css`], outfile: `${out}app.css`, loader: { '.woff2': 'dataurl' }, plugins: [woff2Only] });
copyFileSync(`${web}index.html`, `${out}index.html`);
