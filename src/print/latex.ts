// LaTeX for KaTeX and MathJax: \alpha K^{-1} y y^\top K^{-1} x - \alpha D K^{-1} x.
// Only commands both renderers know are used (no \Alpha: Latin-looking capitals are \mathrm{A}).
// A superscript never lands on a fragment that already carries one ({x^\top}^\top is an error
// in TeX), so the base of ^ is always an atom: x^\top, \left(x^\top\right)^\top.

import type { Expr, Mul } from '../expr/node.js';
import { selfSized } from './plain.js';
import { DeepMemo } from '../expr/deep.js';
import { assertPrintable } from './size.js';
import * as Q from '../expr/rational.js';
import { isScalarShape, isColumnShape, isRowShape, type Dim } from '../expr/shape.js';
import type { Rational } from '../expr/rational.js';
import { FUNCTION_SPECS, type FnName } from '../expr/functions.js';
import {
  ADD, MUL, NEG, POW, POSTFIX, ATOM, atLeast, printed, productOf, reciprocalPower, termsOf, greekTex,
  type DenFactor, type Printed,
  isHalf, spelled,
} from './layout.js';

/** The memo of the print in progress: each node is printed once. */
let shown: DeepMemo<Expr, Printed> | undefined;

/** The expression as a LaTeX math-mode string. */
export function printLatex(e: Expr): string {
  assertPrintable(e, 'latex');
  const outer = shown;
  const outerLone = loneIdentity;
  shown = new DeepMemo(render);
  // an identity that nothing beside it sizes is written I_{n}, as the plain form writes I(n)
  loneIdentity = !selfSized(e);
  try {
    return show(e).text;
  } finally {
    shown = outer;
    loneIdentity = outerLone;
  }
}

let loneIdentity = false;

const show = (e: Expr): Printed => shown!.get(e);

// the elementwise functions' operators are in their table, src/expr/functions.ts
const OPERATOR: Record<string, string> = {
  tr: '\\operatorname{tr}', sum: '\\operatorname{sum}', diag: '\\operatorname{diag}',
  det: '\\det', logdet: '\\log\\det',
};

function render(e: Expr): Printed {
  switch (e.kind) {
    case 'num':
      return numberTex(e.value);
    case 'sym':
    case 'def':
      return printed(texName(e.name), ATOM);
    case 'diff':
      return printed(`\\mathrm{d}${texName(e.of.name)}`, ATOM);
    case 'identity':
      return printed(loneIdentity ? sizedIdentity(e) : 'I', ATOM);
    case 'zero':
      return printed('0', ATOM);
    case 'ones':
      return printed('\\mathbf{1}', ATOM);
    case 'add':
      return sum(e);
    case 'mul':
      return product(e);
    case 'pow':
      return power(e);
    case 'mpow':
      return superscripted(e.args[0]!, `{${e.k}}`, POW);
    case 'transpose':
      return superscripted(e.args[0]!, '\\top', POSTFIX);
    case 'inv':
      return superscripted(e.args[0]!, '{-1}', POSTFIX);
    case 'det':
    case 'logdet':
    case 'tr':
    case 'sum':
      return call(OPERATOR[e.kind]!, e.args[0]!);
    case 'diagm':
    case 'diagv':
      return call(OPERATOR.diag!, e.args[0]!);
    case 'norm': {
      const a = e.args[0]!;
      const vector = isScalarShape(a.shape) || isColumnShape(a.shape) || isRowShape(a.shape);
      return printed(`\\lVert ${show(a).text} \\rVert${vector ? '' : '_{F}'}`, ATOM);
    }
    case 'kron':
      return infix(' \\otimes ', e.args);
    case 'vec':
      return call('\\operatorname{vec}', e.args[0]!);
    case 'commutation':
      return printed(`\\mathbf{K}_{${texDim(e.m)},${texDim(e.n)}}`, ATOM);
    case 'hadamard':
      return infix(' \\odot ', e.args);
    case 'hdiv':
      return infix(' \\oslash ', e.args);
    case 'fn':
      return fn(e.name, e.args[0]!);
    default: {
      const never: never = e;
      throw new Error(`printLatex: unknown node ${(never as Expr).kind}`);
    }
  }
}

/**
 * A name in TeX: Greek names as letters, one letter as itself, `x1` and `x_1` as x_{1},
 * `x_max` as x_{\mathrm{max}}, other multi-letter names upright.
 */
