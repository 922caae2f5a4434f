// simplify(e): normal form, definitions folded back in, then the presentation a person would
// write. Printing never changes the value; every step is an identity of rules/algebra.rules.

import type { Expr } from '../expr/index.js';
import { Normalizer } from './normal.js';
import { foldDefinitions } from './fold.js';
import { Presenter } from './present.js';
import type { StepSink } from './steps.js';

export type { SimplifyStep, StepSink } from './steps.js';
export { Normalizer } from './normal.js';

export function simplify(e: Expr, defs: readonly Expr[] = [], note?: StepSink): Expr {
  const normalizer = new Normalizer(note);
  const normal = foldDefinitions(normalizer.normal(e), defs, normalizer);
  const presented = new Presenter(normalizer).present(normal);
  return foldDefinitions(presented, defs, normalizer);
}
