// Reading a gradient off its differential the way a hand solution does: d(f) gathered, split
// into terms that each hold d(X) once, each term brought to tr(A'*d(X)) (A'*d(x) for a vector,
// A*d(s) for a scalar) by the cyclic and transpose rules, and G = the sum of the A.
//
// Every rewrite here is an identity of rules/algebra.rules and is recorded by its id, so each
// line names what changed it and keeps the value of the line before. The engine's own result
// is untouched: this only explains it (the Simplifying lines go from this G to that result).

import * as B from '../expr/index.js';
import { Q, isScalarShape, isTransposePair, type Expr, type Sym } from '../expr/index.js';
import { containsDiff } from '../diff/depends.js';
import { bottomUp } from '../expr/walk.js';
import { GradientReader } from '../diff/gradient.js';
import { Normalizer } from '../simplify/index.js';
import { transposeDown, PLAIN_BUILDER, type TransposeBuilder } from '../expr/transpose.js';
import { splitCoefficient } from '../simplify/forms.js';
import { print } from '../print/index.js';
import type { Line, Rule } from './types.js';
import type { AlgebraRuleId } from '../rules/rule-ids.generated.js';
import { dedupe, merged, simplifyRule } from './simplification.js';

/** The lines from d(f) to G, and G itself. */
export interface TraceFormReading {
  readonly lines: Line[];
  readonly gradient: Expr;
}

const SUM_OF_TERMS: Rule = { id: 'trace-form', citation: "G is the sum of the `M[k]` of the terms `tr(M[k]'*d({x}))`" };
/** Terms that are not a trace or a 1 x 1 product (Hadamard products, sum(...), diag(...)) */
const ADJOINT: Rule = { id: 'adjoint', citation: 'an elementwise product, a sum or a diag moved to the other side of the trace inner product' };

/**
 * d(f) = ... = tr(G'*d(X)) and G = ..., for the differential `df` of a scalar in `x`;
 * `name` is f as the lines name it, `gName` the symbol written for G, `readOff` the rule that
 * identifies it.
 */
export function traceFormReading(df: Expr, x: Sym, name: Expr, gName: Sym, readOff: Rule): TraceFormReading {
  const lines: Line[] = [];
  let shown = df;
  const show = (next: Expr, rules: readonly Rule[]): void => {
    if (print(next, 'plain') === print(shown, 'plain')) return;
    lines.push({ lhs: lines.length ? { blank: true } : { d: name }, rhs: { expr: next }, rules: dedupe(rules) });
    shown = next;
  };

  const fired: AlgebraRuleId[] = [];
  const gathered = new Normalizer((s) => fired.push(s.rule), false).normal(df);
  show(gathered, [...fired, ...merged(df, gathered, fired)].map(simplifyRule));

  const splitter = new TermSplitter(x);
  const terms = splitter.terms(gathered);
  show(B.add(...terms), splitter.fired.map(simplifyRule));

  const reading = readTerms(terms, x);
  show(reading.form, reading.formRules);

  const gLine = { lhs: { expr: gName }, rhs: { expr: reading.gradient }, rules: [SUM_OF_TERMS, ...reading.gradientRules] };
  lines.push({ lhs: lines.length ? { blank: true } : { d: name }, rhs: { expr: traceForm(gName, x) }, rules: [readOff] }, gLine);
  return { lines, gradient: reading.gradient };
}

/** tr(G'*d(X)), G'*d(x) or G*d(s). */
function traceForm(g: Expr, x: Sym): Expr {
  const dx = B.diff(x);
  if (isScalarShape(x.shape)) return B.mul(g, dx);
  if (x.shape.cols === 1) return B.mul(B.transpose(g), dx);
  return B.unary('tr', B.mul(B.transpose(g), dx));
}

/**
 * Each term's A, read by the engine's gradient reader and tidied; terms with the same A (up to
 * a number) merged. `form` is the differential written term by term in the trace form.
 */
function readTerms(terms: readonly Expr[], x: Sym): { form: Expr; gradient: Expr; formRules: Rule[]; gradientRules: Rule[] } {
  // the reader's own construction (tr(F) passes w*I, a product passes (L)'*w*(R)') is tidied
  // for the G line; writing each term as tr(A'*d(X)) has rules of its own
  const reading = new Tidier();
  const writing = new Tidier();
  const formRules: Rule[] = [];
  const coefs = new Map<Expr, Q.Rational>();
  let read = 0;
  const transposes = new Map<Expr, boolean>();
  for (const term of terms) {
    if (!containsDiff(term, x)) continue;
    formRules.push(...termRules(term, x, transposes));
    const a = reading.outerProductsInChain(reading.tidy(new GradientReader(x).gradient(term)));
    const [c, mono] = splitCoefficient(a);
    coefs.set(mono, Q.add(coefs.get(mono) ?? Q.ZERO, c));
    read++;
  }
  const parts = [...coefs].filter(([, c]) => !Q.isZero(c)).map(([mono, c]) => B.mul(B.num(c), mono));
  const form = parts.length ? B.add(...parts.map((a) => writing.writtenAsTraceForm(a, x))) : B.ZERO;
  const gradient = parts.length ? B.add(...parts) : B.zero(x.shape);
  formRules.push(...[...writing.fired].map(simplifyRule));
  if (coefs.size < read) formRules.push(simplifyRule('collect-terms'));
  return { form, gradient, formRules, gradientRules: [...reading.fired].map(simplifyRule) };
}

