// Issue 15: derivatives and simplification of random programs WITH definitions, folded back into
// the answers, against finite differences of the same function (a definition evaluates to its
// body), so that an answer through K := ... is as right as the inlined one. Definitions used
// once, several times, in powers and polynomials, under norms and beside a factor of their own
// body (test/support/definitions.ts). CI runs a fixed seed; a long run:
//   MCALC_PROPERTY_RUNS=20000 MCALC_PROPERTY_SEED=7 npx vitest run test/diff/definitions.test.ts
// (MCALC_PROPERTY_DEEPER=1 makes every generated program one level deeper)

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { arbScope, freeSymbols, SHAPES } from '../support/arbitrary.js';
import { arbWithDefinitions, inDependencyOrder, type WithDefinitions } from '../support/definitions.js';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { derive, type DerivativeKind } from '../../src/engine/derive.js';
import { simplify } from '../../src/simplify/index.js';
import { verifyAt } from '../../src/numeric/check.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { NumericError, randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { MathError } from '../../src/check/errors.js';
import { print } from '../../src/print/index.js';
import { shape, SCALAR, type Expr, type Sym } from '../../src/expr/index.js';

const RUNS = Number(process.env.MCALC_PROPERTY_RUNS ?? 120);
const TIMEOUT = 60_000 + RUNS * 150;
const SEED = Number(process.env.MCALC_PROPERTY_SEED ?? 20261204);
/** added to every generator depth: long runs may ask for larger programs */
const DEEPER = Number(process.env.MCALC_PROPERTY_DEEPER ?? 0);
const scope = arbScope();

const describeProgram = ({ f, defs }: WithDefinitions): string =>
  [...defs.map((d) => (d.kind === 'def' ? `${d.name} := ${print(d.body, 'plain')}` : '')), print(f, 'plain')].join('; ');

/** The derivative through the definitions agrees with finite differences; a MathError is a counted refusal. */
function checkDerivative(kind: DerivativeKind, p: WithDefinitions, x: Sym, declined: string[]): boolean {
  let result: Expr;
  try {
    result = derive(kind, p.f, x, p.defs).result;
  } catch (err) {
    if (!(err instanceof MathError)) throw err;
    declined.push(err.message);
    return true;
  }
  const check = verifyAt(kind, p.f, x, result, { points: 2, seed: 7 });
  if (check.problem) {
    declined.push(`numeric: ${check.problem}`);
    return true;
  }
  if (!check.ok) throw new Error(`${kind} by ${x.name} wrong (relative error ${check.relativeError}): ${describeProgram(p)} gives ${print(result, 'plain')}`);
  return true;
}

const variableOf = (f: Expr, pick: number, vectorsOnly: boolean): Sym | undefined => {
  const vars = freeSymbols(f).filter((s) => !vectorsOnly || (s.shape.cols === 1 && s.shape.rows !== 1));
  return vars.length ? vars[pick % vars.length] : undefined;
};

function derivativeProperty(kind: DerivativeKind, s: typeof SCALAR, depth: number, seed: number, runs = RUNS): void {
  const declined: string[] = [];
  let checked = 0;
  fc.assert(fc.property(arbWithDefinitions(scope, s, depth + DEEPER), fc.nat(), (p, pick) => {
    const x = variableOf(p.f, pick, kind === 'jacobian' || kind === 'hessian');
    if (x === undefined) return true;
    checked++;
    return checkDerivative(kind, p, x, declined);
  }), { numRuns: runs, seed });
  // a random scalar may have no vector to differentiate by (hessian, jacobian): most do
  expect(checked).toBeGreaterThan(runs / 4);
  expect(declined.length, declined.join('\n')).toBeLessThan(Math.max(3, checked / 10));
}

describe('answers through definitions equal the inlined ones (finite differences)', () => {
  test('grad', () => derivativeProperty('grad', SCALAR, 3, SEED), TIMEOUT);
  test('jacobian', () => derivativeProperty('jacobian', shape('n', 1), 2, SEED + 1), TIMEOUT);
  test('hessian', () => derivativeProperty('hessian', SCALAR, 2, SEED + 2, Math.ceil(RUNS / 2)), TIMEOUT);
  test('differential', () => derivativeProperty('differential', shape('n', 'n'), 2, SEED + 3), TIMEOUT);

  test('grad of a printed program through the session (parsed, checked, folded)', () => {
    let checked = 0;
    fc.assert(fc.property(arbWithDefinitions(scope, SCALAR, 3 + DEEPER), fc.nat(), (p, pick) => {
      const x = variableOf(p.f, pick, false);
      if (x === undefined) return true;
      const defs = inDependencyOrder(p.defs).map((d) => (d.kind === 'def' ? `${d.name} := ${print(d.body, 'plain')}` : ''));
      const program = [scope.declarations, ...defs, `f := ${print(p.f, 'plain')}`, `grad(f, ${x.name})`].join('\n');
      const results = new Session().run(program);
      const r = results[results.length - 1]!;
      if (r.kind === 'error') {
        // a refusal must be a clean one, never a bug of ours
        if (r.diagnostic.message.includes('internal error')) throw new Error(`${program}\n${r.diagnostic.message}`);
        return true;
      }
      const check = checkResult(r as ValueResult, 2, 5);
      if (check.problem) return true;
      checked++;
      if (!check.ok) throw new Error(`wrong (relative error ${check.relativeError}):\n${program}\ngives ${print((r as ValueResult).result, 'plain')}`);
      return true;
    }), { numRuns: Math.ceil(RUNS / 2), seed: SEED + 5 });
    expect(checked).toBeGreaterThan(RUNS / 8);
  }, TIMEOUT);

  test('simplify keeps the value', () => {
    const points = [8, 9].map((seed) => randomPoint(scope.symbols, mulberry32(seed)));
    const arb = fc.constantFrom(...SHAPES).chain((s) => arbWithDefinitions(scope, s, 3 + DEEPER));
    fc.assert(fc.property(arb, (p) => {
      const r = simplify(p.f, p.defs);
      for (const point of points) {
        let want: Matrix;
        try {
          want = evaluate(p.f, point);
        } catch (err) {
          if (err instanceof NumericError) continue;
          throw err;
        }
        const got = evaluate(r, point);
        const error = Matrix.sub(got, want).norm() / Math.max(1, want.norm());
        if (!(error < 1e-8)) throw new Error(`simplify changed the value (relative error ${error}): ${describeProgram(p)} gives ${print(r, 'plain')}`);
      }
      return true;
    }), { numRuns: RUNS, seed: SEED + 4 });
  }, TIMEOUT);
});
