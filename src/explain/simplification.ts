// The Simplifying part of an explanation: the engine's normaliser run on the read-off matrix,
// shown as a few whole-expression lines, each labelled with the rules of rules/algebra.rules
// that changed it, and the presentation that takes the normal form to the query's result.

import * as B from '../expr/index.js';
import type { Expr } from '../expr/index.js';
import { Normalizer, type SimplifyStep } from '../simplify/index.js';
import { ExpansionBudgetExceeded } from '../simplify/normal.js';
import { print } from '../print/index.js';
import { ruleSet } from '../rules/registry.js';
import type { Line, Rule } from './types.js';
import type { AlgebraRuleId } from '../rules/rule-ids.generated.js';

let algebraCitations: Map<string, string | undefined> | undefined;

/** A rule of rules/algebra.rules by its id, with its citation. */
export function simplifyRule(id: AlgebraRuleId): Rule {
  algebraCitations ??= new Map(ruleSet('algebra').map((r) => [r.id, r.citation]));
  const citation = algebraCitations.get(id);
  return citation ? { id, citation } : { id };
}

/** Each rule once, in the order first named. */
export function dedupe(rules: readonly Rule[]): Rule[] {
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/** The definitions e uses, each before the ones its body uses. */
export function definitionsIn(e: Expr): Extract<Expr, { kind: 'def' }>[] {
  const out: Extract<Expr, { kind: 'def' }>[] = [];
  const seen = new Set<Expr>();
  const walk = (x: Expr): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.kind === 'def') {
      out.push(x);
      walk(x.body);
    } else x.args.forEach(walk);
  };
  walk(e);
  return out;
}

const PRESENTATION: Rule = { id: 'present', citation: 'common factors pulled out, 1 x 1 factors put back into their chain' };
const FOLDING: Rule = { id: 'fold-definitions', citation: 'each definition written back by name where its body appears' };

/**
 * The simplification of `start` to `result` as a few whole-expression lines. The engine's
 * normaliser works bottom-up, so after height k every subexpression of height <= k is in normal
 * form; such a stage is shown when it is smaller than the line before it or is the result (a
 * stage that only rearranges, or grows, is passed over and its rules are named on the next line
 * shown). The
 * presentation (common factors, definitions written back) takes the normal form to the result
 * on the last line.
 */
export function simplification(start: Expr, result: Expr): Line[] {
  let fired = new Map<number, AlgebraRuleId[]>();
  let height = 0;
  const staged = (expand: boolean): Normalizer => {
    fired = new Map();
    const n = new Normalizer((s) => fired.set(height, [...(fired.get(height) ?? []), s.rule]), expand);
    for (const e of postOrder(start)) {
      height = e.height;
      n.normal(e);
    }
    return n;
  };
  let normalizer: Normalizer;
  try {
    normalizer = staged(true);
  } catch (err) {
    // a product of sums too large to expand (a deep network): the engine kept it factored too
    if (!(err instanceof ExpansionBudgetExceeded)) throw err;
    normalizer = staged(false);
  }
  const stages = [...fired.keys()].sort((a, b) => a - b).map((h) => ({ expr: normalBelow(start, h, normalizer), rules: fired.get(h)! }));
  const lines: Line[] = [];
  const resultText = print(result, 'plain');
  if (print(start, 'plain') === resultText) return lines;
  let current = start;
  let pending: AlgebraRuleId[] = [];
  stages.forEach((stage, i) => {
    pending.push(...stage.rules);
    const text = print(stage.expr, 'plain');
    if (text === print(current, 'plain') || (stage.expr.size >= current.size && text !== resultText)) return;
    // a stage that only tidied (A*I to A, x'' to x) is one step with the next one shown
    if (i < stages.length - 1 && text !== resultText && pending.every((r) => TIDYING.has(r))) return;
    lines.push(continuation(stage.expr, [...pending, ...merged(current, stage.expr, pending)].map(simplifyRule)));
    current = stage.expr;
    pending = [];
  });
  if (print(current, 'plain') !== print(result, 'plain')) {
    const before = new Set(definitionsIn(current));
    const folded = definitionsIn(result).some((d) => !before.has(d));
    // the rules of normal-form stages not shown are part of this last step
    lines.push(continuation(result, [...pending.map(simplifyRule), PRESENTATION, ...(folded ? [FOLDING] : [])]));
  }
  return lines;
}

/** Rules that only tidy the notation: a stage made by them alone is not a step of its own. */
const TIDYING = new Set<AlgebraRuleId>(['identity-product', 'transpose-transpose', 'transpose-symmetric', 'scalar-transpose', 'inner-product-order', 'hadamard-ones']);

const continuation = (e: Expr, rules: readonly Rule[]): Line => ({ lhs: { blank: true }, rhs: { expr: e }, rules: dedupe(rules) });

/**
 * collect-terms when the sum has fewer terms and the normaliser did not say so: the sum's
 * constructor counts equal terms (t/2 + t/2 is t) without a step of its own.
 */
export function merged(before: Expr, after: Expr, rules: readonly AlgebraRuleId[]): AlgebraRuleId[] {
  const count = (e: Expr): number => (e.kind === 'add' ? e.args.length : 1);
  const grew = rules.includes('expand-left') || rules.includes('expand-right');
  return !grew && !rules.includes('collect-terms') && count(after) < count(before) ? ['collect-terms'] : [];
}

/** Each distinct subexpression once, every node after its arguments. */
function postOrder(e: Expr): Expr[] {
  const out: Expr[] = [];
  const seen = new Set<Expr>();
  const stack: [Expr, boolean][] = [[e, false]];
  while (stack.length) {
    const [n, expanded] = stack.pop()!;
    if (expanded) out.push(n);
    else if (!seen.has(n)) {
      seen.add(n);
      stack.push([n, true], ...n.args.map((a): [Expr, boolean] => [a, false]));
    }
  }
  return out;
}

/** e with every subexpression of height at most h replaced by its normal form. */
function normalBelow(e: Expr, h: number, normalizer: Normalizer): Expr {
  if (e.height <= h) return normalizer.normal(e);
  return B.withArgs(e, e.args.map((a) => normalBelow(a, h, normalizer)));
}

/** Local rewrites of a bare expression's simplification, each shown once. */
export function simplifySteps(steps: readonly SimplifyStep[]): Line[] {
  const seen = new Set<string>();
  const out: Line[] = [];
  for (const s of steps) {
    const key = `${s.rule}|${s.before.id}|${s.after.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ lhs: { expr: s.before }, rhs: { expr: s.after }, rules: [simplifyRule(s.rule)] });
  }
  return out;
}
