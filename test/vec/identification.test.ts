// Jacobians and Hessians by matrices (issue 10), read off the differential by Magnus &
// Neudecker's identification theorems: each answer is checked against central differences at
// random points (J*vec(V) against vec of the directional derivative, vec(V)'*H*vec(W) against
// the mixed second difference; test/support/answer.ts) and in its textbook form.

import { describe, expect, test } from 'vitest';
import { Matrix } from 'ml-matrix';
import { Session, type StatementResult } from '../../src/engine/session.js';
import * as B from '../../src/expr/build.js';
import { verifyAt } from '../../src/numeric/check.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { assignDims, leavesOf, randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { expectAnswer } from '../support/answer.js';
import { checkResult } from '../../src/engine/check.js';

const DECLS = 'X, Y : matrix(m, n)\nA : matrix(p, m)\nB : matrix(n, q)\nC : matrix(m, m)\nD : matrix(p, n)\nS : matrix(n, n) invertible\nP : matrix(n, n) posdef\nW : matrix(m, n)\nR : matrix(p, n)\nx : vector(n)\ny : vector(m)';

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
  // a chain rule by a weight matrix stays one product (read off the factored differential)
  ['jacobian(tanh(C*tanh(X*x)), X)', "(I - diag(tanh(C*tanh(X*x)) .* tanh(C*tanh(X*x))))*C*(I - diag(tanh(X*x) .* tanh(X*x)))*kron(x', I(m))"],
  ["jacobian(X*x, x)", 'X'],
  // the other linear operations of the reader: diag both ways, a scalar factor, a norm
  ['jacobian(diag(S), S)', "kron(ones(n)', I(n))*diag(vec(I(n)))"],
  ['jacobian(diag(x), x)', 'diag(vec(I(n)))*kron(ones(n), I(n))'],
  ['jacobian(sum(X)*X, X)', "sum(X)*I + vec(X)*vec(ones(m)*ones(n)')'"],
  ["jacobian(tr(S)*S', S)", "tr(S)*commutation(n, n) + vec(S')*vec(I(n))'"],
  ['jacobian(X/norm(X), X)', "I/norm(X) - vec(X)*vec(X)'/norm(X)^3"],
];

const HESSIANS: ReadonlyArray<readonly [string, string]> = [
  ["hessian(tr(X'*C*X), vec(X))", "kron(I(n), C + C')"],
  ['hessian(norm(W)^2, vec(W))', '2*kron(I(m), I(n))'],
  ['hessian(logdet(S), vec(S))', "-commutation(n, n)*kron(inv(S'), inv(S))"],
  ["hessian(logdet(S'*S), vec(S))", "-2*commutation(n, n)*kron(inv(S'), inv(S))"],
  // M&N's log det(X'X) for a tall X of full column rank (p = 5 rows, n = 4 columns at the checks)
  ["hessian(logdet(R'*R), vec(R))", "2*(kron(inv(R'*R), I(p)) - kron(inv(R'*R), R*inv(R'*R))*(I + commutation(n, n))*kron(I(n), R'))"],
  ['hessian(tr(S^3), vec(S))', "3*commutation(n, n)*(kron(I(n), S) + kron(S', I(n)))"],
  ['hessian(tr(S^2), vec(S))', '2*commutation(n, n)'],
];

describe('jacobians by matrices (first identification theorem)', () => {
  for (const [query, expected] of JACOBIANS) test(`${query} = ${expected}`, () => expectAnswer(`${DECLS}\n${query}`, expected));
});

describe('hessians by vec of a matrix (second identification theorem)', () => {
  for (const [query, expected] of HESSIANS) test(`${query} = ${expected}`, () => expectAnswer(`${DECLS}\n${query}`, expected));
});

describe('gradients through kron (item 4)', () => {
  const KRON = 'X : matrix(n, n)\nA : matrix(m, m)\nB : matrix(p, p)\nx : vector(m*p)';
  test('a vec identity removes kron: tr(kron(A, X)) = tr(A)*tr(X)', () => expectAnswer(`${KRON}\ngrad(tr(kron(A, X)), X)`, 'tr(A)*I(n)'));
  test("a quadratic form in kron(A, B): x'*kron(A, B)*x", () => expectAnswer(`${KRON}\ngrad(x'*kron(A, B)*x, x)`, "(kron(A', B') + kron(A, B))*x"));
  test("its Hessian", () => expectAnswer(`${KRON}\nhessian(x'*kron(A, B)*x, x)`, "kron(A', B') + kron(A, B)"));
  test('by vec(X) a gradient that kron keeps is the transposed first-identification row', () => {
    const r = lastResult(`${KRON}\ngrad(sum(kron(A, X) .* kron(A, X)), vec(X))`);
    expect(r.kind === 'value' && r.shape).toEqual(['n*n']);
    expect(r.kind === 'value' && checkResult(r).ok).toBe(true);
  });
  test('a Hessian by vec(X) through such a kron: the Jacobian of the vec-form gradient', () => {
    expectAnswer(`${KRON}\nhessian(tr(kron(A, X)*kron(A, X)), vec(X))`, '2*tr(A^2)*commutation(n, n)');
    // sum((A ⊗ X) .* (A ⊗ X)) = norm(A)^2*norm(X)^2: K(m, n)*K(n, m) = I and norm(vec(A)) = norm(A) on the way
    expectAnswer(`${KRON}\nhessian(sum(kron(A, X) .* kron(A, X)), vec(X))`, '2*norm(A)^2*kron(I(n), I(n))');
  });
  test('by X itself it is an error that points to the vec form and to jacobian', () => {
    expect(errorOf(`${KRON}\ngrad(sum(kron(A, X) .* kron(A, X)), X)`)).toMatch(/grad\(f, vec\(X\)\) or jacobian\(f, X\)/);
  });
});

