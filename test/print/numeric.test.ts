// Property: on random well-typed expressions, the numpy expression, the numpy function and the
// plain text (read by the corpus's independent parser) all evaluate to the value of the node,
// with the strict shapes of LANGUAGE.md section 4, and plain never has more leaves than the node.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../src/expr/index.js';
import { printPlain, numpyExpression, numpyFunction } from '../../src/print/index.js';
import { arbitraryExpr, DECLARATIONS, K } from './arbitrary.js';
import { numericCheck } from './python.js';

const PARAMS = ['x', 'y', 'a', 'A', 'B', 'X', 'S', 'W', 'alpha', 'beta', 's', 'dX', 'dx'];
const PROGRAM = `${DECLARATIONS}\nK := ${printPlain((K as Expr & { body: Expr }).body)}`;

/**
 * The leaves the corpus counts in the plain form of e: the node's size, plus the exponent of each
 * matrix power (`A^3` is two leaves, while the mpow node's size counts its base only).
 */
function leafBudget(e: Expr): number {
  const extra = (n: Expr): number => (n.kind === 'mpow' ? 1 : 0) + n.args.reduce((t, c) => t + extra(c), 0);
  return e.size + extra(e);
}

function checkAll(exprs: Expr[], seed: number): string[] {
  const cases = exprs.map((e, i) => ({
    id: String(i), expr: e, leaves: leafBudget(e), numpy: numpyExpression(e), plain: printPlain(e),
    fn: { name: 'f', params: PARAMS, code: numpyFunction('f', PARAMS, e) },
  }));
  const result = numericCheck({ program: PROGRAM, seed, cases });
  return cases.flatMap((c) => {
    const errors = result.get(c.id) ?? ['no result'];
    return errors.length ? [`${c.plain}\n  numpy: ${c.numpy}\n  ${errors.join('\n  ')}`] : [];
  });
}

describe('numeric agreement on random expressions', () => {
  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}`, () => {
      const exprs = fc.sample(arbitraryExpr, { numRuns: 150, seed });
      expect(checkAll(exprs, seed)).toEqual([]);
    }, 60_000);
  }
});
