// The canonical normal form: an expanded sum of products with exact coefficients, like terms
// merged, transposes pushed down to symbols, scalars (1 x 1 products included) gathered in
// front, 1 x 1 products and traces in one orientation, and the inverse, trace, det and power
// algebra of rules/algebra.rules. Memoised per node; the result of a node is itself normal.

import * as B from '../expr/build.js';
import { Q, isScalarShape, isTransposePair, INVERTIBLE, type Expr } from '../expr/index.js';
import { isDeep, warmParts } from '../expr/walk.js';
import { transposeDown, transposedParts, EVERYWHERE, type TransposeBuilder } from '../expr/transpose.js';
import { mergeChain, liftScalarStretches } from './chain.js';
import { preferred, isNonNegative, splitCoefficient, hasQuotient } from './forms.js';
import { cancelQuotients, cancelCommonFactors, hadamardProduct, weightedInnerProduct } from './hadamard.js';
import type { StepSink } from './steps.js';
import type { NormalForm } from './normal-form.js';
import { localRuleDriver } from './local-rules.js';
import type { AlgebraRuleId } from '../rules/rule-ids.generated.js';
import { trace, det, logdet } from './reductions.js';

/** Products of sums are expanded only while the expansion stays this small. */
const EXPANSION_LIMIT = 64;

/**
 * Expanding nested products of sums can grow exponentially (a k-layer network); the expanded
 * normal form gives up once it has built more terms than its budget (by default this many),
 * and simplify() then keeps the unexpanded one.
 */
const EXPANSION_BUDGET = 4_000;

export class ExpansionBudgetExceeded extends Error {}

export class Normalizer implements NormalForm {
  private readonly memo = new Map<Expr, Expr>();

  /**
   * @param expand whether products of sums are multiplied out (the canonical form); without it
   *   the normal form keeps the factored shape and only applies the local algebra.
   */
  private expandedTerms = 0;
  private readonly transposes = new Map<Expr, Expr>();
  private readonly rules = localRuleDriver();

  constructor(
    private readonly note?: StepSink,
    private readonly expand = true,
    private readonly budget = EXPANSION_BUDGET,
  ) {}

  normal(e: Expr): Expr {
    const hit = this.memo.get(e);
    if (hit) return hit;
    if (isDeep(e)) warmParts(e, (x) => this.memo.has(x), (x) => this.normal(x));
    const out = this.compute(e);
    this.memo.set(e, out);
    if (out !== e) this.memo.set(out, out);
    return out;
  }

  local(e: Expr): Expr | undefined {
    const r = this.rules.rewrite(e);
    return r && this.step(r.rule.id as AlgebraRuleId, () => e, this.normal(r.expr));
  }

  /** Records a rewrite for explain; `before` is only built when someone is listening. */
  step(rule: AlgebraRuleId, before: () => Expr, after: Expr): Expr {
    if (this.note) {
      const b = before();
      if (b !== after) this.note({ rule, before: b, after });
    }
    return after;
  }

  private compute(e: Expr): Expr {
    if (e.args.length === 0) return e;
    const args = e.args.map((a) => this.normal(a));
    const [a] = args as [Expr];
    switch (e.kind) {
      case 'add': return this.sum(args);
      case 'mul': return this.product(e.coef, args);
      case 'transpose': return this.transpose(a);
      case 'inv': return this.inverse(a);
      case 'tr': return this.trace(a);
      case 'det': return this.det(a);
      case 'logdet': return this.logdet(a);
      case 'pow': return this.power(a, args[1]!);
      case 'mpow': {
        // (A^j)^k = A^(j*k) and inv(A)^k = A^-k: one base, one integer exponent
        if (a.kind === 'mpow') return B.mpow(a.args[0]!, a.k * e.k);
        if (a.kind === 'inv') return B.mpow(a.args[0]!, -e.k);
        return B.mpow(a, e.k);
      }
      case 'fn': return this.function(e.name, a);
      case 'norm': return this.norm(a);
      case 'sum': return this.linear((x) => this.sumOfEntries(x), a);
      case 'diagm': return this.linear((x) => this.diagMatrix(x), a);
      case 'diagv': return this.linear((x) => this.diagVector(x), a);
      case 'vec': return this.linear((x) => B.unary('vec', x), a);
      case 'hadamard': return this.multilinear(args, this.hadamardOp);
      case 'hdiv': return this.quotient(a, args[1]!);
      case 'kron': return this.multilinear(args, (xs) => {
        const k = B.kron(xs[0]!, xs[1]!);
        return this.local(k) ?? k;
      });
      default: return B.withArgs(e, args);
    }
  }

