// NumPy code, `import numpy as np` assumed. Value convention (LANGUAGE.md section 4): a vector
// (n x 1) and a row (1 x n) are both 1-D arrays, a matrix is 2-D, a scalar a float. Products fold
// left tracking shapes: matrix@1-D, 1-D@matrix, 1-D@1-D (a float), column times row np.outer.
// Definitions are inlined (numpyExpression) or bound to their own names (numpyFunction), which
// also names shared non-trivial subexpressions and reads dimensions off its parameters. Python
// keywords cannot be names: `lambda` (a Greek letter of the language) is read from the namespace
// in an expression and renamed `lambda_` in a function.

import type { Expr, Mul } from '../expr/node.js';
import { dimNames, namesIn } from '../expr/leaves.js';
import { DeepMemo } from '../expr/deep.js';
import { assertPrintable } from './size.js';
import * as Q from '../expr/rational.js';
import type { Rational } from '../expr/rational.js';
import { SCALAR, shape, isScalarShape, isColumnShape, isRowShape, type Dim, type Shape } from '../expr/shape.js';
import { ADD, MUL, NEG, POW, ATOM, atLeast, printed, productOf, reciprocalPower, termsOf, decimalText, type Printed } from './layout.js';

/** How names are spelled and which nodes are already bound to a Python variable. */
interface Names {
  readonly name: (n: string) => string;
  /** the Python name of the direction d(X), by X's name */
  readonly direction: (x: string) => string;
  readonly bound: ReadonlyMap<Expr, string>;
}

interface Scope extends Names {
  /** the code of each node emitted so far in one emission (nothing gets bound meanwhile): a
   * definition used at many places is emitted once, and the repeats share its string, so the
   * work is linear in the expression's DAG, not in the length of the text; deep expressions
   * do not overflow the stack */
  readonly emitted: DeepMemo<Expr, Printed>;
}

/** A scope for one emission, with a memo of its own. */
function emission(names: Names): Scope {
  const scope: Scope = { ...names, emitted: new DeepMemo((e: Expr) => emit(e, scope)) };
  return scope;
}

/**
 * One self-contained Python expression over the declared names (definitions inlined); `d(X)` is
 * the name `dX` (see directionName), dimension names are ints in the namespace.
 */
