// Property: plain output parses back (src/parse + src/check) to the very same node, for random
// expressions and for the two forms that once came back different (a chain with a 1 x 1 prefix,
// a power behind `/`), which the constructors now normalise.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mul, pow, num, transpose, unary, type Expr } from '../../src/expr/index.js';
import { printPlain } from '../../src/print/index.js';
import { arbExpr, arbScope, SHAPES } from '../support/arbitrary.js';
import { Reader } from '../support/reparse.js';

const scope = arbScope();
const reader = new Reader(scope);
const defineAll = (e: Expr): void => reader.defineAll(e);
const reparse = (text: string): Expr => reader.reparse(text);

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
