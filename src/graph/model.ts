// The computation graph of graph(f, X): one node per distinct subexpression of f (expressions
// are interned, so a shared subexpression is one node), a definition as a node of its own with
// an edge to its body, every path from f down to X, and per path the chain-rule term it
// contributes: the derivative of f with only that one occurrence of X varying. The terms of all
// paths add up to the derivative (the chain rule summed over paths).

import * as B from '../expr/index.js';
import { isScalarShape, numText, type Expr, type Sym } from '../expr/index.js';
import { print } from '../print/index.js';
import { derive } from '../engine/derive.js';
import { simplify } from '../simplify/index.js';
import { MathError } from '../check/errors.js';
import { definitionsIn } from '../explain/model.js';

export interface GraphNode {
  readonly id: string;
  readonly expr: Expr;
  /** the operator, name or number, and the shape: "*" and "m x n" */
  readonly label: string;
  readonly shape: string;
  readonly role: 'variable' | 'definition' | 'operation' | 'leaf';
  /** on some path from f to X */
  readonly onPath: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** from a definition to its body */
  readonly definition: boolean;
  /** the (1-based) listed paths that use this edge */
  readonly paths: readonly number[];
  readonly onPath: boolean;
}

export interface GraphPath {
  readonly index: number;
  /** node ids from f to X */
  readonly nodes: readonly string[];
  /** this path's term of grad(f, X) (f scalar) or of differential(f, X); absent when the
   * engine cannot take it (e.g. a gradient through kron) */
  readonly term?: Expr;
}

export interface ComputationGraph {
  readonly f: Expr;
  readonly variable: Sym;
  readonly root: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** the paths, at most MAX_PATHS of them */
  readonly paths: readonly GraphPath[];
  /** how many paths there are in all (capped at Number.MAX_SAFE_INTEGER) */
  readonly pathCount: number;
  /** what each path's term is a term of */
  readonly termKind: 'gradient' | 'differential';
}

/** Paths listed one by one; beyond this the edges are still highlighted, but not numbered. */
const MAX_PATHS = 16;

/** A node's children; a power by a number has only its base (the number is in its label, as
 * for a matrix power: inv(beta) is one node "inv" over beta, not "^" over beta and -1). */
const children = (e: Expr): readonly Expr[] => (e.kind === 'def' ? [e.body] : numericPower(e) ? [e.args[0]!] : e.args);

const numericPower = (e: Expr): boolean => e.kind === 'pow' && e.args[1]!.kind === 'num';

export function buildGraph(f: Expr, x: Sym): ComputationGraph {
  const ids = new Map<Expr, string>();
  const order: Expr[] = [];
  const stack = [f];
  while (stack.length) {
    const e = stack.pop()!;
    if (ids.has(e)) continue;
    ids.set(e, `n${ids.size}`);
    order.push(e);
    stack.push(...[...children(e)].reverse());
  }
  const counts = pathCounts(order, x);
  const paths = listPaths(f, x, counts).map((steps, i) => pathOf(f, x, steps, i + 1, ids));
  const termKind = isScalarShape(f.shape) ? 'gradient' : 'differential';
  const usedBy = new Map<string, number[]>();
  for (const p of paths)
    for (let i = 1; i < p.nodes.length; i++) {
      const key = `${p.nodes[i - 1]}>${p.nodes[i]}`;
      usedBy.set(key, [...(usedBy.get(key) ?? []), p.index]);
    }
  const nodes = order.map((e): GraphNode => ({
    id: ids.get(e)!,
    expr: e,
    label: label(e),
    shape: shapeLabel(e),
    role: e === x ? 'variable' : e.kind === 'def' ? 'definition' : children(e).length ? 'operation' : 'leaf',
    onPath: counts.get(e)! > 0,
  }));
  const edges: GraphEdge[] = [];
  for (const e of order)
    for (const c of children(e)) {
      const from = ids.get(e)!;
      const to = ids.get(c)!;
      edges.push({ from, to, definition: e.kind === 'def', paths: usedBy.get(`${from}>${to}`) ?? [], onPath: counts.get(c)! > 0 });
    }
  const pathCount = counts.get(f)!;
  return { f, variable: x, root: ids.get(f)!, nodes, edges, paths: paths.map((p) => withTerm(p, f, x, termKind)), pathCount, termKind };
}

