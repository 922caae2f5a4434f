// The algebra of the Hadamard product in the normal form (src/simplify/normal.ts): ones is its
// unit, a factor cancels against its own reciprocal (D .* (N ./ D) = N), also when one side is
// a definition that is a multiple of the other (exp(x) .* (y ./ s) = sum(exp(x))*y for
// s := exp(x)/sum(exp(x))), and an inner product of vectors is the sum of their Hadamard
// product, so it takes one form and cancels the same way (u'*(v ./ u) = ones(n)'*v, the
// softmax cross-entropy's sum(y)). Each function takes normal arguments and their NormalForm.

import * as B from '../expr/build.js';
import { Q, compareExpr, sameShape, type Expr, type Shape } from '../expr/index.js';
import { isAllOnes, hadamardFactors } from './forms.js';
import type { NormalForm } from './normal-form.js';

/** What is left of a Hadamard product after a quotient cancelled: ratio * (factors multiplied). */
interface Cancelled {
  readonly factors: Expr[];
  /** a 1 x 1 factor: 1, or the ratio of the scales of a definition and its body's factor */
  readonly ratio: Expr;
}

/**
 * e as scale * core: a definition whose body is a scaled single factor (s := exp(x)/sum(exp(x)))
 * is 1/sum(exp(x)) times exp(x); any other definition is its body; anything else is itself.
 */
function scaledCore(n: NormalForm, e: Expr): readonly [Expr, Expr] {
  if (e.kind !== 'def') return [B.ONE, e];
  const body = n.normal(e.body);
  if (body.kind !== 'mul' || body.chain.length !== 1) return [B.ONE, body];
  return [B.mul(B.num(body.coef), ...body.scalars), body.chain[0]!];
}

/**
 * f / d for two Hadamard factors that cancel: 1 when they are equal, a/b for a*C and b*C when
 * either is a definition with that body (the denominator is nonzero, so C is too); undefined
 * when they do not cancel.
 */
function cancellingRatio(n: NormalForm, f: Expr, d: Expr): Expr | undefined {
  if (f === d) return B.ONE;
  if (f.kind !== 'def' && d.kind !== 'def') return undefined;
  const [fScale, fCore] = scaledCore(n, f);
  const [dScale, dCore] = scaledCore(n, d);
  return fCore === dCore ? n.product(Q.ONE, [fScale, n.power(dScale, B.MINUS_ONE)]) : undefined;
}

const without = (xs: readonly Expr[], i: number): Expr[] => xs.filter((_, k) => k !== i);

/** The matrix of ones of a shape (the unit of the Hadamard product). */
function allOnes(shape: Shape): Expr {
  if (shape.cols === 1) return B.ones(shape.rows);
  if (shape.rows === 1) return B.transpose(B.ones(shape.cols));
  return B.mul(B.ones(shape.rows), B.transpose(B.ones(shape.cols)));
}

/**
 * D .* (N ./ (D .* E)) = N ./ E: the first factor that meets a factor of a quotient's
 * denominator cancels against it, also a definition against its body's factor
 * (cancellingRatio). Undefined when nothing cancels.
 */
export function cancelQuotients(n: NormalForm, factors: readonly Expr[]): Cancelled | undefined {
  for (let i = 0; i < factors.length; i++) {
    const q = factors[i]!;
    // a 1 x 1 numerator is broadcast (a ./ D .* D is a matrix of a's): only like shapes cancel
    if (q.kind !== 'hdiv' || !sameShape(q.args[0]!.shape, q.args[1]!.shape)) continue;
    const [num, den] = q.args as [Expr, Expr];
    const denominators = hadamardFactors(den);
    for (let j = 0; j < factors.length; j++) {
      if (j === i || !sameShape(factors[j]!.shape, q.shape)) continue;
      for (let k = 0; k < denominators.length; k++) {
        const ratio = cancellingRatio(n, factors[j]!, denominators[k]!);
        if (!ratio) continue;
        const left = without(denominators, k);
        const quotient = left.length ? B.hdiv(num, B.hadamard(...left)) : num;
        return { factors: factors.flatMap((g, m) => (m === j ? [] : m === i ? [quotient] : [g])), ratio };
      }
    }
  }
  return undefined;
}

/** (D .* N) ./ (D .* E) = N ./ E, and D ./ D = ones: the factors a quotient's sides share cancel; undefined when none do. */
export function cancelCommonFactors(n: NormalForm, num: Expr, den: Expr): Expr | undefined {
  if (!sameShape(num.shape, den.shape)) return undefined;
  const [numerators, denominators] = [hadamardFactors(num), hadamardFactors(den)];
  for (let i = 0; i < numerators.length; i++)
    for (let k = 0; k < denominators.length; k++) {
      const ratio = cancellingRatio(n, numerators[i]!, denominators[k]!);
      if (!ratio) continue;
      const [top, bottom] = [without(numerators, i), without(denominators, k)];
      const kept = top.length ? B.hadamard(...top) : allOnes(num.shape);
      const out = B.mul(ratio, bottom.length ? B.hdiv(kept, B.hadamard(...bottom)) : kept);
      return n.step('hadamard-quotient', () => B.hdiv(num, den), n.normal(out));
    }
  return undefined;
}

