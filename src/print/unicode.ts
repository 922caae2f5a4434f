// The Unicode form, for reading: αK⁻¹yyᵀK⁻¹x − αDK⁻¹x. Products are juxtaposed; a thin `·`
// separates two factors only where juxtaposition would be ambiguous (a multi-letter name or a
// function name next to a letter, two numbers, two bars, a letter followed by a digit).
// Superscripts ᵀ ⁻¹ ² ⁻ⁿ, ‖x‖, |A| for det, log|A| for logdet, ⊙ ⊘ ⊗, dX, − (U+2212).

import type { Expr, Mul } from '../expr/node.js';
import { selfSized } from './plain.js';
import { DeepMemo } from '../expr/deep.js';
import { assertPrintable } from './size.js';
import * as Q from '../expr/rational.js';
import {
  ADD, MUL, NEG, POW, POSTFIX, ATOM, productOf, reciprocalPower, termsOf, greekLetter, superscript,
  type DenFactor,
  isHalf,
} from './layout.js';

/**
 * How a fragment begins and ends, for choosing between juxtaposition and `·`:
 * l a single letter, w a word (multi-letter name, function name), d a digit, g the bold 𝟏 of
 * the ones vector (a digit that no letter merges with), b a bar (| or ‖), p anything else
 * (brackets, superscripts, the minus sign), D a differential (dX, dXᵀ: spaced from its
 * neighbours, as in α dx xᵀ, so that dxxᵀ is never read as d(xxᵀ)).
 */
type Edge = 'l' | 'w' | 'd' | 'g' | 'b' | 'p' | 'D';

interface Frag {
  readonly text: string;
  readonly prec: number;
  readonly first: Edge;
  readonly last: Edge;
}

const frag = (text: string, prec: number, first: Edge, last: Edge = first): Frag => ({ text, prec, first, last });

const MINUS = '−';

/** The memo of the print in progress: each node is printed once. */
let shown: DeepMemo<Expr, Frag> | undefined;

/** The expression in Unicode notation, for reading. */
export function printUnicode(e: Expr): string {
  assertPrintable(e, 'unicode');
  const outer = shown;
  const outerLone = loneIdentity;
  shown = new DeepMemo(render);
  // an identity that nothing beside it sizes (I, 2I, I/‖x‖ alone) is written Iₙ, as the plain
  // form writes I(n)
  loneIdentity = !selfSized(e);
  try {
    return show(e).text;
  } finally {
    shown = outer;
    loneIdentity = outerLone;
  }
}

let loneIdentity = false;

const SUBSCRIPT: Record<string, string> = {
  0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ',
  j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
};

/** Iₙ; I(q) for a size with no subscript letters. */
function sizedIdentity(d: string | number): string {
  const chars = [...String(d).replace(/\*/g, '')];
  return chars.every((c) => SUBSCRIPT[c]) ? `I${chars.map((c) => SUBSCRIPT[c]).join('')}` : `I(${d})`;
}

const show = (e: Expr): Frag => shown!.get(e);

function render(e: Expr): Frag {
  switch (e.kind) {
    case 'num': {
      const text = Q.toString(Q.abs(e.value));
      const prec = Q.isInteger(e.value) ? ATOM : MUL;
      return Q.isNegative(e.value) ? frag(MINUS + text, Math.min(prec, NEG), 'p', 'd') : frag(text, prec, 'd');
    }
    case 'sym':
    case 'def':
      return name(e.name);
    case 'diff':
      return frag(`d${name(e.of.name).text}`, ATOM, 'D');
    case 'identity':
      return loneIdentity ? frag(sizedIdentity(e.shape.rows), ATOM, 'l', 'p') : frag('I', ATOM, 'l');
    case 'zero':
      return frag('0', ATOM, 'd');
    case 'ones':
      return frag('𝟏', ATOM, 'g', 'l');
    case 'add':
      return sum(e);
    case 'mul':
      return product(e);
    case 'pow':
      return power(e);
    case 'mpow':
      return postfix(e.args[0]!, superscript(e.k), POW);
    case 'transpose':
      return postfix(e.args[0]!, 'ᵀ', POSTFIX);
    case 'inv':
      return postfix(e.args[0]!, '⁻¹', POSTFIX);
    case 'det':
      return frag(`|${show(e.args[0]!).text}|`, ATOM, 'b');
    case 'logdet':
      return frag(`log|${show(e.args[0]!).text}|`, ATOM, 'w', 'b');
    case 'norm':
      return frag(`‖${show(e.args[0]!).text}‖`, ATOM, 'b');
    case 'tr':
    case 'sum':
      return call(e.kind, e.args[0]!);
    case 'diagm':
    case 'diagv':
      return call('diag', e.args[0]!);
    case 'kron':
      return infix(' ⊗ ', e.args);
    case 'vec':
      return call('vec', e.args[0]!);
    case 'commutation':
      return frag(`𝐊(${e.m}, ${e.n})`, ATOM, 'l', 'p');
    case 'hadamard':
      return infix(' ⊙ ', e.args);
    case 'hdiv':
      return infix(' ⊘ ', e.args);
    case 'fn':
      return call(e.name, e.args[0]!);
    default: {
      const never: never = e;
      throw new Error(`printUnicode: unknown node ${(never as Expr).kind}`);
    }
  }
}

/** Greek names become letters; a name of one letter juxtaposes, a longer one is a word. */
function name(n: string): Frag {
  const text = greekLetter(n) ?? n;
  const edge: Edge = [...text].length === 1 ? 'l' : 'w';
  return frag(text, ATOM, edge);
}

