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
