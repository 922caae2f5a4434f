// From a simplified result (an interned expression DAG) to the plan: products become ordered
// chains (chain.ts), sums with a multiple of I a diagonal add, traces and diagonals of products
// elementwise sums, logdet a slogdet, log(sum(exp(x))) a stable log-sum-exp. Every node is
// lowered once (memoised), so a definition or a shared subexpression is one plan node.

import type { Commutation, Expr, Mul } from '../expr/node.js';
import { SYMMETRIC } from '../expr/node.js';
import * as Q from '../expr/rational.js';
import type { Rational } from '../expr/rational.js';
import { SCALAR, isScalarShape, isColumnShape, type Shape } from '../expr/shape.js';
import { productOf, termsOf, decimalText } from '../print/layout.js';
import { node, num, type PNode } from './ir.js';
import { warmParts } from '../expr/walk.js';
import { ChainPlanner, transposeOf, type Item, type Part } from './chain.js';
import type { DimHints } from './cost.js';
import { commutationNode, commutationSumDistributed, permutedColumns, permutedRows } from './permute.js';
import * as B from '../expr/build.js';

/** A number as Python text: `2`, `0.5`, `1 / 3`; as a value (asFloat) `2.0`. */
export function numberText(r: Rational, asFloat = false): string {
  const text = decimalText(r);
  if (text === undefined) return `${r.n} / ${r.d}`;
  return asFloat && Q.isInteger(r) ? `${text}.0` : text;
}

const resolve = (e: Expr): Expr => (e.kind === 'def' ? resolve(e.body) : e);

export class Lowerer {
  /** the definition name of a plan node, for naming its variable */
  readonly defNames = new Map<PNode, string>();
  private readonly memo = new Map<Expr, PNode>();
  /** for each term, the sums lowered so far that hold it (to find partial sums) */
  private readonly sumsWith = new Map<Expr, Expr[]>();
  private readonly chains: ChainPlanner;
  /** inverses some use needs as a matrix (not only applied to something) */
  private readonly explicitInverses = new Set<Expr>();

  constructor(
    hints: DimHints,
    private readonly direction: (x: string) => string,
    roots: readonly Expr[],
  ) {
    this.chains = new ChainPlanner(hints);
    this.findExplicitInverses(roots);
  }

  lower(e: Expr): PNode {
    if (e.kind === 'def') {
      const n = this.lower(resolve(e));
      if (!this.defNames.has(n) && n.op !== 'var') this.defNames.set(n, e.name);
      return n;
    }
    let n = this.memo.get(e);
    if (n === undefined) {
      // a deep expression (a long nest of functions): its parts first, on an explicit stack
      warmParts(e, (x) => this.memo.has(resolve(x)), (x) => this.lower(x), (x) => (x.kind === 'def' ? [x.body] : x.args));
      n = this.lowerNode(e);
      this.memo.set(e, n);
    }
    return n;
  }

