// Property inference from structure (LANGUAGE.md section 1): x*x', A'*A and
// alpha*x*x' + inv(beta)*I are symmetric; sums and scalings of symmetric matrices are
// symmetric; posdef implies symmetric and invertible, orthogonal implies invertible.

import * as Q from './rational.js';
import type { Rational } from './rational.js';
import { SYMMETRIC, POSDEF, DIAGONAL, ORTHOGONAL, INVERTIBLE, type Expr } from './node.js';
import { isScalarShape, isSquareShape } from './shape.js';

export function normaliseProps(p: number): number {
  if (p & POSDEF) p |= SYMMETRIC | INVERTIBLE;
  if (p & ORTHOGONAL) p |= INVERTIBLE;
  if (p & DIAGONAL) p |= SYMMETRIC;
  return p;
}

export function inferSumProps(terms: readonly Expr[]): number {
  let p = SYMMETRIC | DIAGONAL;
  for (const t of terms) p &= t.props;
  if (!(p & SYMMETRIC) && pairsUpWithTransposes(terms)) p |= SYMMETRIC;
  // a sum of positive definite terms (or posdef plus positive semidefinite x*x') stays posdef
  if (terms.every((t) => t.props & POSDEF || isGramLike(t)) && terms.some((t) => t.props & POSDEF)) p |= POSDEF;
  return normaliseProps(p);
}

/** A + A', B*C + C'*B': every term that is not symmetric meets its own transpose. */
function pairsUpWithTransposes(terms: readonly Expr[]): boolean {
  const set = new Set(terms);
  return terms.every((t) => t.props & SYMMETRIC || [...set].some((u) => u !== t && isTransposeOf(u, t)));
}

/** u = t' structurally: the same coefficient and scalars, the chain reversed and transposed. */
function isTransposeOf(u: Expr, t: Expr): boolean {
  if (t.kind !== 'mul' || u.kind !== 'mul') return isTransposePair(t, u) && t !== u;
  if (!Q.equals(t.coef, u.coef) || t.scalars.length !== u.scalars.length || t.args.length !== u.args.length) return false;
  for (let i = 0; i < t.scalars.length; i++) if (t.args[i] !== u.args[i]) return false;
  const tc = t.chain;
  const uc = u.chain;
  return tc.every((f, i) => isTransposePair(f, uc[uc.length - 1 - i]!));
}

/** c*x*x' or c*A'*A with c > 0 and no other scalar factors: positive semidefinite. */
function isGramLike(t: Expr): boolean {
  if (t.kind !== 'mul' || t.scalars.length > 0 || Q.isNegative(t.coef)) return false;
  const chain = t.args;
  return chain.length === 2 && isTransposePair(chain[0]!, chain[1]!);
}

/** b is the transpose of a (structurally), or both are the same symmetric matrix. */
export function isTransposePair(a: Expr, b: Expr): boolean {
  if (b.kind === 'transpose' && b.args[0] === a) return true;
  if (a.kind === 'transpose' && a.args[0] === b) return true;
  return a === b && (a.props & SYMMETRIC) !== 0;
}

export function inferProductProps(coef: Rational, scalars: readonly Expr[], chain: readonly Expr[]): number {
  if (chain.length === 0) return SYMMETRIC | DIAGONAL;
  let p = 0;
  if (isPalindrome(chain)) p |= SYMMETRIC;
  const square = chain.every((c) => isSquareShape(c.shape) && !isScalarShape(c.shape));
  if (square) {
    let all = DIAGONAL | ORTHOGONAL | INVERTIBLE;
    for (const c of chain) all &= c.props;
    if (scalars.length > 0 || !Q.isOne(Q.abs(coef))) all &= ~ORTHOGONAL;
    if (scalars.length > 0) all &= ~INVERTIBLE; // a scalar symbol may be 0
    p |= all;
    if (chain.length === 1 && scalars.length === 0 && !Q.isNegative(coef)) p |= chain[0]!.props & POSDEF;
  }
  return normaliseProps(p);
}

/** c1 ... ck is symmetric when ck = c1', c(k-1) = c2', ... and a middle factor is symmetric. */
function isPalindrome(chain: readonly Expr[]): boolean {
  for (let i = 0, j = chain.length - 1; i <= j; i++, j--) {
    if (i === j) {
      if (!(chain[i]!.props & SYMMETRIC)) return false;
    } else if (!isTransposePair(chain[i]!, chain[j]!)) return false;
  }
  return true;
}
