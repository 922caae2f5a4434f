#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err) => {
    // a bug in mcalc itself: one line, no stack trace (MCALC_DEBUG=1 shows it)
    process.stderr.write(`error: internal error: ${err && err.message ? err.message : err}\n`);
    if (process.env.MCALC_DEBUG) process.stderr.write(`${err && err.stack}\n`);
    process.exitCode = 1;
  },
);
