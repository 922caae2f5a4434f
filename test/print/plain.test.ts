// Golden tests of the plain printer: the conventions of LANGUAGE.md section 2, the fewest
// parentheses the precedence allows, and the corpus references printed back exactly.

import { describe, expect, test } from 'vitest';
import {
  sym, mul, add, sub, neg, transpose, inv, unary, pow, mpow, num, Q, identity, zero, ones, fn, hadamard, hdiv,
  kron, diff, shape, SCALAR, type Expr, type Sym,
} from '../../src/expr/index.js';
import { printPlain } from '../../src/print/index.js';
import { x, y, a, b, A, B, X, W, alpha, beta, s, half, recip, norm, det, tr, seed1, seed2 } from './fixtures.js';

const cases: [string, Expr, string][] = [
  ['seed Q1', seed1, "W*r*x' + W*x*r'"],
  ['seed Q2', seed2, "alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x"],
  ['integer coefficient', mul(num(2), x), '2*x'],
  ['negation', neg(x), '-x'],
  ['half: the denominator behind, one leaf fewer than 1/2*x', mul(half, x), 'x/2'],
  ['terminating coefficient as one decimal', mul(num(Q.rat(3, 2)), x), '1.5*x'],
  ['other fractions', mul(num(Q.rat(2, 3)), x), '2*x/3'],
  ['negative fraction', mul(num(Q.rat(-1, 3)), x), '-x/3'],
  ['positive terms first', add(neg(a), b, neg(x)), 'b - a - x'],
  ['all negative', add(neg(a), neg(b)), '-a - b'],
  ['sum in a product', mul(add(A, transpose(A)), x), "(A + A')*x"],
  ['transpose of a product', transpose(mul(A, B)), "(A*B)'"],
  ['transpose of a sum', transpose(add(A, B)), "(A + B)'"],
  ['transpose of a negation', transpose(neg(A)), "(-A)'"],
  ['negated transpose', neg(transpose(mul(inv(X), A, inv(X)))), "-(inv(X)*A*inv(X))'"],
  ['negated scalar product', neg(mul(transpose(x), y)), "-x'*y"],
  ['scalar product scales', mul(mul(transpose(x), y), A), "x'*y*A"],
  ['two scalar products', mul(mul(transpose(x), y), mul(transpose(a), b)), "a'*b*x'*y"],
  ['power of a negated product', pow(neg(mul(transpose(x), y)), num(2)), "(-x'*y)^2"],
  ['reciprocal norm', mul(X, recip(norm(X))), 'X/norm(X)'],
  ['negative power behind /', mul(x, transpose(x), pow(norm(x), num(-3))), "x*x'/norm(x)^3"],
  ['one / per factor', mul(x, recip(alpha), recip(beta)), 'x/alpha/beta'],
  ['a lone reciprocal', recip(alpha), '1/alpha'],
  ['a reciprocal of a sum', mul(x, recip(add(alpha, beta))), 'x/(alpha + beta)'],
  ['a reciprocal of a scalar product', mul(x, recip(mul(transpose(x), y))), "x/(x'*y)"],
  ['reciprocal with a coefficient', mul(num(-2), recip(alpha)), '-2/alpha'],
  ['inverse', inv(A), 'inv(A)'],
  ['matrix power', mpow(A, 3), 'A^3'],
  ['negative matrix power', mpow(A, -2), 'inv(A)^2'],
  ['transpose of a matrix power', transpose(mpow(A, 2)), "(A^2)'"],
  ['power of a transpose', mpow(transpose(A), 2), "A'^2"],
  ['transpose of an inverse', transpose(inv(A)), "inv(A)'"],
  ['double transpose', transpose(transpose(x)), "x''"],
  ['scalar power', pow(s, num(2)), 's^2'],
  ['a power 1/2 as a square root', pow(s, half), 'sqrt(s)'],
  ['a power -1/2 as a division', mul(x, pow(s, num(Q.rat(-1, 2)))), 'x/sqrt(s)'],
  ['negative power alone', pow(s, num(-2)), 's^-2'],
  ['non-terminating exponent', pow(s, num(Q.rat(1, 3))), 's^(1/3)'],
  ['negative non-terminating exponent', pow(s, num(Q.rat(-1, 3))), 's^(-1/3)'],
  ['symbolic exponent', pow(s, alpha), 's^alpha'],
  ['compound exponent', pow(s, add(alpha, beta)), 's^(alpha + beta)'],
  ['power of a power', pow(pow(s, num(2)), alpha), '(s^2)^alpha'],
  ['power of a sum', mul(pow(add(alpha, beta), num(2)), x), '(alpha + beta)^2*x'],
  ['power binds tighter than minus', neg(pow(alpha, num(2))), '-alpha^2'],
  ['negative number base', pow(num(-2), s), '(-2)^s'],
  ['functions', add(det(A), unary('logdet', A), tr(A), norm(x), unary('sum', A)), 'det(A) + logdet(A) + norm(x) + sum(A) + tr(A)'],
  ['diag both ways', mul(unary('diagm', x), unary('diagv', A)), 'diag(x)*diag(A)'],
  ['kron', kron(A, x), 'kron(A, x)'],
  ['hadamard and division', hdiv(hadamard(x, y), a), '(x .* y) ./ a'],
  ['elementwise operands are bracketed', hadamard(mul(num(2), x), y), '(2*x) .* y'],
  ['a product of an elementwise product', mul(num(2), hadamard(x, y)), '2*(x .* y)'],
  ['negated elementwise product', neg(hadamard(x, y)), '-(x .* y)'],
  ['difference of an elementwise product', sub(a, hadamard(x, y)), 'a - x .* y'],
  ['elementwise functions', fn('exp', mul(transpose(a), x)), "exp(a'*x)"],
  ['differential', neg(mul(inv(X), diff(X as Sym), inv(X))), '-inv(X)*d(X)*inv(X)'],
  ['ones', ones('n'), 'ones(n)'],
  ['zero', zero(shape('n', 'n')), '0'],
  ['rational constant', add(mul(transpose(x), y), num(Q.rat(-1, 3))), "x'*y - 1/3"],
  ['decimal constant', add(mul(transpose(x), y), num(Q.rat(1, 4))), "0.25 + x'*y"],
];

