// simplify(e): normal form, definitions folded back in, then the presentation a person would
// write. Printing never changes the value; every step is an identity of rules/algebra.rules.

import type { Expr } from '../expr/index.js';
import { Normalizer, ExpansionBudgetExceeded } from './normal.js';
import { tidy } from './forms.js';
import { foldDefinitions } from './fold.js';
import { Presenter } from './present.js';
import { sumsOf, spellLikeInput } from './common.js';
import type { StepSink } from './steps.js';

export type { SimplifyStep, StepSink } from './steps.js';
export { Normalizer } from './normal.js';

export function simplify(e: Expr, defs: readonly Expr[] = [], note?: StepSink): Expr {
  const factored = new Normalizer(note, false);
  const written = sumsOf(e);
  const form = (n: Normalizer, x: Expr): Expr => {
    // folding leaves products unmerged (U*U, K^-2/K): the presenter needs the normal form
    const presented = new Presenter(n).presentAnswer(n.normal(foldDefinitions(n.normal(x), defs, n)));
    return spellLikeInput(foldDefinitions(presented, defs, n), written);
  };
  // The expanded normal form is canonical and usually the smallest once presented; when a
  // product of sums is smaller left unexpanded, the factored form wins. Never larger than the
  // input; repeated to a fixpoint so that simplify is idempotent.
  let current = e;
  for (let round = 0; round < 4; round++) {
    const b = form(factored, current);
    // expanding is worth trying while it stays within a few times the factored form's size
    const a = tryForm(() => form(new Normalizer(note, true, Math.min(1_000, Math.max(256, 4 * b.size))), current)) ?? b;
    let best = b.size < a.size ? b : a;
    // never larger than the input, but never with its (A')' or inv(inv(A)) either
    if (best.size > current.size) best = tidy(current);
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
