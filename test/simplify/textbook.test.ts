// Textbook forms that the general mechanisms now reach (issue 14), each checked numerically
// (against the input, or against central differences): a linear operator's terms merged (kron is
// linear in each argument), a definition K := inv(M) written back into powers of M's inverse,
// terms that share a left factor in pairs factored pair by pair, and the logistic Hessian with
// the sigmoid's complement (1 - sigmoid(u) = sigmoid(-u)).

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
  test('terms sharing a left factor in pairs: each pair factored, remainders of one length', () =>
    expectAnswer("C : matrix(n, n)\nX : matrix(n, m)\nB : matrix(m, m)\ngrad(tr(X'*C*X*B*X'*C*X), X)", "C'*X*(B'*X'*C'*X + X'*C'*X*B') + C*X*(B*X'*C*X + X'*C*X*B)"));
  test('a pair of parallel terms beside terms left as they are', () =>
    expectAnswer("C : matrix(n, n)\nX : matrix(n, m)\nB : matrix(m, m)\ngrad(tr(X'*C*X*B*X'*X), X)", "C'*X*X'*X*B' + C*X*B*X'*X + X*(B'*X'*C'*X + X'*C*X*B)"));
  test('the logistic loss with labels: its Hessian with sigmoid(-u) .* sigmoid(u)', () =>
    expectAnswer("X : matrix(m, n)\nw : vector(n)\ny : vector(m)\nhessian(-sum(log(sigmoid((X*w) .* y))), w)", "X'*diag(sigmoid(-((X*w) .* y)) .* sigmoid((X*w) .* y) .* y .* y)*X"));
  test('its gradient, and the Hessian of the log-likelihood with the sign in front', () => {
    expectAnswer("X : matrix(m, n)\nw : vector(n)\ny : vector(m)\ngrad(-sum(log(sigmoid((X*w) .* y))), w)", "-X'*(sigmoid(-((X*w) .* y)) .* y)");
    expectAnswer("X : matrix(m, n)\nw : vector(n)\ny : vector(m)\nhessian(sum(log(sigmoid((X*w) .* y))), w)", "-X'*diag(sigmoid(-((X*w) .* y)) .* sigmoid((X*w) .* y) .* y .* y)*X");
  });
  test('the sigmoid beside its own complement keeps the derivative as written', () =>
    expectAnswer('X : matrix(p, n)\nw : vector(n)\nhessian(sum(softplus(X*w)), w)', "X'*diag((ones(p) - sigmoid(X*w)) .* sigmoid(X*w))*X"));
  test('y - sigmoid(u) .* y = y .* sigmoid(-u), and sigmoid(u) .* y - y = -(y .* sigmoid(-u))', () => {
    const [u, y] = [B.sym('u', shape('n', 1)), B.sym('y', shape('n', 1))];
    expectSimplified(B.sub(y, B.hadamard(B.fn('sigmoid', u), y)), 'sigmoid(-u) .* y');
    expectSimplified(B.sub(B.hadamard(B.fn('sigmoid', u), y), y), '-(sigmoid(-u) .* y)');
  });
});
