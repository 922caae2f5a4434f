// What the Node shells (the command line and the REPL) provide to the library, which itself uses
// nothing of Node's so that it runs in a browser too: a clock that costs nothing to start
// (performance.now() would first load node:perf_hooks), a way to load @viz-js/viz that works in
// the CommonJS bundle compiled by node:vm (src/cli/load.cts), which has no import(), and the
// rule files' current text, so that rules edited since the build are parsed rather than taken
// from stale tables (src/rules/registry.ts).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Viz from '@viz-js/viz';
import { setClock } from '../engine/clock.js';
import { useVizLoader } from '../graph/index.js';
import { useRuleSources } from '../rules/registry.js';

export function useNodeHost(): void {
  setClock(() => Number(process.hrtime.bigint()) / 1e6);
  useVizLoader(async () => createRequire(import.meta.url)('@viz-js/viz') as typeof Viz);
  // rules/ sits two levels above both dist/cli/ and the bundle's dist/bundle/
  useRuleSources((name) => {
    try {
      return readFileSync(new URL(`../../rules/${name}.rules`, import.meta.url), 'utf8');
    } catch {
      return undefined; // no rule files beside the build: its tables are all there is
    }
  });
}
