#!/usr/bin/env node
// The mcalc command. A failure here is a bug in mcalc itself (or a missing build): one line,
// never a stack trace; MCALC_DEBUG=1 shows the stack.
const fail = (err) => {
  const missing = err && err.code === 'ERR_MODULE_NOT_FOUND';
  process.stderr.write(missing ? 'error: mcalc is not built; run npm run build\n' : `error: internal error: ${err && err.message ? err.message : err}\n`);
  if (process.env.MCALC_DEBUG) process.stderr.write(`${err && err.stack}\n`);
  process.exitCode = 1;
};

// output piped into `head` and closed early is not an error (the Unix convention)
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0);
  throw err;
});

import('../dist/cli/main.js').then(
  ({ main }) =>
    main(process.argv.slice(2)).then((status) => {
      process.exitCode = status;
    }, fail),
  fail,
);
