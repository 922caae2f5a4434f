// Presentation: from the normal form to the way a person writes the answer.
// - A common factor is pulled out of terms when what stays inside is short:
//   A*x + A'*x -> (A + A')*x, X*b*c' + X*c*b' -> X*(b*c' + c*b'), 2*A'*A*x - 2*A'*b ->
//   2*A'*(A*x - b), or when the remainders are products of one length (pairs of terms sharing a
//   left factor: C*X*B*X'*C + C*X*X'*C*B -> C*X*(B*X'*C + X'*C*B)). Longer products, and
//   rank-one terms with a defined vector, stay expanded, the way the seed answers are written (alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x,
//   W*r*x' + W*x*r'); other products with definitions go inside: (diag(s) - s*s')*W.
// - A 1 x 1 factor goes back into the chain where it continues an outer product:
//   (y'*inv(K)*x)*inv(K)*y -> inv(K)*y*y'*inv(K)*x.
// A factoring is taken only when it makes the expression cheaper (the simplifier's cost: by
// default fewer leaves).

import * as B from '../expr/build.js';
import { Q, type Expr } from '../expr/index.js';
import { isDeep, warmParts } from '../expr/walk.js';
import type { NormalForm } from './normal-form.js';
import { LEAVES, type Cost } from './cost.js';
import { mergeLinear, factorHadamard, factorPolynomial, asSumOfEntries } from './elementwise.js';
import { transposes, productParts, signOutside, type ProductParts } from './forms.js';
import { together } from './together.js';
import { pullCommonScalars, negatedSum } from './common.js';

const build = (t: ProductParts): Expr => B.mul(B.num(t.coef), ...t.scalars, ...t.chain);

export class Presenter {
  private readonly memo = new Map<Expr, Expr>();

  constructor(
    private readonly normalizer: NormalForm,
    private readonly cost: Cost = LEAVES,
  ) {}

  present(e: Expr): Expr {
    const hit = this.memo.get(e);
    if (hit) return hit;
    if (isDeep(e)) warmParts(e, (x) => this.memo.has(x), (x) => this.present(x));
    let out: Expr;
    const joined = e.kind === 'add' ? together(e.args) : undefined;
    if (joined) out = this.present(joined);
    else if (e.kind === 'add') {
      // common factors are found while 1 x 1 factors still stand apart (x'*B*x times A*x and A'*x
      // gives (A + A')*x), and put back into the chains afterwards
      const inside = mergeLinear(e.args.map((t) => this.presentInside(t)), (x) => this.present(x), this.cost);
      // a polynomial's linear factors, when they are no larger than a common factor: x .* x .* (x - ones(n)), not x .* (x .* x - x)
      const [common, roots] = [factorHadamard(inside, this.cost, this.normalizer), factorPolynomial(inside, this.cost)];
      const elementwise = roots && (!common || this.cost.of(roots) <= this.cost.of(common)) ? roots : common;
      if (elementwise) {
        this.memo.set(e, elementwise);
        return elementwise;
      }
      const factored = this.factor(inside.map(productParts));
      out = transposedSum(factored.kind === 'add' ? B.add(...factored.args.map((t) => this.reinsertAny(t))) : this.reinsertAny(factored));
    } else out = this.reinsertAny(this.presentInside(e));
    this.memo.set(e, out);
    return out;
  }

  /**
   * The presentation of a whole answer: a sum whose terms share a number or a denominator has
   * it pulled out when that is smaller (only here: inside a product, a sum keeps its terms, as
   * the seed answer alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x is written).
   */
  presentAnswer(e: Expr): Expr {
    const out = this.present(e);
    if (e.kind !== 'add') return out;
    const pulled = pullCommonScalars(e.args, (rest) => this.present(rest));
    return pulled && this.cost.of(pulled) < this.cost.of(out) ? pulled : out;
  }

  /** e with its arguments presented, but e itself as it is (a minus in a Hadamard factor or under diag in front). */
  private presentInside(e: Expr): Expr {
    if (!e.args.length) return e;
    const args = e.args.map((a) => this.present(a));
    return e.kind === 'hadamard' || e.kind === 'diagm' ? signOutside(e, args) : B.withArgs(e, args);
  }

  private reinsertAny(e: Expr): Expr {
    if (e.kind === 'fn') return this.transposedFunction(e);
    return e.kind === 'mul' ? (asSumOfEntries(e) ?? this.reinsert(e)) : e;
  }

  /** tanh(x'*W') is written tanh(W*x)': an elementwise function of a row, as the row of a column. */
  private transposedFunction(e: Extract<Expr, { kind: 'fn' }>): Expr {
    const a = e.args[0]!;
    if (a.shape.rows !== 1 || a.shape.cols === 1) return e;
    const column = this.normalizer.transpose(a);
    return transposes(column) < transposes(a) ? B.transpose(B.fn(e.name, column)) : e;
  }