const identityCases: [string, Expr, string][] = [
  ['a term of a sum is sized by the other term', add(A, identity('n')), 'A + I'],
  ['a scaled term too', add(mul(alpha, x, transpose(x)), mul(recip(beta), identity('n'))), "alpha*x*x' + I/beta"],
  ['a factor of a chain', mul(identity('n'), x), 'I*x'],
  ['alone', identity('n'), 'I(n)'],
  ['scaled alone', mul(alpha, identity('n')), 'alpha*I(n)'],
  ['under a function', inv(add(A, identity('n'))), 'inv(A + I)'],
  ['in a kron', kron(identity('n'), x), 'kron(I(n), x)'],
  ['two identities size nothing', add(identity('n'), mul(num(2), identity('n'))), 'I(n) + 2*I(n)'],
  ['in a sum that is a factor', mul(sub(identity('n'), mul(x, transpose(x))), A), "(I - x*x')*A"],
  ['a numeric size', identity(3), 'I(3)'],
];

describe('printPlain', () => {
  test.each(cases)('%s', (_, e, expected) => expect(printPlain(e)).toBe(expected));
  describe('identity', () => {
    test.each(identityCases)('%s', (_, e, expected) => expect(printPlain(e)).toBe(expected));
  });
});

// The public corpus references (shared/corpus/public.jsonl), built as nodes: each prints back
// as the reference, or (where the sum is ordered differently) with the same leaves.
const w = sym('w', shape('n', 1));
const c = sym('c', shape('n', 1));
const yp = sym('y', shape('p', 1));
const Xp = sym('X', shape('p', 'n'));
const gamma = sym('gamma', SCALAR);
const ident = identity('n');
const references: [string, Expr, string][] = [
  ['cb-xTa', a, 'a'],
  ['cb-xTAx', mul(add(A, transpose(A)), x), "(A + A')*x"],
  ['cb-xTAx-sym', mul(num(2), A, x), '2*A*x'],
  ['cb-aTXb', mul(a, transpose(b)), "a*b'"],
  ['cb-trAX', transpose(A), "A'"],
  ['cb-trAXB', mul(transpose(A), transpose(B)), "A'*B'"],
  ['cb-trXAXT', mul(X, add(A, transpose(A))), "X*(A + A')"],
  ['cb-trinvXA', neg(transpose(mul(inv(X), A, inv(X)))), "-(inv(X)*A*inv(X))'"],
  ['cb-det', mul(det(X), transpose(inv(X))), "det(X)*inv(X)'"],
  ['cb-logdet', transpose(inv(X)), "inv(X)'"],
  ['cb-dinv', neg(mul(inv(X), diff(X as Sym), inv(X))), '-inv(X)*d(X)*inv(X)'],
  ['cb-ddet', mul(det(X), tr(mul(inv(X), diff(X as Sym)))), 'det(X)*tr(inv(X)*d(X))'],
  ['cb-dXTX', add(mul(transpose(diff(X as Sym)), X), mul(transpose(X), diff(X as Sym))), "d(X)'*X + X'*d(X)"],
  ['cb-normsq', mul(num(2), x), '2*x'],
  ['cb-lsq', mul(num(2), transpose(W), sub(mul(W, x), sym('b', shape('m', 1)))), "2*W'*(W*x - b)"],
  ['cb-frob', mul(X, recip(norm(X))), 'X/norm(X)'],
  ['cb-xTinvAx', mul(num(2), inv(A), x), '2*inv(A)*x'],
  ['cb-bTXTXc', mul(X, add(mul(b, transpose(c)), mul(c, transpose(b)))), "X*(b*c' + c*b')"],
  ['jac-normalize', mul(sub(ident, mul(x, transpose(x), pow(norm(x), num(-2)))), recip(norm(x))), "(I - x*x'/norm(x)^2)/norm(x)"],
  ['jac-scaled', mul(num(2), a, transpose(x)), "2*a*x'"],
  ['hess-exp-linear', mul(fn('exp', mul(transpose(a), x)), a, transpose(a)), "exp(a'*x)*a*a'"],
  ['ml-ridge', add(mul(num(2), transpose(Xp), sub(mul(Xp, w), yp)), mul(num(2), gamma, w)), "2*gamma*w + 2*X'*(X*w - y)"],
];

describe('corpus references', () => {
  test.each(references)('%s', (_, e, expected) => expect(printPlain(e)).toBe(expected));
});
