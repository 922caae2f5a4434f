// Gradients and differentials of the Matrix Cookbook (15 November 2012), each checked
// numerically and in its textbook form (the Cookbook's, up to an equal way of writing it).

import { describe, expect, test } from 'vitest';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { print } from '../../src/print/index.js';

const CASES: ReadonlyArray<readonly [string, string, string, string]> = [
  // [Cookbook equation, declarations, query, textbook answer]
  ['(43) d ln det X', 'X : matrix(n, n) invertible', 'differential(logdet(X), X)', 'tr(inv(X)*d(X))'],
  ['(40) d X^-1', 'X : matrix(n, n) invertible', 'differential(inv(X), X)', '-inv(X)*d(X)*inv(X)'],
  ['(42) d det X', 'X : matrix(n, n) invertible', 'differential(det(X), X)', 'det(X)*tr(inv(X)*d(X))'],
  ['(37) d XY', 'X : matrix(m, n)', "differential(X'*X, X)", "d(X)'*X + X'*d(X)"],
  ['(49) det X', 'X : matrix(n, n) invertible', 'grad(det(X), X)', "det(X)*inv(X')"],
  ['(51) det AXB', 'X, A, B : matrix(n, n) invertible', 'grad(det(A*X*B), X)', "det(A*X*B)*inv(X')"],
  ['(57) ln det X', 'X : matrix(n, n) invertible', 'grad(logdet(X), X)', "inv(X')"],
  ['(61) a\'X^-1 b', 'X : matrix(n, n) invertible\na, b : vector(n)', "grad(a'*inv(X)*b, X)", "-inv(X')*a*b'*inv(X')"],
  ['(63) tr(A X^-1 B)', 'X : matrix(n, n) invertible\nA, B : matrix(n, n)', 'grad(tr(A*inv(X)*B), X)', "-inv(X')*A'*B'*inv(X')"],
  ['(69) x\'a', 'x, a : vector(n)', "grad(x'*a, x)", 'a'],
  ['(70) a\'Xb', 'a : vector(m)\nb : vector(n)\nX : matrix(m, n)', "grad(a'*X*b, X)", "a*b'"],
  ['(71) a\'X\'b', 'a : vector(n)\nb : vector(m)\nX : matrix(m, n)', "grad(a'*X'*b, X)", "b*a'"],
  ['(72) a\'Xa', 'a : vector(n)\nX : matrix(n, n)', "grad(a'*X*a, X)", "a*a'"],
  ['(77) b\'X\'Xc', 'X : matrix(m, n)\nb, c : vector(n)', "grad(b'*X'*X*c, X)", "X*(b*c' + c*b')"],
  ['(81) x\'Bx', 'x : vector(n)\nB : matrix(n, n)', "grad(x'*B*x, x)", "(B + B')*x"],
  ['(84) (Ax+b)\'C(Dx+e)... C symmetric, A = D', 'x : vector(n)\nA : matrix(m, n)\nb : vector(m)\nC : matrix(m, m) symmetric', "grad((A*x + b)'*C*(A*x + b), x)", "2*A'*C*(A*x + b)"],
  ['(100) tr(AX)', 'A : matrix(m, n)\nX : matrix(n, m)', 'grad(tr(A*X), X)', "A'"],
  ['(101) tr(AXB)', 'A : matrix(p, m)\nX : matrix(m, n)\nB : matrix(n, p)', 'grad(tr(A*X*B), X)', "A'*B'"],
  ['(103) tr(X\'A)', 'X, A : matrix(m, n)', "grad(tr(X'*A), X)", 'A'],
  ['(105) tr(X^2)', 'X : matrix(n, n)', 'grad(tr(X^2), X)', "2*X'"],
  ['(107) tr(X\'BX)', 'X : matrix(m, n)\nB : matrix(m, m)', "grad(tr(X'*B*X), X)", "(B + B')*X"],
  ['(111) tr(XBX\')', 'X : matrix(m, n)\nB : matrix(n, n)', "grad(tr(X*B*X'), X)", "X*(B + B')"],
  ['(112) tr(AXBX)', 'X, A, B : matrix(n, n)', 'grad(tr(A*X*B*X), X)', "A'*X'*B' + B'*X'*A'"],
  ['(113) tr(X\'X)', 'X : matrix(m, n)', "grad(tr(X'*X), X)", '2*X'],
  ['(121) tr(X^k)', 'X : matrix(n, n)', 'grad(tr(X^3), X)', "3*X'^2"],
  ['(126) tr(X\'BXC)', 'X : matrix(m, n)\nB : matrix(m, m)\nC : matrix(n, n)', "grad(tr(X'*B*X*C), X)", "B'*X*C' + B*X*C"],
  ['(129) tr(A X^-1)... with A = I', 'X : matrix(n, n) invertible', 'grad(tr(inv(X)), X)', "-inv(X')^2"],
  ['(130) squared Frobenius norm', 'X : matrix(m, n)', 'grad(norm(X)^2, X)', '2*X'],
];

describe('Matrix Cookbook identities in textbook form', () => {
  for (const [eq, decls, query, textbook] of CASES) {
    test(`${eq}: ${query} = ${textbook}`, () => {
      const results = new Session().run(`${decls}\n${query}`);
      const r = results[results.length - 1] as ValueResult;
      expect(r.kind, (r as { diagnostic?: { message: string } }).diagnostic?.message).toBe('value');
      expect(checkResult(r, 3, 17).ok).toBe(true);
      expect(print(r.result, 'plain')).toBe(textbook);
    });
  }
});
