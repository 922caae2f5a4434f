// Folding definitions back in: wherever the (normal form of the) body of K := ... appears in a
// result, write K. A sum matches when it contains all the body's terms in the same proportion
// (2*W'*W*x - 2*x + y is 2*r + y for r := W'*W*x - x). A body that is a scaled factor,
// s := exp(x)/sum(exp(x)), is found wherever a term's scalar factors hold its scale: in the
// term's chain, transposed or inside diag (diag(exp(x))/sum(exp(x)) - exp(x)*exp(x)'/sum(exp(x))^2
// is diag(s) - s*s'). Larger bodies are folded first.

import * as B from '../expr/build.js';
import { Q, isScalarShape, type Expr } from '../expr/index.js';
import type { NormalForm } from './normal-form.js';
import { splitCoefficient } from './forms.js';
import { isDeep, warmParts } from '../expr/walk.js';

interface Target {
  readonly def: Expr;
  readonly body: Expr;
  readonly transposed: Expr;
}

/** Counts what folding tried, so that a test can see it stay linear in the size of a program. */
export interface FoldTally {
  /** (node, target) pairs tried */
  tried: number;
}

export function foldDefinitions(e: Expr, defs: readonly Expr[], normalizer: NormalForm, tally?: FoldTally): Expr {
  const targets: Target[] = defs
    .filter((d): d is Extract<Expr, { kind: 'def' }> => d.kind === 'def')
    .map((d) => {
      const body = normalizer.normal(d.body);
      return { def: d as Expr, body, transposed: normalizer.transpose(body) };
    })
    .filter((t) => t.body.args.length > 0)
    .sort((a, b) => b.body.size - a.body.size);
  if (targets.length === 0) return e;
  const candidates = new Candidates(targets);
  const memo = new Map<Expr, Expr>();
  const go = (x: Expr): Expr => {
    const hit = memo.get(x);
    if (hit) return hit;
    if (isDeep(x)) warmParts(x, (y) => memo.has(y), go);
    let out = x.args.length ? B.withArgs(x, x.args.map(go)) : x;
    // the targets in order, each tried on what the ones before left (those that cannot apply skipped)
    for (let i = candidates.next(out, 0); i !== undefined; i = candidates.next(out, i + 1)) {
      const t = targets[i]!;
      if (tally) tally.tried++;
      if (out === t.body) out = t.def;
      else if (out === t.transposed) out = B.transpose(t.def);
      // M^-k = K^k for K := inv(M) (the normal form merges inv(M)*inv(M) into one power), M'^-k = K'^k
      else if (out.kind === 'mpow' && out.k < 0 && out.args[0] === inverted(t.body)) out = B.mpow(t.def, -out.k);
      else if (out.kind === 'mpow' && out.k < 0 && out.args[0] === inverted(t.transposed)) out = B.mpow(B.transpose(t.def), -out.k);
      else if (out.kind === 'add' && t.body.kind === 'add') out = foldSum(out, t.body, t.def);
      else if (out.kind === 'mul' && t.body.kind === 'mul') out = foldScaled(foldChain(out, t.body, t.def), t, normalizer);
    }
    memo.set(x, out);
    return out;
  };
  return go(e);
}

/**
 * Which targets may change a node: those whose body or its transpose is the node, a sum body
 * only for a sum holding the monomial of the body's first term (foldSum needs every term), and
 * by the node's kind those that match a part of a product or a power of an inverse. Looking only
 * at these keeps folding linear in the number of definitions per node: a chain of 5000
 * definitions each used once, or a residual network whose every body is a sum, was quadratic.
 */
class Candidates {
  private readonly exact = new Map<Expr, number[]>();
  private readonly byKind = new Map<Expr['kind'], number[]>();
  private readonly byTerm = new Map<Expr, number[]>();

  constructor(targets: readonly Target[]) {
    const add = <K>(map: Map<K, number[]>, key: K, i: number): void => {
      const list = map.get(key);
      if (!list) map.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    targets.forEach((t, i) => {
      add(this.exact, t.body, i);
      add(this.exact, t.transposed, i);
      if (t.body.kind === 'add') add(this.byTerm, splitCoefficient(t.body.args[0]!)[1], i);
      if (t.body.kind === 'mul') add(this.byKind, 'mul', i);
      if (inverted(t.body) || inverted(t.transposed)) add(this.byKind, 'mpow', i);
    });
  }

  /** The first target at or after index `from` that may change e. */
  next(e: Expr, from: number): number | undefined {
    let best = Math.min(firstFrom(this.exact.get(e), from), firstFrom(this.byKind.get(e.kind), from));
    if (e.kind === 'add') for (const t of e.args) best = Math.min(best, firstFrom(this.byTerm.get(splitCoefficient(t)[1]), from));
    return best === Infinity ? undefined : best;
  }
}

/** The first entry >= from of an ascending list (binary search), or Infinity. */
function firstFrom(list: readonly number[] | undefined, from: number): number {
  if (!list) return Infinity;
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo]! : Infinity;
}

/** M for inv(M), else undefined. */
const inverted = (e: Expr): Expr | undefined => (e.kind === 'inv' ? e.args[0] : undefined);

