// Python modules from plans: the import line, then one function per query (unique names,
// parameters in declaration order, dimensions read off the arguments' shapes with a clear error
// for a wrong one, shared work bound to variables), and for a gradient a `..._and_value`
// variant returning the function's value with it. Also the one-expression form of the JSON
// `numpy` field, whose shared work is bound with `:=`.

import type { Expr, Sym } from '../expr/node.js';
import { dimNames, freeSymbols } from '../expr/leaves.js';
import { isScalarShape, isColumnShape, isRowShape, type Dim, type Shape } from '../expr/shape.js';
import { ATOM, printed, type Printed } from '../print/layout.js';
import { directionName, pythonName, PYTHON_KEYWORDS } from '../print/numpy.js';
import { topological, useCounts, isVector, type PNode } from './ir.js';
import { Lowerer } from './lower.js';
import { stackSolves } from './stack.js';
import { spell, IMPORTS, HELPERS, SHAPE_HELPER, type Library } from './backends.js';
import type { DimHints } from './cost.js';


/** A name in a generated function: keywords get a trailing underscore. */
const localName = (n: string): string => (PYTHON_KEYWORDS.has(n) ? `${n}_` : n);

/** The plans of some results, lowered together so that they share their work. */
export function planOf(results: readonly Expr[], hints: DimHints, direction: (x: string) => string): { roots: PNode[]; lowerer: Lowerer } {
  const lowerer = new Lowerer(hints, direction, results);
  return { roots: stackSolves(results.map((r) => lowerer.lower(r))), lowerer };
}

/** Cheap to repeat: names, numbers, a transposed name, a column of a stacked solve. */
const trivial = (n: PNode): boolean =>
  (n.args.length === 0 && n.op !== 'eye' && n.op !== 'zeros' && n.op !== 'ones') ||
  ((n.op === 'T' || n.op === 'col') && n.args[0]!.args.length === 0) ||
  (n.op === 'T' && isVector(n));

/** The code of a plan; nodes in `bound` are written as their names (bound by the caller). */
class Emitter {
  readonly bound = new Map<PNode, string>();
  private readonly memo = new Map<PNode, Printed>();

  constructor(
    private readonly spellOf: (n: PNode, args: readonly Printed[]) => Printed,
    private readonly varName: (n: string) => string,
  ) {}