export function texName(name: string): string {
  const greek = greekTex(name);
  if (greek !== undefined) return greek;
  if (name.length === 1 || /^\d+$/.test(name)) return name;
  const underscore = name.indexOf('_', 1);
  if (underscore > 0 && underscore < name.length - 1) {
    return `${texName(name.slice(0, underscore))}_{${texName(name.slice(underscore + 1))}}`;
  }
  const digits = /^(.*[^\d_])(\d+)$/.exec(name);
  if (digits) return `${texName(digits[1]!)}_{${digits[2]}}`;
  return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

const paren = (p: Printed, min: number): string => atLeast(p, min, '\\left(', '\\right)');

function numberTex(r: Rational): Printed {
  const a = Q.abs(r);
  const text = a.d === 1n ? a.n.toString() : `\\frac{${a.n}}{${a.d}}`;
  if (Q.isNegative(r)) return printed(`-${text}`, a.d === 1n ? NEG : MUL);
  return printed(text, a.d === 1n ? ATOM : MUL);
}

function sum(e: Expr): Printed {
  let text = '';
  termsOf(e).forEach((t, i) => {
    const body = paren(show(t.magnitude), MUL);
    if (i === 0) text = t.negative ? `-${body}` : body;
    else text += `${t.negative ? ' - ' : ' + '}${body}`;
  });
  return printed(text, ADD);
}

/** Factors separated by spaces, by \cdot where two numbers would meet, and by a thin space
 * \, around a differential (TeX ignores spaces: \mathrm{d}x x^\top would read dxx^\top). */
function juxtapose(parts: readonly string[]): string {
  const differential = (s: string): boolean => s.startsWith('\\mathrm{d}');
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    const [a, b] = [parts[i - 1]!, parts[i]!];
    text += (differential(a) || differential(b) ? '\\, ' : /[\d.]$/.test(a) && /^[\d.]/.test(b) ? ' \\cdot ' : ' ') + b;
  }
  return text;
}

/** `\alpha K^{-1} x`, `\frac{1}{2} x`, `\frac{x x^\top}{\lVert x \rVert^{3}}`, `-\frac{2 x}{3 \beta}`. */
function product(e: Mul): Printed {
  const p = productOf(e);
  const num: Printed[] = [];
  const den: string[] = [];
  if (p.den.length === 0 && p.coef.d !== 1n) num.push(printed(`\\frac{${p.coef.n}}{${p.coef.d}}`, MUL));
  else {
    if (p.coef.n !== 1n) num.push(printed(p.coef.n.toString(), ATOM));
    if (p.coef.d !== 1n) den.push(p.coef.d.toString());
  }
  for (const f of p.factors) {
    const q = show(f);
    num.push(f.kind === 'mul' ? q : printed(paren(q, NEG), Math.max(q.prec, NEG)));
  }
  den.push(...p.den.map(denFactor));
  const top = num.length ? juxtapose(num.map((q) => q.text)) : '1';
  const text = den.length ? `\\frac{${top}}{${juxtapose(den)}}` : top;
  const prec = num.length === 1 && den.length === 0 ? num[0]!.prec : MUL;
  return p.negative ? printed(`-${text}`, Math.min(prec, NEG)) : printed(text, prec);
}

function denFactor(d: DenFactor): string {
  const base = show(d.base);
  if (Q.isOne(d.exp)) return paren(base, NEG);
  if (isHalf(d.exp)) return `\\sqrt{${base.text}}`;
  return `${paren(base, ATOM)}^{${numberTex(d.exp).text}}`;
}

/** s^{2}, s^{\frac{1}{2}}, s^{t}; a negative numeric exponent is written as a fraction. */
function power(e: Expr): Printed {
  const [base, exponent] = e.args as [Expr, Expr];
  const r = reciprocalPower(e);
  if (r) return printed(`\\frac{1}{${denFactor(r)}}`, MUL);
  if (exponent.kind === 'num' && isHalf(exponent.value)) return printed(`\\sqrt{${show(base).text}}`, ATOM);
  return printed(`${paren(show(base), ATOM)}^{${show(exponent).text}}`, POW);
}

function superscripted(arg: Expr, sup: string, prec: number): Printed {
  return printed(`${paren(show(arg), ATOM)}^${sup}`, prec);
}

function call(op: string, arg: Expr): Printed {
  // nothing beside the argument of tr, diag or sum sizes an identity there: tr(I_{n})
  const inside = arg.kind === 'identity' ? sizedIdentity(arg) : show(arg).text;
  return printed(`${op}\\left(${inside}\\right)`, ATOM);
}

/** I_{n}, I_{m n} */
function sizedIdentity(e: Expr): string {
  return `I_{${texDim(e.shape.rows)}}`;
}

/** A dimension as a subscript: n, m n (a product) */
const texDim = (d: Dim): string => String(d).split('*').map((p) => texName(p.trim())).join(' ');

function fn(name: FnName, arg: Expr): Printed {
  return spelled(FUNCTION_SPECS[name].latex, show(arg), (op) => call(op, arg));
}

function infix(op: string, args: readonly Expr[]): Printed {
  return printed(args.map((a) => paren(show(a), POW)).join(op), MUL);
}
