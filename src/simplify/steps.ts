// What the simplifier did, for `explain`: one entry per rule application that changed a node.

import type { Expr } from '../expr/index.js';

export interface SimplifyStep {
  readonly rule: string;
  readonly before: Expr;
  readonly after: Expr;
}

export type StepSink = (step: SimplifyStep) => void;
