// The plain ASCII language of LANGUAGE.md section 2. Parsing the output back gives the same node,
// so every form here is one the grammar reads back through the normalising constructors:
// products may be re-associated freely (mul flattens and gathers scalars), while elementwise
// operators, powers and postfix operators get parentheses whenever their operand binds looser.
// Leaves (names and numbers) are what the size measure counts, so they are kept to a minimum:
// `x/2` rather than `1/2*x`, `0.5` rather than `1/2`, `I` rather than `I(n)` where context sizes it.

import type { Expr, Mul } from '../expr/node.js';
import { DeepMemo } from '../expr/deep.js';
import { assertPrintable } from './size.js';
import type { Dim } from '../expr/shape.js';
import * as Q from '../expr/rational.js';
import type { Rational } from '../expr/rational.js';
import {
  ADD, MUL, NEG, POW, POSTFIX, ATOM, atLeast, printed, productOf, reciprocalPower, termsOf, decimalText,
  type DenFactor, type Printed,
  isHalf,
} from './layout.js';

/** The memos of the print in progress, unsized and sized: each node is printed once per context. */
let shown: readonly [DeepMemo<Expr, Printed>, DeepMemo<Expr, Printed>] | undefined;

/** The expression in the plain ASCII language. */
export function printPlain(e: Expr): string {
  assertPrintable(e, 'plain');
  const outer = shown;
  shown = [new DeepMemo((x) => render(x, false)), new DeepMemo((x) => render(x, true))];
  try {
    return e.kind === 'zero' ? '0' : show(e, false).text;
  } finally {
    shown = outer;
  }
}

/**
 * `sized` says the surrounding sum or product already fixes e's shape, so an identity in e may
 * be written `I` instead of `I(n)`.
 */
function show(e: Expr, sized: boolean): Printed {
  return shown![sized ? 1 : 0].get(e);
}

function render(e: Expr, sized: boolean): Printed {
  switch (e.kind) {
    case 'num':
      return numberText(e.value);
    case 'sym':
    case 'def':
      return printed(e.name, ATOM);
    case 'diff':
      return printed(`d(${e.of.name})`, ATOM);
    case 'identity':
      return printed(sized ? 'I' : sizedCall('I', e.shape.rows), ATOM);
    case 'zero':
      return zeroOfShape(e);
    case 'ones':
      return printed(sizedCall('ones', e.shape.rows), ATOM);
    case 'add':
      return sum(e, sized);
    case 'mul':
      return product(e, sized);
    case 'pow':
      return power(e);
    case 'mpow':
      // an inverse power is spelt like the inverse: inv(X)^2 beside inv(X), never X^-2
      if (e.k < 0) return printed(`${call('inv', e.args).text}^${-e.k}`, POW);
      return printed(`${atLeast(show(e.args[0]!, false), POSTFIX)}^${e.k}`, POW);
    case 'transpose':
      return printed(`${atLeast(show(e.args[0]!, false), POSTFIX)}'`, POSTFIX);
    case 'inv':
    case 'det':
    case 'logdet':
    case 'tr':
    case 'norm':
    case 'sum':
      return call(e.kind, e.args);
    case 'diagm':
    case 'diagv':
      return call('diag', e.args);
    case 'kron':
      return call('kron', e.args);
    case 'vec':
      return call('vec', e.args);
    case 'commutation':
      return printed(`commutation(${e.m}, ${e.n})`, ATOM);
    case 'hadamard':
      return elementwise(' .* ', e.args);
    case 'hdiv':
      return elementwise(' ./ ', e.args);
    case 'fn':
      return call(e.name, e.args);
    default: {
      const never: never = e;
      throw new Error(`printPlain: unknown node ${(never as Expr).kind}`);
    }
  }
}

/** Integers and terminating decimals are one leaf; other fractions are written p/q. */
function numberText(r: Rational): Printed {
  const text = decimalText(r);
  if (text !== undefined) return printed(text, Q.isNegative(r) ? NEG : ATOM);
  return printed(Q.toString(r), MUL);
}

/**
 * A zero matrix inside another operation keeps its shape: 0*ones(n), 0*ones(n)', 0*I(n),
 * 0*ones(m)*ones(n)' (mul with coefficient 0 is the zero of the product's shape). Only a whole
 * result is the bare `0`, which the corpus reads as a zero of any shape.
 */
function zeroOfShape(e: Expr): Printed {
  const { rows, cols } = e.shape;
  if (rows === cols) return printed(`0*${sizedCall('I', rows)}`, MUL);
  const factors = [rows === 1 ? [] : [sizedCall('ones', rows)], cols === 1 ? [] : [`${sizedCall('ones', cols)}'`]].flat();
  return printed(['0', ...factors].join('*'), MUL);
}

/**
 * I(n) or ones(n); a Kronecker dimension such as "m*n", which the language cannot write, as
 * kron(I(m), I(n)) (and likewise for ones).
 */
function sizedCall(name: 'I' | 'ones', d: Dim): string {
  const parts = String(d).split('*');
  if (parts.length === 1) return `${name}(${d})`;
  return parts.slice(1).reduce((acc, p) => `kron(${acc}, ${name}(${p}))`, `${name}(${parts[0]})`);
}

/** Whether the printed form of e fixes its shape by itself (an `I` or a `0` does not). */
export const selfSized = (e: Expr): boolean => selfSizedMemo.get(e);

