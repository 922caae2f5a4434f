// Sums over a common denominator, when that makes terms cancel:
//   e*a'/(1 + e) - e^2*a'/(1 + e)^2  ->  e*a'/(1 + e)^2      (e = exp(a'*x))
// The scalar powers shared by every term come out at their lowest exponent; what stays inside
// is expanded, and the factoring is kept only when terms cancel there. Sums that do not cancel
// keep their form (the seed answers keep alpha in both terms).

import * as B from '../expr/build.js';
import { Q, type Expr } from '../expr/index.js';
import { Normalizer } from './normal.js';

/** base -> exponent of the numeric scalar powers of a term (a plain factor has exponent 1). */
function scalarPowers(t: Expr): Map<Expr, Q.Rational> {
  const out = new Map<Expr, Q.Rational>();
  if (t.kind !== 'mul') return out;
  for (const f of t.scalars) {
    if (f.kind === 'pow' && f.args[1]!.kind === 'num') out.set(f.args[0]!, f.args[1]!.value);
    else if (f.kind !== 'pow') out.set(f, Q.ONE);
  }
  return out;
}

export function together(terms: readonly Expr[]): Expr | undefined {
  if (terms.length < 2) return undefined;
  const powers = terms.map(scalarPowers);
  const common: Array<[Expr, Q.Rational]> = [];
  for (const [base, exp] of powers[0]!) {
    let low = exp;
    for (const p of powers.slice(1)) {
      const e = p.get(base);
      if (!e) {
        low = Q.ZERO;
        break;
      }
      if (Q.compare(e, low) < 0) low = e;
    }
    if (!Q.isZero(low)) common.push([base, low]);
  }
  // only a common denominator (a negative power) can make terms cancel
  if (!common.some(([, e]) => Q.isNegative(e))) return undefined;
  const normalizer = new Normalizer();
  const divided = terms.map((t) => B.mul(t, ...common.map(([b, e]) => B.pow(b, B.num(Q.neg(e))))));
  const inner = normalizer.normal(B.add(...divided));
  const innerTerms = inner.kind === 'add' ? inner.args.length : 1;
  if (innerTerms >= terms.length) return undefined;
  return B.mul(...common.map(([b, e]) => B.pow(b, B.num(e))), inner);
}
