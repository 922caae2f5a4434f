// Jacobians and Hessians by matrices (issue 10), read off the differential by Magnus &
// Neudecker's identification theorems: each answer is checked against central differences at
// random points (J*vec(V) against vec of the directional derivative, vec(V)'*H*vec(W) against
// the mixed second difference; test/support/answer.ts) and in its textbook form.

import { describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session.js';
import { expectAnswer } from '../support/answer.js';

const DECLS = 'X, Y : matrix(m, n)\nA : matrix(p, m)\nB : matrix(n, q)\nC : matrix(m, m)\nD : matrix(p, n)\nS : matrix(n, n) invertible\nP : matrix(n, n) posdef\nW : matrix(m, n)\nx : vector(n)\ny : vector(m)';

/** [query, textbook answer]: the examples and M&N's table of first identifications */
const JACOBIANS: ReadonlyArray<readonly [string, string]> = [
  ['jacobian(A*X*B, X)', "kron(B', A)"],
  ['jacobian(inv(S), S)', "-kron(inv(S'), inv(S))"],
  ['jacobian(D*inv(S)*B, S)', "-kron(B'*inv(S'), D*inv(S))"],
  ["jacobian(X', X)", 'commutation(m, n)'],
  ["jacobian(X*X', X)", '(I + commutation(m, m))*kron(X, I(m))'],
  ["jacobian(X'*X, X)", "(I + commutation(n, n))*kron(I(n), X')"],
  ['jacobian(S^3, S)', "kron(I(n), S^2) + kron(S', S) + kron(S'^2, I(n))"],
  ['jacobian(X .* Y, X)', 'diag(vec(Y))'],
  ['jacobian(W*x, W)', "kron(x', I(m))"],
  ['jacobian(kron(x, y), x)', 'kron(I(n), y)'],
  ['jacobian(kron(y, x), x)', 'kron(y, I(n))'],
  ['jacobian(vec(X), X)', 'kron(I(m), I(n))'],
  ["jacobian(tr(Y'*X), X)", "vec(Y)'"],
  ['jacobian(exp(X), X)', 'diag(vec(exp(X)))'],
  ["jacobian(X*x, x)", 'X'],
];

const HESSIANS: ReadonlyArray<readonly [string, string]> = [
  ["hessian(tr(X'*C*X), vec(X))", "kron(I(n), C + C')"],
  ['hessian(norm(W)^2, vec(W))', '2*kron(I(m), I(n))'],
  ['hessian(logdet(S), vec(S))', "-commutation(n, n)*kron(inv(S'), inv(S))"],
  ["hessian(logdet(S'*S), vec(S))", "-2*commutation(n, n)*kron(inv(S'), inv(S))"],
  ['hessian(tr(S^3), vec(S))', "3*commutation(n, n)*(kron(I(n), S) + kron(S', I(n)))"],
  ['hessian(tr(S^2), vec(S))', '2*commutation(n, n)'],
];

describe('jacobians by matrices (first identification theorem)', () => {
  for (const [query, expected] of JACOBIANS) test(`${query} = ${expected}`, () => expectAnswer(`${DECLS}\n${query}`, expected));
});

describe('hessians by vec of a matrix (second identification theorem)', () => {
  for (const [query, expected] of HESSIANS) test(`${query} = ${expected}`, () => expectAnswer(`${DECLS}\n${query}`, expected));
});
