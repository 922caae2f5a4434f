// Golden tests of the LaTeX printer, and KaTeX (throwOnError) renders every output: the goldens
// and random well-typed expressions from test/support/arbitrary.ts.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import katex from 'katex';
import {
  sym, mul, add, neg, transpose, inv, unary, pow, mpow, num, Q, identity, zero, ones, fn, hadamard, hdiv,
  kron, diff, shape, SCALAR, type Expr, type Sym,
} from '../../src/expr/index.js';
import { printLatex, texName } from '../../src/print/index.js';
import { arbExpr, arbScope, SHAPES } from '../support/arbitrary.js';
import { x, y, a, A, B, X, W, alpha, beta, s, half, recip, norm, det, tr, seed1, seed2 } from './fixtures.js';

const renders = (tex: string): string => katex.renderToString(tex, { throwOnError: true });

const cases: [string, Expr, string][] = [
  ['seed Q2', seed2, '\\alpha K^{-1} y y^\\top K^{-1} x - \\alpha D K^{-1} x'],
  ['seed Q1', seed1, 'W r x^\\top + W x r^\\top'],
  ['coefficient', mul(num(2), x), '2 x'],
  ['fraction coefficient', mul(half, x), '\\frac{1}{2} x'],
  ['division by a norm', mul(x, transpose(x), pow(norm(x), num(-3))), '\\frac{x x^\\top}{\\lVert x \\rVert^{3}}'],
  ['Frobenius norm', mul(X, recip(norm(X))), '\\frac{X}{\\lVert X \\rVert_{F}}'],
  ['coefficient and denominator', mul(num(Q.rat(-2, 3)), x, recip(beta)), '-\\frac{2 x}{3 \\beta}'],
  ['a lone reciprocal', recip(alpha), '\\frac{1}{\\alpha}'],
  ['a negative power', pow(s, num(-2)), '\\frac{1}{s^{2}}'],
  ['a square root', pow(s, half), '\\sqrt{s}'],
  ['another fractional power', pow(s, num(Q.rat(3, 2))), 's^{\\frac{3}{2}}'],
  ['sum in a product', mul(add(A, transpose(A)), x), '\\left(A + A^\\top\\right) x'],
  ['transpose of an inverse: no double superscript', transpose(inv(A)), '\\left(A^{-1}\\right)^\\top'],
  ['double transpose', transpose(transpose(x)), '\\left(x^\\top\\right)^\\top'],
  ['matrix powers', mpow(A, -2), 'A^{-2}'],
  ['power of a power', pow(pow(s, num(2)), alpha), '\\left(s^{2}\\right)^{\\alpha}'],
  ['operators', add(det(A), unary('logdet', A), tr(A)), '\\det\\left(A\\right) + \\log\\det\\left(A\\right) + \\operatorname{tr}\\left(A\\right)'],
  ['sum and diag', mul(unary('sum', A), unary('diagm', x)), '\\operatorname{sum}\\left(A\\right) \\operatorname{diag}\\left(x\\right)'],
  ['elementwise', hdiv(hadamard(x, y), a), '\\left(x \\odot y\\right) \\oslash a'],
  ['kron', kron(A, B), 'A \\otimes B'],
  ['functions', add(fn('exp', alpha), fn('sqrt', beta), fn('abs', s), fn('sigmoid', s)),
    '\\left\\lvert s \\right\\rvert + \\sqrt{\\beta} + \\exp\\left(\\alpha\\right) + \\operatorname{sigmoid}\\left(s\\right)'],
  ['differential', neg(mul(inv(X), diff(X as Sym), inv(X))), '-X^{-1}\\, \\mathrm{d}X\\, X^{-1}'],
  ['identity, ones, zero', add(mul(alpha, identity('n')), mul(x, transpose(ones('n')))), '\\alpha I + x \\mathbf{1}^\\top'],
  ['a lone identity', mul(alpha, identity('n')), '\\alpha I_{n}'],
  ['the trace of an identity', mul(tr(identity('n')), x), '\\operatorname{tr}\\left(I_{n}\\right) x'],
  ['zero', zero(shape('m', 'n')), '0'],
  ['two numbers meet', mul(num(2), pow(num(3), s)), '2 \\cdot 3^{s}'],
  ['rows of W', mul(transpose(W), W), 'W^\\top W'],
];

const names: [string, string][] = [
  ['alpha', '\\alpha'], ['Omega', '\\Omega'], ['Alpha', '\\mathrm{A}'], ['omicron', 'o'], ['x', 'x'],
  ['x1', 'x_{1}'], ['x_1', 'x_{1}'], ['alpha2', '\\alpha_{2}'], ['x_max', 'x_{\\mathrm{max}}'],
  ['xy', '\\mathrm{xy}'], ['_x', '\\mathrm{\\_x}'], ['x_', '\\mathrm{x\\_}'], ['W12', 'W_{12}'],
];

describe('printLatex', () => {
  test.each(cases)('%s', (_, e, expected) => {
    expect(printLatex(e)).toBe(expected);
    expect(() => renders(printLatex(e))).not.toThrow();
  });
  test.each(names)('name %s', (name, expected) => {
    expect(texName(name)).toBe(expected);
    expect(() => renders(printLatex(sym(name, SCALAR)))).not.toThrow();
  });
  test('every Greek name renders', () => {
    const greek = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(' ');
    for (const g of [...greek, ...greek.map((n) => n[0]!.toUpperCase() + n.slice(1))]) {
      expect(() => renders(texName(g)), g).not.toThrow();
    }
  });
  test('random expressions render with KaTeX', () => {
    const scope = arbScope();
    const anyShape = fc.oneof(...SHAPES.map((sh) => arbExpr(scope, sh, 4)));
    fc.assert(fc.property(anyShape, (e) => {
      renders(printLatex(e));
    }), { numRuns: 500 });
  });
});