  private lowerNode(e: Expr): PNode {
    const arg = (i = 0): PNode => this.lower(e.args[i]!);
    const unary = (op: 'det' | 'logdet' | 'trace' | 'sum' | 'inv'): PNode => (isScalarShape(e.args[0]!.shape) ? arg() : node(op, [arg()], e.shape));
    switch (e.kind) {
      case 'num':
        return num(numberText(e.value, true));
      case 'sym':
        return node('var', [], e.shape, e.name);
      case 'def':
        return this.lower(e);
      case 'diff':
        return node('var', [], e.shape, this.direction(e.of.name));
      case 'identity':
        return node('eye', [], e.shape);
      case 'zero':
        return node('zeros', [], e.shape);
      case 'ones':
        return node('ones', [], e.shape);
      case 'add':
        return this.sum(e);
      case 'mul':
        // K(m, n) at the head of a chain only reorders rows (permute.ts)
        if (e.chain[0]?.kind === 'commutation' && e.chain.length > 1)
          return permutedRows(e.chain[0], this.lower(B.mul(B.num(e.coef), ...e.scalars, ...e.chain.slice(1))), e.shape);
        if (e.chain[e.chain.length - 1]?.kind === 'commutation' && e.chain.length > 1)
          return permutedColumns(e.chain[e.chain.length - 1] as Commutation, this.lower(B.mul(B.num(e.coef), ...e.scalars, ...e.chain.slice(0, -1))), e.shape);
        return this.lowerOrNull(commutationSumDistributed(e)) ?? this.product(e);
      case 'pow':
        return this.power(e);
      case 'mpow':
        return node('mpow', [arg()], e.shape, String(e.k));
      case 'transpose':
        return transposeOf(arg());
      case 'inv':
        return isScalarShape(e.shape) ? node('div', [num('1'), arg()], SCALAR) : node('inv', [arg()], e.shape);
      case 'det':
        return unary('det');
      case 'logdet':
        return isScalarShape(e.args[0]!.shape) ? node('fn', [arg()], SCALAR, 'log') : node('logdet', [arg()], SCALAR);
      case 'tr':
        return isScalarShape(e.args[0]!.shape) ? arg() : this.trace(e.args[0]!);
      case 'norm':
        return node(isScalarShape(e.args[0]!.shape) ? 'abs' : 'norm', [arg()], SCALAR);
      case 'sum':
        return unary('sum');
      case 'diagm':
        return isScalarShape(e.args[0]!.shape) ? arg() : node('diag', [arg()], e.shape);
      case 'diagv':
        return isScalarShape(e.args[0]!.shape) ? arg() : this.diagonal(e.args[0]!, e.shape);
      case 'kron':
        return node('kron', e.args.map((a) => this.lower(a)), e.shape);
      case 'vec':
        return node('vec', [arg()], e.shape);
      case 'commutation':
        return commutationNode(e);
      case 'hadamard':
        return e.args.slice(1).reduce((acc, a) => node('mul', [acc, this.lower(a)], e.shape), arg());
      case 'hdiv':
        return node('div', [arg(0), arg(1)], e.shape);
      case 'fn':
        return this.elementwise(e.name, e.args[0]!, e.shape);
      default: {
        const never: never = e;
        throw new Error(`lower: unknown node ${(never as Expr).kind}`);
      }
    }
  }

  private lowerOrNull(e: Expr | undefined): PNode | undefined {
    return e && this.lower(e);
  }

  private elementwise(name: string, a: Expr, s: Shape): PNode {
    const inner = resolve(a);
    if (name === 'log' && inner.kind === 'det' && !isScalarShape(inner.args[0]!.shape)) return node('logdet', [this.lower(inner.args[0]!)], SCALAR);
    if (name === 'log' && inner.kind === 'sum') {
      const summed = resolve(inner.args[0]!);
      if (summed.kind === 'fn' && summed.name === 'exp') return node('logsumexp', [this.lower(summed.args[0]!)], SCALAR);
    }
    return node('fn', [this.lower(a)], s, name);
  }

  /** A sum; its multiples of I become one diagonal add to the rest. */
  private sum(e: Expr): PNode {
    const partial = this.partialSum(e);
    if (partial) return partial;
    const terms = termsOf(e);
    const diagonal: { negative: boolean; c: PNode }[] = [];
    const rest: { negative: boolean; n: PNode }[] = [];
    for (const t of terms) {
      const c = isScalarShape(e.shape) ? undefined : this.identityMultiple(t.magnitude);
      if (c) diagonal.push({ negative: t.negative, c });
      else rest.push({ negative: t.negative, n: this.lower(t.magnitude) });
    }
    if (rest.length === 0 || diagonal.length === 0) return this.signedSum(terms.map((t) => ({ negative: t.negative, n: this.lower(t.magnitude) })), e.shape);
    const c = this.signedSum(diagonal.map((d) => ({ negative: d.negative, n: d.c })), SCALAR);
    return node('adddiag', [this.signedSum(rest, e.shape), c], e.shape);
  }

  /**
   * A sum that holds all the terms of a sum lowered before it (an adjoint accumulated layer by
   * layer: a_k = a_(k-1) + t_k) as that sum's node plus the rest: linear work, not quadratic.
   * Only sums without multiples of I (those become a diagonal add).
   */
  private partialSum(e: Expr): PNode | undefined {
    if (e.args.length < 3) return undefined;
    for (const t of termsOf(e)) this.lower(t.magnitude);
    const counts = new Map<Expr, number>();
    for (const a of e.args) for (const y of this.sumsWith.get(a) ?? []) counts.set(y, (counts.get(y) ?? 0) + 1);
    let best: Expr | undefined;
    for (const [y, n] of counts) if (n === y.args.length && n < e.args.length && n > (best?.args.length ?? 1)) best = y;
    for (const a of e.args) this.sumsWith.set(a, [...(this.sumsWith.get(a) ?? []), e]);
    if (!best || termsOf(e).some((t) => this.identityMultiple(t.magnitude))) return undefined;
    const inBest = new Set(best.args);
    const rest = termsOf(e).filter((t) => !inBest.has(t.term));
    return this.signedSum([{ negative: false, n: this.lower(best) }, ...rest.map((t) => ({ negative: t.negative, n: this.lower(t.magnitude) }))], e.shape);
  }

