// The expression generator of test/support/arbitrary.ts: right shapes, finite values, every
// operator kind, and the domain rules that keep values tame at every random point.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ELEMENTWISE, inv, shape, type Expr, type Kind } from '../../src/expr/index.js';
import { evaluator } from '../../src/numeric/evaluate.js';
import { randomPoint, resolveDim } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { arbExpr, arbScalar, arbScope, freeSymbols, SHAPES } from '../support/arbitrary.js';

const scope = arbScope();
const arbShaped = fc.oneof(...SHAPES.map((s) => arbExpr(scope, s).map((e) => ({ s, e }))));

/** Every node of e, through definition bodies. */
function nodesOf(e: Expr): Expr[] {
  const seen = new Set<Expr>();
  const visit = (n: Expr): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (n.kind === 'def') visit(n.body);
    n.args.forEach(visit);
  };
  visit(e);
  return [...seen];
}

const ALL_KINDS: Kind[] = [
  'num', 'sym', 'def', 'identity', 'zero', 'ones', 'add', 'mul', 'pow', 'mpow', 'transpose', 'inv', 'det', 'logdet',
  'tr', 'norm', 'sum', 'diagm', 'diagv', 'kron', 'hadamard', 'hdiv',
];

describe('arbExpr', () => {
  it('produces the requested shape, and a finite value of that size at random points', () => {
    fc.assert(
      fc.property(arbShaped, fc.integer({ min: 0, max: 2 ** 31 }), ({ s, e }, seed) => {
        expect([e.shape.rows, e.shape.cols]).toEqual([s.rows, s.cols]);
        const point = randomPoint(scope.symbols, mulberry32(seed));
        const v = evaluator(point)(e);
        expect([v.rows, v.columns]).toEqual([resolveDim(s.rows, point.dims), resolveDim(s.cols, point.dims)]);
        expect(v.to1DArray().every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 400, seed: 20240601 },
    );
  });

  it('keeps every argument inside its domain, away from kinks and singularities', () => {
    // at random points (not only the filter's two): log, sqrt, ./ and fractional powers see
    // positive values, abs and norm nonzero ones, inv and logdet well-conditioned matrices
    const minAbs = (v: number[]): number => Math.min(...v.map(Math.abs));
    fc.assert(
      fc.property(arbShaped, fc.integer({ min: 0, max: 2 ** 31 }), ({ e }, seed) => {
        const value = evaluator(randomPoint(scope.symbols, mulberry32(seed)));
        for (const n of nodesOf(e)) {
          const arg = (i = 0): number[] => value(n.args[i]!).to1DArray();
          if (n.kind === 'fn' && ['log', 'sqrt'].includes(n.name)) expect(Math.min(...arg())).toBeGreaterThan(1e-6);
          if (n.kind === 'fn' && n.name === 'abs') expect(minAbs(arg())).toBeGreaterThan(1e-6);
          if (n.kind === 'norm') expect(minAbs(arg())).toBeGreaterThan(1e-6);
          if (n.kind === 'hdiv') expect(Math.min(...arg(1))).toBeGreaterThan(1e-6);
          if (n.kind === 'pow' && n.args[1]!.kind === 'num' && n.args[1]!.value.d !== 1n) expect(arg(0)[0]).toBeGreaterThan(1e-6);
          if (n.kind === 'pow' && n.args[1]!.kind === 'num' && n.args[1]!.value.n < 0n) expect(Math.abs(arg(0)[0]!)).toBeGreaterThan(1e-6);
          if (n.kind === 'logdet') expect(Number.isFinite(value(n).get(0, 0))).toBe(true);
          if (n.kind === 'inv' || (n.kind === 'mpow' && n.k < 0)) {
            // condition number in Frobenius norms; the generator's stay below a few hundred
            const cond = value(n.args[0]!).norm() * value(inv(n.args[0]!)).norm();
            expect(cond).toBeLessThan(1e4);
          }
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('uses every operator kind and every elementwise function', () => {
    const kinds = new Set<string>();
    for (const s of SHAPES) {
      for (const e of fc.sample(arbExpr(scope, s, 3, { newerFunctions: true }), { numRuns: 150, seed: 5 })) {
        for (const n of nodesOf(e)) kinds.add(n.kind === 'fn' ? `fn:${n.name}` : n.kind);
      }
    }
    for (const k of ALL_KINDS) expect(kinds, k).toContain(k);
    for (const f of ELEMENTWISE) expect(kinds, f).toContain(`fn:${f}`);
    expect(kinds.has('diff')).toBe(false);
  });

  it('adds d(X) leaves on request', () => {
    const samples = fc.sample(arbExpr(scope, shape('n', 1), 3, { differentials: true }), { numRuns: 200, seed: 3 });
    expect(samples.some((e) => nodesOf(e).some((n) => n.kind === 'diff'))).toBe(true);
  });

  it('uses only the scope\'s symbols, and one body per definition name', () => {
    fc.assert(
      fc.property(arbScalar(scope, 4), (e) => {
        for (const s of freeSymbols(e)) expect(scope.symbols).toContain(s);
        const bodies = new Map<string, Expr>();
        for (const n of nodesOf(e)) {
          if (n.kind !== 'def') continue;
          expect(bodies.get(n.name) ?? n.body).toBe(n.body);
          bodies.set(n.name, n.body);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('is reproducible from a seed, and refuses shapes it cannot build', () => {
    const draw = (): string[] => fc.sample(arbExpr(scope, shape('n', 'n')), { numRuns: 20, seed: 42 }).map((e) => e.order);
    expect(draw()).toEqual(draw());
    expect(() => arbExpr(scope, shape('p', 1))).toThrow(/no generator for p x 1/);
    expect(scope.declarations.split('\n')).toHaveLength(7);
  });
});
