// The one driver of the local rules: for a node, the rules whose left side has the node's kind
// (and function name) are tried in the order of their file; the first that matches, with its
// guards holding, gives the rewritten node. The caller normalises the result (which tries the
// rules again: a fixpoint), and the driver stops rewriting once its budget of rewrites is spent,
// so that no set of rules can loop for ever.

import type { Expr } from '../expr/index.js';
import type { Rule } from './load.js';
import { match, instantiate } from './match.js';
import { headKey } from './registry.js';

/** Rewrites one normalisation may make by rule (far more than any expression needs). */
const DEFAULT_BUDGET = 100_000;

export interface Rewrite {
  readonly rule: Rule;
  readonly expr: Expr;
}

/** A cheap test before matching (which allocates its bindings): each argument of the left side is a variable or of the kind of e's. */
function mayMatch(rule: Rule, e: Expr): boolean {
  const p = rule.lhs;
  return p.args.length === e.args.length && p.args.every((a, i) => (a.kind === 'sym' && rule.vars.has(a)) || a.kind === e.args[i]!.kind);
}

export class RuleDriver {
  private spent = 0;

  /** @param index the rules by the key of their left side's head (registry.ts indexByHead), in file order */
  constructor(
    private readonly index: ReadonlyMap<string, readonly Rule[]>,
    private readonly budget = DEFAULT_BUDGET,
  ) {}

  /** e rewritten by the first rule for its kind that applies; undefined when none does or the budget is spent. */
  rewrite(e: Expr): Rewrite | undefined {
    const rules = this.index.get(headKey(e));
    if (!rules || this.spent >= this.budget) return undefined;
    for (const rule of rules) {
      if (!mayMatch(rule, e)) continue;
      const b = match(rule.lhs, e, rule.vars);
      if (!b || !rule.guards.every((g) => (b.vars.get(g.variable)!.props & g.property) !== 0)) continue;
      this.spent++;
      return { rule, expr: instantiate(rule.rhs, b) };
    }
    return undefined;
  }
}
