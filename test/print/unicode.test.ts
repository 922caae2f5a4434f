// Golden tests of the Unicode printer: juxtaposition, `·` only where needed, superscripts,
// ‖x‖, |A|, log|A|, ⊙ ⊘ ⊗, dX, − for minus.

import { describe, expect, test } from 'vitest';
import {
  sym, mul, add, sub, neg, transpose, inv, unary, pow, mpow, num, Q, identity, zero, ones, fn, hadamard, hdiv,
  kron, diff, shape, SCALAR, type Expr, type Sym,
} from '../../src/expr/index.js';
import { printUnicode } from '../../src/print/index.js';
import { x, y, a, A, B, X, alpha, beta, D, s, half, recip, norm, det, tr, seed1, seed2 } from './fixtures.js';

const x1 = sym('x1', shape('n', 1));
const Omega = sym('Omega', shape('n', 'n'));
const lam = sym('lambda', SCALAR);

const cases: [string, Expr, string][] = [
  ['seed Q2', seed2, 'αK⁻¹yyᵀK⁻¹x − αDK⁻¹x'],
  ['seed Q1', seed1, 'Wrxᵀ + Wxrᵀ'],
  ['Greek capitals and lambda', mul(lam, Omega, x), 'λΩx'],
  ['numbers juxtapose with letters', mul(num(2), x), '2x'],
  ['fractions', mul(half, x), 'x/2'],
  ['other fractions', mul(num(Q.rat(2, 3)), alpha, x), '2αx/3'],
  ['negative', neg(mul(alpha, x)), '−αx'],
  ['multi-letter names are separated', mul(alpha, x1), 'α·x1'],
  ['both sides', mul(x1, transpose(x1)), 'x1·x1ᵀ'],
  ['a letter after a function', mul(tr(A), x), 'tr(A)x'],
  ['a function after a letter', mul(alpha, tr(A)), 'α·tr(A)'],
  ['a letter after a function call', mul(fn('exp', mul(transpose(a), x)), a, transpose(a)), 'exp(aᵀx)aaᵀ'],
  ['two bars', mul(det(A), norm(x)), '|A|·‖x‖'],
  ['a number before a function', mul(num(2), tr(A)), '2tr(A)'],
  ['sum in a product', mul(add(A, transpose(A)), x), '(A + Aᵀ)x'],
  ['transpose of a product', transpose(mul(A, B)), '(AB)ᵀ'],
  ['transpose of a power', transpose(mpow(A, 2)), '(A²)ᵀ'],
  ['powers', add(mpow(A, 3), mpow(A, -2)), 'A⁻² + A³'],
  ['inverse transposed', transpose(inv(A)), 'A⁻¹ᵀ'],
  ['division by a norm', mul(x, transpose(x), pow(norm(x), num(-3))), 'xxᵀ/‖x‖³'],
  ['two denominators', mul(x, recip(alpha), recip(beta)), 'x/(αβ)'],
  ['a lone reciprocal', recip(alpha), '1/α'],
  ['scalar powers', add(pow(s, num(2)), pow(s, num(-2)), pow(s, half)), 's⁻² + √s + s²'],
  ['a symbolic exponent', pow(s, alpha), 's^α'],
  ['det and logdet', add(det(A), unary('logdet', A)), '|A| + log|A|'],
  ['norm, sum, diag', add(norm(x), unary('sum', A), unary('sum', unary('diagm', x))), '‖x‖ + sum(A) + sum(diag(x))'],
  ['elementwise', hdiv(hadamard(x, y), add(a, y)), '(x ⊙ y) ⊘ (a + y)'],
  ['kron', kron(A, B), 'A ⊗ B'],
  ['a kron in a product', mul(kron(A, B), kron(x, y)), '(A ⊗ B)(x ⊗ y)'],
  ['differential', neg(mul(inv(X), diff(X as Sym), inv(X))), '−X⁻¹ dX X⁻¹'],
  ['identity and ones', add(mul(alpha, identity('n')), mul(x, transpose(ones('n')))), 'αI + x𝟏ᵀ'],
  // nothing beside it sizes the identity: Iₙ, as the plain form writes I(n)
  ['a lone identity', mul(alpha, identity('n')), 'αIₙ'],
  ['a lone identity of a size with no subscript letter', identity('q'), 'I(q)'],
  // nor does anything inside tr(...) or diag(...), even beside a self-sized factor
  ['the trace of an identity', mul(tr(identity('n')), x), 'tr(Iₙ)x'],
  ['zero', zero(shape('n', 'n')), '0'],
  ['a number before ones', mul(num(2), ones('n')), '2·𝟏'],
  ['difference of scalars', sub(mul(transpose(x), y), mul(D, num(3))), 'xᵀy − 3D'],
];

describe('printUnicode', () => {
  test.each(cases)('%s', (_, e, expected) => expect(printUnicode(e)).toBe(expected));
});
