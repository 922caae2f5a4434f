// What the simplifier did, for `explain`: one entry per rule application that changed a node.

import type { Expr } from '../expr/index.js';
import type { AlgebraRuleId } from '../rules/rule-ids.generated.js';

export interface SimplifyStep {
  /** a rule of rules/algebra.rules: an unknown id does not compile */
  readonly rule: AlgebraRuleId;
  readonly before: Expr;
  readonly after: Expr;
}

export type StepSink = (step: SimplifyStep) => void;
