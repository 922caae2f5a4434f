// Property: on random well-typed expressions (test/support/arbitrary.ts), the numpy expression,
// the numpy function and the plain text (read by the corpus's independent parser mcalc_lang.py)
// all evaluate to the value of the node, with the strict shapes of LANGUAGE.md section 4, and the
// plain text has no more leaves than the node.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../src/expr/index.js';
import { printPlain, numpyExpression, numpyFunction } from '../../src/print/index.js';
import { arbExpr, arbScope, SHAPES } from '../support/arbitrary.js';
import { numericCheck } from './python.js';

const scope = arbScope();
const PARAMS = scope.symbols.flatMap((x) => [x.name, `d${x.name}`]);

/**
 * The most leaves the plain form of e may have: the node's size, plus the exponent of each matrix
 * power (`A^3` is two leaves, while the mpow node's size counts its base only), plus the shape of
 * each zero inside another operation (`0*ones(m)*ones(n)'` is three leaves, the zero node one).
 */
function leafBudget(e: Expr): number {
  const extra = (n: Expr): number =>
    (n.kind === 'mpow' ? 1 : 0) + n.args.reduce((t, c) => t + (c.kind === 'zero' ? 2 : 0) + extra(c), 0);
  return e.size + extra(e);
}

/** The definitions inside the expressions, each after the ones its body uses, as `K := body`. */
function definitions(exprs: readonly Expr[]): string[] {
  const seen = new Set<Expr>();
  const out: string[] = [];
  const visit = (e: Expr): void => {
    if (seen.has(e)) return;
    seen.add(e);
    if (e.kind === 'def') {
      visit(e.body);
      out.push(`${e.name} := ${printPlain(e.body)}`);
    }
    e.args.forEach(visit);
  };
  exprs.forEach(visit);
  return out;
}

function checkAll(exprs: Expr[], seed: number): string[] {
  const cases = exprs.map((e, i) => ({
    id: String(i), expr: e, leaves: leafBudget(e), numpy: numpyExpression(e), plain: printPlain(e),
    fn: { name: 'f', params: PARAMS, code: numpyFunction('f', PARAMS, e) },
  }));
  const program = [scope.declarations, ...definitions(exprs)].join('\n');
  const result = numericCheck({ symbols: scope.symbols, program, seed, cases });
  return cases.flatMap((c) => {
    const errors = result.get(c.id) ?? ['no result'];
    return errors.length ? [`${c.plain}\n  numpy: ${c.numpy}\n  ${errors.join('\n  ')}`] : [];
  });
}

describe('numeric agreement on random expressions', () => {
  const anyShape = fc.oneof(...SHAPES.map((s) => arbExpr(scope, s, 3)));
  for (const seed of [1, 2, 3, 4]) {
    test(`seed ${seed}`, () => {
      expect(checkAll(fc.sample(anyShape, { numRuns: 200, seed }), seed)).toEqual([]);
    }, 60_000);
  }
});