  /**
   * Greedy: take the best common chain factor on the left, on the right or on both sides at
   * once (inv(X')*A*inv(X')*... + inv(X')*B*inv(X')*... -> inv(X')*(A*... + B*...)*inv(X')) until
   * none helps. A factor matches its negation with the sign moved to the coefficient, so that
   * a*(x' - a') + x*(a' - x') becomes (a - x)*(x' - a'): a product of sums is rebuilt.
   */
  private factor(terms: ProductParts[]): Expr {
    const sumOf = (ts: readonly ProductParts[]): Expr => B.add(...ts.map(build));
    let best: { size: number; result: ProductParts[]; ends: readonly End[]; sum: Expr } | undefined;
    const before = this.cost.of(sumOf(terms));
    for (const ends of SIDES) {
      // terms group by the factors they share and by their 1 x 1 product factors (x'*B*x), which
      // then come out with it: a term with a product the others lack is a longer product
      const groups = new Map<string, number[]>();
      terms.forEach((t, i) => {
        if (t.chain.length < ends.length + 1) return;
        const key = [...ends.map((end) => signless(endFactor(t.chain, end)).id), '|', ...t.scalars.filter(isProductOfMatrices).map((f) => f.id).sort()].join(',');
        const g = groups.get(key);
        if (g) g.push(i);
        else groups.set(key, [i]);
      });
      for (const candidates of groups.values()) {
        if (candidates.length < 2) continue;
        const aligned = alignSigns(candidates.map((i) => terms[i]!), ends);
        // the longest runs of factors the terms share at each end: C*X*B*B' + C'*X*B*B' = (C + C')*X*B*B'
        const chains = aligned.map((t) => t.chain);
        const left = ends.includes('left') ? sharedRun(chains, 'left', ends.length) : 0;
        const right = ends.includes('right') ? sharedRun(chains.map((c) => c.slice(left)), 'right') : 0;
        const first = chains[0]!;
        const rest = (t: ProductParts): readonly Expr[] => t.chain.slice(left, t.chain.length - right);
        // only the terms whose remainder is short join the group, or all when their remainders
        // are products of one length (parallel terms: C*X*(B*X'*C*X + X'*C*X*B))
        const remainders = aligned.map(rest);
        const parallel = remainders.every((r) => r.length > 0 && r.length === remainders[0]!.length);
        const members = candidates.filter((_, k) => parallel || isShortRemainder(remainders[k]!, ends.length + 1));
        if (members.length < 2) continue;
        const group = aligned.filter((_, k) => members.includes(candidates[k]!));
        const rests = group.map(rest);
        if (isDefinedOuterProducts(rests)) continue;
        const g = group.map((t) => t.coef).reduce(Q.gcdRational);
        // the sign that leaves more positive terms inside: 2*inv(S)*(x - mu), not -2*inv(S)*(mu - x)
        const negatives = group.filter((t) => Q.isNegative(t.coef)).length;
        const sign = negatives * 2 > group.length ? Q.MINUS_ONE : Q.ONE;
        const common = Q.mul(g, sign);
        const shared = commonScalars(group.map((t) => t.scalars));
        const inner = this.factor(group.map((t, k) => ({ coef: Q.div(t.coef, common), scalars: without(t.scalars, shared), chain: rests[k]! })));
        const outside = [...first.slice(0, left), ...first.slice(first.length - right)];
        // (x - a)*(x - a)', not (a - x)*(x' - a'): the sign of what stays inside follows a sum outside
        // (-inner is a sum of as many terms: only such a factor is worth building it for)
        const isNegatedInner = (g: Expr): boolean => g.kind === 'add' && g.args.length === inner.args.length && g === negatedSum(inner);
        const flip = inner.kind === 'add' && outside.some((f) => isNegatedInner(this.normalizer.transpose(f)) || isNegatedInner(f));
        const chain = [...first.slice(0, left), flip ? negatedSum(inner) : inner, ...first.slice(first.length - right)];
        const merged: ProductParts = { coef: flip ? Q.neg(common) : common, scalars: shared, chain };
        const result = [...terms.filter((_, i) => !members.includes(i)), merged];
        const sum = sumOf(result);
        const size = this.cost.of(sum);
        if (size < before && (!best || size < best.size)) best = { size, result, ends, sum };
      }
    }
    // a sum of transposes in a chain is written as the transpose of the sum: (x - a)'
    if (!best) return sumOf(terms.map((t) => ({ ...t, chain: t.chain.map(transposedSum) })));
    const { result, ends, sum } = best;
    // recorded once per side a factor came off (X*A + X*B = X*(A + B), A*X + B*X = (A + B)*X)
    for (const end of ends) this.normalizer.step(end === 'left' ? 'factor-left' : 'factor-right', () => sumOf(terms), sum);
    return this.factor(result);
  }