  private signedSum(all: readonly { negative: boolean; n: PNode }[], s: Shape): PNode {
    const terms = this.commonRowScale(all, s);
    if (terms.length === 1 && !terms[0]!.negative) return terms[0]!.n;
    if (terms.length === 1) return node('neg', [terms[0]!.n], s);
    // a leading negative term is written last: -a + b as b - a
    const ordered = [...terms.filter((t) => !t.negative), ...terms.filter((t) => t.negative)];
    if (ordered[0]!.negative) return node('neg', [this.signedSum(terms.map((t) => ({ ...t, negative: false })), s)], s);
    return node('add', ordered.map((t) => t.n), s, ordered.map((t) => (t.negative ? '-' : '+')).join(''));
  }

  /**
   * Terms v[:, None] * M and M with the same M as one (v + w + 1)[:, None] * M: a sum of
   * vectors instead of sums of matrices (W - diag(t .* t)*W is (1 - t*t)[:, None] * W).
   */
  private commonRowScale(terms: readonly { negative: boolean; n: PNode }[], s: Shape): { negative: boolean; n: PNode }[] {
    const scaled = new Map<PNode, { negative: boolean; n: PNode }[]>();
    for (const t of terms) if (t.n.op === 'rowscale') scaled.set(t.n.args[1]!, [...(scaled.get(t.n.args[1]!) ?? []), { negative: t.negative, n: t.n.args[0]! }]);
    for (const t of terms) if (scaled.has(t.n)) scaled.get(t.n)!.push({ negative: t.negative, n: num('1') });
    const merged = [...scaled].filter(([, vs]) => vs.length > 1);
    if (merged.length === 0) return [...terms];
    const gone = new Set<PNode>(merged.flatMap(([m]) => [m, ...terms.filter((t) => t.n.op === 'rowscale' && t.n.args[1] === m).map((t) => t.n)]));
    const vectorShape = (m: PNode): Shape => ({ rows: m.shape.rows, cols: 1 });
    const out = terms.filter((t) => !gone.has(t.n));
    for (const [m, vs] of merged) out.push({ negative: false, n: node('rowscale', [this.signedSum(vs, vectorShape(m)), m], s) });
    return out;
  }

  /** c for a term c*I (c a plan node), else undefined. */
  private identityMultiple(t: Expr): PNode | undefined {
    if (t.kind === 'identity') return num('1');
    if (t.kind !== 'mul' || t.chain.length !== 1 || t.chain[0]!.kind !== 'identity') return undefined;
    const { scalar, negative } = this.scalarPart(t);
    const c = scalar ?? num('1');
    return negative ? node('neg', [c], SCALAR) : c;
  }

  /** The scalar factor of a product (coefficient, scalar factors, denominators) and its sign. */
  private scalarPart(e: Mul): { scalar?: PNode; negative: boolean; chain: Expr[]; softmax?: PNode } {
    const p = productOf(e);
    const found = this.softmax(p.factors.slice(p.nScalars), p.den);
    // a stable softmax replaces the chain exp(v) and its denominator sum(exp(v))
    const chain = found ? [] : p.factors.slice(p.nScalars);
    const denominators = p.den.filter((_, i) => i !== found?.den);
    let scalar: PNode | undefined = p.coef.n === 1n ? undefined : num(p.coef.n.toString());
    for (const f of p.factors.slice(0, p.nScalars)) {
      const n = this.lower(f);
      scalar = scalar ? node('mul', [scalar, n], SCALAR) : n;
    }
    const den: PNode[] = denominators.map((d) => this.raised(this.lower(d.base), d.exp));
    if (p.coef.d !== 1n) den.unshift(num(p.coef.d.toString()));
    if (den.length) {
      const denominator = den.slice(1).reduce((acc, d) => node('mul', [acc, d], SCALAR), den[0]!);
      scalar = node('div', [scalar ?? num('1'), denominator], SCALAR);
    }
    return { scalar, negative: p.negative, chain, ...(found ? { softmax: found.node } : {}) };
  }

