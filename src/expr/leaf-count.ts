// The number of leaves of an expression's plain form (names and numbers count 1; the corpus's
// size measure), the one place that knows it: intern (node.ts) stores it on each node as `size`
// from its arguments' sizes, so that the constructors need not know the measure. It follows the
// plain printer's spelling (src/print/plain.ts): a coefficient 1 or -1 has no leaf, 1/3 is the
// one leaf of `/3`, 2/3 two; a reciprocal a^-1 or a^(-1/2) written `/a` or `/sqrt(a)` has no
// exponent leaf, but a product of reciprocals alone is written `1/a/b`; sqrt(s) has no exponent
// leaf, s^(1/3) two; A^k one.

import * as Q from './rational.js';
import type { Expr } from './node.js';

/** The leaves of e's plain form, from its arguments' (their `size`). */
export function nodeLeaves(e: Expr): number {
  if (e.args.length === 0) return 1;
  switch (e.kind) {
    case 'mul': return productLeaves(e);
    case 'pow': {
      const exponent = e.args[1]!;
      return e.args[0]!.size + (exponent.kind === 'num' ? exponentLeaves(exponent.value) : exponent.size);
    }
    case 'mpow': return e.args[0]!.size + 1;
    default: {
      let size = 0;
      for (const a of e.args) size += a.size;
      return size;
    }
  }
}

const numericExponent = (s: Expr): Q.Rational | undefined => (s.kind === 'pow' && s.args[1]!.kind === 'num' ? s.args[1].value : undefined);

function productLeaves(e: Extract<Expr, { kind: 'mul' }>): number {
  const absolute = Q.abs(e.coef);
  let size = Q.isOne(absolute) ? 0 : Q.isTerminating(e.coef) || absolute.n === 1n ? 1 : 2;
  let denominators = 0;
  for (const a of e.chain) size += a.size;
  for (const a of e.scalars) {
    size += a.size;
    const exponent = numericExponent(a);
    if (exponent === undefined || !Q.isNegative(exponent)) continue;
    denominators++;
    // written behind a `/` without an exponent of its own
    if (Q.equals(exponent, Q.MINUS_ONE) || Q.equals(exponent, Q.rat(-1, 2))) size--;
  }
  const onlyDenominators = e.chain.length === 0 && denominators === e.scalars.length && absolute.n === 1n;
  return size + (onlyDenominators ? 1 : 0);
}

/** The leaves of a numeric exponent standing alone: none for sqrt(s), two for s^(1/3), else one (`1/s`, `s^-0.5`, `s^2`). */
function exponentLeaves(e: Q.Rational): number {
  if (Q.equals(e, Q.rat(1, 2))) return 0;
  return Q.isTerminating(e) ? 1 : 2;
}
