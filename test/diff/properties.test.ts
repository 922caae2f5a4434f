// Derivatives of random well-typed expressions against central finite differences.
// CI runs a fixed seed; MCALC_PROPERTY_RUNS=2000 (and MCALC_PROPERTY_SEED) run more locally.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { arbScope, arbExpr, arbScalar, freeSymbols } from '../support/arbitrary.js';
import { derive, type DerivativeKind } from '../../src/engine/derive.js';
import { verifyAt } from '../../src/numeric/check.js';
import { MathError } from '../../src/check/errors.js';
import { shape, type Expr, type Sym } from '../../src/expr/index.js';

const RUNS = Number(process.env.MCALC_PROPERTY_RUNS ?? 150);
/** generous: the number of runs can be raised from the environment */
const TIMEOUT = 60_000 + RUNS * 100;
const SEED = Number(process.env.MCALC_PROPERTY_SEED ?? 20261126);
const scope = arbScope();

/** Derives and checks; a MathError (an operator we decline, e.g. a gradient through kron) is allowed but counted. */
function checkDerivative(kind: DerivativeKind, f: Expr, x: Sym, declined: string[]): boolean {
  let result: Expr;
  try {
    result = derive(kind, f, x, []).result;
  } catch (err) {
    if (!(err instanceof MathError)) throw err;
    declined.push(err.message);
    return true;
  }
  const check = verifyAt(kind, f, x, result, { points: 2, seed: 7 });
  if (check.problem) {
    // f or the result cannot be evaluated here (a singular matrix such as P./P): counted, not failed
    declined.push(`numeric: ${check.problem}: ${f.order}`);
    return true;
  }
  if (!check.ok) throw new Error(`${kind} wrong: relative error ${check.relativeError} for f = ${f.order}, X = ${x.name}, result ${result.order}`);
  return true;
}

const variableOf = (f: Expr, pick: number, filter: (s: Sym) => boolean = () => true): Sym | undefined => {
  const vars = freeSymbols(f).filter(filter);
  return vars.length ? vars[pick % vars.length] : undefined;
};
const isVector = (s: Sym): boolean => s.shape.cols === 1 && s.shape.rows !== 1;

describe('derivatives of random expressions agree with finite differences', () => {
  test('grad of a scalar by any of its symbols', () => {
    const declined: string[] = [];
    fc.assert(fc.property(arbScalar(scope, 3), fc.nat(), (f, pick) => {
      const x = variableOf(f, pick);
      return x === undefined || checkDerivative('grad', f, x, declined);
    }), { numRuns: RUNS, seed: SEED });
    expect(declined.length, declined.join('\n')).toBeLessThan(RUNS / 10);
  }, TIMEOUT);

  test('differential of a matrix function', () => {
    const declined: string[] = [];
    fc.assert(fc.property(arbExpr(scope, shape('n', 'n'), 3), fc.nat(), (f, pick) => {
      const x = variableOf(f, pick);
      return x === undefined || checkDerivative('differential', f, x, declined);
    }), { numRuns: RUNS, seed: SEED + 1 });
    // every operator has a differential: only points where f itself is singular may be skipped
    expect(declined.filter((d) => !d.startsWith('numeric: '))).toEqual([]);
    expect(declined.length).toBeLessThan(RUNS / 10);
  }, TIMEOUT);

  test('jacobian of a vector function by a vector', () => {
    const declined: string[] = [];
    fc.assert(fc.property(arbExpr(scope, shape('n', 1), 3), fc.nat(), (f, pick) => {
      const x = variableOf(f, pick, isVector);
      return x === undefined || checkDerivative('jacobian', f, x, declined);
    }), { numRuns: RUNS, seed: SEED + 2 });
    expect(declined.length).toBeLessThan(RUNS / 10);
  }, TIMEOUT);

  test('hessian of a scalar by a vector', () => {
    const declined: string[] = [];
    fc.assert(fc.property(arbScalar(scope, 2), fc.nat(), (f, pick) => {
      const x = variableOf(f, pick, isVector);
      return x === undefined || checkDerivative('hessian', f, x, declined);
    }), { numRuns: Math.ceil(RUNS / 2), seed: SEED + 3 });
    expect(declined.length).toBeLessThan(RUNS / 10);
  }, TIMEOUT);
});