  /** Like terms merged: coefficients of equal monomials add up. */
  sum(terms: readonly Expr[]): Expr {
    const flat = B.add(...terms);
    if (flat.kind !== 'add') return flat;
    const coefs = new Map<Expr, Q.Rational>();
    for (const t of flat.args) {
      const [c, mono] = splitCoefficient(t);
      coefs.set(mono, Q.add(coefs.get(mono) ?? Q.ZERO, c));
    }
    if (coefs.size === flat.args.length) return flat;
    const out = B.add(...[...coefs].map(([mono, c]) => B.mul(B.num(c), mono)));
    return this.step('collect-terms', () => flat, out);
  }

  /** coef * scalars * chain, all arguments normal: expand sums, then normalise the pieces. */
  product(coef: Q.Rational, factors: readonly Expr[]): Expr {
    const sumIndex = this.expand ? factors.findIndex((f) => f.kind === 'add') : -1;
    if (sumIndex >= 0) {
      const expanded = this.expandProduct(coef, factors, sumIndex);
      if (expanded) return expanded;
    }
    const m = B.mul(B.num(coef), ...factors);
    if (m.kind !== 'mul') return m;
    // a 1 x 1 product the constructor just formed from the chain is normalised as a factor of its own
    const scalars = m.scalars.map((f) => (f.kind === 'mul' ? this.normal(f) : f));
    const merged = m.args.length > m.scalars.length ? this.diagonalTimesVector(mergeChain(m.chain, this.note)) : [];
    const lifted = liftScalarStretches(merged);
    const allScalars = this.collectPowers([...scalars, ...lifted.scalars].map((s) => this.orient(s)));
    let out = B.mul(B.num(m.coef), ...allScalars, ...lifted.chain);
    if (out.kind === 'mul' && isScalarShape(out.shape) && out.scalars.length === 0 && out.args.length > 1) out = this.orient(out);
    return out === m ? m : this.normal(out);
  }

  private expandProduct(coef: Q.Rational, factors: readonly Expr[], sumIndex: number): Expr | undefined {
    let count = 1;
    for (const f of factors) if (f.kind === 'add') count *= f.args.length;
    if (count > EXPANSION_LIMIT) return undefined;
    this.expandedTerms += count;
    if (this.expandedTerms > this.budget) throw new ExpansionBudgetExceeded();
    const sum = factors[sumIndex]!;
    const terms = sum.args.map((t) => {
      const fs = factors.slice();
      fs[sumIndex] = t;
      return this.product(coef, fs);
    });
    return this.step('expand-left', () => B.mul(B.num(coef), ...factors), this.sum(terms));
  }

  /** A 1 x 1 product in one of its two orientations (u'*A*v or v'*A'*u), whichever sorts first; u'*u is norm(u)^2. */
  private orient(s: Expr): Expr {
    if (s.kind !== 'mul' || s.scalars.length > 0 || s.args.length < 2) return s;
    if (s.args.length === 2 && isTransposePair(s.args[0]!, s.args[1]!))
      return this.step('norm-squared', () => s, B.pow(B.unary('norm', s.args[1]!), B.num(2)));
    const weighted = weightedInnerProduct(this, s);
    if (weighted) return weighted;
    const flipped = B.mul(...[...s.args].reverse().map((f) => this.transpose(f)));
    if (flipped.kind !== 'mul' || !preferred(flipped, s)) return s;
    return this.step('scalar-transpose', () => s, this.normal(flipped));
  }

