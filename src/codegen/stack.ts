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

/**
 * For the first matrix with two or more independent solves (vector right-hand sides, and at most
 * one matrix one, stacked last): each solve -> its columns of the stacked solve.
 */
function stackOneGroup(roots: readonly PNode[]): Map<PNode, PNode> {
  const groups = new Map<PNode, PNode[]>();
  for (const n of topological(roots)) {
    if (n.op !== 'solve' || n.args[1]!.op === 'stack') continue;
    groups.set(n.args[0]!, [...(groups.get(n.args[0]!) ?? []), n]);
  }
  const replace = new Map<PNode, PNode>();
  for (const [a, solves] of groups) {
    // a right-hand side computed from another solve of the group must wait for it
    const independent = solves.filter((s) => !solves.some((t) => t !== s && topological([s.args[1]!]).includes(t)));
    const vectors = independent.filter((s) => isVector(s.args[1]!));
    const matrix = independent.find((s) => !isVector(s.args[1]!));
    const group = matrix ? [...vectors, matrix] : vectors;
    if (group.length < 2) continue;
    // (the few vector columns beside a matrix's are left out of the width: the cost model's n)
    const width = matrix ? matrix.shape.cols : group.length;
    const rhs = node('stack', group.map((s) => s.args[1]!), shape(a.shape.rows, width));
    const all = node('solve', [a, rhs], rhs.shape);
    vectors.forEach((s, i) => replace.set(s, node('col', [all], s.shape, String(i))));
    if (matrix) replace.set(matrix, node('col', [all], matrix.shape, `${vectors.length}:`));
    return replace;
  }
  return replace;
}
