// The numpy printer: golden code, and every case RUN by python3 with numpy against an
// independent numpy formula, with the strict shapes of LANGUAGE.md section 4 (vectors and rows
// 1-D, matrices 2-D, scalars floats). The plain text of each case is evaluated too, by the
// corpus's own parser. python3 and numpy are required: without them these tests fail.

import { describe, expect, test } from 'vitest';
import {
  sym, mul, add, sub, neg, transpose, inv, unary, pow, mpow, num, Q, identity, zero, ones, fn, hadamard, hdiv,
  kron, diff, shape, SCALAR, type Expr, type Sym,
} from '../../src/expr/index.js';
import { numpyExpression, numpyFunction, printPlain } from '../../src/print/index.js';
import { numericCheck } from './python.js';
import {
  x, y, a, b, A, B, S, X, W, alpha, beta, s, half, recip, norm, det, tr, seed1, seed2, SYMBOLS, PROGRAM,
} from './fixtures.js';

const lam = sym('lambda', SCALAR);
const dX = diff(X as Sym);

/** [name, expression, expected code, independent numpy formula for its value] */
const cases: [string, Expr, string, string][] = [
  ['seed Q2', seed2,
    'np.outer(alpha * np.linalg.inv(np.outer(alpha * x, x) + np.eye(n) / beta) @ y, y) @ np.linalg.inv(np.outer(alpha * x, x) + np.eye(n) / beta) @ x - alpha * D * np.linalg.inv(np.outer(alpha * x, x) + np.eye(n) / beta) @ x',
    '(lambda Ki: alpha * (y @ Ki @ x) * (Ki @ y) - alpha * D * (Ki @ x))(np.linalg.inv(alpha * np.outer(x, x) + np.eye(4) / beta))'],
  ['seed Q1', seed1, 'np.outer(W @ (W.T @ W @ x - x), x) + np.outer(W @ x, W.T @ W @ x - x)',
    '(lambda r: np.outer(W @ r, x) + np.outer(W @ x, r))(W.T @ (W @ x) - x)'],
  ['a 1 x 1 product is a float', mul(transpose(x), A, x), 'x @ A @ x', 'float(np.einsum("i,ij,j", x, A, x))'],
  ['it scales a matrix', mul(mul(transpose(x), y), A), 'x @ y * A', 'np.dot(x, y) * A'],
  ['a row is 1-D', mul(transpose(x), A), 'x @ A', 'A.T @ x'],
  ['a column times a row', mul(x, transpose(y), A), 'np.outer(x, y) @ A', 'x[:, None] * (A.T @ y)[None, :]'],
  ['a scalar chain prefix', mul(transpose(x), y, transpose(a)), 'x @ y * a', 'np.dot(x, y) * a'],
  ['division by a power', mul(x, transpose(x), pow(norm(x), num(-3))), 'np.outer(x, x) / np.linalg.norm(x) ** 3',
    'np.outer(x, x) / np.sqrt(np.sum(x * x)) ** 3'],
  ['normalisation jacobian', mul(sub(identity('n'), mul(x, transpose(x), pow(norm(x), num(-2)))), recip(norm(x))),
    '(np.eye(n) - np.outer(x, x) / np.linalg.norm(x) ** 2) / np.linalg.norm(x)',
    '(np.eye(4) - np.outer(x, x) / (x @ x)) / np.sqrt(x @ x)'],
  ['coefficients', mul(num(Q.rat(-3, 2)), alpha, A), '-3 * alpha * A / 2', '-1.5 * alpha * A'],
  ['transposes', add(transpose(A), transpose(mul(A, B))), 'A.T + (A @ B).T', 'A.T + B.T @ A.T'],
  ['inverse and powers', add(inv(S), mpow(S, -2), mpow(A, 3)),
    'np.linalg.matrix_power(A, 3) + np.linalg.inv(S) + np.linalg.matrix_power(S, -2)',
    'np.linalg.inv(S) + A @ A @ A + np.linalg.inv(S @ S)'],
  ['scalar functions of matrices', add(det(A), unary('logdet', S), tr(A), norm(A), unary('sum', A)),
    'np.linalg.det(A) + np.log(np.linalg.det(S)) + np.linalg.norm(A) + np.sum(A) + np.trace(A)',
    'np.linalg.det(A) + 2 * np.sum(np.log(np.diag(np.linalg.cholesky(S)))) + np.sqrt(np.sum(A * A)) + np.einsum("ij->", A) + np.einsum("ii", A)'],
  ['diag both ways', mul(unary('diagm', x), unary('diagv', A)), 'np.diag(x) @ np.diag(A)', 'x * A.diagonal()'],
  ['kron of a matrix and a column', kron(A, x), 'np.kron(A, np.reshape(x, (-1, 1)))',
    'np.block([[A[i, j] * x[:, None] for j in range(4)] for i in range(4)])'],
  ['kron of two columns is a vector', kron(x, y), 'np.kron(np.reshape(x, (-1, 1)), np.reshape(y, (-1, 1))).reshape(-1)',
    'np.array([x[i] * y[j] for i in range(4) for j in range(4)])'],
  ['kron of a column and a row', kron(x, transpose(y)), 'np.kron(np.reshape(x, (-1, 1)), np.reshape(y, (1, -1)))', 'np.outer(x, y)'],
  ['elementwise', hdiv(hadamard(x, y), add(a, b)), 'x * y / (a + b)', 'np.array([x[i] * y[i] / (a[i] + b[i]) for i in range(4)])'],
  ['sigmoid and softplus', add(fn('sigmoid', x), fn('softplus', y), fn('exp', a)), 'np.exp(a) + 1 / (1 + np.exp(-x)) + np.logaddexp(0, y)',
    'np.exp(a) + np.exp(x) / (1 + np.exp(x)) + np.log1p(np.exp(y))'],
  ['a differential', neg(mul(inv(X), dX, inv(X))), '-np.linalg.inv(X) @ dX @ np.linalg.inv(X)', '-np.linalg.solve(X, dX) @ np.linalg.inv(X)'],
  ['identity, ones, zeros', add(mul(alpha, identity('n')), mul(ones('n'), transpose(x)), zero(shape('n', 'n'))),
    'alpha * np.eye(n) + np.outer(np.ones(n), x)', 'alpha * np.eye(4) + np.tile(x, (4, 1))'],
  ['a zero matrix', zero(shape('m', 'n')), 'np.zeros((m, n))', 'np.zeros((3, 4))'],
  ['a zero row', zero(shape(1, 'n')), 'np.zeros(n)', 'np.zeros(4)'],
  ['numbers', add(mul(transpose(x), y), num(2), pow(s, half)), '2.0 + s ** 0.5 + x @ y', '2 + np.sqrt(s) + np.dot(x, y)'],
  ['a lone reciprocal and a negative power', add(recip(alpha), pow(beta, num(-2))), '1 / alpha + beta ** -2', '1 / alpha + 1 / beta ** 2'],
  ['a non-terminating fraction', mul(num(Q.rat(1, 3)), pow(s, num(Q.rat(1, 3)))), 's ** (1 / 3) / 3', 'np.cbrt(s) / 3'],
  ['negated product', neg(mul(W, add(A, B))), '-W @ (A + B)', '-(W @ A) - W @ B'],
  ['negated sum', neg(add(A, B)), '-(A + B)', '-A - B'],
];

