// Command-line options as a shell user combines them.

import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';

const BIN = new URL('../../bin/mcalc.js', import.meta.url).pathname;
const mcalc = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('several -e are the lines of one program, as with sed -e and perl -e', () => {
  const r = mcalc('-e', 'x : vector(n); A : matrix(n, n)', '-e', "grad(x'*A*x, x)", '-e', 'grad(x\'*x, x)');
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe("(A + A')*x\n2*x\n");
});

test('an error in a later -e is reported at its line', () => {
  const r = mcalc('-e', 'x : vector(n)', '-e', 'grad(y, x)');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^error: 2:6: unknown name y/);
});

test('the formats are listed once: --help, a wrong --format and the REPL say the same list', () => {
  expect(mcalc('--help').stdout).toContain('  -f, --format FORMAT     plain (default), unicode, latex, numpy, torch, jax or json\n');
  const wrong = mcalc('-f', 'mathml', '-e', 'x : scalar; x');
  expect(wrong.status).toBe(2);
  expect(wrong.stderr).toContain('--format must be one of plain, unicode, latex, numpy, torch, jax, json, not "mathml"');
  const repl = spawnSync(process.execPath, [BIN, '--repl'], { encoding: 'utf8', input: ':help\n:format mathml\n:format jax\n' });
  expect(repl.stdout).toContain('show or set the output format: plain, unicode, latex, numpy, torch, jax\n');
  expect(repl.stdout + repl.stderr).toContain(':format takes one of plain, unicode, latex, numpy, torch, jax, not "mathml"');
  expect(repl.stdout).toContain('format: jax');
});
