// What the Node shells (the command line and the REPL) provide to the library, which itself uses
// nothing of Node's so that it runs in a browser too: a clock that costs nothing to start
// (performance.now() would first load node:perf_hooks) and a way to load @viz-js/viz that works
// in the CommonJS bundle compiled by node:vm (src/cli/load.cts), which has no import().

import { createRequire } from 'node:module';
import type * as Viz from '@viz-js/viz';
import { setClock } from '../engine/clock.js';
import { useVizLoader } from '../graph/index.js';

export function useNodeHost(): void {
  setClock(() => Number(process.hrtime.bigint()) / 1e6);
  useVizLoader(async () => createRequire(import.meta.url)('@viz-js/viz') as typeof Viz);
}
