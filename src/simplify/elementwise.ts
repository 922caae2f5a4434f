// Presentation of elementwise sums, the way they are written by hand:
//   diag(s) - diag(s .* s)  ->  diag(s - s .* s)          (diag is linear)
//   kron(A', B) + kron(A, B)  ->  kron(A + A', B)        (kron is linear in each argument)
//   s - s .* s              ->  s .* (ones(n) - s)         (a common Hadamard factor)
//   y - sigmoid(u) .* y     ->  y .* sigmoid(-u)           (and the sigmoid's complement, complement.ts)
//   s - 3*s .* s + 2*s .* s .* s  ->  s .* (ones(n) - s) .* (ones(n) - 2*s)   (a polynomial's roots)
//   s*a*a' - s^2*a*a'       ->  (1 - s)*s*a*a'            (the same for a scalar s)
//   ones(n)'*A*x            ->  sum(A*x)
// Each sum is rewritten only when that makes it cheaper (the simplifier's cost: fewer leaves by default).

import * as B from '../expr/build.js';
import { Q, isScalarShape, type Expr } from '../expr/index.js';
import { productParts, hadamardFactors, signOutside } from './forms.js';
import type { Cost } from './cost.js';
import { sigmoidComplement } from './complement.js';
import type { NormalForm } from './normal-form.js';

interface Scaled {
  /** the term without its coefficient and scalar factors */
  readonly core: Expr;
  /** rebuilds the term around another core */
  readonly around: (core: Expr) => Expr;
}

/** c * scalars * core, for a term whose matrix chain is a single factor. */
function scaled(t: Expr): Scaled {
  if (t.kind !== 'mul') return { core: t, around: (c) => c };
  const chain = t.chain;
  if (chain.length !== 1) return { core: t, around: (c) => c };
  const scalars = t.scalars;
  return { core: chain[0]!, around: (c) => B.mul(B.num(t.coef), ...scalars, c) };
}

/** A slot where a term's core is linear in one argument, the rest fixed (the key says which rest). */
interface LinearSlot {
  readonly key: string;
  readonly arg: Expr;
  readonly rebuild: (arg: Expr) => Expr;
}

/** diag(v) is linear in v; kron(A, B) in A for a fixed B and in B for a fixed A. */
function linearSlots(core: Expr): LinearSlot[] {
  const shapeKey = (e: Expr): string => `${e.shape.rows}x${e.shape.cols}`;
  if (core.kind === 'diagm') return [{ key: `diagm|${shapeKey(core)}`, arg: core.args[0]!, rebuild: (v) => B.unary('diagm', v) }];
  if (core.kind !== 'kron') return [];
  const [a, b] = core.args as [Expr, Expr];
  return [
    { key: `kron|_,${b.id}|${shapeKey(a)}`, arg: a, rebuild: (x) => B.kron(x, b) },
    { key: `kron|${a.id},_|${shapeKey(b)}`, arg: b, rebuild: (x) => B.kron(a, x) },
  ];
}

/**
 * The terms with those that apply one linear operator to different arguments merged into one
 * application to the sum (diag(s) - diag(s .* s) = diag(s - s .* s), kron(A', B) + kron(A, B) =
 * kron(A + A', B)), group by group while that lowers the cost.
 */
export function mergeLinear(terms: readonly Expr[], present: (e: Expr) => Expr, cost: Cost): Expr[] {
  const parts = terms.map(scaled);
  const groups = new Map<string, Array<{ index: number; slot: LinearSlot }>>();
  parts.forEach((p, index) => {
    for (const slot of linearSlots(p.core)) groups.set(slot.key, [...(groups.get(slot.key) ?? []), { index, slot }]);
  });
  const before = cost.of(B.add(...terms));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const inner = present(B.add(...members.map(({ index, slot }) => parts[index]!.around(slot.arg))));
    const merged = members[0]!.slot.rebuild(inner);
    const others = terms.filter((_, i) => !members.some((m) => m.index === i));
    if (cost.of(B.add(...others, merged)) < before) return mergeLinear([...others, merged], present, cost);
  }
  return [...terms];
}

