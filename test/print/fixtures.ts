// Symbols and the seed answers shared by the printer tests, built with the core constructors.

import {
  sym, def, mul, add, sub, transpose, inv, unary, pow, num, identity, Q, shape, SCALAR, POSDEF,
  type Expr, type Sym,
} from '../../src/expr/index.js';

export const n = shape('n', 1);
export const x = sym('x', n);
export const y = sym('y', n);
export const a = sym('a', n);
export const b = sym('b', n);
export const A = sym('A', shape('n', 'n'));
export const B = sym('B', shape('n', 'n'));
export const S = sym('S', shape('n', 'n'), POSDEF);
export const X = sym('X', shape('n', 'n'));
export const W = sym('W', shape('m', 'n'));
export const alpha = sym('alpha', SCALAR);
export const beta = sym('beta', SCALAR);
export const D = sym('D', SCALAR);
export const s = sym('s', SCALAR);

export const half = num(Q.rat(1, 2));
export const minusOne = num(-1);
export const recip = (e: Expr): Expr => pow(e, minusOne);
export const norm = (e: Expr): Expr => unary('norm', e);
export const det = (e: Expr): Expr => unary('det', e);
export const tr = (e: Expr): Expr => unary('tr', e);

/** Seed Q2: K := alpha*x*x' + inv(beta)*I, answer alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x. */
export const K = def('K', add(mul(alpha, x, transpose(x)), mul(recip(beta), identity('n'))));
export const seed2 = sub(
  mul(alpha, inv(K), y, transpose(y), inv(K), x),
  mul(alpha, D, inv(K), x),
);

/** Seed Q1: r := W'*W*x - x, answer W*r*x' + W*x*r'. */
export const r = def('r', sub(mul(transpose(W), W, x), x));
export const seed1 = add(mul(W, r, transpose(x)), mul(W, x, transpose(r)));

/** Every symbol above, and the program that declares them and defines K and r. */
export const SYMBOLS: Sym[] = [x, y, a, b, A, B, S, X, W, alpha, beta, D, s] as Sym[];
export const PROGRAM = [
  'x, y, a, b : vector(n)', 'A, B, X : matrix(n, n)', 'S : matrix(n, n) posdef', 'W : matrix(m, n)',
  'alpha, beta, D, s : scalar', "K := alpha*x*x' + inv(beta)*I", "r := W'*W*x - x",
].join('\n');