  /** Puts a 1 x 1 factor u'*M*v back after a chain ending in u (or v), as in y*y'*inv(K)*x. */
  private reinsert(m: Extract<Expr, { kind: 'mul' }>): Expr {
    const chain = m.chain;
    const last = chain[chain.length - 1];
    if (!last || last.shape.cols !== 1 || last.shape.rows === 1) return m;
    const scalars = m.scalars;
    const lastT = this.normalizer.transpose(last);
    for (let i = 0; i < scalars.length; i++) {
      const s = scalars[i]!;
      if (s.kind !== 'mul' || s.scalars.length > 0 || !Q.isOne(s.coef)) continue;
      const forward = s.args;
      const backward = [...s.args].reverse().map((f) => this.normalizer.transpose(f));
      const piece = forward[0] === lastT ? forward : backward[0] === lastT ? backward : undefined;
      if (!piece) continue;
      const rest = scalars.filter((_, j) => j !== i);
      return B.mul(B.num(m.coef), ...rest, ...chain, ...piece);
    }
    return m;
  }
}

/** x' - mu' is written (x - mu)': a sum of transposes as the transpose of the sum. */
function transposedSum(e: Expr): Expr {
  if (e.kind !== 'add') return e;
  const inner: Expr[] = [];
  for (const t of e.args) {
    const [coef, u] = t.kind === 'mul' && t.args.length === 1 ? [t.coef, t.args[0]!] : [Q.ONE, t];
    if (u.kind !== 'transpose') return e;
    inner.push(B.mul(B.num(coef), u.args[0]!));
  }
  return B.transpose(B.add(...inner));
}

/** How many factors the chains share at their left or right end, leaving `keep` factors (at least one) in each. */
function sharedRun(chains: ReadonlyArray<readonly Expr[]>, side: End, keep = 1): number {
  const at = (c: readonly Expr[], k: number): Expr => (side === 'left' ? c[k]! : c[c.length - 1 - k]!);
  const limit = Math.min(...chains.map((c) => c.length - keep));
  let run = 1;
  while (run < limit && chains.every((c) => at(c, run) === at(chains[0]!, run))) run++;
  return run;
}

type End = 'left' | 'right';
/** Where a common factor can come out: one end of the chains, or both at once. */
const SIDES: ReadonlyArray<readonly End[]> = [['left'], ['right'], ['left', 'right']];

const endFactor = (chain: readonly Expr[], end: End): Expr => (end === 'left' ? chain[0]! : chain[chain.length - 1]!);

/** A sum and its negation as one key (the one made first): a*(x' - a') and x*(a' - x') share (x' - a'). */
function signless(f: Expr): Expr {
  if (f.kind !== 'add') return f;
  const n = negatedSum(f);
  return n.id < f.id ? n : f;
}

/** The terms with each end factor written as the first term's, a negated sum's sign moved to the coefficient. */
function alignSigns(group: readonly ProductParts[], ends: readonly End[]): ProductParts[] {
  const [first] = group;
  return group.map((t) => {
    let { coef } = t;
    const chain = [...t.chain];
    for (const end of ends) {
      const want = endFactor(first!.chain, end);
      if (endFactor(chain, end) === want) continue;
      chain[end === 'left' ? 0 : chain.length - 1] = want;
      coef = Q.neg(coef);
    }
    return coef === t.coef ? t : { coef, scalars: t.scalars, chain };
  });
}

/** A 1 x 1 product of matrices such as x'*B*x (a product node with a matrix chain). */
function isProductOfMatrices(e: Expr): boolean {
  return e.kind === 'mul' && e.scalars.length === 0 && e.args.length > 1;
}

/** What stays inside the parentheses must be short: one factor, or up to `most` (two, three between factors on both sides). */
function isShortRemainder(rest: readonly Expr[], most: number): boolean {
  return rest.length > 0 && rest.length <= most;
}

/**
 * Rank-one terms with a defined vector (r*x' + x*r') stay beside their common factor, as the
 * seed answer W*r*x' + W*x*r' is written; a group with any other remainder is factored, as in
 * (diag(s) - s*s')*W or -2*(X'*R + R'*X)*W.
 */
function isDefinedOuterProducts(rests: ReadonlyArray<readonly Expr[]>): boolean {
  const isDefinition = (f: Expr): boolean => f.kind === 'def' || (f.kind === 'transpose' && f.args[0]!.kind === 'def');
  return rests.every((r) => r.length > 1 && r[0]!.shape.cols === 1 && r[r.length - 1]!.shape.rows === 1 && r.some(isDefinition));
}

function commonScalars(lists: ReadonlyArray<readonly Expr[]>): Expr[] {
  const [first, ...others] = lists;
  return (first ?? []).filter((s) => others.every((l) => l.includes(s)));
}

function without(list: readonly Expr[], remove: readonly Expr[]): Expr[] {
  return list.filter((s) => !remove.includes(s));
}
