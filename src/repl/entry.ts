// `mcalc/repl`: the REPL for library users, on any streams. It is an entry of its own, apart
// from 'mcalc', because it needs Node (readline, files, the terminal) and the library itself
// runs in a browser too (test/web/library.test.ts). The Node host (clock, rule files, the
// Graphviz loader) is installed as the command line installs it.

import { useNodeHost } from '../cli/node-host.js';
import { startRepl as start, type ReplOptions } from './repl.js';

export type { ReplOptions } from './repl.js';

/** Runs the REPL until :quit or the end of the input; resolves to the exit status (0). */
export function startRepl(options: ReplOptions): Promise<number> {
  useNodeHost();
  return start(options);
}