/** sum = k*body + rest when every term of body appears in sum with the same ratio k. */
function foldSum(sum: Expr, body: Expr, def: Expr): Expr {
  if (body.args.length > sum.args.length) return sum;
  const terms = new Map<Expr, Q.Rational>();
  for (const t of sum.args) {
    // the sum's terms were folded first and may repeat (4*V + 2*V after V := U^2): add them up
    const [c, m] = splitCoefficient(t);
    terms.set(m, Q.add(terms.get(m) ?? Q.ZERO, c));
  }
  let ratio: Q.Rational | undefined;
  for (const t of body.args) {
    const [c, m] = splitCoefficient(t);
    const have = terms.get(m);
    if (!have) return sum;
    const r = Q.div(have, c);
    if (ratio && !Q.equals(ratio, r)) return sum;
    ratio = r;
    terms.delete(m);
  }
  const rest = [...terms].map(([m, c]) => B.mul(B.num(c), m));
  return B.add(B.mul(B.num(ratio!), def), ...rest);
}

/** A*B*C = K*C for K := A*B: the body's matrix chain, found as a stretch of a longer chain. */
function foldChain(m: Extract<Expr, { kind: 'mul' }>, body: Extract<Expr, { kind: 'mul' }>, def: Expr): Expr {
  if (!Q.isOne(body.coef) || body.scalars.length > 0 || body.args.length < 2) return m;
  const chain = m.chain;
  const pattern = body.args;
  for (let i = 0; i + pattern.length <= chain.length; i++) {
    if (pattern.every((f, j) => chain[i + j] === f)) {
      const folded = [...chain.slice(0, i), def, ...chain.slice(i + pattern.length)];
      return B.mul(B.num(m.coef), ...m.scalars, ...folded);
    }
  }
  return m;
}

/** base -> exponent of the scalar factors of a product (a factor that is no power has exponent 1). */
function powersOf(scalars: readonly Expr[]): Map<Expr, Q.Rational> {
  const out = new Map<Expr, Q.Rational>();
  for (const f of scalars) {
    const [base, e] = f.kind === 'pow' && f.args[1]!.kind === 'num' ? [f.args[0]!, f.args[1]!.value] : [f, Q.ONE];
    out.set(base, Q.add(out.get(base) ?? Q.ZERO, e));
  }
  return out;
}

/**
 * Takes the scale of body = c * base^e * ... * core out of the powers of a term, when the term
 * holds each of its bases to at least the same exponent (the same sign, no smaller in size).
 */
function takeScale(powers: Map<Expr, Q.Rational>, scale: ReadonlyMap<Expr, Q.Rational>): boolean {
  for (const [base, e] of scale) {
    const have = powers.get(base);
    if (!have || Q.isNegative(have) !== Q.isNegative(e) || Q.compare(Q.abs(have), Q.abs(e)) < 0) return false;
  }
  for (const [base, e] of scale) powers.set(base, Q.sub(powers.get(base)!, e));
  return true;
}

/**
 * c * s * core -> K for K := s * core with scalar factors s: each occurrence of core in the
 * term's chain (as core, core' or diag(core), or as one factor of a Hadamard product) and in
 * its 1 x 1 product factors (v'*core) takes one copy of the body's scale out of the term's
 * scalar factors, while they hold it: W'*(exp(W*x) .* v)/sum(exp(W*x)) = W'*(s .* v).
 */
function foldScaled(m: Expr, t: Target, normalizer: NormalForm): Expr {
  const body = t.body;
  if (m.kind !== 'mul' || body.kind !== 'mul' || body.scalars.length === 0 || body.chain.length !== 1) return m;
  const core = body.chain[0]!;
  // (a symmetric core is its own transpose: the plain fold comes last and wins)
  const replacements = new Map<Expr, Expr>([
    [normalizer.transpose(core), B.transpose(t.def)],
    [core, t.def],
    [B.unary('diagm', core), B.unary('diagm', t.def)],
  ]);
  const replaced = (f: Expr): Expr | undefined => {
    const whole = replacements.get(f);
    if (whole) return whole;
    const inside = f.kind === 'hadamard' || (f.kind === 'mul' && f.scalars.length === 0 && isScalarShape(f.shape));
    const i = inside ? f.args.findIndex((a) => replacements.has(a)) : -1;
    return i < 0 ? undefined : B.withArgs(f, f.args.map((a, j) => (j === i ? replacements.get(a)! : a)));
  };
  const scale = powersOf(body.scalars);
  const powers = powersOf(m.scalars);
  let coef = m.coef;
  let folded = false;
  // a factor may hold core more than once (exp(x) .* exp(x)): each takes its own copy of the scale
  const take = (f: Expr): Expr => {
    let out = f;
    for (let next = replaced(out); next && takeScale(powers, scale); next = replaced(out)) {
      coef = Q.div(coef, body.coef);
      folded = true;
      out = next;
    }
    return out;
  };
  const chain = m.chain.map(take);
  for (const factor of [...powers.keys()]) {
    // the exponent as it stands now: an earlier fold may have spent this factor as scale
    if (factor.kind !== 'mul' || !Q.isOne(powers.get(factor)!)) continue;
    // a factor cannot pay the scale of its own fold: (g'*r)*I is not g'*K*I for K := (g'*r)*r
    powers.delete(factor);
    const replacement = take(factor);
    powers.set(replacement, Q.add(powers.get(replacement) ?? Q.ZERO, Q.ONE));
  }
  if (!folded) return m;
  const scalars = [...powers].map(([base, e]) => B.pow(base, B.num(e)));
  return B.mul(B.num(coef), ...scalars, ...chain);
}
