// The finite-difference checks accept known-correct derivatives and reject wrong ones.

import { describe, expect, it } from 'vitest';
import {
  DIAGONAL, ORTHOGONAL, INVERTIBLE, SYMMETRIC, SCALAR, add, diff, fn, identity, inv, mpow, mul, neg, num, shape, sub, sym,
  transpose, unary, zero, Q, type Expr,
} from '../../src/expr/index.js';
import { checkDifferential, checkGradient, checkHessian, checkJacobian, verifyAt, TOLERANCE } from '../../src/numeric/check.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';

const a = sym('a', SCALAR);
const x = sym('x', shape('n', 1));
const A = sym('A', shape('n', 'n'));
const X = sym('X', shape('n', 'n'), INVERTIBLE);
const S = sym('S', shape('n', 'n'), SYMMETRIC);
const D = sym('D', shape('n', 'n'), DIAGONAL);
const Q_ = sym('Q', shape('n', 'n'), ORTHOGONAL);
const W = sym('W', shape('m', 'n'));

const tr = (e: Expr): Expr => unary('tr', e);
const xAx = mul(transpose(x), A, x);

describe('gradients', () => {
  it('accepts grad(x\'*A*x, x) = (A + A\')*x and rejects 2*A*x for a non-symmetric A', () => {
    const good = verifyAt('grad', xAx, x, mul(add(A, transpose(A)), x));
    expect(good.ok).toBe(true);
    expect(good.relativeError).toBeLessThan(1e-8);
    const bad = verifyAt('grad', xAx, x, mul(num(2), A, x));
    expect(bad.ok).toBe(false);
    expect(bad.relativeError).toBeGreaterThan(1e-2);
  });

  it('accepts grad(logdet(X), X) = inv(X)\' and rejects inv(X)', () => {
    const f = unary('logdet', X);
    expect(verifyAt('grad', f, X, transpose(inv(X))).ok).toBe(true);
    expect(verifyAt('grad', f, X, inv(X)).ok).toBe(false);
  });

  it('judges a symmetric variable along symmetric directions (the corpus convention)', () => {
    const f = tr(mul(A, S));
    const G = transpose(A);
    expect(verifyAt('grad', f, S, G).ok).toBe(true);
    expect(verifyAt('grad', f, S, mul(num(Q.rat(1, 2)), add(A, transpose(A)))).ok).toBe(true);
    // the Matrix Cookbook's 2G - diag(G) is wrong under this convention
    expect(verifyAt('grad', f, S, sub(mul(num(2), G), unary('diagm', unary('diagv', G)))).ok).toBe(false);
  });

  it('judges a diagonal variable along diagonal directions', () => {
    const f = tr(mul(A, D));
    expect(verifyAt('grad', f, D, transpose(A)).ok).toBe(true);
    expect(verifyAt('grad', f, D, unary('diagm', unary('diagv', A))).ok).toBe(true);
    expect(verifyAt('grad', f, D, identity('n')).ok).toBe(false);
  });

  it('judges an orthogonal variable along tangent directions: Q\'*Q is constant to first order', () => {
    expect(verifyAt('grad', tr(mul(transpose(Q_), Q_, A)), Q_, zero(Q_.shape)).ok).toBe(true);
    expect(verifyAt('grad', tr(mul(A, Q_)), Q_, A).ok).toBe(false);
    expect(verifyAt('grad', tr(mul(A, Q_)), Q_, transpose(A)).ok).toBe(true);
  });

  it('accepts a bare 0 for a zero gradient despite rounding noise, and rejects a wrong shape', () => {
    // x'*(A - A')*x is 0 for every x, but its computed values carry rounding errors
    const f = mul(transpose(x), sub(A, transpose(A)), x);
    expect(verifyAt('grad', f, x, num(0)).ok).toBe(true);
    // the same with a large f, and for the noisier second differences
    const large = add(num(1000), f);
    expect(verifyAt('grad', large, x, num(0)).ok).toBe(true);
    expect(verifyAt('hessian', large, x, zero(A.shape)).ok).toBe(true);
    const wrongShape = verifyAt('grad', xAx, x, mul(transpose(x), add(A, transpose(A))));
    expect(wrongShape.ok).toBe(false);
    expect(wrongShape.problem).toMatch(/gradient is 1 x 4, but 4 x 1 was expected/);
  });

  it('works for scalar and rectangular variables, and checks one point directly', () => {
    expect(verifyAt('grad', mul(a, a, fn('exp', a)), a, mul(add(mul(num(2), a), mul(a, a)), fn('exp', a))).ok).toBe(true);
    const f = tr(mul(transpose(W), W));
    expect(verifyAt('grad', f, W, mul(num(2), W)).ok).toBe(true);
    expect(verifyAt('grad', f, W, W).ok).toBe(false);
    const point = randomPoint([x, A], mulberry32(3));
    const r = checkGradient(xAx, x, mul(add(A, transpose(A)), x), point);
    expect(r).toMatchObject({ ok: true, tolerance: TOLERANCE });
  });
});