/** The rules that bring one term to the trace form: the cyclic rule for a trace or a product
 * that is not yet ... * d(X), the transpose rule where d(X) stands transposed. */
function termRules(term: Expr, x: Sym, transposes: Map<Expr, boolean>): Rule[] {
  const out: Rule[] = [];
  const core = scalarCore(term, x);
  const transposed = hasTransposedDiff(term, x, transposes);
  if (core?.kind === 'tr' && x.shape.cols === 1) out.push(simplifyRule('trace-outer'));
  else if (core?.kind === 'tr' || core?.kind === 'mul') {
    // a trace or 1 x 1 product of a matrix variable is turned until d(X) comes last
    const chain = core.kind === 'tr' ? core.args[0]! : core;
    const last = chain.kind === 'mul' ? chain.args[chain.args.length - 1]! : chain;
    if (x.shape.cols !== 1 && !isScalarShape(x.shape) && last.kind !== 'diff') out.push(simplifyRule('trace-cyclic'));
  } else if (core?.kind !== 'diff') out.push(ADJOINT);
  if (transposed) out.push(simplifyRule(x.shape.cols === 1 ? 'scalar-transpose' : 'trace-transpose'));
  return out;
}

/** The factor of a term that holds d(X): a trace, a 1 x 1 product, d(X) itself, or another node. */
function scalarCore(term: Expr, x: Sym): Expr | undefined {
  if (term.kind !== 'mul') return term;
  const scalars = term.scalars;
  if (term.chain.length === 0) return scalars.find((s) => containsDiff(s, x));
  // a chain of its own: a 1 x 1 product holding d(X)
  return isScalarShape(term.shape) ? B.mul(...term.chain) : undefined;
}

/** Whether d(X) stands under a transpose in e (memoised over the DAG: shared parts are visited once). */
function hasTransposedDiff(e: Expr, x: Sym, memo: Map<Expr, boolean>): boolean {
  return bottomUp(e, memo, (n) => (n.kind === 'transpose' && containsDiff(n.args[0]!, x)) || n.args.some((a) => containsDiff(a, x) && memo.get(a)!));
}

/**
 * A sum of terms in each of which d(X) occurs once, outside any sum: products expanded over the
 * sums that hold d(X), traces and transposes split over them, numbers and scalars taken out of
 * traces. Other nodes (Hadamard products, sum(...), ...) are kept whole.
 */
class TermSplitter {
  readonly fired: AlgebraRuleId[] = [];

  constructor(private readonly x: Sym) {}

  terms(e: Expr): Expr[] {
    if (!containsDiff(e, this.x)) return [e];
    switch (e.kind) {
      case 'add': return e.args.flatMap((t) => this.terms(t));
      case 'mul': return this.productTerms(e);
      case 'tr': {
        const parts = this.terms(e.args[0]!);
        if (parts.length > 1) this.fired.push('trace-sum');
        return parts.map((p) => this.trace(p));
      }
      case 'transpose': {
        const parts = this.terms(e.args[0]!);
        if (parts.length > 1) this.fired.push('transpose-sum');
        return parts.map((p) => B.transpose(p));
      }
      default: return [e];
    }
  }

  private productTerms(e: Extract<Expr, { kind: 'mul' }>): Expr[] {
    const i = e.args.findIndex((a) => containsDiff(a, this.x));
    const parts = this.terms(e.args[i]!);
    if (parts.length > 1) {
      // s*(A + B) and C*(A + B) expand to the left, (A + B)*C to the right
      const j = i - e.scalars.length;
      const chainLength = e.chain.length;
      if (j < 0 || j > 0 || e.scalars.length > 0 || !Q.isOne(e.coef)) this.fired.push('expand-left');
      if (j >= 0 && j < chainLength - 1) this.fired.push('expand-right');
    }
    return parts.map((p) => {
      const args = e.args.slice();
      args[i] = p;
      return B.mul(B.num(e.coef), ...args);
    });
  }