describe('refused forms', () => {
  test('hessian(f, X) by a matrix stays an error (LANGUAGE.md, bad-hessian-matrix) and names hessian(f, vec(X))', () => {
    const message = errorOf("X : matrix(n, n)\nhessian(tr(X'*X), X)");
    expect(message).toMatch(/hessian is defined for a vector variable only/);
    expect(message).toMatch(/hessian\(f, vec\(X\)\)/);
  });
  test('a quotient by the variable is read: its differential has d(X) in numerators only', () => {
    expectAnswer('X, A : matrix(m, n)\njacobian(A ./ X, X)', '-diag(vec(A) ./ vec(X .* X))');
  });
  test('vec takes one argument and commutation two dimensions', () => {
    expect(errorOf('X : matrix(m, n)\nvec(X, X)')).toMatch(/vec takes 1 argument/);
    expect(errorOf('X : matrix(m, n)\ncommutation(m, q)')).toMatch(/unknown dimension q/);
    expect(errorOf('X : matrix(m, n)\ncommutation(X + X, n)')).toMatch(/a size must be a dimension name/);
  });
});

describe('symmetric matrix variables (LANGUAGE.md: directions V symmetric)', () => {
  const SYM = 'P : matrix(n, n) posdef';
  test('the logdet Hessian by a symmetric P acts rightly on symmetric directions', () => {
    // on a symmetric V, K*vec(V) = vec(V): -kron(inv(P), inv(P)) and -K*kron(inv(P), inv(P)) agree
    // there, and the checks draw symmetric directions; no symmetrised Cookbook (138)-(141) form
    expectAnswer(`${SYM}\nhessian(logdet(P), vec(P))`, '-kron(inv(P), inv(P))');
  });
  test('the Jacobian of P by itself is the identity, not a duplication-matrix form', () => {
    expectAnswer(`${SYM}\njacobian(P, P)`, 'kron(I(n), I(n))');
  });
  test('a Hessian by a symmetric S is the symmetric part of the Jacobian of the gradient', () => {
    // the Jacobian of the gradient A'*S' + S'*A' would be kron(A, I) + kron(I, A'): right on
    // symmetric directions but not a symmetric matrix, which the second identification asks for
    const program = 'S : matrix(n, n) symmetric\nA : matrix(n, n)\nhessian(tr(A*S*S), vec(S))';
    expectAnswer(program, "(kron(A + A', I(n)) + kron(I(n), A + A'))/2");
    expectSymmetric(program);
  });
  test('jacobian(P*P, P) is checked on symmetric directions', () => {
    expectAnswer(`${SYM}\njacobian(P*P, P)`, 'kron(I(n), P) + kron(P, I(n))');
  });
});

describe('a wrong Jacobian or Hessian fails the check', () => {
  test('kron(A, B\') for A*X*B is caught, as is a Hessian missing its commutation matrix', () => {
    const right = lastResult(`${DECLS}\njacobian(A*X*B, X)`);
    if (right.kind !== 'value' || !right.derivation) throw new Error('no derivation');
    const d = right.derivation;
    const A = d.f.kind === 'mul' ? d.f.chain[0]! : d.f;
    const Bm = d.f.kind === 'mul' ? d.f.chain[2]! : d.f;
    expect(verifyAt('jacobian', d.f, d.variable, d.result).ok).toBe(true);
    expect(verifyAt('jacobian', d.f, d.variable, B.kron(Bm, B.transpose(A))).ok).toBe(false);
    const h = lastResult('S : matrix(n, n) invertible\nhessian(logdet(S), vec(S))');
    if (h.kind !== 'value' || !h.derivation) throw new Error('no derivation');
    const S = h.derivation.variable;
    expect(verifyAt('hessian', h.derivation.f, S, B.neg(B.kron(B.transpose(B.inv(S)), B.inv(S)))).ok).toBe(false);
  });
});

describe('a Hessian by vec(X) is symmetric', () => {
  for (const [query] of HESSIANS) test(query, () => expectSymmetric(`${DECLS}\n${query}`));
});

/** The result of the program's last query, evaluated at a random point, is a symmetric matrix. */
function expectSymmetric(program: string): void {
  const r = lastResult(program);
  if (r.kind !== 'value') throw new Error(r.diagnostic.message);
  const leaves = leavesOf([r.result]);
  const point = randomPoint(leaves.symbols, mulberry32(3), Object.fromEntries(assignDims(leaves.dims)));
  const h = evaluate(r.result, point);
  expect(Matrix.sub(h, h.transpose()).norm()).toBeLessThan(1e-9 * (1 + h.norm()));
}

function lastResult(program: string): StatementResult {
  const results = new Session().run(program);
  return results[results.length - 1]!;
}

function errorOf(program: string): string {
  const r = lastResult(program);
  return r.kind === 'error' ? r.diagnostic.message : 'no error';
}