export function numpyExpression(e: Expr): string {
  assertPrintable(e, 'numpy');
  const taken = namesIn(e);
  return code(e, emission({ name: pythonName, direction: (x) => directionIn(taken, x), bound: new Map() })).text;
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

/**
 * A readable Python function: the parameters in the given order, dimensions read off the
 * parameters' shapes, definitions and shared subexpressions bound to variables, then `return`.
 */
export function numpyFunction(name: string, params: readonly string[], e: Expr): string {
  assertPrintable(e, 'numpy');
  const plan = bindings(e, params);
  const bound = new Map<Expr, string>();
  const taken = namesIn(e);
  const scope: Names = { name: plan.rename, direction: (x) => plan.rename(directionIn(taken, x)), bound };
  const lines = [`def ${name}(${params.map(plan.rename).join(', ')}):`];
  for (const d of plan.dims) lines.push(`    ${d.name} = ${d.value}`);
  for (const b of plan.temps) lines.push(`    ${b.name} = ${bindTo(b, bound, scope)}`);
  lines.push(`    return ${code(e, emission(scope)).text}`);
  return lines.join('\n');
}

function bindTo(b: Binding, bound: Map<Expr, string>, scope: Names): string {
  const text = emit(b.node, emission(scope)).text;
  bound.set(b.node, b.name);
  return text;
}

/** The code of e: a variable if e (or the body of the definition e) is bound, else e's own code. */
function code(e: Expr, scope: Scope): Printed {
  const body = e.kind === 'def' ? resolve(e) : e;
  const name = scope.bound.get(body);
  if (name !== undefined) return printed(name, ATOM);
  return scope.emitted.get(body);
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

function elementwise(name: string, a: Printed): Printed {
  switch (name) {
    case 'sigmoid':
      return printed(`1 / (1 + np.exp(-${atLeast(a, MUL)}))`, MUL);
    case 'softplus':
      return printed(`np.logaddexp(0, ${a.text})`, ATOM);
    default:
      return printed(`np.${name}(${a.text})`, ATOM);
  }
}

// ---- the plan of a function: variables in dependency order, dimensions from parameters ----

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * A name in an expression evaluated against a namespace. A keyword cannot be written as a name,
 * but the namespace is the globals of any function made inside the expression.
 */
const pythonName = (n: string): string => (KEYWORDS.has(n) ? `(lambda: 0).__globals__['${n}']` : n);

/** A name in a generated function: keywords get a trailing underscore. */
const localName = (n: string): string => (KEYWORDS.has(n) ? `${n}_` : n);

/** A variable of the generated function and the node whose value it holds. */
interface Binding {
  readonly name: string;
  readonly node: Expr;
}

interface Plan {
  readonly rename: (n: string) => string;
  /** dimension names read off the parameters: `n = x.shape[0]` */
  readonly dims: readonly { name: string; value: string }[];
  /** variables in dependency order */
  readonly temps: readonly Binding[];
}

/** Atoms, and a transpose or a plain multiple of an atom, are cheaper to repeat than to name. */
function tiny(e: Expr): boolean {
  if (e.args.length === 0) return true;
  return (e.kind === 'transpose' || e.kind === 'mul') && e.args.length === 1 && e.args[0]!.args.length === 0;
}

/** A readable name for a shared subexpression: inv_K, norm_x, A_T; otherwise t. */
function hint(e: Expr): string {
  const a = e.args[0];
  if (a === undefined || (a.kind !== 'sym' && a.kind !== 'def')) return 't';
  switch (e.kind) {
    case 'inv':
    case 'det':
    case 'logdet':
    case 'tr':
    case 'norm':
    case 'sum':
      return `${e.kind}_${localName(a.name)}`;
    case 'diagm':
    case 'diagv':
      return `diag_${localName(a.name)}`;
    case 'transpose':
      return `${localName(a.name)}_T`;
    default:
      return 't';
  }
}

function bindings(root: Expr, params: readonly string[]): Plan {
  const refs = new Map<Expr, number>();
  const order: Expr[] = [];
  const defName = new Map<Expr, string>();
  const taken = new Set<string>(['np', ...params.map(localName)]);
  const syms = new Map<string, Expr>();
  const dims = new Set<string>();
  // depth first with an explicit stack (an expression may be thousands of levels deep): each
  // node is counted once per use, and listed after its arguments
  const stack: Array<{ e: Expr; done: boolean }> = [{ e: root, done: false }];
  while (stack.length > 0) {
    const { e, done } = stack.pop()!;
    if (done) {
      order.push(e);
      continue;
    }
    if (e.kind === 'def') {
      const body = resolve(e);
      if (!defName.has(body)) defName.set(body, localName(e.name));
      taken.add(localName(e.name));
      stack.push({ e: body, done: false });
      continue;
    }
    const seen = refs.get(e);
    refs.set(e, (seen ?? 0) + 1);
    if (seen !== undefined) continue;
    if (e.kind === 'sym') syms.set(e.name, e);
    if (e.kind === 'diff') taken.add(localName(`d${e.of.name}`));
    if (e.kind === 'identity' || e.kind === 'zero' || e.kind === 'ones') for (const d of [e.shape.rows, e.shape.cols].flatMap(dimNames)) dims.add(d);
    stack.push({ e, done: true });
    for (let i = e.args.length - 1; i >= 0; i--) stack.push({ e: e.args[i]!, done: false });
  }
  for (const n of [...syms.keys(), ...dims]) taken.add(localName(n));

  const fresh = (base: string): string => {
    let name = base === 't' ? 't1' : base;
    for (let k = 2; taken.has(name); k++) name = base === 't' ? `t${k}` : `${base}_${k}`;
    taken.add(name);
    return name;
  };
  const temps: Binding[] = [];
  for (const e of order) {
    const def = defName.get(e);
    if (def !== undefined) temps.push({ name: def, node: e });
    else if ((refs.get(e) ?? 0) > 1 && !tiny(e)) temps.push({ name: fresh(hint(e)), node: e });
  }
  return { rename: localName, dims: dimensionSources(dims, params, syms), temps };
}

/** For each dimension name that is not a parameter itself, the first parameter whose shape has it. */
function dimensionSources(dims: ReadonlySet<string>, params: readonly string[], syms: ReadonlyMap<string, Expr>) {
  const out: { name: string; value: string }[] = [];
  for (const d of dims) {
    if (params.includes(d)) continue;
    for (const p of params) {
      const s = syms.get(p)?.shape;
      if (!s) continue;
      const oneD = isColumnShape(s) || isRowShape(s);
      const axis = s.rows === d ? 0 : s.cols === d ? (oneD ? 0 : 1) : -1;
      if (axis < 0) continue;
      out.push({ name: localName(d), value: `${localName(p)}.shape[${axis}]` });
      break;
    }
  }
  return out;
}
