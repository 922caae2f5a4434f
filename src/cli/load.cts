// Loads the command line for bin/mcalc.js as fast as Node 20 allows.
//
// A one-shot `mcalc -e` used to spend more time loading the engine than Node spends starting:
// resolving, reading and compiling ~60 ES modules, then compiling each function lazily as it
// first runs. Node 20 has no compile cache for ES modules (module.enableCompileCache arrived in
// Node 22.1), so the build (src/tools/bundle-cli.ts) bundles the command line into one CommonJS
// file, dist/bundle/cli.cjs, and records V8's code cache for it after a warm-up run, functions
// compiled during that run included. Here the bundle is compiled with that cache.
//
// This file is CommonJS (.cts) so that bin/mcalc.js never starts Node's ES module loader.
//
// V8 accepts a code cache for any source of the same length, so the cache file starts with a
// copy of the bundle it was made from, compared byte for byte (a memcmp; hashing would first load
// node:crypto, which costs more than the comparison): a cache of another bundle is never used. A
// missing or rejected cache only costs time; the bundle is then compiled from its source.

import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

export interface Cli {
  /** runs the command line; resolves to the exit status */
  main(argv: string[]): Promise<number>;
}

export interface LoadedCli extends Cli {
  /** whether the bundle was compiled with a code cache: `none` when there was no cache of this
   * very bundle, `rejected` when V8 refused it (another Node version or other V8 flags) */
  readonly codeCache: 'used' | 'rejected' | 'none';
}

/** The bundle the build makes; its code cache is the same path with `.cache` appended. */
export const BUNDLE = path.join(__dirname, '..', 'bundle', 'cli.cjs');
const LENGTH_BYTES = 4;

export interface LoadOptions {
  /** the bundle to load (tests load copies) */
  bundle?: string;
  /** write the code cache after the run, from everything V8 compiled during it (the build's
   * warm-up run sets MCALC_CODE_CACHE=write for bin/mcalc.js) */
  writeCache?: boolean;
}

/** The command line, compiled with its code cache when there is a valid one. */
export function loadCli({ bundle = BUNDLE, writeCache = false }: LoadOptions = {}): LoadedCli {
  const source = fs.readFileSync(bundle);
  const cacheFile = `${bundle}.cache`;
  const cachedData = cacheFor(source, cacheFile);
  const script = new vm.Script(nodeModule.wrap(source.toString('utf8')), {
    filename: bundle,
    cachedData,
  });
  const exported = { exports: {} as Cli };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(exported.exports, nodeModule.createRequire(bundle), exported, bundle, path.dirname(bundle));
  const { main } = exported.exports;
  const codeCache = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  if (!writeCache) return { main, codeCache };
  return {
    codeCache,
    async main(argv) {
      const status = await main(argv);
      writeCacheFile(cacheFile, source, script.createCachedData());
      return status;
    },
  };
}

/** The cache file: the source's length in 4 bytes, the source, then V8's data. */
function cacheFor(source: Buffer, cacheFile: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (cache.length < LENGTH_BYTES || cache.readUInt32LE(0) !== source.length) return undefined;
  const end = LENGTH_BYTES + source.length;
  return cache.subarray(LENGTH_BYTES, end).equals(source) ? cache.subarray(end) : undefined;
}

/** Written beside the bundle, through a rename so that a concurrent run never reads half a file. */
function writeCacheFile(cacheFile: string, source: Buffer, data: Buffer): void {
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(source.length);
  const partial = `${cacheFile}.${process.pid}`;
  fs.writeFileSync(partial, Buffer.concat([length, source, data]));
  fs.renameSync(partial, cacheFile);
}