  code(n: PNode): Printed {
    const name = this.bound.get(n);
    if (name !== undefined) return printed(name, ATOM);
    if (n.op === 'var') return printed(this.varName(n.attr), ATOM);
    const known = this.memo.get(n);
    if (known) return known;
    // operands first, on an explicit stack: plans can be thousands of levels deep
    const stack: { n: PNode; i: number }[] = [{ n, i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = top.n.args[top.i++];
      if (next === undefined) {
        stack.pop();
        this.memo.set(top.n, this.spellOf(top.n, top.n.args.map((a) => this.code(a))));
      } else if (!this.bound.has(next) && next.op !== 'var' && !this.memo.has(next)) {
        stack.push({ n: next, i: 0 });
      }
    }
    return this.memo.get(n)!;
  }
}

/** Dimension names a plan prints (sizes of I, zeros and ones). */
function printedDims(nodes: readonly PNode[]): Set<string> {
  const dims = new Set<string>();
  for (const n of nodes) {
    if (n.op === 'eye' || n.op === 'zeros' || n.op === 'ones' || n.op === 'adddiag' || n.op === 'commutation' || n.op === 'kperm' || n.op === 'kpermcols') {
      for (const d of [n.shape.rows, n.shape.cols]) for (const name of dimNames(d)) dims.add(name);
    }
  }
  return dims;
}

const dimText = (d: Dim, rename: (n: string) => string): string =>
  typeof d === 'number' ? String(d) : d.split('*').map((p) => rename(p.trim())).join(' * ');

/**
 * ONE Python expression over the declared names (the JSON `numpy` field): dimension names and
 * the direction dX come from the namespace. Shared work (and every ~30 levels of a deep one) is
 * bound with `:=` in a flat tuple, `(_t1 := ..., _t2 := ..., result)[-1]`, in the order it is
 * needed, so that nothing is computed twice and no text nests deeper than Python can parse.
 */
export function planExpression(e: Expr, hints: DimHints = {}): string {
  const direction = (x: string): string => directionName(e, x);
  const { roots } = planOf([e], hints, direction);
  const uses = useCounts(roots);
  const nodes = topological(roots);
  const shared = new Set(nodes.filter((n) => (uses.get(n) ?? 0) > 1 && !trivial(n)));
  const sp = { library: 'numpy' as const, expression: true, dim: (d: Dim) => dimText(d, pythonName), use: () => undefined };
  const emitter = new Emitter((n, args) => spell(n, args, sp), pythonName);
  const bindings: string[] = [];
  let k = 0;
  for (const n of nodes) {
    if (!bindAlso(shared, n) || roots.includes(n)) continue;
    const name = `_t${++k}`;
    bindings.push(`(${name} := ${emitter.code(n).text})`);
    emitter.bound.set(n, name);
  }
  const result = emitter.code(roots[0]!).text;
  return bindings.length === 0 ? result : `(${bindings.join(', ')}, ${result})[-1]`;
}

/**
 * Levels of unbound operations one line may nest: CPython's parser stops at 200 nested
 * brackets, and one operation can add three (`np.tanh(W @ (...))`).
 */
const MAX_NESTING = 30;

/** Whether n is bound to a name: it is shared, or its code would nest too deep (recorded in `bound`). */
const depths = new WeakMap<Set<PNode>, Map<PNode, number>>();
function bindAlso(bound: Set<PNode>, n: PNode): boolean {
  let depth = depths.get(bound);
  if (!depth) depths.set(bound, (depth = new Map()));
  let d = 0;
  for (const a of n.args) if (!bound.has(a)) d = Math.max(d, depth.get(a) ?? 0);
  depth.set(n, d + 1);
  if (bound.has(n)) return true;
  if (d + 1 < MAX_NESTING || n.args.length === 0) return false;
  bound.add(n);
  return true;
}

/** One function to write: its name stem, its declared parameters, what it returns. */
export interface FunctionSpec {
  /** e.g. grad_L_mu */
  readonly name: string;
  /** the symbols of the program in declaration order; those the function uses become parameters */
  readonly declared: readonly Sym[];
  readonly result: Expr;
  /** the function whose gradient this is: adds `<name>_and_value` */
  readonly value?: Expr;
  /** the variable of a derivative: always a parameter */
  readonly variable?: Sym;
  /** exactly these parameters, in this order (used or not), instead of the used declared symbols */
  readonly params?: readonly string[];
}

/**
 * A NumPy module with one function of the given parameters (in that order) returning e; for
 * callers without a session. Its symbols' shapes come from e.
 */
export function numpyFunction(name: string, params: readonly string[], e: Expr, hints: DimHints = {}): string {
  return new PythonModule('numpy', hints).add({ name, declared: freeSymbols(e), result: e, params });
}

/** A module being written, function by function (the CLI prints each as its query comes). */
export class PythonModule {
  private readonly names = new Set<string>();
  private readonly helpers = new Set<string>();
  private started = false;

  constructor(
    readonly library: Library,
    private readonly hints: DimHints = {},
  ) {}

  /** The text to print for this query: the imports the first time, helpers it needs, its functions. */
  add(spec: FunctionSpec): string {
    const parts: string[] = [];
    if (!this.started) {
      parts.push(IMPORTS[this.library], SHAPE_HELPER);
    }
    const name = this.uniqueName(spec.name);
    const fns = [this.function(name, spec, [spec.result])];
    if (spec.value) fns.push(this.function(this.uniqueName(`${name}_and_value`), spec, [spec.value, spec.result]));
    for (const h of [...this.pending]) parts.push(HELPERS[this.library][h]!);
    this.pending.clear();
    parts.push(...fns);
    const text = parts.join('\n\n\n');
    if (this.started) return `\n\n${text}`;
    this.started = true;
    return text;
  }

  private readonly pending = new Set<string>();

  private uniqueName(stem: string): string {
    let name = localName(stem.replace(/\W/g, '_'));
    for (let k = 2; this.names.has(name); k++) name = `${stem}_${k}`;
    this.names.add(name);
    return name;
  }