  /** s^a * s^b = s^(a + b) among scalar factors. */
  private collectPowers(scalars: Expr[]): Expr[] {
    const exps = new Map<Expr, Expr[]>();
    for (const s of scalars) {
      const [base, exp] = s.kind === 'pow' ? [s.args[0]!, s.args[1]!] : [s, B.ONE];
      exps.set(base, [...(exps.get(base) ?? []), exp]);
    }
    if (exps.size === scalars.length) return scalars;
    const out = [...exps].map(([base, es]) => this.power(base, this.sum(es)));
    this.step('collect-powers', () => B.mul(...scalars), B.mul(...out));
    return out;
  }

  /** The normal form of a', for a normal a (memoised: nested inverses reach it many times). */
  transpose(a: Expr): Expr {
    let t = this.transposes.get(a);
    if (t) return t;
    if (isDeep(a)) warmParts(a, (x) => this.transposes.has(x), (x) => this.transpose(x), transposedParts);
    this.transposes.set(a, (t = this.computeTranspose(a)));
    return t;
  }

  private computeTranspose(a: Expr): Expr {
    const down = transposeDown(a, (x) => this.transpose(x), EVERYWHERE, this.builder);
    if (!down) return B.transpose(a);
    // a symmetric matrix is its own transpose without a step of its own (as for a scalar)
    return down.rule && down.rule !== 'transpose-symmetric' ? this.step(down.rule, () => B.transpose(a), down.expr) : down.expr;
  }

  /** The normal form's constructors, for the transpose push-down. */
  private readonly builder: TransposeBuilder = {
    product: (coef, factors) => this.product(coef, factors),
    sum: (terms) => this.sum(terms),
    inverse: (x) => this.inverse(x),
  };

  inverse(a: Expr): Expr {
    if (isScalarShape(a.shape)) return this.power(a, B.MINUS_ONE);
    const byRule = this.local(B.inv(a));
    if (byRule) return byRule;
    switch (a.kind) {
      case 'identity': return a;
      case 'mpow': return B.mpow(a.args[0]!, -a.k);
      case 'add': {
        // inv(-B - 5*I) = -inv(B + 5*I), inv(A/2 + 5/2*I) = 2*inv(A + 5*I): the common number
        // of the terms comes out, with the sign of the first, so that every multiple of a sum
        // has one inverse
        const coefs = a.args.map((t) => splitCoefficient(t)[0]);
        const content = coefs.reduce(Q.gcdRational);
        const scale = Q.isNegative(coefs[0]!) ? Q.neg(content) : content;
        if (Q.isOne(scale)) return B.inv(a);
        return this.step('inverse-scale', () => B.inv(a), this.product(Q.div(Q.ONE, scale), [B.inv(this.sum(a.args.map((t) => this.product(Q.div(Q.ONE, scale), [t]))))]));
      }
      case 'mul': {
        const chain = a.chain;
        if (a.scalars.length === 0 && Q.isOne(a.coef) && chain.every((f) => f.props & INVERTIBLE && f.shape.rows === f.shape.cols))
          return this.step('inverse-product', () => B.inv(a), this.product(Q.ONE, [...chain].reverse().map((f) => this.inverse(f))));
        if (chain.length !== 1) return B.inv(a);
        const scale = B.mul(B.num(a.coef), ...a.scalars);
        return this.step('inverse-scale', () => B.inv(a), this.product(Q.ONE, [this.power(scale, B.MINUS_ONE), this.inverse(chain[0]!)]));
      }
      default: return B.inv(a);
    }
  }

  trace(a: Expr): Expr {
    return trace(this, a);
  }

  det(a: Expr): Expr {
    return det(this, a);
  }

  logdet(a: Expr): Expr {
    return logdet(this, a);
  }

