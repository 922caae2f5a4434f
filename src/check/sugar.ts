// Functions that are written out in core operations as they are checked, so that their
// derivatives follow from the rules of those operations (each checked numerically in
// test/lang/functions.test.ts):
//   logsumexp(v) = log(sum(exp(v)))      d = softmax(v)'*d(v)
//   softmax(v)   = exp(v)/sum(exp(v))    d = (diag(s) - s*s')*d(v), s = softmax(v)
//   norm(x, 1)   = sum(abs(x)),  norm(x, 2) = norm(x)   (vectors)
//   X .^ p       = X .* ... .* X (integer p), sqrt(X) (p = 1/2), exp(p*log(X)) otherwise (X > 0)
// The generated Python computes softmax and logsumexp stably (src/codegen/lower.ts finds the
// written-out forms: exp(v - logsumexp(v)), and logsumexp with the largest entry shifted out).

import * as B from '../expr/build.js';
import { Q, isScalarShape, shapeText, type Expr, type Shape } from '../expr/index.js';
import { fail } from './errors.js';
import type { Span } from '../parse/ast.js';

/** The all-ones array of a shape: ones(n), ones(n)', or ones(m)*ones(n)'. */
export function allOnes(s: Shape): Expr {
  if (s.cols === 1) return B.ones(s.rows);
  if (s.rows === 1) return B.transpose(B.ones(s.cols));
  return B.mul(B.ones(s.rows), B.transpose(B.ones(s.cols)));
}

const isVector = (s: Shape): boolean => s.cols === 1 || s.rows === 1;

export function logsumexp(v: Expr): Expr {
  return B.fn('log', B.unary('sum', B.fn('exp', v)));
}

export function softmax(v: Expr, text: string, span: Span): Expr {
  if (!isVector(v.shape) || isScalarShape(v.shape)) fail(`softmax takes a vector, but ${text} is ${shapeText(v.shape)}`, span);
  const e = B.fn('exp', v);
  return B.mul(e, B.pow(B.unary('sum', e), B.MINUS_ONE));
}

/** norm(x, p) for p = 1 or 2. For a matrix both names are ambiguous (induced or entrywise), so
 * the error says what to write. */
export function pNorm(x: Expr, p: Expr, text: string, pSpan: Span): Expr {
  const order = p.kind === 'num' && Q.isInteger(p.value) ? Number(p.value.n) : undefined;
  if (order !== 1 && order !== 2) return fail('norm(x, p) takes p = 1 or p = 2', pSpan);
  if (!isVector(x.shape)) {
    const entrywise = order === 1 ? `sum(abs(${text}))` : `norm(${text})`;
    return fail(`norm(${text}, ${order}) of a matrix would be an induced norm, which mcalc does not have; the entrywise norm is ${entrywise}`, pSpan);
  }
  return order === 1 ? B.unary('sum', B.fn('abs', x)) : B.unary('norm', x);
}

/** The largest integer exponent written out as a Hadamard product. */
const LARGEST_HADAMARD_POWER = 64;

export function elementwisePower(x: Expr, p: Expr, pText: string, pSpan: Span): Expr {
  if (!isScalarShape(p.shape)) fail(`the exponent ${pText} of .^ must be a scalar`, pSpan);
  if (isScalarShape(x.shape)) return B.pow(x, p);
  if (p.kind !== 'num') return B.fn('exp', B.mul(p, B.fn('log', x)));
  const r = p.value;
  if (Q.isInteger(r)) {
    const k = Number(r.n);
    if (Math.abs(k) > LARGEST_HADAMARD_POWER) fail(`the elementwise power ${k} is too large (at most ${LARGEST_HADAMARD_POWER})`, pSpan);
    if (k === 0) return allOnes(x.shape);
    const power = Math.abs(k) === 1 ? x : B.hadamard(...Array<Expr>(Math.abs(k)).fill(x));
    return k > 0 ? power : B.hdiv(allOnes(x.shape), power);
  }
  if (Q.isOne(Q.mul(r, Q.rat(2)))) return B.fn('sqrt', x);
  return B.fn('exp', B.mul(p, B.fn('log', x)));
}
