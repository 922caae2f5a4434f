// The command line's code formats: one module per run (the import line once, unique function
// names), --dims steering the chain order, and a clear usage error for bad hints.

import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';

const BIN = new URL('../../bin/mcalc.js', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/gaussian-loglik.mc', import.meta.url).pathname;

const mcalc = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('--format numpy | torch | jax', () => {
  test.each([
    ['numpy', 'import numpy as np'],
    ['torch', 'import torch'],
    ['jax', 'import jax\nimport jax.numpy as jnp'],
  ])('%s: the import once, then uniquely named functions in declaration order (two grad(L, .) queries)', (format, imports) => {
    const o = mcalc('--format', format, EXAMPLE);
    expect(o.status).toBe(0);
    expect(o.stdout.startsWith(`${imports}\n`)).toBe(true);
    expect(o.stdout.split(imports).length).toBe(2);
    const names = [...o.stdout.matchAll(/^def ([a-z]\w*)\(([^)]*)\)/gm)].map((m) => `${m[1]}(${m[2]})`);
    expect(names).toEqual(['grad_L_mu(x, mu, S)', 'grad_L_mu_and_value(x, mu, S)', 'grad_L_S(x, mu, S)', 'grad_L_S_and_value(x, mu, S)']);
  });

  test('a function whose result needs a dimension reads it off an argument: hessian of x\'*x', () => {
    const o = mcalc('--format', 'numpy', '-e', "x : vector(n)\nhessian(x'*x, x)");
    expect(o.stdout).toContain("def hessian_f_x(x):\n    n, = _shape('x', x, '(n,)', None)\n    return 2 * np.eye(n)");
  });

  test('--dims: the cheaper association of A*B*C for the sizes given', () => {
    const program = 'A : matrix(m, n); B : matrix(n, p); C : matrix(p, q); A*B*C';
    // (A*B)*C costs 2mnp + 2mpq, A*(B*C) 2npq + 2mnq
    expect(mcalc('--format', 'numpy', '--dims', 'm=10,p=10', '-e', program).stdout).toContain('return A @ B @ C');
    expect(mcalc('--format', 'numpy', '--dims', 'n=10,q=10', '-e', program).stdout).toContain('return A @ (B @ C)');
  });

  test('bad --dims is a usage error', () => {
    const o = mcalc('--dims', 'n=big', '-e', 'x : vector(n); x');
    expect(o.status).toBe(2);
    expect(o.stderr).toContain('--dims takes name=size pairs such as n=1000,m=10, not "n=big"');
  });
});
