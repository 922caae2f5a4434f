// The package as a consumer gets it: `import` and `require` of 'mcalc' (the package's own name
// resolves to itself through package.json "exports"), the same answers from both, and a tarball
// that holds everything README.md links to. (The full consumer project, with TypeScript
// --strict, is made by hand from `npm pack`: docs/api.md, "Installing".)

import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const program = (load: string): string =>
  `${load}\nconst g = grad("x'*A*x", 'x', 'x : vector(n); A : matrix(n, n)');\nconsole.log(String(g), JSON.stringify(g.evaluate({ x: [1, 2], A: [[1, 0], [0, 1]] })), typeof startRepl, typeof graphSvg);`;
const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }).trim();
const EXPECTED = "(A + A')*x [2,4] function function";

describe('the package entry points', () => {
  test('ES modules: import from mcalc', () => {
    expect(node(['--input-type=module', '-e', program("import { grad, graphSvg } from 'mcalc'; import { startRepl } from 'mcalc/repl';")])).toBe(EXPECTED);
  });

  test('CommonJS: require(mcalc) gives the same API', () => {
    expect(node(['-e', program("const { grad, graphSvg } = require('mcalc'); const { startRepl } = require('mcalc/repl');")])).toBe(EXPECTED);
  });

  test('CommonJS finds the rules from its bundle: a derivative through definitions and the explain text', () => {
    const out = node(['-e', "const m = require('mcalc'); const g = m.grad('h', 'x', 'x : vector(n); K := x*x\\' + I; h := logdet(K)'); console.log(g.explain().split('\\n').length > 5, g.check().ok)"]);
    expect(out).toBe('true true');
  });

  test('the tarball ships the LICENSE and everything README.md links to', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { license: string; files: string[] };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(`${ROOT}/LICENSE`, 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the mcalc authors/);
    const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { files: { path: string }[] }[];
    const shipped = listing[0]!.files.map((f) => f.path);
    const links = [...readFileSync(`${ROOT}/README.md`, 'utf8').matchAll(/\]\(([^)#:]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      expect(existsSync(`${ROOT}/${link}`), link).toBe(true);
      expect(shipped.some((f) => f === link || f.startsWith(link.endsWith('/') ? link : `${link}/`)), link).toBe(true);
    }
    for (const f of ['LICENSE', 'bin/mcalc.js', 'dist/index.js', 'dist/index.d.ts', 'dist/bundle/index.cjs', 'dist/bundle/repl.cjs', 'dist/repl/entry.js', 'dist/bundle/cli.cjs']) expect(shipped).toContain(f);
  });
});
