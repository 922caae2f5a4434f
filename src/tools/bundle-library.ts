// Build step: the library as one CommonJS file, dist/bundle/index.cjs, for `require('mcalc')`
// (package.json "exports": "require"). The ES modules in dist/ stay the "import" entry; both
// are built from the same source. The bundle sits in dist/bundle/, as deep as every
// dist/<stage>/ module, so its own URL serves wherever a module finds its data through
// import.meta.url (as in bundle-cli.ts).

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const at = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

await build({
  entryPoints: [at('../index.js')],
  outfile: at('../bundle/index.cjs'),
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