describe('rounding of large cancelling terms', () => {
  // f = y'*z does not depend on x: its gradient by x is 0. The answers below are
  // k*(x + z) - k*x - k*z for k = 1e7/3: zero, but evaluated to rounding of about 1e-9, far
  // above the fixed floor's 1e-11
  const y = sym('y', shape('n', 1));
  const z = sym('z', shape('n', 1));
  const k = Q.rat(10_000_000, 3);
  const cancelling = add(mul(num(k), add(x, z)), mul(num(Q.neg(k)), x), mul(num(Q.neg(k)), z));
  const f = mul(transpose(y), z);

  it('accepts a right answer whose terms cancel to rounding', () => {
    expect(verifyAt('grad', f, x, cancelling, { points: 5 }).ok).toBe(true);
    const df = add(...cancelling.args.map((t) => mul(transpose(t), diff(x))));
    expect(verifyAt('differential', f, x, df, { points: 5 }).ok).toBe(true);
  });

  it('still rejects an error of 1e-9 of the terms beside them', () => {
    const off = add(cancelling, mul(num(Q.rat(1, 100)), y));
    const r = verifyAt('grad', f, x, off, { points: 5 });
    expect(r.ok).toBe(false);
    expect(r.relativeError).toBeGreaterThan(1e-2);
  });
});