  power(base: Expr, exp: Expr): Expr {
    const integer = exp.kind === 'num' && Q.isInteger(exp.value);
    if (base.kind === 'fn' && base.name === 'abs' && integer && (exp as Extract<Expr, { kind: 'num' }>).value.n % 2n === 0n)
      return this.step('abs-even-power', () => B.pow(base, exp), this.power(base.args[0]!, exp));
    // (s^a)^b = s^(a*b) for an integer b, or for any b when s >= 0: (norm(x)^2)^(1/2) = norm(x)
    if (base.kind === 'pow' && (integer || isNonNegative(base.args[0]!)))
      return this.step(integer ? 'power-power' : 'power-power-norm', () => B.pow(base, exp), this.power(base.args[0]!, this.product(Q.ONE, [base.args[1]!, exp])));
    if (base.kind === 'mul' && base.chain.length === 0 && exp.kind === 'num' && Q.isInteger(exp.value)) {
      const parts = base.args.map((f) => this.power(f, exp));
      return this.step('power-product', () => B.pow(base, exp), this.product(Q.ONE, [B.pow(B.num(base.coef), exp), ...parts]));
    }
    return B.pow(base, exp);
  }

  private function(name: Extract<Expr, { kind: 'fn' }>['name'], a: Expr): Expr {
    const byRule = this.local(B.fn(name, a));
    if (byRule) return byRule;
    if (name === 'log' && a.kind === 'fn' && a.name === 'exp') return a.args[0]!;
    if (name === 'sqrt' && isScalarShape(a.shape)) return this.step('sqrt-power', () => B.fn('sqrt', a), this.power(a, B.num(Q.rat(1, 2))));
    return B.fn(name, a);
  }

  private norm(a: Expr): Expr {
    if (a.kind === 'transpose') return this.norm(a.args[0]!);
    if (a.kind === 'mul' && !Q.isOne(Q.abs(a.coef)))
      return this.step('norm-scale', () => B.unary('norm', a), this.product(Q.abs(a.coef), [this.norm(B.mul(...a.args))]));
    return this.local(B.unary('norm', a)) ?? B.unary('norm', a);
  }

  /** diag(u)*diag(v) = diag(u .* v) anywhere in a chain, diag(u)*v = u .* v at its end, and r'*diag(u) = (r .* u)' at its start. */
  private diagonalTimesVector(chain: Expr[]): Expr[] {
    let out = this.diagonalProducts(chain);
    const n = out.length;
    const [d, v] = [out[n - 2], out[n - 1]];
    if (d?.kind === 'diagm' && v && v.shape.cols === 1) out = [...out.slice(0, n - 2), this.normal(B.hadamard(d.args[0]!, v))];
    const [r, e] = [out[0], out[1]];
    if (r && e?.kind === 'diagm' && r.shape.rows === 1 && !isScalarShape(r.shape))
      out = [this.transpose(this.normal(B.hadamard(this.transpose(r), e.args[0]!))), ...out.slice(2)];
    if (out !== chain) this.step('diag-times-vector', () => B.mul(...chain), B.mul(...out));
    return out;
  }

  private diagonalProducts(chain: Expr[]): Expr[] {
    if (!chain.some((d, i) => d.kind === 'diagm' && chain[i + 1]?.kind === 'diagm')) return chain;
    const out: Expr[] = [];
    for (const f of chain) {
      const last = out[out.length - 1];
      if (f.kind === 'diagm' && last?.kind === 'diagm') out[out.length - 1] = this.diagMatrix(this.normal(B.hadamard(last.args[0]!, f.args[0]!)));
      else out.push(f);
    }
    if (out.length > 1 && out.some((f) => f.kind === 'identity')) out.splice(out.findIndex((f) => f.kind === 'identity'), 1);
    this.step('diag-product', () => B.mul(...chain), B.mul(...out));
    return out;
  }

  /** sum(kron(A, B)) = sum(A)*sum(B); otherwise the sum of the entries of a. */
  private sumOfEntries(a: Expr): Expr {
    return this.local(B.unary('sum', a)) ?? B.unary('sum', a);
  }

