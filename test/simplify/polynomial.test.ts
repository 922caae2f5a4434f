// Hadamard polynomials in one vector (s - 3*s .* s + 2*s .* s .* s) are presented as the product
// of their linear factors when that is smaller: on polynomials built from random rational
// roots, simplify keeps the value, is idempotent and never grows the expression.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { simplify } from '../../src/simplify/index.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import * as B from '../../src/expr/build.js';
import { Q, type Expr } from '../../src/expr/index.js';

const x = B.sym('x', { rows: 'n', cols: 1 });
const points = [5, 6].map((s) => randomPoint([x], mulberry32(s)));

/** lead * (x - r1) .* (x - r2) .* ... expanded, as a sum of c_k * x .* ... .* x. */
function expanded(lead: Q.Rational, roots: readonly Q.Rational[]): Expr {
  let coefs = [lead];
  for (const r of roots) coefs = [...coefs.map((c, k) => Q.sub(coefs[k - 1] ?? Q.ZERO, Q.mul(r, c))), coefs[coefs.length - 1]!];
  const power = (k: number): Expr => (k === 0 ? B.ones('n') : B.hadamard(...new Array<Expr>(k).fill(x)));
  return B.add(...coefs.map((c, k) => B.mul(B.num(c), power(k))));
}

const arbRational = fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: 1, max: 3 })).map(([n, d]) => Q.rat(n, d));

describe('Hadamard polynomials', () => {
  test('factored without changing the value, idempotently, never larger', () => {
    fc.assert(fc.property(arbRational.filter((r) => !Q.isZero(r)), fc.array(arbRational, { minLength: 2, maxLength: 4 }), (lead, roots) => {
      const e = expanded(lead, roots);
      const s = simplify(e);
      expect(s.size).toBeLessThanOrEqual(e.size);
      expect(simplify(s)).toBe(s);
      for (const p of points) {
        const [a, b] = [evaluate(e, p), evaluate(s, p)];
        expect(Matrix.sub(a, b).norm()).toBeLessThanOrEqual(1e-9 * Math.max(1, a.norm()));
      }
    }), { numRuns: 300, seed: 11 });
  });
});
