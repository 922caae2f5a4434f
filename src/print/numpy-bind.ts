// The plan of a generated NumPy function: which nodes get a variable of their own (definitions
// under their own names, shared non-trivial subexpressions under readable temporaries), in an
// order where every variable is assigned before it is used, and which dimension names are read
// off the parameters' shapes. Python keywords cannot be names: `lambda` (a Greek letter of the
// language) is spelled through the namespace in an expression and renamed `lambda_` in a function.

import type { Expr } from '../expr/node.js';
import { isColumnShape, isRowShape, type Shape } from '../expr/shape.js';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/**
 * A name in an expression evaluated against a namespace. A keyword cannot be written as a name,
 * but the namespace is the globals of any function made inside the expression.
 */
export const pythonName = (n: string): string => (KEYWORDS.has(n) ? `(lambda: 0).__globals__['${n}']` : n);

/** A name in a generated function: keywords get a trailing underscore. */
const localName = (n: string): string => (KEYWORDS.has(n) ? `${n}_` : n);

/** A variable of the generated function and the node whose value it holds. */
export interface Binding {
  readonly name: string;
  readonly node: Expr;
}

export interface Plan {
  readonly rename: (n: string) => string;
  /** dimension names read off the parameters: `n = x.shape[0]` */
  readonly dims: readonly { name: string; value: string }[];
  /** variables in dependency order */
  readonly temps: readonly Binding[];
}

const resolve = (e: Expr): Expr => (e.kind === 'def' ? resolve(e.body) : e);

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

const dimNames = (s: Shape): string[] =>
  [s.rows, s.cols].flatMap((d) => (typeof d === 'string' ? d.split('*') : []));

export function bindings(root: Expr, params: readonly string[]): Plan {
  const refs = new Map<Expr, number>();
  const order: Expr[] = [];
  const defName = new Map<Expr, string>();
  const taken = new Set<string>(['np', ...params.map(localName)]);
  const syms = new Map<string, Expr>();
  const dims = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === 'def') {
      const body = resolve(e);
      if (!defName.has(body)) defName.set(body, localName(e.name));
      taken.add(localName(e.name));
      visit(body);
      return;
    }
    const seen = refs.get(e);
    refs.set(e, (seen ?? 0) + 1);
    if (seen !== undefined) return;
    if (e.kind === 'sym') syms.set(e.name, e);
    if (e.kind === 'diff') taken.add(localName(`d${e.of.name}`));
    if (e.kind === 'identity' || e.kind === 'zero' || e.kind === 'ones') for (const d of dimNames(e.shape)) dims.add(d);
    for (const a of e.args) visit(a);
    order.push(e);
  };
  visit(root);
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