  /** diag(ones) = I; otherwise the diagonal matrix of v. */
  private diagMatrix(v: Expr): Expr {
    return this.local(B.unary('diagm', v)) ?? B.unary('diagm', v);
  }

  /** diag(I) = ones, diag(u*v') = u .* v, diag(diag(v)) = v; otherwise the diagonal of A. */
  private diagVector(a: Expr): Expr {
    const before = B.unary('diagv', a);
    const byRule = this.local(before);
    if (byRule) return byRule;
    if (a.kind === 'mul' && a.args.length === 2 && a.scalars.length === 0 && a.args[0]!.shape.cols === 1)
      return this.step('diag-outer', () => before, this.normal(B.hadamard(a.args[0]!, this.transpose(a.args[1]!))));
    return before;
  }

  private readonly hadamardOp = (xs: Expr[]): Expr => hadamardProduct(this, xs);

  /** N ./ D, linear in N; the scalar factors of D come out: N ./ (2*s*D) = (N ./ D)/(2*s). */
  private quotient(num: Expr, den: Expr): Expr {
    if (den.kind === 'mul' && (den.scalars.length > 0 || !Q.isOne(den.coef))) {
      const rest = B.mul(...den.chain);
      if (!isScalarShape(rest.shape)) {
        const scale = B.mul(B.num(den.coef), ...den.scalars);
        return this.step('quotient-scale', () => B.hdiv(num, den), this.product(Q.ONE, [this.power(scale, B.MINUS_ONE), this.quotient(num, rest)]));
      }
    }
    return this.linear((x) => cancelCommonFactors(this, x, den) ?? B.hdiv(x, den), num);
  }

  /** A linear operator: through sums, with scalar factors pulled out. */
  private linear(op: (x: Expr) => Expr, a: Expr): Expr {
    if (a.kind === 'add') return this.sum(a.args.map((t) => this.linear(op, t)));
    if (a.kind === 'mul' && (a.scalars.length > 0 || !Q.isOne(a.coef))) {
      const rest = B.mul(...a.chain);
      if (!isScalarShape(rest.shape)) return this.product(a.coef, [...a.scalars, this.linear(op, rest)]);
    }
    return op(a);
  }

  /** Multilinear (Hadamard, Kronecker): each argument distributed over sums, scalars pulled out. */
  private multilinear(args: readonly Expr[], op: (xs: Expr[]) => Expr): Expr {
    const scaled = (x: Expr): boolean => x.kind === 'mul' && (x.scalars.length > 0 || !Q.isOne(x.coef)) && !isScalarShape(x.shape);
    // a sum holding quotients goes first, so that D .* (N ./ D) meets before D is split up
    // (scalars come out first, and D .* (N ./ D) cancels before any sum is split)
    const firstScaled = args.findIndex(scaled);
    const quotients = this.expand ? args.findIndex((x) => x.kind === 'add' && x.args.some((t) => hasQuotient(t))) : -1;
    const i = firstScaled >= 0 ? firstScaled : quotients >= 0 ? quotients : args.findIndex((x) => this.expand && x.kind === 'add');
    if (i < 0) return op([...args]);
    const cancelled = firstScaled < 0 && op === this.hadamardOp ? cancelQuotients(this, args) : undefined;
    if (cancelled) return this.product(Q.ONE, [cancelled.ratio, this.multilinear(cancelled.factors, op)]);
    const x = args[i]!;
    const withArg = (y: Expr): Expr => {
      const ys = args.slice();
      ys[i] = y;
      return this.multilinear(ys, op);
    };
    if (x.kind === 'add') {
      this.expandedTerms += x.args.length;
      if (this.expandedTerms > this.budget) throw new ExpansionBudgetExceeded();
      return this.sum(x.args.map(withArg));
    }
    const m = x as Extract<Expr, { kind: 'mul' }>;
    return this.product(m.coef, [...m.scalars, withArg(B.mul(...m.chain))]);
  }
}
