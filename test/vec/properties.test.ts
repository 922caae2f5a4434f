// Properties of the identification reader on random well-typed expressions: the Jacobian of a
// random matrix (or vector) function by a matrix variable against central differences
// (J*vec(V) against vec of the directional derivative), and the Hessian of a random scalar by
// vec of a matrix variable both checked (vec(V)'*H*vec(W)) and symmetric at a random point.
// MCALC_PROPERTY_RUNS and MCALC_PROPERTY_SEED run more, as in test/diff/properties.test.ts.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { arbScope, arbExpr, arbScalar, freeSymbols } from '../support/arbitrary.js';
import { derive, type DerivativeKind } from '../../src/engine/derive.js';
import { verifyAt } from '../../src/numeric/check.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { assignDims, leavesOf, randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { MathError } from '../../src/check/errors.js';
import { shape, type Expr, type Sym } from '../../src/expr/index.js';

const RUNS = Number(process.env.MCALC_PROPERTY_RUNS ?? 80);
const TIMEOUT = 60_000 + RUNS * 200;
const SEED = Number(process.env.MCALC_PROPERTY_SEED ?? 20261205);
const scope = arbScope();

const isMatrix = (s: Sym): boolean => s.shape.rows !== 1 && s.shape.cols !== 1;
const matrixVariable = (f: Expr, pick: number): Sym | undefined => {
  const vars = freeSymbols(f).filter(isMatrix);
  return vars.length ? vars[pick % vars.length] : undefined;
};

/** Derives and checks; an evaluation problem at the points (a singular f) is counted, not failed. */
function checked(kind: DerivativeKind, f: Expr, x: Sym, skipped: string[]): Expr | undefined {
  const result = derive(kind, f, x, [], true).result;
  const check = verifyAt(kind, f, x, result, { points: 2, seed: 5 });
  if (check.problem) {
    skipped.push(`${check.problem}: ${f.order}`);
    return undefined;
  }
  if (!check.ok) throw new Error(`${kind} wrong: relative error ${check.relativeError} for f = ${f.order}, X = ${x.name}, result ${result.order}`);
  return result;
}

describe('derivatives by a matrix on random expressions', () => {
  for (const s of [shape('n', 'n'), shape('m', 'n'), shape('n', 1)]) {
    test(`jacobian of a random ${s.rows} x ${s.cols} function by a matrix variable`, () => {
      const skipped: string[] = [];
      let made = 0;
      fc.assert(fc.property(arbExpr(scope, s, 3), fc.nat(), (f, pick) => {
        const x = matrixVariable(f, pick);
        if (x && checked('jacobian', f, x, skipped)) made++;
        return true;
      }), { numRuns: RUNS, seed: SEED });
      expect(skipped.length, skipped.join('\n')).toBeLessThan(RUNS / 5);
      // enough random functions hold a matrix variable: the property is not vacuous
      expect(made).toBeGreaterThan(RUNS / 10);
    }, TIMEOUT);
  }

  test('hessian of a random scalar by vec of a matrix variable: checked and symmetric', () => {
    const skipped: string[] = [];
    let made = 0;
    fc.assert(fc.property(arbScalar(scope, 2), fc.nat(), (f, pick) => {
      const x = matrixVariable(f, pick);
      if (!x) return true;
      let h: Expr | undefined;
      try {
        h = checked('hessian', f, x, skipped);
      } catch (err) {
        // a gradient that kron keeps cannot be differentiated again in matrix form: counted
        if (!(err instanceof MathError)) throw err;
        skipped.push(err.message);
      }
      if (!h) return true;
      made++;
      const leaves = leavesOf([h, f]);
      const point = randomPoint(leaves.symbols, mulberry32(pick), Object.fromEntries(assignDims(leaves.dims)));
      const value = evaluate(h, point);
      return Matrix.sub(value, value.transpose()).norm() <= 1e-8 * (1 + value.norm());
    }), { numRuns: RUNS, seed: SEED + 1 });
    expect(skipped.length, skipped.join('\n')).toBeLessThan(RUNS / 5);
    expect(made).toBeGreaterThan(RUNS / 10);
  }, TIMEOUT);
});