const paren = (f: Frag, min: number): Frag => (f.prec >= min ? f : frag(`(${f.text})`, ATOM, 'p'));

/** Whether `·` must stand between a fragment ending in `a` and one starting with `b`. */
function needsDot(a: Edge, b: Edge): boolean {
  if (a === 'w') return true;
  if (b === 'w') return a !== 'd';
  if (b === 'd') return a === 'd' || a === 'l';
  if (b === 'g') return a === 'd';
  return a === 'b' && b === 'b';
}

/** Factors side by side, with `·` where needed. */
function juxtapose(parts: readonly Frag[]): Frag {
  let text = parts[0]!.text;
  for (let i = 1; i < parts.length; i++) {
    const [a, b] = [parts[i - 1]!.last, parts[i]!.first];
    text += (a === 'D' || b === 'D' ? ' ' : needsDot(a, b) ? '·' : '') + parts[i]!.text;
  }
  const prec = parts.length === 1 ? parts[0]!.prec : MUL;
  return frag(text, prec, parts[0]!.first, parts[parts.length - 1]!.last);
}

function sum(e: Expr): Frag {
  const terms = termsOf(e);
  let text = '';
  let first: Edge = 'p';
  terms.forEach((t, i) => {
    const f = show(t.magnitude);
    if (i === 0) {
      // -(a ⊙ b) needs its brackets: the minus binds tighter than ⊙ (as the plain form's negated())
      const body = t.magnitude.kind === 'mul' || t.magnitude.kind === 'num' ? MUL : NEG;
      text = t.negative ? MINUS + paren(f, body).text : f.text;
      first = t.negative ? 'p' : f.first;
    } else text += `${t.negative ? ` ${MINUS} ` : ' + '}${paren(f, MUL).text}`;
  });
  return frag(text, ADD, first, 'p');
}

/** c·factors/den: `αK⁻¹x`, `xxᵀ/‖x‖³`, `3x/(2‖x‖)`, `1/α`. */
function product(e: Mul): Frag {
  const p = productOf(e);
  const num: Frag[] = [];
  if (p.coef.n !== 1n) num.push(frag(p.coef.n.toString(), ATOM, 'd'));
  for (const f of p.factors) num.push(f.kind === 'mul' ? show(f) : paren(show(f), NEG));
  const den: Frag[] = [];
  if (p.coef.d !== 1n) den.push(frag(p.coef.d.toString(), ATOM, 'd'));
  for (const d of p.den) den.push(denFactor(d));
  let body = num.length ? juxtapose(num) : frag('1', ATOM, 'd');
  if (den.length) {
    const under = juxtapose(den);
    const text = `${paren(body, MUL).text}/${paren(under, NEG).text}`;
    body = frag(text, MUL, body.first, den.length === 1 ? under.last : 'p');
  }
  return p.negative ? frag(MINUS + body.text, Math.min(body.prec, NEG), 'p', body.last) : body;
}

function denFactor(d: DenFactor): Frag {
  const base = show(d.base);
  if (Q.isOne(d.exp)) return paren(base, POW);
  if (isHalf(d.exp)) return squareRoot(base);
  return exponentiated(base, d.exp.d === 1n ? superscript(d.exp.n) : `^(${Q.toString(d.exp)})`);
}

/** √s for an atom, √(a + b) otherwise. */
function squareRoot(base: Frag): Frag {
  return frag(base.prec === ATOM ? `√${base.text}` : `√(${base.text})`, ATOM, 'w', 'p');
}

function exponentiated(base: Frag, sup: string): Frag {
  const b = paren(base, POSTFIX);
  return frag(b.text + sup, POW, b.first, 'p');
}

/** s², s⁻², s^(1/2), s^t; a lone reciprocal is 1/s. */
function power(e: Expr): Frag {
  const [base, exponent] = e.args as [Expr, Expr];
  const r = reciprocalPower(e);
  if (r && Q.isOne(r.exp)) return frag(`1/${denFactor(r).text}`, MUL, 'd', 'p');
  if (exponent.kind === 'num' && Q.isInteger(exponent.value)) return exponentiated(show(base), superscript(exponent.value.n));
  if (exponent.kind === 'num' && isHalf(exponent.value)) return squareRoot(show(base));
  const x = show(exponent);
  return exponentiated(show(base), `^${x.prec === ATOM ? x.text : `(${x.text})`}`);
}

/** A superscript on an operand that binds at least as tightly as a postfix operator. */
function postfix(arg: Expr, sup: string, prec: number): Frag {
  const a = paren(show(arg), POSTFIX);
  return frag(a.text + sup, prec, a.first, a.last === 'D' ? 'D' : 'p');
}

function call(fname: string, arg: Expr): Frag {
  // nothing beside the argument of tr, diag or sum sizes an identity there: tr(Iₙ)
  const inside = arg.kind === 'identity' ? sizedIdentity(arg.shape.rows) : show(arg).text;
  return frag(`${fname}(${inside})`, ATOM, 'w', 'p');
}

/** ⊗ ⊙ ⊘ between operands; an operand looser than a power is bracketed. */
function infix(op: string, args: readonly Expr[]): Frag {
  const parts = args.map((a) => paren(show(a), POW));
  const last = parts[parts.length - 1]!;
  return frag(parts.map((f) => f.text).join(op), MUL, parts[0]!.first, last.last);
}