  /** A chain exp(v) over a denominator sum(exp(v)): exp(v - logsumexp(v)), which cannot overflow. */
  private softmax(chain: readonly Expr[], den: readonly { base: Expr; exp: Rational }[]): { node: PNode; den: number } | undefined {
    const top = chain.length === 1 ? resolve(chain[0]!) : undefined;
    if (top?.kind !== 'fn' || top.name !== 'exp') return undefined;
    const i = den.findIndex((d) => Q.isOne(d.exp) && resolve(d.base).kind === 'sum' && resolve(resolve(d.base).args[0]!) === top);
    if (i < 0) return undefined;
    const v = this.lower(top.args[0]!);
    const shifted = node('add', [v, node('logsumexp', [v], SCALAR)], v.shape, '+-');
    return { node: node('fn', [shifted], v.shape, 'exp'), den: i };
  }

  private raised(base: PNode, exp: Rational): PNode {
    return Q.isOne(exp) ? base : node('pow', [base, num(numberText(exp))], SCALAR);
  }

  private power(e: Expr): PNode {
    const [base, exponent] = e.args as [Expr, Expr];
    if (exponent.kind === 'num' && Q.isNegative(exponent.value)) {
      return node('div', [num('1'), this.raised(this.lower(base), Q.neg(exponent.value))], SCALAR);
    }
    const x = exponent.kind === 'num' ? num(numberText(exponent.value)) : this.lower(exponent);
    return node('pow', [this.lower(base), x], e.shape);
  }

  /** A product: its chain ordered, its scalar applied to the smallest operand or intermediate. */
  private product(e: Mul): PNode {
    const { scalar, negative, chain, softmax } = this.scalarPart(e);
    const scale = (n: PNode): PNode => {
      if (scalar === undefined) return negative ? node('neg', [n], n.shape) : n;
      const s = negative ? (scalar.op === 'num' ? num(`-${scalar.attr}`) : node('neg', [scalar], SCALAR)) : scalar;
      return isScalarShape(n.shape) ? node('mul', [s, n], SCALAR) : node('mul', [s, n], n.shape);
    };
    if (softmax) return scale(softmax);
    if (chain.length === 0) {
      const s = scalar ?? num('1');
      return negative ? node('neg', [s], SCALAR) : s;
    }
    const half = this.quadraticHalf(chain);
    if (half) return scale(node('matmul', [transposeOf(half), half], SCALAR));
    const plan = this.chains.order(chain.map((f) => this.item(f)));
    if (scalar === undefined && !negative) return this.chains.nodeOf(plan);
    // the smallest part takes the scalar; on a tie the whole product (it reads best)
    let target = plan;
    for (const p of this.chains.parts(plan)) {
      const inverse = !p.left && p.item?.kind === 'inv';
      if (!inverse && this.chains.size(p) < this.chains.size(target)) target = p;
    }
    return this.chains.nodeOf(plan, scale, target);
  }

  /**
   * v'*M'*M*v, a chain that reads the same backwards transposed with vectors at its ends: the
   * column M*v, computed once (its dot with itself is the product); else undefined.
   */
  private quadraticHalf(chain: readonly Expr[]): PNode | undefined {
    const k = chain.length;
    if (k < 4 || k % 2 !== 0 || chain[0]!.shape.rows !== 1 || chain[k - 1]!.shape.cols !== 1) return undefined;
    const transposes = (a: Expr, b: Expr): boolean =>
      (a.kind === 'transpose' && a.args[0] === b) || (b.kind === 'transpose' && b.args[0] === a) || (a === b && (a.props & SYMMETRIC) !== 0);
    for (let i = 0; i < k / 2; i++) if (!transposes(chain[i]!, chain[k - 1 - i]!)) return undefined;
    return this.chains.nodeOf(this.chains.order(chain.slice(k / 2).map((f) => this.item(f))));
  }

