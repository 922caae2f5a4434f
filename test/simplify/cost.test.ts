// The cost is a parameter of simplify: LEAVES (the default, the presentation's measure) and
// FLOPS (the work of evaluating the expression as written) choose different forms of the same
// value, each the cheaper under its own measure, never costlier than the input.

import { describe, expect, test } from 'vitest';
import { Matrix } from 'ml-matrix';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { simplify, LEAVES, FLOPS } from '../../src/simplify/index.js';
import { print } from '../../src/print/index.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { freeSymbols } from '../../src/expr/leaves.js';
import type { Expr } from '../../src/expr/index.js';

function parsed(text: string): Expr {
  const results = new Session().run(`X, A, B : matrix(n, n)\nb, c, x : vector(n)\ns : scalar\n${text}`);
  const r = results[results.length - 1] as ValueResult;
  expect(r.kind).toBe('value');
  return r.result;
}

function sameValue(a: Expr, b: Expr): boolean {
  const p = randomPoint(freeSymbols(a), mulberry32(11));
  const [va, vb] = [evaluate(a, p), evaluate(b, p)];
  return Matrix.sub(va, vb).norm() <= 1e-9 * Math.max(1, va.norm());
}

describe('simplify(e, {cost})', () => {
  test('the default is LEAVES, as the three-argument form', () => {
    const e = parsed("X*b*c' + X*c*b'");
    expect(simplify(e)).toBe(simplify(e, { cost: LEAVES }));
    expect(simplify(e, [])).toBe(simplify(e, {}));
    expect(LEAVES.of(e)).toBe(e.size);
  });

  test('LEAVES factors what FLOPS keeps expanded', () => {
    const e = parsed("X*(b*c' + c*b')");
    const short = simplify(e, { cost: LEAVES });
    const cheap = simplify(e, { cost: FLOPS });
    expect(print(short, 'plain')).toBe("X*(b*c' + c*b')");
    // two matrix-vector products and two outer products instead of a matrix-matrix product
    expect(print(cheap, 'plain')).toBe("X*b*c' + X*c*b'");
    expect(FLOPS.of(cheap)).toBeLessThan(FLOPS.of(short));
    expect(LEAVES.of(short)).toBeLessThan(LEAVES.of(cheap));
    expect(sameValue(e, cheap) && sameValue(e, short)).toBe(true);
  });

  test('both factor a common matrix out of matrix-vector products', () => {
    const e = parsed('2*A*x + 2*B*x');
    for (const cost of [LEAVES, FLOPS]) {
      const out = simplify(e, { cost });
      expect(print(out, 'plain')).toBe('2*(A + B)*x');
      expect(sameValue(e, out)).toBe(true);
    }
  });

  test('FLOPS counts the work of the chain as written, a transpose costing nothing', () => {
    // n = 100 for a named dimension: X*b is 2*100^2, times c' another 2*100^2
    expect(FLOPS.of(parsed("X*b*c'"))).toBe(40_000);
    expect(FLOPS.of(parsed("X'"))).toBe(0);
    expect(FLOPS.of(parsed('inv(A)'))).toBe(1_000_000);
  });

  for (const text of ["inv(A)*b*c'*inv(A)*x + s*A*x", "tr(A*B) + tr(B*A)", "(A + B)*(A - B)*x"]) {
    test(`never costlier than the input under either cost: ${text}`, () => {
      const e = parsed(text);
      for (const cost of [LEAVES, FLOPS]) {
        const out = simplify(e, { cost });
        expect(cost.of(out)).toBeLessThanOrEqual(cost.of(e));
        expect(sameValue(e, out)).toBe(true);
      }
    });
  }
});
