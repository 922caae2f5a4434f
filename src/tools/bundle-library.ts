// Build step: the library as CommonJS files, dist/bundle/index.cjs for `require('mcalc')` and
// dist/bundle/repl.cjs for `require('mcalc/repl')` (package.json "exports": "require"). The ES modules in dist/ stay the "import" entry; both
// are built from the same source. The bundle sits in dist/bundle/, as deep as every
// dist/<stage>/ module, so its own URL serves wherever a module finds its data through
// import.meta.url (as in bundle-cli.ts).

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const at = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

await build({
  // 'mcalc' and 'mcalc/repl'
  entryPoints: { index: at('../index.js'), repl: at('../repl/entry.js') },
  outdir: at('../bundle'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // the dependencies are the consumer's own node_modules, shared with the ES module entry
  packages: 'external',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