  /** A chain factor: diag(v) and inv(A) stay special unless the inverse is needed anyway. */
  private item(f: Expr): Item {
    const g = resolve(f);
    if (g.kind === 'diagm' && !isScalarShape(g.args[0]!.shape)) return { kind: 'diag', v: this.lower(g.args[0]!), size: g.shape.rows };
    if (g.kind === 'inv' && !this.explicitInverses.has(g)) return { kind: 'inv', a: this.lower(g.args[0]!), symmetric: (g.props & SYMMETRIC) !== 0 };
    if (g.kind === 'transpose') {
      const h = resolve(g.args[0]!);
      if (h.kind === 'inv' && !this.explicitInverses.has(h)) {
        return { kind: 'inv', a: transposeOf(this.lower(h.args[0]!)), symmetric: (h.props & SYMMETRIC) !== 0 };
      }
    }
    return { kind: 'dense', n: this.lower(f) };
  }

  /** tr(F): over a sum, the sum of traces; of a product, sum(L .* R') at the cheapest cyclic split. */
  private trace(f: Expr): PNode {
    const g = resolve(f);
    if (g.kind === 'add') {
      return this.signedSum(termsOf(g).map((t) => ({ negative: t.negative, n: this.trace(t.magnitude) })), SCALAR);
    }
    if (g.kind !== 'mul') return node('trace', [this.lower(f)], SCALAR);
    const { scalar, negative, chain } = this.scalarPart(g);
    let t: PNode;
    if (chain.length < 2 || chain.length > 8) {
      const whole = chain.length === 1 ? this.lower(chain[0]!) : this.chains.nodeOf(this.chains.order(chain.map((c) => this.item(c))));
      t = node('trace', [whole], SCALAR);
    } else {
      const items = chain.map((c) => this.item(c));
      let best: { cost: number; l: Part; r: Part } | undefined;
      for (let rot = 0; rot < items.length; rot++) {
        const turned = [...items.slice(rot), ...items.slice(0, rot)];
        for (let j = 1; j < turned.length; j++) {
          const l = this.chains.order(turned.slice(0, j));
          const r = this.chains.order(turned.slice(j));
          const cost = this.chains.costAsNode(l) + this.chains.costAsNode(r) + this.chains.size(l);
          if (!best || cost < best.cost) best = { cost, l, r };
        }
      }
      const l = this.chains.nodeOf(best!.l);
      const r = this.chains.nodeOf(best!.r);
      t = node('sum', [node('mul', [l, transposeOf(r)], l.shape)], SCALAR);
    }
    if (scalar) t = node('mul', [scalar, t], SCALAR);
    return negative ? node('neg', [t], SCALAR) : t;
  }

  /** diag(F) of a product of matrices: the row sums of L .* R' at the cheapest split. */
  private diagonal(f: Expr, s: Shape): PNode {
    const g = resolve(f);
    const whole = (): PNode => node('diag', [this.lower(f)], s);
    if (g.kind !== 'mul' || g.scalars.length > 0 || g.args.length < 2 || !isColumnShape(s)) return whole();
    const items = g.args.map((c) => this.item(c));
    let best: { cost: number; l: Part; r: Part } | undefined;
    for (let j = 1; j < items.length; j++) {
      const l = this.chains.order(items.slice(0, j));
      const r = this.chains.order(items.slice(j));
      const cost = this.chains.costAsNode(l) + this.chains.costAsNode(r) + this.chains.size(l);
      if (!best || cost < best.cost) best = { cost, l, r };
    }
    const l = this.chains.nodeOf(best!.l);
    const r = this.chains.nodeOf(best!.r);
    if (l.shape.cols === 1) return node('mul', [l, r], s); // a column times a row: its diagonal
    return node('rowsum', [node('mul', [l, transposeOf(r)], l.shape)], s);
  }

  /** Inverses that a use needs as matrices: anywhere but as a factor of a chain with others. */
  private findExplicitInverses(roots: readonly Expr[]): void {
    const seen = new Set<Expr>();
    const stack = [...roots];
    const mark = (parent: Expr, child: Expr): void => {
      const c = resolve(child);
      const t = c.kind === 'transpose' ? resolve(c.args[0]!) : c;
      if (t.kind !== 'inv') return;
      const applied = parent.kind === 'mul' && parent.chain.length >= 2;
      if (!applied) this.explicitInverses.add(t);
    };
    while (stack.length) {
      const e = resolve(stack.pop()!);
      if (seen.has(e)) continue;
      seen.add(e);
      for (const a of e.args) {
        // an inverse under a transpose: the transpose's own user decides
        if (e.kind !== 'transpose') mark(e, a);
        stack.push(a);
      }
    }
    for (const r of roots) mark(r, r);
  }
}
