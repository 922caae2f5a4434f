// What the pieces of the normal form (hadamard.ts, reductions.ts) and the later stages
// (fold.ts, present.ts) need of a normaliser, so that they depend on this interface and not on
// normal.ts, which uses them: no import circle.

import type { Expr, Q } from '../expr/index.js';
import type { AlgebraRuleId } from '../rules/rule-ids.generated.js';

export interface NormalForm {
  /** The normal form of any expression (memoised). */
  normal(e: Expr): Expr;
  /** The normal form of a', for a normal a. */
  transpose(a: Expr): Expr;
  /** coef * factors, for normal factors. */
  product(coef: Q.Rational, factors: readonly Expr[]): Expr;
  /** The sum of normal terms, like terms merged. */
  sum(terms: readonly Expr[]): Expr;
  /** base^exp, for a normal base and exponent. */
  power(base: Expr, exp: Expr): Expr;
  /** e rewritten by the first local rule of rules/algebra.rules that applies, normalised; undefined when none does. */
  local(e: Expr): Expr | undefined;
  /** Records a rewrite for explain (before is built only when someone listens); returns after. */
  step(rule: AlgebraRuleId, before: () => Expr, after: Expr): Expr;
}
