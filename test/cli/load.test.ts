// The command line's loader (src/cli/load.cts): the bundle the build makes runs with its code
// cache, and a code cache is only ever used for the very bundle it was made from. Each run is a
// child process, as bin/mcalc.js runs, so that V8's flags are those of a plain `node`.

import { describe, expect, test } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOADER = new URL('../../dist/cli/load.cjs', import.meta.url).pathname;
const BUNDLE = new URL('../../dist/bundle/cli.cjs', import.meta.url).pathname;
const BIN = new URL('../../bin/mcalc.js', import.meta.url).pathname;

/** Loads a bundle in a fresh node and runs its command line; stdout, with the cache's fate on stderr. */
function run(argv: string[], options: { bundle?: string; writeCache?: boolean } = {}): { stdout: string; codeCache: string } {
  const script = `const cli = require(${JSON.stringify(LOADER)}).loadCli(${JSON.stringify(options)});
    process.stderr.write(cli.codeCache); cli.main(${JSON.stringify(argv)}).then((s) => { process.exitCode = s; });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, codeCache: r.stderr };
}

describe('the command line bundle', () => {
  test('runs with the code cache the build recorded', () => {
    const r = run(['-e', "x : vector(n)\ngrad(x'*x, x)"]);
    expect(r.stdout).toBe('2*x\n');
    expect(r.codeCache).toBe('used');
  });

  test('bin/mcalc.js is CommonJS, so no ES module loader starts', () => {
    // require() of an ES module fails on Node 20; argv[1] stands where the script path would be
    const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(BIN)})`, BIN, '--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^mcalc \d+\.\d+\.\d+/);
  });

  test('a code cache of another bundle of the same length is never used', () => {
    // V8 itself would accept it: it checks a cache against the source's length only
    const dir = mkdtempSync(join(tmpdir(), 'mcalc-load-'));
    const original = join(dir, 'original.cjs');
    const other = join(dir, 'other.cjs');
    copyFileSync(BUNDLE, original);
    const source = readFileSync(BUNDLE, 'utf8');
    const version = /var VERSION = "(\d+\.\d+\.\d+)"/.exec(source)?.[1];
    expect(version).toBeDefined();
    const changed = source.replace(`var VERSION = "${version}"`, 'var VERSION = "9.9.9"');
    expect(changed.length).toBe(source.length);
    writeFileSync(other, changed);

    expect(run(['--version'], { bundle: other, writeCache: true }).stdout).toMatch(/^mcalc 9\.9\.9/);
    expect(existsSync(`${other}.cache`)).toBe(true);
    copyFileSync(`${other}.cache`, `${original}.cache`);

    const r = run(['--version'], { bundle: original });
    expect(r.stdout).toMatch(new RegExp(`^mcalc ${version!.replace(/\./g, '\\.')}`));
    expect(r.codeCache).toBe('none');
    // and the other bundle's own cache is used for it
    expect(run(['--version'], { bundle: other }).codeCache).toBe('used');
  });
});
