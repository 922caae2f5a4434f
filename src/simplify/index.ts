// simplify(e, {defs, note, cost}): normal form, definitions folded back in, then the presentation
// a person would write, the cheapest under the chosen cost. Printing never changes the value;
// every step is an identity of rules/algebra.rules.

import type { Expr } from '../expr/index.js';
import { Normalizer, ExpansionBudgetExceeded } from './normal.js';
import { tidy } from './forms.js';
import { foldDefinitions } from './fold.js';
import { Presenter } from './present.js';
import { sumsOf, spellLikeInput } from './common.js';
import type { StepSink } from './steps.js';
import { LEAVES, type Cost } from './cost.js';

export type { SimplifyStep, StepSink } from './steps.js';
export { Normalizer } from './normal.js';
export { LEAVES, FLOPS, type Cost } from './cost.js';

export interface SimplifyOptions {
  /** definitions to fold back in by name */
  readonly defs?: readonly Expr[];
  /** receives each rewrite, for explain */
  readonly note?: StepSink;
  /** what "simpler" means: LEAVES (the presentation's, the default) or FLOPS */
  readonly cost?: Cost;
}

export function simplify(e: Expr, options?: SimplifyOptions): Expr;
export function simplify(e: Expr, defs?: readonly Expr[], note?: StepSink): Expr;
export function simplify(e: Expr, given: SimplifyOptions | readonly Expr[] = {}, givenNote?: StepSink): Expr {
  const { defs = [], note, cost = LEAVES }: SimplifyOptions = Array.isArray(given) ? { defs: given as readonly Expr[], note: givenNote } : (given as SimplifyOptions);
  const factored = new Normalizer(note, false);
  const written = sumsOf(e);
  const form = (n: Normalizer, x: Expr): Expr => {
    // folding leaves products unmerged (U*U, K^-2/K): the presenter needs the normal form
    const presented = new Presenter(n, cost).presentAnswer(n.normal(foldDefinitions(n.normal(x), defs, n)));
    return spellLikeInput(foldDefinitions(presented, defs, n), written);
  };
  // The expanded normal form is canonical and usually the cheapest once presented; when a
  // product of sums is cheaper left unexpanded, the factored form wins. Never costlier than the
  // input; repeated to a fixpoint so that simplify is idempotent.
  let current = e;
  for (let round = 0; round < 4; round++) {
    const b = form(factored, current);
    // expanding is worth trying while it stays within a few times the factored form's size (in leaves, whatever the cost)
    const a = tryForm(() => form(new Normalizer(note, true, Math.min(1_000, Math.max(256, 4 * b.size))), current)) ?? b;
    let best = cost.of(b) < cost.of(a) ? b : a;
    // never costlier than the input, but never with its (A')' or inv(inv(A)) either
    if (cost.of(best) > cost.of(current)) best = tidy(current);
    if (best === current) break;
    current = best;
  }
  return current;
}

/** The expanded form, unless expanding would blow up (then undefined). */
function tryForm(f: () => Expr): Expr | undefined {
  try {
    return f();
  } catch (err) {
    if (err instanceof ExpansionBudgetExceeded) return undefined;
    throw err;
  }
}