describe('numpyExpression', () => {
  test.each(cases)('%s', (_, e, expected) => expect(numpyExpression(e)).toBe(expected));

  test('a symbol or definition named dX leaves the direction d(X) the name d_X, then delta_X', () => {
    // (the acceptance checker binds the direction as dX, d_X and delta_X)
    const named = (name: string): Expr => sym(name, X.shape);
    expect(numpyExpression(add(named('dX'), dX))).toBe('d_X + dX');
    expect(numpyExpression(add(named('dX'), named('d_X'), dX))).toBe('delta_X + d_X + dX');
  });

  test('a Python keyword is read from the namespace', () => {
    expect(numpyExpression(mul(lam, x))).toBe("(lambda: 0).__globals__['lambda'] * x");
  });

  test('every case evaluates to its independent formula (python3, numpy)', () => {
    // plain leaves beyond the node's size: a matrix power's exponent, a fraction that has no
    // terminating decimal (`(1/3)`)
    const extraLeaves: Record<string, number> = { 'inverse and powers': 2, 'a non-terminating fraction': 1 };
    const checked = cases.map(([id, e, , formula]) => ({
      id, expr: e, leaves: e.size + (extraLeaves[id] ?? 0), numpy: numpyExpression(e), formula, plain: printPlain(e),
      fn: { name: 'f', params: [...SYMBOLS.map((v) => v.name), 'dX'], code: numpyFunction('f', [...SYMBOLS.map((v) => v.name), 'dX'], e) },
    }));
    const lambdaCase = { id: 'lambda', expr: mul(lam, x), numpy: numpyExpression(mul(lam, x)), formula: '0.75 * x', values: { lambda: 0.75 } };
    const result = numericCheck({ symbols: SYMBOLS, program: PROGRAM, cases: [...checked, lambdaCase] });
    const failures = [...result].filter(([, errors]) => errors.length).map(([id, errors]) => `${id}: ${errors.join('; ')}`);
    expect(failures).toEqual([]);
    expect(result.size).toBe(cases.length + 1);
  });
});