  private function(name: string, spec: FunctionSpec, results: readonly Expr[]): string {
    const e0 = results[results.length - 1]!;
    const variableName = spec.variable?.name ?? '';
    const direction = (x: string): string => directionName(e0, x);
    const { roots, lowerer } = planOf(results, this.hints, direction);
    const nodes = topological(roots);
    const used = new Set(nodes.filter((n) => n.op === 'var').map((n) => n.attr));
    const params = spec.params
      ? spec.declared.filter((s) => spec.params!.includes(s.name)).sort((a, b) => spec.params!.indexOf(a.name) - spec.params!.indexOf(b.name))
      : spec.declared.filter((s) => used.has(s.name) || s.name === variableName);
    const directions = [...used].filter((u) => !spec.declared.some((s) => s.name === u) && !spec.params?.includes(u));
    const taken = new Set<string>(['np', 'torch', 'jax', 'jnp', '_shape', ...Object.keys(HELPERS[this.library])]);
    for (const p of [...params.map((s) => s.name), ...directions]) taken.add(localName(p));
    const body: string[] = [];
    const bound = new Set<string>();
    for (const p of params) body.push(...this.checkParam(p, bound, taken));
    const missing = [...printedDims(nodes)].filter((d) => !bound.has(d));
    for (const d of missing) taken.add(localName(d));
    const named = spec.params ?? params.map((s) => s.name);
    for (const p of named) taken.add(localName(p));
    const sig = [...named, ...directions, ...missing.filter((d) => !named.includes(d))].map(localName);

    // variables: definitions by their names, other shared work t1, t2, ...
    const uses = useCounts(roots);
    const emitter = new Emitter((n, args) => spell(n, args, this.spelling()), localName);
    const fresh = (base: string): string => {
      let v = localName(base);
      for (let k = 2; taken.has(v); k++) v = `${localName(base)}_${k}`;
      taken.add(v);
      return v;
    };
    let t = 0;
    const deep = new Set<PNode>();
    for (const n of nodes) {
      const def = lowerer.defNames.get(n);
      const shared = (def !== undefined || (uses.get(n) ?? 0) >= 2) && !trivial(n);
      if (shared) deep.add(n);
      if (!bindAlso(deep, n) || roots.includes(n) && (uses.get(n) ?? 0) === 1) continue;
      let v = def !== undefined ? fresh(def) : '';
      while (!v) v = taken.has(`t${++t}`) ? '' : fresh(`t${t}`);
      body.push(`${v} = ${emitter.code(n).text}`);
      emitter.bound.set(n, v);
    }
    body.push(`return ${roots.map((r) => emitter.code(r).text).join(', ')}`);
    return [`def ${name}(${sig.join(', ')}):`, ...body.map((l) => `    ${l}`)].join('\n');
  }

  private spelling() {
    return { library: this.library, expression: false, dim: (d: Dim) => dimText(d, localName), use: (h: string) => this.use(h) };
  }

  private use(helper: string): void {
    if (!this.helpers.has(helper)) {
      this.helpers.add(helper);
      this.pending.add(helper);
    }
  }

  /** `m, n = _shape('W', W, '(m, n)', None, None)`: binds the dimensions it is the first to show. */
  private checkParam(p: Sym, bound: Set<string>, taken: Set<string>): string[] {
    const name = localName(p.name);
    const dims = axes(p.shape);
    const lines: string[] = [];
    if (this.library === 'torch' && dims.length === 0) lines.push(`${name} = torch.as_tensor(${name}, dtype=torch.float64)`);
    const targets: string[] = [];
    const here = new Set<string>();
    const expected = dims.map((d) => {
      if (typeof d === 'number') return (targets.push('_'), String(d));
      const parts = dimNames(d);
      if (parts.length === 1 && parts[0] === d && !bound.has(d) && !taken.has(localName(d))) {
        bound.add(d);
        here.add(d);
        taken.add(localName(d));
        targets.push(localName(d));
        return 'None';
      }
      targets.push('_');
      // a dimension this same argument binds is checked by a second call (X : matrix(n, n))
      return parts.every((x) => bound.has(x) && !here.has(x)) ? dimText(d, localName) : 'None';
    });
    const want = dims.length === 0 ? 'a scalar' : `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
    const call = `_shape('${p.name}', ${name}, '${want}'${expected.map((x) => `, ${x}`).join('')})`;
    const binds = targets.some((x) => x !== '_');
    lines.push(binds ? `${targets.join(', ')}${targets.length === 1 ? ',' : ''} = ${call}` : call);
    const repeated = dims.filter((d) => typeof d === 'string' && dimNames(d).some((x) => here.has(x))).length > here.size;
    if (repeated) lines.push(`_shape('${p.name}', ${name}, '${want}'${dims.map((d) => `, ${dimText(d, localName)}`).join('')})`);
    return lines;
  }
}

/** The axes of a value as an array: none for a scalar, one for a vector (either kind), two else. */
function axes(s: Shape): Dim[] {
  if (isScalarShape(s)) return [];
  if (isColumnShape(s)) return [s.rows];
  if (isRowShape(s)) return [s.cols];
  return [s.rows, s.cols];
}
