// What the printers share: precedence levels, the layout of a product as sign, coefficient,
// numerator factors and denominator, the order of the terms of a sum, number spellings and the
// Greek alphabet. Each printer (plain, unicode, latex, numpy) keeps its own switch over kinds.

import { neg } from '../expr/build.js';
import type { Expr, Mul } from '../expr/node.js';
import * as Q from '../expr/rational.js';
import type { Rational } from '../expr/rational.js';
import type { Binding, Spelling } from '../expr/functions.js';

/**
 * Precedence of a printed form, loosest first. A child printed below the level its parent needs
 * is parenthesised.
 * - ADD: `a + b`, `a - b`
 * - MUL: `a*b`, `a/s`, `a .* b` (and `-2*x`: unary minus binds tighter than `*`)
 * - NEG: `-a`
 * - POW: `a^b`
 * - POSTFIX: `a'`
 * - ATOM: names, numbers, calls, bracketed forms
 */
export const ADD = 1;
export const MUL = 2;
export const NEG = 3;
export const POW = 4;
export const POSTFIX = 5;
export const ATOM = 6;

/** A printed fragment and the precedence of its outermost operator. */
export interface Printed {
  readonly text: string;
  readonly prec: number;
}

export const printed = (text: string, prec: number): Printed => ({ text, prec });

/** `(text)` when p binds looser than `min`. */
export function atLeast(p: Printed, min: number, open = '(', close = ')'): string {
  return p.prec >= min ? p.text : `${open}${p.text}${close}`;
}

const BINDING: Record<Binding, number> = { add: ADD, mul: MUL, neg: NEG, pow: POW, postfix: POSTFIX, atom: ATOM };

/**
 * f(a) written by a spelling of src/expr/functions.ts: a callee goes to `call` (each printer
 * writes calls its own way), a template gets the argument in place of `#1`.
 */
export function spelled(s: Spelling, a: Printed, call: (callee: string) => Printed): Printed {
  if (typeof s === 'string') return call(s);
  const arg = s.argAt ? atLeast(a, BINDING[s.argAt]) : a.text;
  return printed(s.code.split('#1').join(arg), BINDING[s.prec ?? 'atom']);
}

/** base^exp (exp > 0) in the denominator of a product. */
export interface DenFactor {
  readonly base: Expr;
  readonly exp: Rational;
}

/** A product read as  sign * coef * factors / den. */
export interface Product {
  readonly negative: boolean;
  /** |coefficient| */
  readonly coef: Rational;
  /** the numerator: scalar factors first, then the matrix chain, in the node's order */
  readonly factors: readonly Expr[];
  /** how many of `factors` are scalar factors */
  readonly nScalars: number;
  /** scalar factors with a negative numeric exponent, as positive powers */
  readonly den: readonly DenFactor[];
}

/** A negative numeric exponent, if e is a power that has one. */
/** An exponent of 1/2: s^(1/2) is written as a square root. */
export const isHalf = (r: Rational): boolean => r.n === 1n && r.d === 2n;

export function reciprocalPower(e: Expr): DenFactor | undefined {
  if (e.kind !== 'pow') return undefined;
  const [base, exponent] = e.args as [Expr, Expr];
  if (exponent.kind !== 'num' || !Q.isNegative(exponent.value)) return undefined;
  return { base, exp: Q.neg(exponent.value) };
}

/** The product layout of e; factors for which `opaque` holds stay in the numerator as they are. */
export function productOf(e: Mul, opaque: (f: Expr) => boolean = () => false): Product {
  const factors: Expr[] = [];
  const den: DenFactor[] = [];
  let nScalars = 0;
  e.args.forEach((a, i) => {
    const r = i < e.scalars.length && !opaque(a) ? reciprocalPower(a) : undefined;
    if (r) den.push(r);
    else {
      factors.push(a);
      if (i < e.scalars.length) nScalars++;
    }
  });
  return { negative: Q.isNegative(e.coef), coef: Q.abs(e.coef), factors, nScalars, den };
}

/** A term of a sum, split into its sign and its magnitude (a node of its own). */
export interface Term {
  /** the term as it stands in the sum */
  readonly term: Expr;
  readonly negative: boolean;
  readonly magnitude: Expr;
}

/** The terms of a sum: positive ones first, then negative ones, each group in node order. */
export function termsOf(e: Expr): Term[] {
  const split = e.args.map((t): Term => {
    const negative = (t.kind === 'mul' && Q.isNegative(t.coef)) || (t.kind === 'num' && Q.isNegative(t.value));
    return { term: t, negative, magnitude: negative ? neg(t) : t };
  });
  return [...split.filter((t) => !t.negative), ...split.filter((t) => t.negative)];
}

/** The exact decimal spelling of r when its expansion terminates ("0.5", "-1.25"), else undefined. */
export function decimalText(r: Rational): string | undefined {
  let d = r.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return undefined;
  const places = Math.max(twos, fives);
  if (places === 0) return r.n.toString();
  const scaled = (r.n < 0n ? -r.n : r.n) * 10n ** BigInt(places) / r.d;
  const digits = scaled.toString().padStart(places + 1, '0');
  const text = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return r.n < 0n ? `-${text}` : text;
}

/** The Greek letter names of LANGUAGE.md, in alphabetical order, with their letters. */
const GREEK_NAMES = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
] as const;
const GREEK_LOWER = 'αβγδεζηθικλμνξοπρστυφχψω';
const GREEK_UPPER = 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ';

/** Capitals that look like Latin letters have no TeX command of their own (MathJax lacks \Alpha). */
const LATIN_LOOKALIKE: Record<string, string> = {
  Alpha: 'A', Beta: 'B', Epsilon: 'E', Zeta: 'Z', Eta: 'H', Iota: 'I', Kappa: 'K', Mu: 'M', Nu: 'N',
  Omicron: 'O', Rho: 'P', Tau: 'T', Chi: 'X',
};

const capitalise = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/** The Greek letter a name stands for (`alpha` -> α, `Omega` -> Ω), if it is one. */
export function greekLetter(name: string): string | undefined {
  return GREEK_LETTERS.get(name);
}

/** alpha -> α, Alpha -> Α: one lookup per printed name. */
const GREEK_LETTERS = new Map<string, string>(
  GREEK_NAMES.flatMap((g, i) => [[g, GREEK_LOWER[i]!], [capitalise(g), GREEK_UPPER[i]!]] as Array<[string, string]>),
);

/** The TeX spelling of a Greek name (`alpha` -> \alpha, `Alpha` -> \mathrm{A}), if it is one. */
export function greekTex(name: string): string | undefined {
  if (greekLetter(name) === undefined) return undefined;
  if (name === 'omicron') return 'o';
  const latin = LATIN_LOOKALIKE[name];
  return latin ? `\\mathrm{${latin}}` : `\\${name}`;
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** An integer as Unicode superscript digits (-12 -> ⁻¹²). */
export const superscript = (k: bigint | number): string =>
  String(k).split('').map((c) => SUPERSCRIPT[c]!).join('');