/** The number of paths from each node down to x, children counted before their parents. */
function pathCounts(order: readonly Expr[], x: Sym): Map<Expr, number> {
  const counts = new Map<Expr, number>();
  const count = (e: Expr): number => {
    const known = counts.get(e);
    if (known !== undefined) return known;
    // iterative post-order: trees can be deep
    const todo: [Expr, boolean][] = [[e, false]];
    while (todo.length) {
      const [n, expanded] = todo.pop()!;
      if (counts.has(n)) continue;
      if (n === x) counts.set(n, 1);
      else if (expanded) counts.set(n, Math.min(Number.MAX_SAFE_INTEGER, children(n).reduce((s, c) => s + counts.get(c)!, 0)));
      else todo.push([n, true], ...children(n).filter((c) => !counts.has(c)).map((c): [Expr, boolean] => [c, false]));
    }
    return counts.get(e)!;
  };
  for (const e of order) count(e);
  return counts;
}

/** The first MAX_PATHS paths from f to x, each as the child index taken at every step. */
function listPaths(f: Expr, x: Sym, counts: Map<Expr, number>): number[][] {
  const out: number[][] = [];
  const walk = (e: Expr, steps: number[]): void => {
    if (out.length >= MAX_PATHS) return;
    if (e === x) {
      out.push(steps);
      return;
    }
    children(e).forEach((c, i) => {
      if (counts.get(c)! > 0) walk(c, [...steps, i]);
    });
  };
  walk(f, []);
  return out;
}

function pathOf(f: Expr, x: Sym, steps: readonly number[], index: number, ids: Map<Expr, string>): GraphPath & { steps: readonly number[] } {
  const nodes = [ids.get(f)!];
  let e = f;
  for (const i of steps) {
    e = children(e)[i]!;
    nodes.push(ids.get(e)!);
  }
  if (e !== x) throw new Error('internal: a path must end at the variable');
  return { index, nodes, steps };
}

/** The path's term: f with that one occurrence of x renamed, differentiated by the new name,
 * renamed back and simplified. */
function withTerm(p: GraphPath & { steps: readonly number[] }, f: Expr, x: Sym, kind: 'gradient' | 'differential'): GraphPath {
  const marker = B.sym(`${x.name}__path${p.index}`, x.shape, x.props);
  const marked = along(f, p.steps, marker);
  const defs = definitionsIn(f);
  try {
    const d = derive(kind === 'gradient' ? 'grad' : 'differential', marked, marker, definitionsIn(marked));
    return { index: p.index, nodes: p.nodes, term: simplify(rename(d.result, marker, x), defs) };
  } catch (err) {
    if (err instanceof MathError) return { index: p.index, nodes: p.nodes };
    throw err;
  }
}

/** e with the occurrence at the end of `steps` replaced (definitions on the way rebuilt). */
function along(e: Expr, steps: readonly number[], replacement: Expr): Expr {
  if (steps.length === 0) return replacement;
  const [i, ...rest] = steps as [number, ...number[]];
  if (e.kind === 'def') return B.def(e.name, along(e.body, rest, replacement));
  const args = e.args.slice();
  args[i] = along(args[i]!, rest, replacement);
  return B.withArgs(e, args);
}

/** e with `from` (and d(from)) written as `to` again. */
function rename(e: Expr, from: Sym, to: Sym): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (n: Expr): Expr => {
    const known = memo.get(n);
    if (known) return known;
    let out: Expr;
    if (n === from) out = to;
    else if (n.kind === 'diff') out = n.of === from ? B.diff(to) : n;
    else if (n.kind === 'def') {
      const body = go(n.body);
      out = body === n.body ? n : B.def(n.name, body);
    } else out = n.args.length ? B.withArgs(n, n.args.map(go)) : n;
    memo.set(n, out);
    return out;
  };
  return go(e);
}

const OPERATORS: Partial<Record<Expr['kind'], string>> = {
  add: '+', transpose: 'transpose', inv: 'inv', det: 'det', logdet: 'logdet', tr: 'tr', norm: 'norm', sum: 'sum',
  diagm: 'diag', diagv: 'diag', kron: 'kron', hadamard: '.*', hdiv: './', pow: '^', identity: 'I', ones: 'ones', zero: '0',
};

/** What a node shows: its operator (a product with its coefficient), or its name or value. */
function label(e: Expr): string {
  switch (e.kind) {
    case 'sym': return e.name;
    case 'def': return `${e.name} :=`;
    case 'num': return numText(e);
    case 'mul': return B.Q.isOne(e.coef) ? '*' : `${B.Q.toString(e.coef)} *`;
    case 'mpow': return `^${e.k}`;
    case 'pow': {
      const p = e.args[1]!;
      if (p.kind !== 'num') return '^';
      const exp = numText(p);
      return exp === '-1' ? 'inv' : exp === '1/2' ? 'sqrt' : `^${exp}`;
    }
    case 'fn': return e.name;
    case 'diff': return print(e, 'plain');
    default: return OPERATORS[e.kind] ?? e.kind;
  }
}

function shapeLabel(e: Expr): string {
  const s = e.shape;
  return isScalarShape(s) ? 'scalar' : `${s.rows} x ${s.cols}`;
}
