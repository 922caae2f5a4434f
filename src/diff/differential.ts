// d(f): the differential of f with respect to one declared symbol X, by the rules in
// rules/differentials.rules. Memoised per node, so shared subexpressions (and definitions used
// many times) are differentiated once, and deep ones without deep recursion (DeepMemo). Every rule
// application leaves a Step for `explain`.

import * as B from '../expr/build.js';
import type { Expr, Sym } from '../expr/index.js';
import { match, instantiate } from '../rules/match.js';
import { ruleSet, indexByHead, headKey, findRule } from '../rules/registry.js';
import type { Rule } from '../rules/load.js';
import { MathError } from '../check/errors.js';
import { dependsOn } from './depends.js';
import { DeepMemo } from '../expr/deep.js';

export interface Step {
  readonly rule: string;
  readonly citation?: string;
  /** the expression whose differential was taken */
  readonly of: Expr;
  /** its differential */
  readonly result: Expr;
}

let rulesByHead: Map<string, Rule[]> | undefined;
const rules = (): Map<string, Rule[]> => (rulesByHead ??= indexByHead(ruleSet('differentials')));
const rule = (id: string): Rule => findRule(ruleSet('differentials'), id);

/**
 * How many arguments the differentials built may hold in all (each result's, and its arguments').
 * A composition k deep of elementwise functions has a chain-rule product of k factors at every
 * level (the constructors flatten products), k^2/2 in all: at k = 2000 this refuses it, after
 * about 2 s, instead of running for minutes into an out-of-memory crash. (The gradient reader
 * allows a quarter of it: its weights cost more per factor.)
 */
export const MAX_DIFFERENTIAL_WORK = 4_000_000;

export class Differentiator {
  /** d(e) per node; deep expressions (thousands of nested definitions) do not overflow the stack */
  private readonly memo = new DeepMemo<Expr, Expr>((e) => this.measured(this.compute(e)));
  readonly steps: Step[] = [];
  private work = 0;

  constructor(readonly variable: Sym) {}

  d(e: Expr): Expr {
    return this.memo.get(e);
  }

  private measured(result: Expr): Expr {
    this.work += result.args.length;
    for (const a of result.args) this.work += a.args.length;
    if (this.work > MAX_DIFFERENTIAL_WORK)
      throw new MathError(`the differential is too large to build: its terms would hold more than ${MAX_DIFFERENTIAL_WORK.toLocaleString('en-US')} factors (a composition thousands of functions deep?)`);
    return result;
  }

  private record(r: Rule | { id: string; citation?: string }, of: Expr, result: Expr): Expr {
    this.steps.push({ rule: r.id, ...(r.citation ? { citation: r.citation } : {}), of, result });
    return result;
  }

  private compute(e: Expr): Expr {
    if (!dependsOn(e, this.variable)) return B.zero(e.shape);
    switch (e.kind) {
      case 'sym': return B.diff(e);
      case 'def': return this.record({ id: 'd-definition', citation: `chain rule through the definition of ${e.name}` }, e, this.d(e.body));
      case 'add': return this.record(rule('d-sum'), e, B.add(...e.args.map((a) => this.d(a))));
      case 'mul': return this.record(rule('d-product'), e, this.leibniz(e.args, (fs) => B.mul(B.num(e.coef), ...fs)));
      case 'hadamard': return this.record(rule('d-hadamard'), e, this.leibniz(e.args, (fs) => B.hadamard(...fs)));
      case 'mpow': return this.record(rule('d-matrix-power'), e, this.matrixPower(e.args[0]!, e.k));
      default: return this.byRule(e);
    }
  }

  /** d(f1*...*fk) = sum over i of f1*...*d(fi)*...*fk, skipping constant factors. */
  private leibniz(factors: readonly Expr[], build: (fs: Expr[]) => Expr): Expr {
    const terms: Expr[] = [];
    factors.forEach((f, i) => {
      if (!dependsOn(f, this.variable)) return;
      const fs = factors.slice();
      fs[i] = this.d(f);
      terms.push(build(fs));
    });
    return B.add(...terms);
  }

  /** A^k = A*...*A (k > 0), or inv(A)^|k| (k < 0). */
  private matrixPower(a: Expr, k: number): Expr {
    const base = k < 0 ? B.inv(a) : a;
    const n = Math.abs(k);
    const db = this.d(base);
    const terms: Expr[] = [];
    for (let i = 0; i < n; i++) terms.push(B.mul(B.mpow(base, i), db, B.mpow(base, n - 1 - i)));
    return B.add(...terms);
  }

  private byRule(e: Expr): Expr {
    for (const r of rules().get(headKey(e)) ?? []) {
      const b = match(r.lhs, e, r.vars);
      if (b) return this.record(r, e, instantiate(r.rhs, b, (x) => this.d(x)));
    }
    throw new MathError(`cannot differentiate ${describeKind(e)}: no rule in rules/differentials.rules applies`);
  }
}

function describeKind(e: Expr): string {
  return e.kind === 'fn' ? `${e.name}(...)` : `an expression of kind ${e.kind}`;
}