  /** tr(c*s*M) = c*s*tr(M) */
  private trace(p: Expr): Expr {
    if (p.kind !== 'mul' || (p.scalars.length === 0 && Q.isOne(p.coef))) return B.unary('tr', p);
    this.fired.push('trace-scale');
    return B.mul(B.num(p.coef), ...p.scalars, B.unary('tr', B.mul(...p.chain)));
  }
}

/**
 * Value-preserving clean-ups of what the gradient reader builds, each recorded by its rule id:
 * (A')' = A, S' = S for a symmetric S, (A*B)' = B'*A', inv(A)' = inv(A'), I*A = A,
 * ones .* v = v, and a 1 x 1 factor written into the chain where it continues an outer product.
 */
class Tidier {
  readonly fired = new Set<AlgebraRuleId>();
  private readonly memo = new Map<Expr, Expr>();

  tidy(e: Expr): Expr {
    let out = this.memo.get(e);
    if (out) return out;
    const args = e.args.map((a) => this.tidy(a));
    if (e.kind === 'transpose') out = this.transpose(args[0]!);
    else if (e.kind === 'mul') out = this.product(e.coef, args.slice(0, e.scalars.length), args.slice(e.scalars.length));
    else if (e.kind === 'hadamard' && args.some((a) => a.kind === 'ones')) out = this.fire('hadamard-ones', B.hadamard(...args.filter((a) => a.kind !== 'ones')));
    else out = B.withArgs(e, args);
    this.memo.set(e, out);
    return out;
  }

  /** a' for a tidy a, with the transpose pushed down to the names (a sum keeps it: (A*x - b)'). */
  transpose(a: Expr): Expr {
    const down = transposeDown(a, (x) => this.transpose(x), { sums: false, elementwise: false }, this.builder);
    if (!down) return B.transpose(a);
    return down.rule ? this.fire(down.rule, down.expr) : down.expr;
  }

  private readonly builder: TransposeBuilder = { ...PLAIN_BUILDER, product: (coef, factors) => this.product(coef, [], factors) };

  /** A product without identity factors in its chain. */
  private product(coef: Q.Rational, scalars: readonly Expr[], chain: readonly Expr[]): Expr {
    const kept = chain.filter((f) => f.kind !== 'identity');
    if (kept.length < chain.length && chain.length > 1) this.fired.add('identity-product');
    return B.mul(B.num(coef), ...scalars, ...(kept.length ? kept : chain.slice(0, 1)));
  }

  /**
   * c*(u'*M*v)*C*w -> c*C*w*w'*...: a 1 x 1 factor of a column, turned (a 1 x 1 matrix is its
   * own transpose) so that it starts with w', goes to the end of the chain, as the seed answer
   * writes inv(K)*y*y'*inv(K)*x.
   */
  outerProductsInChain(e: Expr): Expr {
    if (e.kind === 'add') return B.add(...e.args.map((t) => this.outerProductsInChain(t)));
    if (e.kind !== 'mul' || e.shape.cols !== 1 || isScalarShape(e.shape)) return e;
    const scalars = [...e.scalars];
    const chain = [...e.chain];
    for (let i = 0; i < scalars.length; i++) {
      const s = scalars[i]!;
      if (s.kind !== 'mul' || s.scalars.length > 0) continue;
      const last = chain[chain.length - 1]!;
      if (isTransposePair(s.args[0]!, last)) chain.push(...s.args);
      else {
        const turned = new Tidier();
        const t = B.mul(...s.args.map((f) => turned.transpose(f)).reverse());
        if (t.kind !== 'mul' || !isTransposePair(t.args[0]!, last)) continue;
        for (const r of ['scalar-transpose' as const, ...turned.fired]) this.fired.add(r);
        chain.push(...t.args);
      }
      scalars.splice(i--, 1);
    }
    return scalars.length === e.scalars.length ? e : B.mul(B.num(e.coef), ...scalars, ...chain);
  }

  /** The term a'*d(X) is read from, written c*s*tr(a''*d(X)) with a' pushed down (or a'*d(x), a*d(s)). */
  writtenAsTraceForm(a: Expr, x: Sym): Expr {
    const dx = B.diff(x);
    if (isScalarShape(x.shape)) return B.mul(a, dx);
    const [coef, scalars, chain] = a.kind === 'mul' ? [a.coef, a.scalars, a.chain] : [Q.ONE, [], [a]];
    const turned = chain.length ? this.transpose(B.mul(...chain)) : B.ONE;
    const product = B.mul(turned, dx);
    return B.mul(B.num(coef), ...scalars, x.shape.cols === 1 ? product : B.unary('tr', product));
  }

  private fire<T extends Expr>(rule: AlgebraRuleId, out: T): T {
    this.fired.add(rule);
    return out;
  }
}
