// Small structural predicates and orderings used by the normal form (src/simplify/normal.ts).

import * as B from '../expr/build.js';
import { Q, compareExpr, isScalarShape, SYMMETRIC, type Expr } from '../expr/index.js';

/** Of two equal forms, the one with fewer transposes, then the first in the canonical order. */
export function preferred(a: Expr, b: Expr): boolean {
  const ta = transposes(a);
  const tb = transposes(b);
  return ta !== tb ? ta < tb : compareExpr(a, b) < 0;
}

const transposeCounts = new WeakMap<Expr, number>();
export function transposes(e: Expr): number {
  let n = transposeCounts.get(e);
  if (n === undefined) {
    n = (e.kind === 'transpose' ? 1 : 0) + e.args.reduce((s, a) => s + transposes(a), 0);
    transposeCounts.set(e, n);
  }
  return n;
}

const hasDiffMemo = new WeakMap<Expr, boolean>();
export function hasDiff(e: Expr): boolean {
  let r = hasDiffMemo.get(e);
  if (r === undefined) hasDiffMemo.set(e, (r = e.kind === 'diff' || e.args.some(hasDiff)));
  return r;
}

/** Known to be >= 0 whatever the values: norms, absolute values, exponentials, square roots. */
export function isNonNegative(e: Expr): boolean {
  return e.kind === 'norm' || (e.kind === 'fn' && (e.name === 'abs' || e.name === 'exp' || e.name === 'sqrt'));
}

/** ones(n), or ones(m)*ones(n)' */
export function isAllOnes(e: Expr): boolean {
  if (e.kind === 'ones') return true;
  return e.kind === 'mul' && Q.isOne(e.coef) && e.nScalars === 0 && e.args.length === 2 &&
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
  return { coef: t.coef, scalars: t.args.slice(0, t.nScalars), chain: t.args.slice(t.nScalars) };
}

/** t = c * monomial, with the monomial's coefficient 1. */
export function splitCoefficient(t: Expr): [Q.Rational, Expr] {
  if (t.kind === 'num') return [t.value, B.ONE];
  if (t.kind !== 'mul' || Q.isOne(t.coef)) return [Q.ONE, t];
  return [t.coef, B.mul(...t.args)];
}

/** e with only the size-neutral clean-ups: (A')' = A, S' = S for a symmetric S, inv(inv(A)) = A. */
export function tidy(e: Expr, memo = new Map<Expr, Expr>()): Expr {
  const hit = memo.get(e);
  if (hit) return hit;
  let out = e.args.length ? B.withArgs(e, e.args.map((a) => tidy(a, memo))) : e;
  const [a] = out.args;
  if (out.kind === 'transpose' && a && (a.kind === 'transpose' || a.props & SYMMETRIC || isScalarShape(a.shape))) out = a.kind === 'transpose' ? a.args[0]! : a;
  else if (out.kind === 'inv' && a?.kind === 'inv') out = a.args[0]!;
  memo.set(e, out);
  return out;
}

/** t is N ./ D, or a multiple of one. */
export function hasQuotient(t: Expr): boolean {
  return t.kind === 'hdiv' || (t.kind === 'mul' && t.args.some((a) => a.kind === 'hdiv'));
}