describe('jacobians, hessians, differentials', () => {
  it('jacobian(A*x, x) = A, not A\'; jacobian(exp(x), x) = diag(exp(x))', () => {
    expect(verifyAt('jacobian', mul(A, x), x, A).ok).toBe(true);
    expect(verifyAt('jacobian', mul(A, x), x, transpose(A)).ok).toBe(false);
    expect(verifyAt('jacobian', fn('exp', x), x, unary('diagm', fn('exp', x))).ok).toBe(true);
    const point = randomPoint([x, A], mulberry32(1));
    expect(checkJacobian(mul(A, x), x, mul(A, x), point).problem).toMatch(/jacobian is 4 x 1, but 4 x 4/);
  });

  it('hessian(x\'*A*x, x) = A + A\', not 2*A; hessian(sum(exp(x)), x) = diag(exp(x)), not I', () => {
    expect(verifyAt('hessian', xAx, x, add(A, transpose(A))).ok).toBe(true);
    expect(verifyAt('hessian', xAx, x, mul(num(2), A)).ok).toBe(false);
    const f = unary('sum', fn('exp', x));
    expect(verifyAt('hessian', f, x, unary('diagm', fn('exp', x))).ok).toBe(true);
    expect(verifyAt('hessian', f, x, identity('n')).ok).toBe(false);
    const point = randomPoint([x, A], mulberry32(2));
    expect(checkHessian(xAx, x, add(A, transpose(A)), point).ok).toBe(true);
  });

  it('a hessian check tells v\'*H*w from w\'*H*v: a non-symmetric H is caught', () => {
    // f = x'*S*x has hessian 2*S; adding A - A' leaves v'Hv unchanged but not v'Hw
    const f = mul(transpose(x), S, x);
    const skew = sub(A, transpose(A));
    expect(verifyAt('hessian', f, x, mul(num(2), S)).ok).toBe(true);
    expect(verifyAt('hessian', f, x, add(mul(num(2), S), skew)).ok).toBe(false);
  });

  it('d(inv(X)) = -inv(X)*d(X)*inv(X), not -inv(X)*inv(X)*d(X)', () => {
    const dX = diff(X);
    expect(verifyAt('differential', inv(X), X, neg(mul(inv(X), dX, inv(X)))).ok).toBe(true);
    expect(verifyAt('differential', inv(X), X, neg(mul(inv(X), inv(X), dX))).ok).toBe(false);
    const point = randomPoint([X], mulberry32(4));
    expect(checkDifferential(inv(X), X, neg(mul(inv(X), dX, inv(X))), point).ok).toBe(true);
    expect(checkDifferential(inv(X), X, unary('tr', dX), point).problem).toMatch(/differential is 1 x 1, but 4 x 4/);
  });

  it('d(X^2) = d(X)*X + X*d(X), not 2*X*d(X); a scalar f works too', () => {
    const dX = diff(X);
    expect(verifyAt('differential', mpow(X, 2), X, add(mul(dX, X), mul(X, dX))).ok).toBe(true);
    expect(verifyAt('differential', mpow(X, 2), X, mul(num(2), X, dX)).ok).toBe(false);
    expect(verifyAt('differential', unary('det', X), X, mul(unary('det', X), tr(mul(inv(X), dX)))).ok).toBe(true);
  });

  it('reports a differential in another variable as a problem', () => {
    const r = verifyAt('differential', mul(A, x), x, add(mul(A, diff(x)), mul(diff(A), x)));
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/no direction for d\(A\)/);
  });
});

describe('verifyAt', () => {
  it('is reproducible, takes the largest error, and honours points, seed and dims', () => {
    const wrong = mul(num(2), A, x);
    const r1 = verifyAt('grad', xAx, x, wrong, { points: 5, seed: 9 });
    const r2 = verifyAt('grad', xAx, x, wrong, { points: 5, seed: 9 });
    expect(r1).toEqual(r2);
    const first = verifyAt('grad', xAx, x, wrong, { points: 1, seed: 9 });
    expect(r1.relativeError).toBeGreaterThanOrEqual(first.relativeError);
    expect(verifyAt('grad', xAx, x, wrong, { dims: { n: 1 } }).ok).toBe(true); // 1 x 1: A = A'
  });

  it('fails cleanly where f is not finite', () => {
    const r = verifyAt('grad', fn('log', neg(unary('sum', x))), x, neg(fn('exp', x)));
    expect(r).toMatchObject({ ok: false, relativeError: Infinity, problem: 'f is not finite at the point' });
  });

  it('uses a relative scale: a large f with a right gradient passes, a slightly wrong one fails', () => {
    const big = mul(num(1e6), xAx);
    const G = mul(num(1e6), add(A, transpose(A)), x);
    expect(verifyAt('grad', big, x, G).ok).toBe(true);
    expect(verifyAt('grad', big, x, mul(num(Q.rat(10001, 10000)), G)).ok).toBe(false);
    expect(verifyAt('grad', mul(num(Q.rat(1, 10 ** 6)), xAx), x, mul(num(Q.rat(10001, 10 ** 10)), add(A, transpose(A)), x)).ok).toBe(false);
    expect(verifyAt('grad', xAx, x, mul(add(A, transpose(A)), x, num(Q.rat(1000001, 1000000)))).ok).toBe(true);
  });
});
