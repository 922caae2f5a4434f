// NumPy code, `import numpy as np` assumed. Value convention (LANGUAGE.md section 4): a vector
// (n x 1) and a row (1 x n) are both 1-D arrays, a matrix is 2-D, a scalar a float. Products fold
// left tracking shapes: matrix@1-D, 1-D@matrix, 1-D@1-D (a float), column times row np.outer.
// Definitions are inlined; functions and planned code are src/codegen's. Python keywords cannot be
// names: `lambda` (a Greek letter of the language) is read from the namespace.

import type { Expr, Mul } from '../expr/node.js';
import { namesIn } from '../expr/leaves.js';
import { DeepMemo } from '../expr/deep.js';
import { assertPrintable } from './size.js';
import * as Q from '../expr/rational.js';
import type { Rational } from '../expr/rational.js';
import { SCALAR, shape, isScalarShape, isColumnShape, isRowShape, type Dim, type Shape } from '../expr/shape.js';
import { ADD, MUL, NEG, POW, ATOM, atLeast, printed, productOf, reciprocalPower, termsOf, decimalText, spelled, type Printed } from './layout.js';
import { spellingOf, type FnName } from '../expr/functions.js';
import { spellCommutation, spellVec } from '../codegen/permute.js';

/** How names are spelled and which nodes are already bound to a Python variable. */
interface Scope {
  readonly name: (n: string) => string;
  /** the Python name of the direction d(X), by X's name */
  readonly direction: (x: string) => string;
  readonly bound: ReadonlyMap<Expr, string>;
  /** the code of each node emitted so far, where nothing gets bound while emitting (an inlined
   * expression): a definition used at many places is emitted once, and the repeats share its
   * string, so the work is linear in the expression's DAG, not in the length of the text; deep
   * expressions do not overflow the stack (DeepMemo) */
  readonly memo?: DeepMemo<Expr, Printed>;
}

/**
 * One self-contained Python expression over the declared names (definitions inlined); `d(X)` is
 * the name `dX` (see directionName), dimension names are ints in the namespace.
 */
export function numpyExpression(e: Expr): string {
  assertPrintable(e, 'numpy');
  const taken = namesIn(e);
  const scope: Scope = { name: pythonName, direction: (x) => directionIn(taken, x), bound: new Map(), memo: new DeepMemo((x: Expr) => emit(x, scope)) };
  return code(e, scope).text;
}

/**
 * The Python name of the direction d(X) in e: `dX`, or where e already uses that name (a symbol
 * or definition `dx`), `d_X`, then `delta_X`: the names the acceptance checker binds.
 */
export function directionName(e: Expr, x: string): string {
  return directionIn(namesIn(e), x);
}

function directionIn(taken: ReadonlySet<string>, x: string): string {
  const spellings = [`d${x}`, `d_${x}`, `delta_${x}`];
  for (let i = 2; spellings.every((n) => taken.has(n)); i++) spellings.push(`d${x}_${i}`);
  return spellings.find((n) => !taken.has(n))!;
}

/** The code of e: a variable if e (or the body of the definition e) is bound, else e's own code. */
function code(e: Expr, scope: Scope): Printed {
  const body = e.kind === 'def' ? resolve(e) : e;
  const name = scope.bound.get(body);
  if (name !== undefined) return printed(name, ATOM);
  return scope.memo ? scope.memo.get(body) : emit(body, scope);
}

function resolve(e: Expr): Expr {
  let body = e;
  while (body.kind === 'def') body = body.body;
  return body;
}

const isVector = (s: Shape): boolean => isColumnShape(s) || isRowShape(s);

function emit(e: Expr, scope: Scope): Printed {
  const arg = (i = 0): Printed => code(e.args[i]!, scope);
  const call = (f: string, ...args: Printed[]): Printed => printed(`${f}(${args.map((a) => a.text).join(', ')})`, ATOM);
  const onMatrix = (f: string): Printed => (isScalarShape(e.args[0]!.shape) ? arg() : call(f, arg()));
  switch (e.kind) {
    case 'num':
      return numberCode(e.value, true);
    case 'sym':
      return printed(scope.name(e.name), ATOM);
    case 'def':
      return code(e, scope);
    case 'diff':
      return printed(scope.direction(e.of.name), ATOM);
    case 'identity':
      return printed(`np.eye(${dim(e.shape.rows, scope)})`, ATOM);
    case 'zero': {
      const { rows, cols } = e.shape;
      if (isVector(e.shape)) return printed(`np.zeros(${dim(rows === 1 ? cols : rows, scope)})`, ATOM);
      return printed(`np.zeros((${dim(rows, scope)}, ${dim(cols, scope)}))`, ATOM);
    }
    case 'ones':
      return printed(`np.ones(${dim(e.shape.rows, scope)})`, ATOM);
    case 'add':
      return sum(e, scope);
    case 'mul':
      return product(e, scope);
    case 'pow':
      return power(e, scope);
    case 'mpow':
      return call('np.linalg.matrix_power', arg(), printed(String(e.k), ATOM));
    case 'transpose':
      return isVector(e.shape) ? arg() : printed(`${atLeast(arg(), ATOM)}.T`, ATOM);
    case 'inv':
      return call('np.linalg.inv', arg());
    case 'det':
      return onMatrix('np.linalg.det');
    case 'logdet':
      return call('np.log', onMatrix('np.linalg.det'));
    case 'tr':
      return onMatrix('np.trace');
    case 'norm':
      return call(isScalarShape(e.args[0]!.shape) ? 'np.abs' : 'np.linalg.norm', arg());
    case 'sum':
      return onMatrix('np.sum');
    case 'diagm':
    case 'diagv':
      return onMatrix('np.diag');
    case 'kron': {
      const k = call('np.kron', ...e.args.map((a) => as2d(code(a, scope), a.shape)));
      return isVector(e.shape) ? printed(`${k.text}.reshape(-1)`, ATOM) : k;
    }
    case 'vec':
      return spellVec(arg());
    case 'commutation':
      return spellCommutation(`${e.m}|${e.n}`, 'np', (d) => dim(d, scope), '');
    case 'hadamard':
      return binary(e.args.map((a) => code(a, scope)), ' * ');
    case 'hdiv':
      return binary([arg(0), arg(1)], ' / ');
    case 'fn':
      return elementwise(e.name, arg());
    default: {
      const never: never = e;
      throw new Error(`numpyExpression: unknown node ${(never as Expr).kind}`);
    }
  }
}

