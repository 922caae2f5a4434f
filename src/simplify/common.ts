// A sum whose terms share a number or a denominator is written with it outside the parentheses:
//   inv(P)/2 - (x - mu)*(x - mu)'/2                 ->  (inv(P) - (x - mu)*(x - mu)')/2
//   2*A*x/norm(x)^2 - 2*x*x'*A*x/norm(x)^4          ->  2*(A*x - x*x'*A*x/norm(x)^2)/norm(x)^2
//   2*gamma*I + 2*X'*X                              ->  2*(gamma*I + X'*X)
//   exp(x'*A*x)*A + exp(x'*A*x)*A' + ...          ->  exp(x'*A*x)*(A + A' + ...)
//   g*inv(P)/2 - g*(x - mu)*(x - mu)'/2            ->  g*(inv(P) - (x - mu)*(x - mu)')/2
// In an answer written with definitions a common name stays in every term, the way the seed
// answer is written (alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x). The presenter takes the
// pulled-out form only when it is smaller.
//
// A difference inside a product has two equal spellings, (x - mu)*(x - mu)' = (mu - x)*(mu - x)',
// and the factoring finds whichever its greedy order meets first. The answer takes the spelling
// of the input: a sum factor whose negation the input holds (and not the sum itself) is
// negated, the sign moving to the product's coefficient.

import * as B from '../expr/build.js';
import { Q, type Expr } from '../expr/index.js';
import { bottomUp } from '../expr/walk.js';
import { productParts, type ProductParts } from './forms.js';

/** The negative numeric exponent of a denominator factor base^e, else undefined. */
function denominator(f: Expr): [Expr, Q.Rational] | undefined {
  if (f.kind !== 'pow' || f.args[1]!.kind !== 'num' || !Q.isNegative(f.args[1]!.value)) return undefined;
  return [f.args[0]!, f.args[1]!.value];
}

/** base -> the exponent closest to 0 among the terms, for the bases every term divides by. */
function commonDenominators(terms: readonly ProductParts[]): Map<Expr, Q.Rational> {
  const per = terms.map((t) => new Map(t.scalars.flatMap((f) => (denominator(f) ? [denominator(f)!] : []))));
  const common = new Map<Expr, Q.Rational>();
  for (const [base, first] of per[0]!) {
    let closest = first;
    let everywhere = true;
    for (const p of per.slice(1)) {
      const e = p.get(base);
      if (!e) {
        everywhere = false;
        break;
      }
      if (Q.compare(e, closest) > 0) closest = e;
    }
    if (everywhere) common.set(base, closest);
  }
  return common;
}

/**
 * The scalar factors every term has; a lone name (alpha, det(X)) only when no term holds a
 * definition (alpha stays in each term of the seed answer, written with K).
 */
function commonFactors(terms: readonly ProductParts[]): Expr[] {
  const names = !terms.some((t) => [...t.scalars, ...t.chain].some(holdsDefinition));
  return terms[0]!.scalars.filter((f) => (names || f.size > 1) && !denominator(f) && terms.every((t) => t.scalars.includes(f)));
}

const holdsDefinitionMemo = new WeakMap<Expr, boolean>();
function holdsDefinition(e: Expr): boolean {
  return bottomUp(e, holdsDefinitionMemo, (x) => x.kind === 'def' || x.args.some((a) => holdsDefinitionMemo.get(a)));
}

/** t divided by coef * factors * product of base^e: the coefficient divided, the factors taken out, the exponents raised. */
function divide(t: ProductParts, coef: Q.Rational, factors: readonly Expr[], denominators: Map<Expr, Q.Rational>): Expr {
  const kept = [...t.scalars];
  for (const c of factors) kept.splice(kept.indexOf(c), 1);
  const scalars = kept.flatMap((f) => {
    const d = denominator(f);
    const e = d && denominators.get(d[0]);
    if (!d || !e) return [f];
    const left = Q.sub(d[1], e);
    return Q.isZero(left) ? [] : [B.pow(d[0], B.num(left))];
  });
  return B.mul(B.num(Q.div(t.coef, coef)), ...scalars, ...t.chain);
}

/**
 * The terms' common number (their gcd, with the sign that leaves more terms positive), common
 * scalar factors and common denominators, outside the sum of what stays; undefined when there are none.
 * `inside` presents the sum that stays.
 */
export function pullCommonScalars(terms: readonly Expr[], inside: (sum: Expr) => Expr): Expr | undefined {
  if (terms.length < 2) return undefined;
  const ts = terms.map(productParts);
  const gcd = Q.abs(ts.map((t) => t.coef).reduce(Q.gcdRational));
  const denominators = commonDenominators(ts);
  const factors = commonFactors(ts);
  if (Q.isOne(gcd) && denominators.size === 0 && factors.length === 0) return undefined;
  const pulledOut = (coef: Q.Rational): { rest: Expr; whole: Expr } => {
    const rest = inside(B.add(...ts.map((t) => divide(t, coef, factors, denominators))));
    return { rest, whole: B.mul(B.num(coef), ...factors, ...[...denominators].map(([base, e]) => B.pow(base, B.num(e))), rest) };
  };
  // the sign that leaves more positive terms in the sum as presented, and on a tie a positive
  // number outside: (inv(S)*(x - mu)*(x - mu)'*inv(S) - inv(S))/2
  const positive = pulledOut(gcd);
  return isMostlyNegative(positive.rest) ? pulledOut(Q.neg(gcd)).whole : positive.whole;
}

function isMostlyNegative(sum: Expr): boolean {
  return sum.kind === 'add' && 2 * sum.args.filter((t) => t.kind === 'mul' && Q.isNegative(t.coef)).length > sum.args.length;
}

/** Every sum in e (a DAG: each node is visited once). */
export function sumsOf(e: Expr): Set<Expr> {
  const sums = new Set<Expr>();
  const seen = new Set<Expr>();
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.kind === 'add') sums.add(x);
    stack.push(...x.args);
  }
  return sums;
}

const negations = new WeakMap<Expr, Expr>();
/** -s for a sum s, term by term (memoised: the presenter asks again for each group of terms that may share s). */
export function negatedSum(s: Expr): Expr {
  let out = negations.get(s);
  if (!out) negations.set(s, (out = B.add(...s.args.map(B.neg))));
  return out;
}

/** The factor with the input's spelling, or undefined when it already has it (or has none). */
function respelled(f: Expr, written: ReadonlySet<Expr>): Expr | undefined {
  const sum = f.kind === 'transpose' ? f.args[0]! : f;
  if (sum.kind !== 'add' || written.has(sum)) return undefined;
  const other = negatedSum(sum);
  if (!written.has(other)) return undefined;
  return f.kind === 'transpose' ? B.transpose(other) : other;
}

/** e with the sum factors of its products spelled as in the input (`written`: the input's sums). */
export function spellLikeInput(e: Expr, written: ReadonlySet<Expr>): Expr {
  const memo = new Map<Expr, Expr>();
  return bottomUp(e, memo, (x) => {
    const out = x.args.length ? B.withArgs(x, x.args.map((a) => memo.get(a)!)) : x;
    if (out.kind !== 'mul') return out;
    let coef = out.coef;
    const factors = out.args.map((f) => {
      const other = respelled(f, written);
      if (!other) return f;
      coef = Q.neg(coef);
      return other;
    });
    return !Q.equals(coef, out.coef) || factors.some((f, i) => f !== out.args[i]) ? B.mul(B.num(coef), ...factors) : out;
  });
}
