// The simplifier on random well-typed expressions: it never changes the value, it is
// idempotent, it never makes an expression larger, and equivalent rewrites of an expression
// (a 1 x 1 product transposed, a trace rotated, (A')' for A, inv(inv(A)) for A) reach the same
// normal form. MCALC_PROPERTY_RUNS raises the number of cases.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { arbScope, arbExpr, SHAPES } from '../support/arbitrary.js';
import { simplify, Normalizer } from '../../src/simplify/index.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import * as B from '../../src/expr/build.js';
import { isScalarShape, INVERTIBLE, type Expr } from '../../src/expr/index.js';

const RUNS = Number(process.env.MCALC_PROPERTY_RUNS ?? 150);
/** generous: the number of runs can be raised from the environment */
const TIMEOUT = 60_000 + RUNS * 100;
const SEED = Number(process.env.MCALC_PROPERTY_SEED ?? 4242);
const scope = arbScope();
const points = [3, 4].map((s) => randomPoint(scope.symbols, mulberry32(s)));
const arbAny = fc.constantFrom(...SHAPES).chain((s) => arbExpr(scope, s, 3));

function sameValue(a: Expr, b: Expr): boolean {
  return points.every((p) => {
    const va = evaluate(a, p);
    const vb = evaluate(b, p);
    return Matrix.sub(va, vb).norm() <= 1e-8 * Math.max(1, va.norm());
  });
}

/** An equivalent expression: at random nodes, a transposed 1 x 1 product, a double transpose, a double inverse, a rotated trace. */
function rewrite(e: Expr, choose: () => number): Expr {
  const args = e.args.map((a) => rewrite(a, choose));
  const x = B.withArgs(e, args);
  const c = choose();
  if (x.kind === 'mul' && isScalarShape(x.shape) && x.nScalars === 0 && c < 0.3) return B.mul(...[...x.args].reverse().map(B.transpose));
  const inner = x.args[0];
  if (x.kind === 'tr' && inner?.kind === 'mul' && inner.nScalars === 0 && c < 0.5) {
    const chain = inner.args;
    return B.unary('tr', B.mul(B.num(inner.coef), ...chain.slice(1), chain[0]!));
  }
  if (!isScalarShape(x.shape) && c > 0.85) return B.transpose(B.transpose(x));
  if (x.props & INVERTIBLE && c > 0.75) return B.inv(B.inv(x));
  return x;
}

describe('simplify on random expressions', () => {
  test('never changes the value', () => {
    fc.assert(fc.property(arbAny, (e) => sameValue(e, simplify(e))), { numRuns: RUNS, seed: SEED });
  }, TIMEOUT);

  test('is idempotent', () => {
    fc.assert(fc.property(arbAny, (e) => {
      const once = simplify(e);
      expect(simplify(once)).toBe(once);
    }), { numRuns: RUNS, seed: SEED + 1 });
  }, TIMEOUT);

  test('never makes an expression larger', () => {
    fc.assert(fc.property(arbAny, (e) => simplify(e).size <= e.size), { numRuns: RUNS, seed: SEED + 2 });
  }, TIMEOUT);

  test('equivalent rewrites reach the same normal form', () => {
    fc.assert(fc.property(arbAny, fc.integer(), (e, seed) => {
      const rng = mulberry32(seed);
      const other = rewrite(e, rng);
      expect(sameValue(e, other)).toBe(true);
      const n = new Normalizer();
      expect(n.normal(other)).toBe(n.normal(e));
    }), { numRuns: RUNS, seed: SEED + 3 });
  }, TIMEOUT);
});