/** A dimension: an int literal, a name in the namespace, or a product such as m*n. */
const dim = (d: Dim, scope: Scope): string =>
  typeof d === 'number' ? String(d) : d.split('*').map(scope.name).join(' * ');

/** A 1-D operand of np.kron reshaped to the column or row its shape says. */
function as2d(c: Printed, s: Shape): Printed {
  if (isColumnShape(s)) return printed(`np.reshape(${c.text}, (-1, 1))`, ATOM);
  if (isRowShape(s)) return printed(`np.reshape(${c.text}, (1, -1))`, ATOM);
  return c;
}

/**
 * A number. As a value it is a float literal (`2.0`, `0.5`); as an exponent or coefficient an int
 * reads better (`x ** 2`). Other fractions are written as a division.
 */
function numberCode(r: Rational, asFloat: boolean): Printed {
  const text = decimalText(r);
  if (text === undefined) return printed(`${r.n} / ${r.d}`, MUL);
  const spelled = asFloat && Q.isInteger(r) ? `${text}.0` : text;
  return printed(spelled, Q.isNegative(r) ? NEG : ATOM);
}

/**
 * Left-associative operators of one level: the left operand may share it, the others not.
 * Built by concatenation (not join), so a 100 000-factor product stays linear.
 */
function binary(operands: readonly Printed[], op: string): Printed {
  return operands.reduce((acc, o) => printed(`${atLeast(acc, MUL)}${op}${atLeast(o, NEG)}`, MUL));
}

function sum(e: Expr, scope: Scope): Printed {
  let text = '';
  termsOf(e).forEach((t, i) => {
    // a bound term is used as it is, sign and all
    const negative = t.negative && !scope.bound.has(t.term);
    const c = code(negative ? t.magnitude : t.term, scope);
    if (i === 0) text = negative ? `-${atLeast(c, MUL)}` : c.text;
    else text += `${negative ? ' - ' : ' + '}${atLeast(c, MUL)}`;
  });
  return printed(text, ADD);
}

/**
 * coef * factors / den, folded left: a scalar scales (`*`), a column then a row is np.outer,
 * anything else is `@`. The sign goes in front (every step is linear in each factor).
 */
function product(e: Mul, scope: Scope): Printed {
  const p = productOf(e, (f) => scope.bound.has(f));
  let acc: Printed | undefined = p.coef.n === 1n ? undefined : printed(p.coef.n.toString(), ATOM);
  let accShape: Shape = SCALAR;
  for (const f of p.factors) {
    const c = code(f, scope);
    if (acc === undefined) acc = c;
    else if (isScalarShape(accShape) || isScalarShape(f.shape)) acc = binary([acc, c], ' * ');
    else if (isColumnShape(accShape) && isRowShape(f.shape)) acc = printed(`np.outer(${acc.text}, ${c.text})`, ATOM);
    else acc = binary([acc, c], ' @ ');
    accShape = isScalarShape(accShape) ? f.shape : isScalarShape(f.shape) ? accShape : shape(accShape.rows, f.shape.cols);
  }
  const den: Printed[] = [];
  if (p.coef.d !== 1n) den.push(printed(p.coef.d.toString(), ATOM));
  for (const d of p.den) den.push(raised(code(d.base, scope), d.exp));
  let out = acc ?? printed('1', ATOM);
  if (den.length) out = binary([out, ...den], ' / ');
  return p.negative ? printed(`-${atLeast(out, MUL)}`, Math.min(out.prec, NEG)) : out;
}

/** base ** exp for a rational exponent; exp 1 is the base itself. */
function raised(base: Printed, exp: Rational): Printed {
  if (Q.isOne(exp)) return base;
  const x = numberCode(exp, false);
  return printed(`${atLeast(base, ATOM)} ** ${x.prec >= NEG ? x.text : `(${x.text})`}`, POW);
}

/** s ** p; a lone reciprocal is `1 / s`. */
function power(e: Expr, scope: Scope): Printed {
  const [base, exponent] = e.args as [Expr, Expr];
  const r = reciprocalPower(e);
  if (r && Q.isOne(r.exp)) return binary([printed('1', ATOM), code(base, scope)], ' / ');
  if (exponent.kind === 'num') return raised(code(base, scope), exponent.value);
  const x = code(exponent, scope);
  return printed(`${atLeast(code(base, scope), ATOM)} ** ${atLeast(x, ATOM)}`, POW);
}

function elementwise(name: FnName, a: Printed): Printed {
  return spelled(spellingOf(name, 'numpyExpression'), a, (f) => printed(`${f}(${a.text})`, ATOM));
}

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * A name in an expression evaluated against a namespace. A keyword cannot be written as a name,
 * but the namespace is the globals of any function made inside the expression.
 */
export const pythonName = (n: string): string => (PYTHON_KEYWORDS.has(n) ? `(lambda: 0).__globals__['${n}']` : n);