/** s .* (ones(n) - s) for s - s .* s: the best common Hadamard factor of a vector sum, if any helps. */
export function factorHadamard(terms: readonly Expr[], cost: Cost, n: NormalForm): Expr | undefined {
  const shape = terms[0]?.shape;
  if (!shape || shape.cols !== 1 || shape.rows === 1) return undefined;
  const parts = terms.map(scaled);
  // each factor -> the terms holding it, in one pass (a sum of k terms asking each term about each
  // factor was quadratic; a residual network's adjoints are k such sums)
  const holders = new Map<Expr, number[]>();
  parts.forEach((p, i) => {
    for (const f of hadamardFactors(p.core)) {
      const list = holders.get(f);
      if (!list) holders.set(f, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const before = cost.of(B.add(...terms));
  let best: { out: Expr; inner: Expr; written: Expr } | undefined;
  for (const [f, members] of holders) {
    if (members.length < 2) continue;
    const rest = members.map((i) => {
      const p = parts[i]!;
      const others = [...hadamardFactors(p.core)];
      others.splice(others.indexOf(f), 1);
      return p.around(others.length ? B.hadamard(...others) : B.ones(shape.rows));
    });
    const inner = B.add(...rest);
    const written = complemented(f, inner);
    const inside = new Set(members);
    const out = B.add(...terms.filter((_, i) => !inside.has(i)), signOutside(B.hadamard(f, written), [f, written]));
    if (cost.of(out) < (best ? cost.of(best.out) : before)) best = { out, inner, written };
  }
  if (best && best.written !== best.inner) n.step('sigmoid-complement', () => best.inner, best.written);
  return best?.out;
}

/**
 * What stays beside a common factor f, with ones(n) - sigmoid(u) written sigmoid(-u) (y .* sigmoid(-u)
 * for y - sigmoid(u) .* y), except beside sigmoid(u) itself: s .* (ones(n) - s) stays the
 * derivative of the sigmoid as written.
 */
function complemented(f: Expr, rest: Expr): Expr {
  const complement = sigmoidComplement(rest);
  if (!complement || rest.args.includes(f) || rest.args.some((t) => t.kind === 'mul' && t.args[0] === f)) return rest;
  return complement;
}

/** sum(v) for the 1 x 1 product ones(n)'*v (one leaf fewer); undefined for any other product. */
export function asSumOfEntries(m: Extract<Expr, { kind: 'mul' }>): Expr | undefined {
  const [first, ...rest] = m.args;
  if (!isScalarShape(m.shape) || m.scalars.length > 0 || !Q.isOne(m.coef) || rest.length === 0) return undefined;
  if (first?.kind !== 'transpose' || first.args[0]!.kind !== 'ones') return undefined;
  return B.unary('sum', B.mul(...rest));
}

/** Hadamard polynomials are factored up to this degree (rational roots by the rational root theorem). */
const MAX_DEGREE = 6;
/** Coefficients (as integers) beyond this are not searched for divisors. */
const MAX_COEFFICIENT = 10_000n;

/**
 * A polynomial c0 + c1*f + c2*f^2 + ... in one base f: a vector under Hadamard products
 * (c0*ones + c1*f + c2*f .* f), or a scalar times a common matrix chain (c1*f*a*a' + c2*f^2*a*a').
 */
interface Polynomial {
  readonly base: Expr;
  /** coefficients, lowest degree first */
  readonly coefs: Q.Rational[];
  /** the unit of the algebra: ones(n), or the number 1 */
  readonly one: Expr;
  readonly power: (k: number) => Expr;
  /** the product of the factors (times the common chain of a scalar base) */
  readonly product: (factors: readonly Expr[]) => Expr;
}

/** Stores coef at degree in coefs; false when the degree is too high or already taken. */
function place(coefs: Q.Rational[], degree: number, coef: Q.Rational): boolean {
  if (degree > MAX_DEGREE || coefs[degree]) return false;
  coefs[degree] = coef;
  return true;
}

const filled = (coefs: readonly Q.Rational[]): Q.Rational[] => Array.from(coefs, (c) => c ?? Q.ZERO);

/** The sum c0*ones + c1*f + c2*f .* f + ... as a polynomial in the vector f; undefined for any other sum. */
function asHadamardPolynomial(terms: readonly Expr[]): Polynomial | undefined {
  let base: Expr | undefined;
  const coefs: Q.Rational[] = [];
  for (const t of terms) {
    const [coef, core] = t.kind === 'mul' && t.scalars.length === 0 && t.args.length === 1 ? [t.coef, t.args[0]!] : [Q.ONE, t];
    let degree = 0;
    if (core.kind !== 'ones') {
      const factors = hadamardFactors(core);
      if (factors.some((f) => f !== factors[0]) || (base && factors[0] !== base)) return undefined;
      base = factors[0]!;
      degree = factors.length;
    }
    if (!place(coefs, degree, coef)) return undefined;
  }
  if (!base || base.kind === 'add' || coefs.length < 3) return undefined;
  const f = base;
  const one = B.ones(f.shape.rows);
  return { base: f, coefs: filled(coefs), one, power: (k) => B.hadamard(...new Array<Expr>(k).fill(f)), product: (fs) => B.hadamard(...fs) };
}

/** The degree of a scalar factor in the base f (f, or f^k for an integer k >= 1); undefined for another factor. */
function degreeIn(s: Expr, f: Expr | undefined): [Expr, number] | undefined {
  const [b, k] = s.kind === 'pow' && s.args[1]!.kind === 'num' ? [s.args[0]!, s.args[1].value] : [s, Q.ONE];
  if ((f && b !== f) || !Q.isInteger(k) || k.n < 1n || k.n > BigInt(MAX_DEGREE)) return undefined;
  return [b, Number(k.n)];
}

/** The sum c1*f*M + c2*f^2*M + ... (M a common chain, maybe empty) as a polynomial in the scalar f; undefined for any other sum. */
function asScalarPolynomial(terms: readonly Expr[]): Polynomial | undefined {
  let base: Expr | undefined;
  let chain: readonly Expr[] | undefined;
  const coefs: Q.Rational[] = [];
  for (const t of terms) {
    const { coef, scalars, chain: rest } = isScalarShape(t.shape) && t.kind !== 'mul' && t.kind !== 'num' ? { coef: Q.ONE, scalars: [t], chain: [] } : productParts(t);
    if (scalars.length > 1 || (chain && (rest.length !== chain.length || rest.some((f, i) => f !== chain![i])))) return undefined;
    chain = rest;
    const found = scalars.length === 1 ? degreeIn(scalars[0]!, base) : undefined;
    if (scalars.length === 1 && !found) return undefined;
    if (found) base = found[0];
    if (!place(coefs, found?.[1] ?? 0, coef)) return undefined;
  }
  if (!base || !chain || base.kind === 'add' || base.kind === 'num' || coefs.length < 3) return undefined;
  const [f, c] = [base, chain];
  return { base: f, coefs: filled(coefs), one: B.ONE, power: (k) => B.pow(f, B.num(k)), product: (fs) => B.mul(...fs, ...c) };
}

const bigAbs = (n: bigint): bigint => (n < 0n ? -n : n);
const bigGcd = (a: bigint, b: bigint): bigint => (b === 0n ? bigAbs(a) : bigGcd(b, a % b));

function divisors(n: bigint): bigint[] {
  const out: bigint[] = [];
  for (let d = 1n; d <= n; d++) if (n % d === 0n) out.push(d);
  return out;
}

const evaluateAt = (coefs: readonly Q.Rational[], x: Q.Rational): Q.Rational => coefs.reduceRight((acc, c) => Q.add(Q.mul(acc, x), c), Q.ZERO);

/** A rational root of the polynomial (lowest degree first, constant term nonzero), if it has one. */
function rationalRoot(coefs: readonly Q.Rational[]): Q.Rational | undefined {
  const scale = coefs.reduce((l, c) => (l * c.d) / bigGcd(l, c.d), 1n);
  const [constant, lead] = [bigAbs(coefs[0]!.n * (scale / coefs[0]!.d)), bigAbs(coefs[coefs.length - 1]!.n * (scale / coefs[coefs.length - 1]!.d))];
  if (constant > MAX_COEFFICIENT || lead > MAX_COEFFICIENT) return undefined;
  for (const p of divisors(constant))
    for (const q of divisors(lead))
      for (const r of [Q.rat(p, q), Q.rat(-p, q)]) if (Q.isZero(evaluateAt(coefs, r))) return r;
  return undefined;
}

/** The polynomial divided by (f - r), for a root r (synthetic division). */
function deflate(coefs: readonly Q.Rational[], r: Q.Rational): Q.Rational[] {
  const out: Q.Rational[] = new Array(coefs.length - 1);
  let carry = Q.ZERO;
  for (let k = coefs.length - 1; k >= 1; k--) out[k - 1] = carry = Q.add(coefs[k]!, Q.mul(r, carry));
  return out;
}

/**
 * s .* (ones(n) - s) .* (ones(n) - 2*s) for s - 3*s .* s + 2*s .* s .* s: a Hadamard polynomial
 * in one vector, or a polynomial in one scalar times a common chain (s*(1 - s)*a*a'), written as the product of its linear factors (one per rational root, the
 * constant positive: ones(n) - 2*s for the root 1/2) and of what has no rational root.
 */
export function factorPolynomial(terms: readonly Expr[], cost: Cost): Expr | undefined {
  const shape = terms[0]?.shape;
  if (!shape) return undefined;
  const poly = shape.cols === 1 && shape.rows !== 1 ? asHadamardPolynomial(terms) : asScalarPolynomial(terms);
  if (!poly) return undefined;
  const ones = poly.one;
  const roots: Q.Rational[] = [];
  let coefs = poly.coefs;
  while (coefs.length > 1) {
    const root = Q.isZero(coefs[0]!) ? Q.ZERO : rationalRoot(coefs);
    if (!root) break;
    coefs = deflate(coefs, root);
    roots.push(root);
  }
  if (roots.length === 0) return undefined;
  // f - p/q is -(p*ones - q*f)/q: for a positive root the constant is written first and positive
  // (ones(n) - s), except in one factor when the signs would leave a minus in front
  const positives = roots.filter((r) => r.n > 0n).length;
  const leadNegative = Q.isNegative(coefs[coefs.length - 1]!) !== (positives % 2 === 1);
  let flipsLeft = leadNegative && positives > 0 ? 1 : 0;
  let scale = Q.ONE;
  const factors = roots.map((root) => {
    const [p, q] = [Q.rat(root.n), Q.rat(root.d)];
    let constantFirst = root.n > 0n;
    if (constantFirst && flipsLeft > 0) {
      constantFirst = false;
      flipsLeft--;
    }
    scale = Q.div(scale, constantFirst ? Q.neg(q) : q);
    return constantFirst ? B.add(B.mul(B.num(p), ones), B.mul(B.num(Q.neg(q)), poly.base)) : B.add(B.mul(B.num(q), poly.base), B.mul(B.num(Q.neg(p)), ones));
  });
  const rest = coefs.map((c, k) => B.mul(B.num(Q.mul(c, scale)), k === 0 ? ones : poly.power(k)));
  const out = coefs.length === 1 ? B.mul(B.num(Q.mul(coefs[0]!, scale)), poly.product(factors)) : poly.product([...factors, B.add(...rest)]);
  return cost.of(out) < cost.of(B.add(...terms)) ? out : undefined;
}
