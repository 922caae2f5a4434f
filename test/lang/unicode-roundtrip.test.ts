// Issue 11, item 3: the Unicode form reads back. Property: for random expressions, parsing
// printUnicode(e) gives the very node e (interned, so `toBe`), as parsing printPlain(e) does
// (test/print/roundtrip.test.ts), or, for a denominator of several factors, an equal value:
// `1/(4√3)` reads as 1/(4*sqrt(3)), the power of a product, where e holds 1/4 and 1/sqrt(3)
// apart (the plain form writes 1/4/sqrt(3)); those are checked numerically and counted.
//
// Left out, with the reason: expressions holding 𝟏 (ones), a 0 inside a larger expression or a
// lone identity Iₙ: the Unicode form does not write their size (𝟏, 0) or writes it as a
// subscript that is no mcalc syntax (Iₙ); the plain form, I(n) and ones(n), is the one to read
// back. And log|A| (logdet), which reads as log times a determinant.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../src/expr/index.js';
import { printPlain, printUnicode } from '../../src/print/index.js';
import { arbExpr, arbScope, SHAPES } from '../support/arbitrary.js';
import { Reader } from '../support/reparse.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { Matrix } from 'ml-matrix';

const scope = arbScope();
const reader = new Reader(scope);

const POINTS = [1, 2].map((seed) => randomPoint(scope.symbols, mulberry32(seed)));
function sameValue(a: Expr, b: Expr): boolean {
  return POINTS.every((p) => {
    const [u, v] = [evaluate(a, p), evaluate(b, p)];
    return Matrix.sub(u, v).norm() <= 1e-9 * Math.max(1, u.norm());
  });
}

const UNSIZED = new Set(['ones', 'zero', 'identity', 'logdet']);
const readable = (e: Expr): boolean => !UNSIZED.has(e.kind) && (e.kind === 'def' ? readable(e.body) : e.args.every(readable));

describe('unicode round trip', () => {
  test('random expressions come back as the same node', () => {
    const anyShape = fc.oneof(...SHAPES.map((s) => arbExpr(scope, s, 3, { newerFunctions: true })));
    const fails: string[] = [];
    let checked = 0;
    let numericOnly = 0;
    for (const e of fc.sample(anyShape, { numRuns: 1500, seed: 7 })) {
      if (!readable(e)) continue;
      reader.defineAll(e);
      const text = printUnicode(e);
      checked++;
      try {
        const back = reader.reparse(text);
        if (back === e) continue;
        if (sameValue(back, e)) numericOnly++;
        else fails.push(`${text}  =>  ${printPlain(back)}  (want ${printPlain(e)})`);
      } catch (err) {
        fails.push(`${text}: ${(err as Error).message}`);
      }
    }
    expect(fails.slice(0, 15)).toEqual([]);
    expect(checked).toBeGreaterThan(500);
    expect(numericOnly).toBeLessThan(checked / 50);
  }, 60_000);
});
