// Property: plain output parses back (src/parse + src/check) to the very same node.
// Two forms cannot come back identical until src/expr normalises them (reported, with the fix):
//  - a matrix chain with a 1 x 1 prefix (u'*u*u'): mul keeps it as one chain when built in one
//    call, while the checker turns the prefix x'*y into a scalar factor;
//  - a power behind `/` (x/norm(x)^3): it reads back as (norm(x)^3)^-1, which pow does not fold.
// Expressions containing them are checked to come back with the same printed text instead, and
// one example of each is a `test.fails` that starts failing once src/expr is fixed.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mul, pow, num, transpose, unary, type Expr } from '../../src/expr/index.js';
import * as Q from '../../src/expr/rational.js';
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

const some = (e: Expr, test: (n: Expr) => boolean): boolean => test(e) || e.args.some((a) => some(a, test));

/** A mul whose matrix chain starts with a 1 x 1 product (x'*y*z'). */
function prefixChain(e: Expr): boolean {
  if (e.kind !== 'mul') return false;
  const chain = e.args.slice(e.nScalars);
  return chain[0]?.shape.rows === 1 && chain.slice(0, -1).some((c) => c.shape.cols === 1);
}

/** A mul with a scalar factor s^-k, k != 1 (printed /s^k). */
const raisedDenominator = (e: Expr): boolean =>
  e.kind === 'mul' && e.args.slice(0, e.nScalars).some((f) => {
    const x = f.args[1];
    return f.kind === 'pow' && x?.kind === 'num' && Q.isNegative(x.value) && !Q.equals(x.value, Q.MINUS_ONE);
  });

describe('plain round trip', () => {
  test('random expressions come back as the same node', () => {
    const anyShape = fc.oneof(...SHAPES.map((s) => arbExpr(scope, s, 3)));
    const fails: string[] = [];
    let knownCount = 0;
    for (const e of fc.sample(anyShape, { numRuns: 1500, seed: 7 })) {
      if (e.kind === 'zero') continue; // a whole zero result is the bare 0 (any shape), by design
      defineAll(e);
      const text = printPlain(e);
      const back = reparse(text);
      const known = some(e, prefixChain) || some(e, raisedDenominator);
      if (known) knownCount++;
      if (known ? printPlain(back) !== text : back !== e) fails.push(`${text}  =>  ${printPlain(back)}`);
    }
    expect(fails).toEqual([]);
    expect(knownCount).toBeLessThan(150); // most expressions are compared node for node
  }, 60_000);

  const u = scope.u;
  const x = scope.x;
  test.fails('a chain with a 1 x 1 prefix (needs mul to split it)', () => {
    const e = mul(transpose(u), u, transpose(u));
    expect(reparse(printPlain(e))).toBe(e);
  });
  test.fails('a power behind / (needs pow to fold (s^k)^-1)', () => {
    const e = mul(x, pow(unary('norm', x), num(-3)));
    expect(reparse(printPlain(e))).toBe(e);
  });
});
