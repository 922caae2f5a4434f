// Issue 15: answers through definitions (K := ...) that were numerically wrong. Each program is
// checked against central differences of f at random points (definitions evaluate to their
// bodies), never by its printed form alone; a few also pin the printed form the fix gives.

import { describe, expect, test } from 'vitest';
import { Matrix } from 'ml-matrix';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { freeSymbols } from '../../src/expr/leaves.js';
import { print } from '../../src/print/index.js';
import { jsonLine } from '../../src/cli/output.js';
import { spawnSync } from 'node:child_process';

function lastValue(program: string): ValueResult {
  const results = new Session().run(program);
  const r = results[results.length - 1];
  expect(r?.kind, r?.kind === 'error' ? r.diagnostic.message : '').toBe('value');
  return r as ValueResult;
}

/** The derivative agrees with finite differences at 3 random points. */
function expectRight(program: string): ValueResult {
  const r = lastValue(program);
  const check = checkResult(r, 3, 11);
  expect(check.ok, `${print(r.result, 'plain')}: relative error ${check.relativeError}`).toBe(true);
  return r;
}

const WRONG_BEFORE = [
  // a definition folded back in where it shares a factor with its surroundings
  "r, g : vector(m); K := (g'*r)*r; jacobian(K, r)",
  "u, r : vector(n); V := u*r'*u; hessian(u'*V, u)",
  "v : vector(n); R : matrix(n, n); V := v*(v'*R)*v; hessian(v'*V, v)",
  // norm, abs and sqrt definitions lost a power
  'x : vector(n); K := norm(x); jacobian(x/K, x)',
  'x : vector(n); K := norm(x); hessian(K, x)',
  "x, y : vector(n); K := norm(x); grad(y'*x/K, x)",
  "r : vector(m); V := sqrt(r'*r); jacobian(r/V, r)",
  "r : vector(m); V := sqrt(r'*r); hessian(V, r)",
  "z : vector(m); f := abs(z'*z); hessian(f, z)",
  'X : matrix(n, n) invertible; U := norm(X*X); grad(sqrt(U), X)',
  'X : matrix(n, n) invertible; U := norm(X*X); grad(inv(U), X)',
  // a scalar definition taken for its powers: U + U^2 became 3*U^2
  "r, y : vector(m); U := exp(r'*y); jacobian(y*(U + U^2), r)",
  "r : vector(m); U := det(I + r*r'); grad(U + U^2, r)",
  // found by the property test with definitions: a sum folded by V := U^2 repeated a term
  // (4*V + 2*V), and the fold of U kept only one of its coefficients
  'a, b : scalar; U := a - 3*b; V := U^2; W := 2*(a + V - 3*b)*U; grad(W, a)',
  // ended in an internal error
  'x : vector(n); A : matrix(n, n); K := sigmoid(x) .* (A*x + x); hessian(sum(sqrt(K .* (K ./ sigmoid(K/sum(K))))), x)',
];

describe('derivatives through definitions are right (issue 15)', () => {
  test.each(WRONG_BEFORE)('%s', (program) => {
    expectRight(program);
  });

  test('the fixes print the textbook forms', () => {
    expect(print(expectRight("r, g : vector(m); K := (g'*r)*r; jacobian(K, r)").result, 'plain')).toBe("g'*r*I + r*g'");
    expect(print(expectRight('x : vector(n); K := norm(x); jacobian(x/K, x)').result, 'plain')).toBe("I/K - x*x'/K^3");
    expect(print(expectRight("r, y : vector(m); U := exp(r'*y); jacobian(y*(U + U^2), r)").result, 'plain')).toBe("(1 + 2*U)*U*y*y'");
  });

  test('simplify keeps the value of an expression that shares a factor with a definition', () => {
    const r = lastValue("x, g : vector(n); K := (g'*x)*x; simplify((g'*x)*g)");
    const e = new Session().run("x, g : vector(n); (g'*x)*g")[0] as ValueResult;
    for (const seed of [1, 2, 3]) {
      const p = randomPoint(freeSymbols(e.result), mulberry32(seed));
      const want = evaluate(e.result, p);
      expect(Matrix.sub(evaluate(r.result, p), want).norm()).toBeLessThan(1e-9 * Math.max(1, want.norm()));
    }
    expect(print(r.result, 'plain')).not.toContain('K');
  });
});

describe('Jacobians through the diagonal of a product (refused before; found by the property test)', () => {
  test.each([
    'u : vector(n); f := logdet(diag(u)); hessian(f*f, u)',
    'u : vector(n); A, B : matrix(n, n); jacobian(diag(A*diag(u)*B), u)',
    "u, v : vector(n); A, B : matrix(n, n); jacobian(diag(A*u*v'*B + B*diag(u)), u)",
  ])('%s', (program) => {
    expectRight(program);
  });
});

describe('1 x 1 variables and sizes (issue 15)', () => {
  test('a gradient by a vector(1) or matrix(1, 1) has the variable\'s declared shape', () => {
    const results = new Session().run("x : vector(1); A : matrix(1, 1); grad(x'*A*x, x); grad(x'*A*x, A); hessian(x'*A*x, x)");
    expect(results.map((r) => (r as ValueResult).shape)).toEqual([[1], [1, 1], [1, 1]]);
    for (const r of results) expect(checkResult(r as ValueResult, 2, 5).ok).toBe(true);
  });

  test('the JSON numpy of a gradient by a vector(1) or matrix(1, 1) has that shape in NumPy', () => {
    const results = new Session().run("x : vector(1); A : matrix(1, 1); grad(x'*A*x, x); grad(x'*A*x, A)");
    const code = results.map((r) => JSON.parse(jsonLine(r as ValueResult)).numpy as string);
    const script = `import numpy as np\nx = np.array([0.7]); A = np.array([[1.3]])\nfor c in ${JSON.stringify(code)}:\n    v = eval(c)\n    print(np.shape(v), round(float(np.ravel(v)[0]), 9))`;
    const out = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    // d(x'Ax)/dx = 2*A*x = 1.82, d/dA = x*x' = 0.49
    expect(out.stdout.trim().split('\n')).toEqual(['(1,) 1.82', '(1, 1) 0.49']);
  });

  test('a size must be a declared dimension', () => {
    const [r] = new Session().run("x : vector(n); grad(ones(m)'*ones(m)*x'*x, x)");
    expect(r?.kind).toBe('error');
    if (r?.kind === 'error') {
      expect(r.diagnostic.message).toMatch(/unknown dimension m/);
      expect([r.diagnostic.line, r.diagnostic.column]).toEqual([1, 26]);
    }
    const [ok] = new Session().run("x : vector(n); u : vector(m); grad(ones(m)'*u*x'*x + tr(I(n)), x)");
    expect(ok?.kind).toBe('value');
  });
});