describe('numpyFunction (planned by src/codegen)', () => {
  const lines = (code: string): string[] => code.slice(code.indexOf('\ndef f') + 1).split('\n');

  test('seed Q2: K with a diagonal add, one stacked solve, no inverse and no outer product times inv(K)', () => {
    const code = numpyFunction('grad_h', ['x', 'y', 'alpha', 'beta', 'D'], seed2);
    expect(code).toContain('def grad_h(x, y, alpha, beta, D):');
    expect(code).toContain('    K = _add_diag(np.outer(alpha * x, x), 1 / beta)');
    expect(code).toContain('np.linalg.solve(K, np.column_stack((');
    expect(code).not.toContain('np.linalg.inv');
    expect(code.match(/np\.outer/g)).toHaveLength(1);
  });

  test('seed Q1: W*x once, W\'*(W*x) instead of (W\'*W)*x', () => {
    const code = numpyFunction('f', ['W', 'x'], seed1);
    expect(lines(code).slice(-3)).toEqual(['    t1 = W @ x', '    r = W.T @ t1 - x', '    return np.outer(W @ r, x) + np.outer(t1, r)']);
  });

  test('a shared product gets a temporary; atoms and transposes of atoms do not', () => {
    const xy = mul(transpose(x), y);
    const e = add(mul(xy, A), mul(xy, transpose(B), B), mul(transpose(B), x));
    const code = numpyFunction('f', ['x', 'y', 'A', 'B'], e);
    expect(code).toContain('    t1 = x @ y\n');
    expect(code).not.toContain('t2 =');
  });

  test('a shared negative term is computed once and used with its sign', () => {
    const t = neg(mul(A, x));
    const code = numpyFunction('f', ['x', 'y', 'A'], hadamard(add(y, t), fn('exp', t)));
    expect(lines(code).slice(-2)).toEqual(['    t1 = A @ x', '    return (y - t1) * np.exp(-t1)']);
  });

  test('keywords are renamed, names never clash, a direction keeps its parameter', () => {
    const t1 = sym('t1', SCALAR);
    const shared = mul(transpose(x), A, x);
    const code = numpyFunction('f', ['lambda', 't1', 'x', 'A'], mul(lam, t1, shared, add(shared, num(1))));
    expect(lines(code)[0]).toBe('def f(lambda_, t1, x, A):');
    expect(code).toContain('    t2 = x @ (A @ x)');
    expect(numpyFunction('f', ['dX', 'd_X'], add(sym('dX', X.shape), dX))).toContain('def f(dX, d_X):');
  });
});
