// The number of leaves of an expression's plain form (names and numbers count 1; the corpus's
// size measure), computed from the structure on demand and memoised per node, rather than by
// the node constructors. It follows the plain printer's spelling (src/print/plain.ts): a
// coefficient 1 or -1 has no leaf, 1/3 is the one leaf of `/3`, 2/3 two; a reciprocal a^-1 or
// a^(-1/2) written `/a` or `/sqrt(a)` has no exponent leaf, but a product of reciprocals alone
// is written `1/a/b`; sqrt(s) has no exponent leaf, s^(1/3) two; A^k one.

import * as Q from './rational.js';
import type { Expr } from './node.js';
import { bottomUp } from './walk.js';

const counts = new WeakMap<Expr, number>();

/** The leaves of e's plain form. */
export function leafCount(e: Expr): number {
  return bottomUp(e, counts, ownLeaves);
}

/** e's leaves, its arguments' being known. */
function ownLeaves(e: Expr): number {
  if (e.args.length === 0) return 1;
  switch (e.kind) {
    case 'mul': return productLeaves(e.coef, e.scalars, e.chain);
    case 'pow': {
      const exponent = e.args[1]!;
      return counts.get(e.args[0]!)! + (exponent.kind === 'num' ? exponentLeaves(exponent.value) : counts.get(exponent)!);
    }
    case 'mpow': return counts.get(e.args[0]!)! + 1;
    default: return e.args.reduce((n, a) => n + counts.get(a)!, 0);
  }
}

const numericExponent = (s: Expr): Q.Rational | undefined => (s.kind === 'pow' && s.args[1]!.kind === 'num' ? s.args[1].value : undefined);

/** Whether s is written behind a `/` without an exponent of its own: a^-1 as `/a`, a^(-1/2) as `/sqrt(a)`. */
function isPlainReciprocal(s: Expr): boolean {
  const e = numericExponent(s);
  return e !== undefined && (Q.equals(e, Q.MINUS_ONE) || Q.equals(e, Q.rat(-1, 2)));
}

function productLeaves(coef: Q.Rational, scalars: readonly Expr[], chain: readonly Expr[]): number {
  const absolute = Q.abs(coef);
  const coefLeaves = Q.isOne(absolute) ? 0 : Q.isTerminating(coef) || absolute.n === 1n ? 1 : 2;
  const reciprocals = scalars.filter(isPlainReciprocal).length;
  const denominators = scalars.filter((f) => {
    const e = numericExponent(f);
    return e !== undefined && Q.isNegative(e);
  }).length;
  const onlyDenominators = chain.length === 0 && denominators === scalars.length && absolute.n === 1n;
  let size = coefLeaves - reciprocals + (onlyDenominators ? 1 : 0);
  for (const a of scalars) size += counts.get(a)!;
  for (const a of chain) size += counts.get(a)!;
  return size;
}

/** The leaves of a numeric exponent standing alone: none for sqrt(s), two for s^(1/3), else one (`1/s`, `s^-0.5`, `s^2`). */
function exponentLeaves(e: Q.Rational): number {
  if (Q.equals(e, Q.rat(1, 2))) return 0;
  return Q.isTerminating(e) ? 1 : 2;
}
