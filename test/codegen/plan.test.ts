// The planner's flop counts (deterministic, so asserted exactly from hand-derived formulas) and
// a property: a random matrix chain's plan costs no more than left-to-right evaluation and
// computes the same value as the unplanned printer's expression.

import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Session } from '../../src/engine/session.js';
import { planOf, planFlops, planExpression, type DimHints } from '../../src/codegen/index.js';
import { numpyExpression } from '../../src/print/index.js';
import type { Expr } from '../../src/expr/index.js';

function result(program: string): Expr {
  for (const r of new Session().run(program)) if (r.kind === 'value') return r.result;
  throw new Error('no result');
}

const flops = (program: string, hints: DimHints): number => planFlops(planOf([result(program)], hints, (x) => `d${x}`).roots, hints);

describe('flop counts of planned results', () => {
  const sizes: DimHints[] = [{ n: 1000, m: 1000 }, { n: 10, m: 3 }];
  test.each(sizes)('seed Q1: W*x once, W\'*(W*x) not (W\'*W)*x, two outer products: 9mn + n (%o)', (h) => {
    expect(flops("W : matrix(m, n)\nx : vector(n)\nr := W'*W*x - x\ngrad(1/2*norm(r)^2, W)", h)).toBe(9 * h.m! * h.n! + h.n!);
  });
  test.each(sizes)('seed Q2: one stacked solve with K (no outer product times inv(K)): 2/3 n^3 + 5n^2 + 7n + 3 (%o)', (h) => {
    const n = h.n!;
    expect(flops("x, y : vector(n)\nalpha, beta, D : scalar\nK := alpha*x*x' + inv(beta)*I\ngrad(-D/2*log(det(K)) - 1/2*tr(inv(K)*y*y'), x)", h)).toBeCloseTo((2 / 3) * n ** 3 + 5 * n * n + 7 * n + 3, 6);
  });
  test.each(sizes)('Rayleigh quotient gradient: one A*x, no outer product: 2n^2 + 7n + 4 (%o)', (h) => {
    const n = h.n!;
    expect(flops("x : vector(n)\nA : matrix(n, n) symmetric\ngrad(x'*A*x/(x'*x), x)", h)).toBe(2 * n * n + 7 * n + 4);
  });
  test.each(sizes)('diag Jacobian: exp(A*x)[:, None] * A, no np.diag @ A: 3mn + m (%o)', (h) => {
    expect(flops('A : matrix(m, n)\nx : vector(n)\njacobian(exp(A*x), x)', h)).toBe(3 * h.m! * h.n! + h.m!);
  });
});

/** A random chain: its factors' names and shapes; adjacent dimensions agree. */
const chains = fc
  .array(fc.constantFrom('1', 'a', 'b', 'c', 'd'), { minLength: 3, maxLength: 7 })
  .filter((dims) => dims.slice(1).some((d, i) => d !== '1' || dims[i] !== '1'))
  .chain((dims) => fc.record({ dims: fc.constant(dims), sizes: fc.tuple(...['a', 'b', 'c', 'd'].map(() => fc.integer({ min: 2, max: 60 }))) }));

function program(dims: readonly string[]): { text: string; names: string[] } {
  const decls: string[] = [];
  const names: string[] = [];
  for (let i = 0; i + 1 < dims.length; i++) {
    const [r, c] = [dims[i]!, dims[i + 1]!];
    const name = `F${i}`;
    names.push(name);
    if (r === '1' && c === '1') decls.push(`${name} : scalar`);
    else if (c === '1') decls.push(`${name} : vector(${r})`);
    else if (r === '1') decls.push(`G${i} : vector(${c})`), (names[i] = `G${i}'`);
    else decls.push(`${name} : matrix(${r}, ${c})`);
  }
  return { text: `${decls.join('\n')}\n${names.join('*')}`, names };
}

/** Left-to-right flops with the planner's conventions (a column times a row is an outer product). */
function leftToRight(dims: readonly string[], size: (d: string) => number): number {
  let cost = 0;
  let rows = dims[0]!;
  for (let i = 1; i + 1 < dims.length; i++) {
    const [inner, cols] = [dims[i]!, dims[i + 1]!];
    const [r, k, c] = [size(rows), size(inner), size(cols)];
    cost += r === 1 && k === 1 ? c : k === 1 && c === 1 ? r : k === 1 ? r * c : 2 * r * k * c;
    if (r === 1 && k === 1) rows = cols === '1' ? '1' : rows;
  }
  return cost;
}

describe('property: planned chains', () => {
  test('never more flops than left to right', () => {
    fc.assert(
      fc.property(chains, ({ dims, sizes }) => {
        const hints: DimHints = { a: sizes[0], b: sizes[1], c: sizes[2], d: sizes[3] };
        const size = (d: string): number => (d === '1' ? 1 : hints[d]!);
        const planned = planFlops(planOf([result(program(dims).text)], hints, (x) => `d${x}`).roots, hints);
        expect(planned).toBeLessThanOrEqual(leftToRight(dims, size));
      }),
      { numRuns: 200 },
    );
  });

  test('the planned expression has the unplanned value (python3)', () => {
    const samples = fc.sample(chains, { numRuns: 60, seed: 9 }).map(({ dims }) => {
      const e = result(program(dims).text);
      return { planned: planExpression(e), unplanned: numpyExpression(e), decls: program(dims).text.split('\n').slice(0, -1) };
    });
    const script = `
import json, sys, numpy as np
rng = np.random.default_rng(3)
bad = []
for s in json.load(sys.stdin):
    ns = {"np": np, "a": 3, "b": 4, "c": 5, "d": 2}
    for line in s["decls"]:
        name, kind = [t.strip() for t in line.split(":")]
        if kind == "scalar": ns[name] = float(rng.uniform(0.5, 1.5)); continue
        dims = [ns[d.strip()] for d in kind[kind.index("(") + 1:-1].split(",")]
        ns[name] = rng.uniform(0.5, 1.5, dims)
    p, u = eval(s["planned"], dict(ns)), eval(s["unplanned"], dict(ns))
    if np.shape(p) != np.shape(u) or not np.allclose(p, u, rtol=1e-10, atol=0): bad.append([s["planned"], s["unplanned"]])
print(json.dumps(bad))`;
    const p = spawnSync('python3', ['-c', script], { input: JSON.stringify(samples), encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(JSON.parse(p.stdout)).toEqual([]);
    expect(samples.length).toBe(60);
  });
});

describe('long chains (past the dynamic programme, chain.ts LONG_CHAIN)', () => {
  // grad(norm(Wk*...*W1*x)^2, W1) = 2*W2'*...*Wk'*Wk*...*W1*x*x': matrix-vector products only,
  // 2(k - 1) + 1 of them and one outer product; a single matrix-matrix product would add 2n^3
  const chain = (k: number): string => {
    const ws = Array.from({ length: k }, (_, i) => `W${i + 1}`);
    return `${ws.join(', ')} : matrix(n, n)\nx : vector(n)\ngrad(norm(${[...ws].reverse().join('*')}*x)^2, W1)`;
  };
  const h = { n: 1000 };
  test.each([40, 120, 300])('k = %i: no matrix-matrix product, as the dynamic programme plans k = 40', (k) => {
    const f = flops(chain(k), h);
    expect(f).toBeLessThan(2 * (2 * k) * h.n ** 2 + 10 * h.n ** 2);
    expect(f).toBeGreaterThan(2 * (2 * k - 2) * h.n ** 2);
  });
});