const selfSizedMemo = new DeepMemo<Expr, boolean>((e) => {
  switch (e.kind) {
    case 'identity':
    case 'zero':
      return false;
    case 'add':
      return e.args.some(selfSized);
    case 'mul':
      return e.chain.length === 0 || e.chain.some(selfSized);
    default:
      return true;
  }
}, new WeakMap());

/**
 * Which operands of a sum are sized: each one when the sum is, or when another term is
 * self-sized.
 */
function sizedTerms(terms: readonly Expr[], sized: boolean): boolean[] {
  const self = terms.map(selfSized);
  const count = self.filter(Boolean).length;
  return self.map((s) => sized || count > (s ? 1 : 0));
}

/**
 * Which factors of a matrix chain are sized: those after a self-sized factor, and a leading one
 * when the factor right after it is self-sized (`I*A`; but `I*I*A` leaves the first I open).
 * A chain of one factor has the product's own context.
 */
function sizedFactors(chain: readonly Expr[], sized: boolean): boolean[] {
  if (chain.length === 1) return [sized];
  const first = chain.findIndex(selfSized);
  return chain.map((_, j) => first >= 0 && (j > first || (j === 0 && first === 1)));
}

/** `-` in front of e's magnitude m: a product takes it in front of its first factor (mul
 * gathers the sign again); any other operator below NEG needs parentheses. */
function negated(m: Expr, p: Printed): Printed {
  const body = m.kind === 'mul' || m.kind === 'num' ? atLeast(p, MUL) : atLeast(p, NEG);
  return printed(`-${body}`, Math.min(p.prec, NEG));
}

function sum(e: Expr, sized: boolean): Printed {
  const terms = termsOf(e);
  const termSized = sizedTerms(terms.map((t) => t.magnitude), sized);
  let text = '';
  terms.forEach((t, i) => {
    const p = show(t.magnitude, termSized[i]!);
    if (i === 0) text = t.negative ? negated(t.magnitude, p).text : p.text;
    else text += `${t.negative ? ' - ' : ' + '}${atLeast(p, MUL)}`;
  });
  return printed(text, ADD);
}

/**
 * coef * factors / den. The coefficient p/q is written `p*` in front (a terminating decimal as one
 * number) and `/q` behind; scalar factors with a negative numeric exponent go behind `/`, one
 * `/` each (`x/a/b`: `x/(a*b)` would read back as a power of a product).
 */
function product(e: Mul, sized: boolean): Printed {
  const p = productOf(e);
  const items: Printed[] = [];
  const den: string[] = [];
  if (!Q.isOne(p.coef)) {
    const decimal = decimalText(p.coef);
    if (decimal !== undefined && (Q.isInteger(p.coef) || p.coef.n !== 1n)) items.push(printed(decimal, ATOM));
    else {
      if (p.coef.n !== 1n) items.push(printed(p.coef.n.toString(), ATOM));
      den.push(p.coef.d.toString());
    }
  }
  const chainSized = sizedFactors(p.factors.slice(p.nScalars), sized);
  p.factors.forEach((f, i) => {
    const q = show(f, chainSized[i - p.nScalars] ?? false);
    // a 1 x 1 chain (x'*y) among the factors: mul re-gathers it, so it needs no parentheses
    items.push(f.kind === 'mul' ? q : printed(atLeast(q, NEG), Math.max(q.prec, NEG)));
  });
  for (const d of p.den) den.push(denominator(d));
  let text = items.length ? items.map((q) => q.text).join('*') : '1';
  for (const d of den) text += `/${d}`;
  const prec = items.length === 1 && den.length === 0 ? items[0]!.prec : MUL;
  return p.negative ? printed(`-${text}`, Math.min(prec, NEG)) : printed(text, prec);
}

/** base^exp behind a `/`: `/s`, `/s^2`, `/norm(x)^3`, `/(a + b)`. */
function denominator(d: DenFactor): string {
  const base = show(d.base, false);
  if (Q.isOne(d.exp)) return atLeast(base, POW);
  if (isHalf(d.exp)) return `sqrt(${base.text})`;
  return `${atLeast(base, POSTFIX)}^${exponentText(d.exp)}`;
}

/** A numeric exponent as the grammar takes it: `2`, `-2`, `0.5`, `(1/3)`. */
function exponentText(r: Rational): string {
  const text = decimalText(r);
  return text ?? `(${Q.toString(r)})`;
}

/** s^p; a lone reciprocal is written `1/s`. */
function power(e: Expr): Printed {
  const [base, exponent] = e.args as [Expr, Expr];
  const r = reciprocalPower(e);
  if (r && Q.isOne(r.exp)) return printed(`1/${denominator(r)}`, MUL);
  if (exponent.kind === 'num' && isHalf(exponent.value)) return printed(`sqrt(${show(base, false).text})`, ATOM);
  const b = atLeast(show(base, false), POSTFIX);
  if (exponent.kind === 'num') return printed(`${b}^${exponentText(exponent.value)}`, POW);
  const x = show(exponent, false).text;
  return printed(`${b}^${exponent.kind === 'sym' || exponent.kind === 'def' ? x : `(${x})`}`, POW);
}

function call(name: string, args: readonly Expr[]): Printed {
  return printed(`${name}(${args.map((a) => show(a, false).text).join(', ')})`, ATOM);
}

/** a .* b, a ./ b: operands other than powers, postfix forms and atoms are parenthesised. */
function elementwise(op: string, args: readonly Expr[]): Printed {
  return printed(args.map((a) => atLeast(show(a, false), POW)).join(op), MUL);
}
