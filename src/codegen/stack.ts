// Several solves with the same matrix become one: their right-hand sides stacked side by side,
// one factorisation, a column of the result for each (LAPACK's gesv takes many right-hand sides).

import { shape } from '../expr/shape.js';
import { node, isScalar, isVector, topological, rewrite, type PNode } from './ir.js';

export function stackSolves(roots: readonly PNode[]): PNode[] {
  // solve(A, c*b) = c*solve(A, b): the right-hand side b may then share A's solve with others
  let current = rewrite(roots, (n) => {
    const rhs = n.args[1];
    if (n.op !== 'solve' || rhs?.op !== 'mul' || !isScalar(rhs.args[0]!) || !isVector(rhs)) return n;
    return node('mul', [rhs.args[0]!, node('solve', [n.args[0]!, rhs.args[1]!], n.shape)], n.shape);
  });
  // one matrix at a time: a right-hand side may hold solves with another matrix
  for (;;) {
    const replace = stackOneGroup(current);
    if (replace.size === 0) return current;
    current = rewrite(current, (n) => replace.get(n) ?? n);
  }
}

/** For the first matrix with two or more independent vector solves: each solve -> its column. */
function stackOneGroup(roots: readonly PNode[]): Map<PNode, PNode> {
  const groups = new Map<PNode, PNode[]>();
  for (const n of topological(roots)) {
    if (n.op !== 'solve' || !isVector(n.args[1]!)) continue;
    groups.set(n.args[0]!, [...(groups.get(n.args[0]!) ?? []), n]);
  }
  const replace = new Map<PNode, PNode>();
  for (const [a, solves] of groups) {
    // a right-hand side computed from another solve of the group must wait for it
    const independent = solves.filter((s) => !solves.some((t) => t !== s && topological([s.args[1]!]).includes(t)));
    if (independent.length < 2) continue;
    const rhs = node('stack', independent.map((s) => s.args[1]!), shape(a.shape.rows, independent.length));
    const all = node('solve', [a, rhs], rhs.shape);
    independent.forEach((s, i) => replace.set(s, node('col', [all], s.shape, String(i))));
    return replace;
  }
  return replace;
}
