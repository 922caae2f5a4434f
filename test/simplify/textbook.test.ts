// Textbook forms that the general mechanisms now reach (issue 14), each checked numerically
// (against the input, or against central differences): a linear operator's terms merged (kron is
// linear in each argument), and a definition K := inv(M) written back into powers of M's inverse.

import { describe, expect, test } from 'vitest';
import { Matrix } from 'ml-matrix';
import * as B from '../../src/expr/build.js';
import { shape, type Expr } from '../../src/expr/index.js';
import { simplify } from '../../src/simplify/index.js';
import { print } from '../../src/print/index.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { freeSymbols } from '../../src/expr/leaves.js';
import { expectAnswer } from '../support/answer.js';

/** simplify(e) prints as expected and has e's value. */
function expectSimplified(e: Expr, expected: string): void {
  const out = simplify(e);
  expect(print(out, 'plain')).toBe(expected);
  const p = randomPoint(freeSymbols(e), mulberry32(3));
  const [a, b] = [evaluate(out, p), evaluate(e, p)];
  expect(Matrix.sub(a, b).norm()).toBeLessThan(1e-9 * Math.max(1, b.norm()));
}

describe('textbook forms', () => {
  test('kron is linear in its first argument', () => {
    const [A, C] = [B.sym('A', shape('n', 'n')), B.sym('B', shape('n', 'n'))];
    expectSimplified(B.add(B.kron(B.transpose(A), C), B.kron(A, C)), "kron(A + A', B)");
  });
  test('kron is linear in its second argument, numbers inside', () => {
    const [A, C, D] = [B.sym('A', shape('m', 'n')), B.sym('B', shape('p', 'q')), B.sym('C', shape('p', 'q'))];
    expectSimplified(B.sub(B.mul(B.num(2), B.kron(A, C)), B.kron(A, D)), 'kron(A, 2*B - C)');
  });
  test('a power of a defined inverse is a power of its name', () =>
    expectAnswer("A : matrix(n, n) symmetric\nX : matrix(n, m)\nP := inv(A + X*X')\ngrad(tr(P), X)", '-2*P^2*X'));
  test('and of its transpose', () => expectAnswer("A : matrix(n, n)\nX : matrix(n, m)\nP := inv(A + X*X')\ngrad(tr(P), X)", "-(P'^2 + P^2)*X"));
});
