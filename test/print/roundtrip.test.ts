// Property: plain output parses back (src/parse + src/check) to the very same node, for random
// expressions and for the two forms that once came back different (a chain with a 1 x 1 prefix,
// a power behind `/`), which the constructors now normalise.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mul, pow, num, transpose, unary, type Expr } from '../../src/expr/index.js';
import { printPlain } from '../../src/print/index.js';
import { parseExpression, parseProgram } from '../../src/parse/parse.js';
import { Scope } from '../../src/check/scope.js';
import { ExpressionChecker } from '../../src/check/expression.js';
import { arbExpr, arbScope, SHAPES } from '../support/arbitrary.js';

const scope = arbScope();
const names = new Scope();
for (const st of parseProgram(scope.declarations).statements) if (st.k === 'decl') names.declare(st);
const NOWHERE = { line: 1, column: 1, offset: 0, end: 0 };

/** Defines every definition inside e (bodies first), as the program that made e would have. */
function defineAll(e: Expr, seen = new Set<Expr>()): void {
  if (seen.has(e)) return;
  seen.add(e);
  if (e.kind === 'def') {
    defineAll(e.body, seen);
    names.define(e.name, e.body, NOWHERE);
  }
  e.args.forEach((a) => defineAll(a, seen));
}

function reparse(text: string): Expr {
  const p = parseExpression(text);
  if ('error' in p) throw new Error(`cannot parse ${text}: ${p.error.message}`);
  return new ExpressionChecker(names, text).check(p.ast);
}

describe('plain round trip', () => {
  test('random expressions come back as the same node', () => {
    const anyShape = fc.oneof(...SHAPES.map((s) => arbExpr(scope, s, 3)));
    const fails: string[] = [];
    for (const e of fc.sample(anyShape, { numRuns: 1500, seed: 7 })) {
      if (e.kind === 'zero') continue; // a whole zero result is the bare 0 (any shape), by design
      defineAll(e);
      const text = printPlain(e);
      if (reparse(text) !== e) fails.push(`${text}  =>  ${printPlain(reparse(text))}`);
    }
    expect(fails).toEqual([]);
  }, 60_000);

  const u = scope.u;
  const x = scope.x;
  test('a chain with a 1 x 1 prefix', () => {
    const e = mul(transpose(u), u, transpose(u));
    expect(reparse(printPlain(e))).toBe(e);
  });
  test('a power behind /', () => {
    const e = mul(x, pow(unary('norm', x), num(-3)));
    expect(reparse(printPlain(e))).toBe(e);
  });
});
