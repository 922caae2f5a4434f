// The plan: a DAG of array operations, independent of the library that will run it. Nodes are
// interned (same operation on the same operands is the same node), so every shared
// subexpression exists once and is computed once. Shapes follow the language: a column is
// n x 1, a row 1 x n, a scalar 1 x 1; the back ends print both vector kinds as 1-D arrays.

import { SCALAR, isScalarShape, isColumnShape, isRowShape, type Shape } from '../expr/shape.js';

export type Op =
  | 'var' // a parameter, a direction dX or a dimension name (attr: the name)
  | 'num' // a float constant (attr: its Python text)
  | 'eye' | 'zeros' | 'ones' // constructors of the node's shape
  | 'add' // attr: one sign per argument, e.g. "+-+"
  | 'mul' // elementwise product; a scalar operand broadcasts; a row operand scales columns
  | 'div' // elementwise quotient; a scalar denominator broadcasts
  | 'neg'
  | 'pow' // base ** exponent (elementwise)
  | 'matmul' | 'outer'
  | 'T' // transpose of a matrix (never of a vector: both are 1-D)
  | 'rowscale' // diag(v) @ M as v[:, None] * M
  | 'adddiag' // M + c*I without forming I
  | 'inv' | 'solve' | 'det' | 'logdet' | 'trace' | 'norm' | 'abs' | 'sum' | 'rowsum'
  | 'diag' // vector -> diagonal matrix, or matrix -> its diagonal
  | 'mpow' // attr: the integer power
  | 'kron'
  | 'vec' // the columns of a matrix stacked (permute.ts)
  | 'commutation' | 'kperm' | 'kpermcols' // K(m, n) materialised; K @ M, M @ K as reorderings (attr: "m|n")
  | 'stack' // vectors side by side as the columns of a matrix
  | 'col' // attr: the column index of a stacked solve's result
  | 'fn' // attr: a name of ELEMENTWISE (src/expr/functions.ts)
  | 'logsumexp';

export interface PNode {
  readonly id: number;
  readonly op: Op;
  readonly args: readonly PNode[];
  readonly shape: Shape;
  readonly attr: string;
}

// Weak, as the expression table in src/expr/node.ts: a plan nobody holds any more (an old
// query's, in a REPL, a server or a long fuzz run) is collected and its entries dropped; a strong
// table grew without bound (a 20 000-program fuzz run ran out of its 4 GB heap).
const table = new Map<string, WeakRef<PNode>>();
const collected = new FinalizationRegistry<string>((key) => {
  if (table.get(key)?.deref() === undefined) table.delete(key);
});
let nextId = 1;

/** The unique node for this operation on these operands. */
export function node(op: Op, args: readonly PNode[], shape: Shape, attr = ''): PNode {
  const key = `${op}|${attr}|${shape.rows}x${shape.cols}|${args.map((a) => a.id).join(',')}`;
  let n = table.get(key)?.deref();
  if (n === undefined) {
    n = { id: nextId++, op, args, shape, attr };
    table.set(key, new WeakRef(n));
    collected.register(n, key);
  }
  return n;
}

export const num = (text: string): PNode => node('num', [], SCALAR, text);
export const isScalar = (n: PNode): boolean => isScalarShape(n.shape);
export const isVector = (n: PNode): boolean => isColumnShape(n.shape) || isRowShape(n.shape);

/** Every node of the plans of the roots, operands before their users (a DAG walk, no recursion). */
export function topological(roots: readonly PNode[]): PNode[] {
  const out: PNode[] = [];
  const seen = new Set<PNode>();
  const stack: { n: PNode; i: number }[] = [];
  for (const r of roots) {
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push({ n: r, i: 0 });
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = top.n.args[top.i++];
      if (next === undefined) {
        out.push(top.n);
        stack.pop();
      } else if (!seen.has(next)) {
        seen.add(next);
        stack.push({ n: next, i: 0 });
      }
    }
  }
  return out;
}

/** How many users each node has in the plans of the roots (a root counts as one use). */
export function useCounts(roots: readonly PNode[]): Map<PNode, number> {
  const uses = new Map<PNode, number>();
  for (const n of topological(roots)) for (const a of n.args) uses.set(a, (uses.get(a) ?? 0) + 1);
  for (const r of roots) uses.set(r, (uses.get(r) ?? 0) + 1);
  return uses;
}

/** The plans rebuilt bottom-up with f applied to each node whose operands are already rebuilt. */
export function rewrite(roots: readonly PNode[], f: (n: PNode) => PNode): PNode[] {
  const done = new Map<PNode, PNode>();
  for (const n of topological(roots)) {
    const args = n.args.map((a) => done.get(a)!);
    const same = args.every((a, i) => a === n.args[i]);
    done.set(n, f(same ? n : node(n.op, args, n.shape, n.attr)));
  }
  return roots.map((r) => done.get(r)!);
}