/** The factors with a pair sqrt(u) .* sqrt(u) replaced by u; undefined when there is no pair. */
function squaredRoot(factors: readonly Expr[]): Expr[] | undefined {
  const i = factors.findIndex((f, k) => f.kind === 'fn' && f.name === 'sqrt' && factors.indexOf(f, k + 1) > k);
  if (i < 0) return undefined;
  const f = factors[i]!;
  const j = factors.indexOf(f, i + 1);
  return factors.flatMap((g, k) => (k === i ? [f.args[0]!] : k === j ? [] : [g]));
}

/** ones .* A = A, and quotients cancelled: the normal form of a Hadamard product of normal factors. */
export function hadamardProduct(n: NormalForm, factors: Expr[]): Expr {
  const square = squaredRoot(factors);
  if (square) return n.step('hadamard-sqrt-square', () => B.hadamard(...factors), n.normal(B.hadamard(...square)));
  const cancelled = cancelQuotients(n, factors);
  if (cancelled) {
    const rule = cancelled.ratio === B.ONE ? 'hadamard-quotient' : 'hadamard-quotient-scaled';
    return n.step(rule, () => B.hadamard(...factors), n.normal(B.mul(cancelled.ratio, B.hadamard(...cancelled.factors))));
  }
  const kept = factors.filter((x) => !isAllOnes(x));
  // one quotient for the whole product: u .* (v ./ w) = (u .* v) ./ w, u .* (ones ./ v) = u ./ v
  const isQuotient = (x: Expr): boolean => x.kind === 'hdiv' && sameShape(x.args[0]!.shape, x.args[1]!.shape);
  const quotients = kept.filter(isQuotient);
  if (quotients.length > 0 && kept.length > 1) {
    const numerators = [...kept.filter((x) => !isQuotient(x)), ...quotients.map((q) => q.args[0]!)];
    const merged = B.hdiv(B.hadamard(...numerators), B.hadamard(...quotients.map((q) => q.args[1]!)));
    return n.step('hadamard-reciprocal', () => B.hadamard(...factors), n.normal(merged));
  }
  const out = B.hadamard(...(kept.length ? kept : factors.slice(0, 1)));
  return kept.length < factors.length ? n.step('hadamard-ones', () => B.hadamard(...factors), out) : out;
}

const isElementwise = (e: Expr): boolean => e.kind === 'hadamard' || e.kind === 'hdiv';

/**
 * The 1 x 1 product a'*b with a Hadamard product or quotient on either side, as the sum of the
 * Hadamard product of all its vectors: quotients cancel (u'*(v ./ u) = ones(n)'*v), and
 * otherwise a'*(b .* c) = b'*(a .* c) = c'*(a .* b) has one form, the one with the first vector
 * (in the canonical order) outside. Undefined for any other product.
 */
export function weightedInnerProduct(n: NormalForm, s: Extract<Expr, { kind: 'mul' }>): Expr | undefined {
  if (s.args.length !== 2) return undefined;
  const [row, col] = s.args as [Expr, Expr];
  if (!isElementwise(row) && !isElementwise(col)) return undefined;
  let vectors = [...hadamardFactors(row).map((f) => n.transpose(f)), ...hadamardFactors(col)];
  const cancelled = cancelQuotients(n, vectors);
  if (cancelled) {
    const ones = B.transpose(B.ones(col.shape.rows));
    const rule = cancelled.ratio === B.ONE ? 'inner-product-quotient' : 'inner-product-quotient-weighted';
    return n.step(rule, () => s, n.normal(B.mul(cancelled.ratio, ones, B.hadamard(...cancelled.factors))));
  }
  if (row.kind !== 'hadamard' && col.kind !== 'hadamard') return undefined;
  // ones'*(a .* b) = a'*b
  const kept = vectors.filter((v) => !isAllOnes(v));
  if (kept.length === 2) return n.step('hadamard-ones', () => s, n.normal(B.mul(n.transpose(kept[0]!), kept[1]!)));
  if (kept.length > 2) vectors = kept;
  vectors.sort(compareExpr);
  const [first, ...rest] = vectors as [Expr, ...Expr[]];
  const out = B.mul(n.transpose(first), B.hadamard(...rest));
  return out === s ? s : n.step('hadamard-commute', () => s, out);
}
