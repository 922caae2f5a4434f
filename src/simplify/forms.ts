// Small structural predicates and orderings used by the normal form (src/simplify/normal.ts).

import * as B from '../expr/build.js';
import { Q, compareExpr, isScalarShape, SYMMETRIC, type Expr } from '../expr/index.js';
import { bottomUp } from '../expr/walk.js';

/** Of two equal forms, the one with fewer transposes, then the first in the canonical order. */
export function preferred(a: Expr, b: Expr): boolean {
  const ta = transposes(a);
  const tb = transposes(b);
  return ta !== tb ? ta < tb : compareExpr(a, b) < 0;
}

const transposeCounts = new WeakMap<Expr, number>();
/** How many transposes e holds (counted per occurrence, memoised per node). */
export function transposes(e: Expr): number {
  return bottomUp(e, transposeCounts, (x) => (x.kind === 'transpose' ? 1 : 0) + x.args.reduce((s, a) => s + transposeCounts.get(a)!, 0));
}

/** The factors of a Hadamard product (a single factor for anything else). */
export const hadamardFactors = (e: Expr): readonly Expr[] => (e.kind === 'hadamard' ? e.args : [e]);

/** Known to be >= 0 whatever the values: norms, absolute values, exponentials, square roots. */
export function isNonNegative(e: Expr): boolean {
  return e.kind === 'norm' || (e.kind === 'fn' && (e.name === 'abs' || e.name === 'exp' || e.name === 'sqrt'));
}

/** ones(n), or ones(m)*ones(n)' */
export function isAllOnes(e: Expr): boolean {
  if (e.kind === 'ones') return true;
  return e.kind === 'mul' && Q.isOne(e.coef) && e.scalars.length === 0 && e.args.length === 2 &&
    e.args[0]!.kind === 'ones' && e.args[1]!.kind === 'transpose' && e.args[1]!.args[0]!.kind === 'ones';
}

/** A term as coefficient * scalar factors * matrix chain. */
export interface ProductParts {
  readonly coef: Q.Rational;
  readonly scalars: readonly Expr[];
  readonly chain: readonly Expr[];
}

export function productParts(t: Expr): ProductParts {
  if (t.kind === 'num') return { coef: t.value, scalars: [], chain: [] };
  if (t.kind !== 'mul') return { coef: Q.ONE, scalars: [], chain: [t] };
  return { coef: t.coef, scalars: t.scalars, chain: t.chain };
}

/** t = c * monomial, with the monomial's coefficient 1. */
export function splitCoefficient(t: Expr): [Q.Rational, Expr] {
  if (t.kind === 'num') return [t.value, B.ONE];
  if (t.kind !== 'mul' || Q.isOne(t.coef)) return [Q.ONE, t];
  return [t.coef, B.mul(...t.args)];
}

/** e with only the size-neutral clean-ups: (A')' = A, S' = S for a symmetric S, inv(inv(A)) = A. */
export function tidy(e: Expr): Expr {
  const memo = new Map<Expr, Expr>();
  return bottomUp(e, memo, (x) => {
    const out = x.args.length ? B.withArgs(x, x.args.map((a) => memo.get(a)!)) : x;
    const [a] = out.args;
    if (out.kind === 'transpose' && a && (a.kind === 'transpose' || a.props & SYMMETRIC || isScalarShape(a.shape))) return a.kind === 'transpose' ? a.args[0]! : a;
    if (out.kind === 'inv' && a?.kind === 'inv') return a.args[0]!;
    return out;
  });
}

/** t is N ./ D, or a multiple of one. */
export function hasQuotient(t: Expr): boolean {
  return t.kind === 'hdiv' || (t.kind === 'mul' && t.args.some((a) => a.kind === 'hdiv'));
}

/** a .* (-b) = -(a .* b), diag(-v) = -diag(v): the signs of negated arguments of e, in front. */
export function signOutside(e: Expr, args: readonly Expr[]): Expr {
  let negative = false;
  const unsigned = args.map((a) => {
    if (a.kind !== 'mul' || a.args.length !== 1 || !Q.equals(a.coef, Q.MINUS_ONE)) return a;
    negative = !negative;
    return a.args[0]!;
  });
  const out = B.withArgs(e, unsigned);
  return negative ? B.mul(B.MINUS_ONE, out) : out;
}
