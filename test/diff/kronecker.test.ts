// Gradients through a Kronecker product: the normal form takes kron apart where an identity of
// Matrix Cookbook sec. 10.2.1 allows (trace, sum, inverse, mixed products), and the gradient is
// read off that. Where the gradient would need a reshaping, the answer is a clear error.

import { describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session.js';
import { expectAnswer } from '../support/answer.js';

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['X : matrix(n, n)\nA : matrix(m, m)', 'grad(tr(kron(A, X)), X)', 'tr(A)*I(n)'],
  ['X : matrix(n, n)', 'grad(tr(kron(X, X)), X)', '2*tr(X)*I(n)'],
  ['X : matrix(n, n) posdef\nA : matrix(m, m) posdef', 'grad(logdet(kron(A, X)), X)', 'tr(I(m))*inv(X)'],
  ['X : matrix(n, n)\nA : matrix(m, m)', 'grad(sum(kron(A, X)), X)', "sum(A)*ones(n)*ones(n)'"],
  ['X : matrix(n, n)\nA : matrix(m, m)', 'grad(tr(kron(A, X)*kron(A, X)), X)', "2*tr(A^2)*X'"],
];

describe('gradients through kron', () => {
  for (const [decls, query, expected] of CASES) test(`${query} = ${expected}`, () => expectAnswer(`${decls}\n${query}`, expected));

  test('a gradient that needs a reshaping is an error that says so', () => {
    const results = new Session().run('X : matrix(n, n)\nA : matrix(m, m)\ngrad(sum(kron(A, X) .* kron(A, X)), X)');
    const r = results[results.length - 1]!;
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.diagnostic.message).toMatch(/reshaping/);
  });
});
