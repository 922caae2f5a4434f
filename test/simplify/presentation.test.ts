// Answers written the way a person writes them: definitions kept, common factors out, square
// roots, quotients cancelled. Each is also checked numerically.

import { describe, expect, test } from 'vitest';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { print } from '../../src/print/index.js';

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['a definition inside a longer chain', 'A, B, C, X : matrix(n, n)\nK := A*B\ngrad(tr(K*X*C), X)', "K'*C'"],
  ['a definition inside a sum', 'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nr := A*x - b\ngrad(norm(r)^2 + norm(x)^2, x)', "2*A'*r + 2*x"],
  ['a square root', "x, y : vector(n)\ngrad((x'*y)^(1/2), x)", "y/2/sqrt(x'*y)"],
  ['the sign that leaves the inner sum positive', "x, mu : vector(n)\nS : matrix(n, n) posdef\ngrad((x - mu)'*inv(S)*(x - mu), x)", '2*inv(S)*(x - mu)'],
  ['a common factor beside a 1 x 1 product', "x : vector(n)\nA, B : matrix(n, n)\ngrad(x'*A*x*x'*B*x, x)", "(A + A')*x*x'*B*x + (B + B')*x*x'*A*x"],
  ['quotients cancel: the logistic loss', "W : matrix(m, n)\nx : vector(n)\nb, y : vector(m)\ngrad(-y'*log(sigmoid(W*x + b)) - (ones(m) - y)'*log(ones(m) - sigmoid(W*x + b)), W)", "(sigmoid(b + W*x) - y)*x'"],
  ['a common Hadamard factor', 'X : matrix(p, n)\nw : vector(n)\nhessian(sum(softplus(X*w)), w)', "X'*diag((ones(p) - sigmoid(X*w)) .* sigmoid(X*w))*X"],
  ['terms over a common denominator cancel', "x, a : vector(n)\nhessian(log(1 + exp(a'*x)), x)", "exp(a'*x)*a*a'/(1 + exp(a'*x))^2"],
  ['inverse of a product of invertible matrices', 'X, A, B : matrix(n, n) invertible\ngrad(det(A*X*B), X)', "det(A*X*B)*inv(X')"],
];

describe('presentation', () => {
  for (const [name, program, expected] of CASES) {
    test(name, () => {
      const results = new Session().run(program);
      const r = results[results.length - 1] as ValueResult;
      expect(r.kind).toBe('value');
      expect(checkResult(r, 3, 23).ok).toBe(true);
      expect(print(r.result, 'plain')).toBe(expected);
    });
  }
});
