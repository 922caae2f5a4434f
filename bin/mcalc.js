#!/usr/bin/env node
// The mcalc command (CommonJS: see bin/package.json). A failure here is a bug in mcalc itself (or
// a missing build): one line, never a stack trace; MCALC_DEBUG=1 shows the stack.
'use strict';

const fail = (err) => {
  const missing = err && err.code === 'ENOENT' && /[\\/]dist[\\/]/.test(String(err.path));
  process.stderr.write(missing ? 'error: mcalc is not built; run npm run build\n' : `error: internal error: ${err && err.message ? err.message : err}\n`);
  if (process.env.MCALC_DEBUG) process.stderr.write(`${err && err.stack}\n`);
  process.exitCode = 1;
};

// output piped into `head` and closed early is not an error (the Unix convention)
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0);
  throw err;
});

try {
  const { loadCli } = require('../dist/cli/load.cjs');
  loadCli({ writeCache: process.env.MCALC_CODE_CACHE === 'write' })
    .main(process.argv.slice(2))
    .then((status) => {
      process.exitCode = status;
    }, fail);
} catch (err) {
  fail(err.code === 'MODULE_NOT_FOUND' ? { code: 'ENOENT', path: 'dist/cli/load.cjs' } : err);
}
