// vec and the commutation matrix in generated code. vec(X) stacks the columns of X (Matrix
// Cookbook sec. 9.1): in row-major NumPy/PyTorch/JAX arrays that is X.T.reshape(-1), the same
// as NumPy's X.reshape(-1, order='F'), which PyTorch lacks. K(m, n), with K(m, n)*vec(A) = vec(A')
// for an m x n A (Magnus & Neudecker sec. 3.7; Cookbook sec. 10.2.2), is a permutation: K @ M
// only reorders the rows of M, so it is spelt as indexing, M[p], with no mn x mn matrix and no
// matrix product. Where K stands alone it is materialised as the rows p of the identity, without
// a Python loop. p[j + n*i] = i + m*j: arange(m*n) laid out n x m row-major, transposed, read flat.

import type { Expr, Mul } from '../expr/node.js';
import * as B from '../expr/build.js';
import type { Dim, Shape } from '../expr/shape.js';
import { POSTFIX, atLeast, printed, type Printed } from '../print/layout.js';
import { node, type PNode } from './ir.js';

const SEP = '|';

/** The plan node of K(m, n) on its own. */
export function commutationNode(k: Extract<Expr, { kind: 'commutation' }>): PNode {
  return node('commutation', [], k.shape, `${k.m}${SEP}${k.n}`);
}

/** K(m, n) @ rest as a reordering of rest's rows (rest a matrix, or a 1-D vector). */
export function permutedRows(k: Extract<Expr, { kind: 'commutation' }>, rest: PNode, s: Shape): PNode {
  return node('kperm', [rest], s, `${k.m}${SEP}${k.n}`);
}

/**
 * (I + K)*M and the like as M + K*M: each term of a sum at the head of a chain that holds a
 * commutation matrix is applied to M (computed once), so K only reorders rows. Undefined when
 * the chain does not start with such a sum.
 */
export function commutationSumDistributed(e: Mul): Expr | undefined {
  const [head, ...rest] = e.chain;
  if (head?.kind !== 'add' || rest.length === 0 || !head.args.some(startsWithCommutation)) return undefined;
  const scale = [B.num(e.coef), ...e.scalars];
  return B.add(...head.args.map((t) => (t.kind === 'identity' ? B.mul(...scale, ...rest) : B.mul(...scale, t, ...rest))));
}

const startsWithCommutation = (t: Expr): boolean => t.kind === 'commutation' || (t.kind === 'mul' && t.chain[0]?.kind === 'commutation');

/** M @ K(m, n) as a reordering of M's columns: K(m, n)' = K(n, m) undoes K(m, n)'s rows. */
export function permutedColumns(k: Extract<Expr, { kind: 'commutation' }>, rest: PNode, s: Shape): PNode {
  return node('kpermcols', [rest], s, `${k.n}${SEP}${k.m}`);
}

/** The dimensions a commutation or kperm node prints, from its attr. */
export function commutationDims(attr: string): [Dim, Dim] {
  const [m, n] = attr.split(SEP).map((d) => (/^\d+$/.test(d) ? Number(d) : d)) as [Dim, Dim];
  return [m, n];
}

/** The index vector p of K(m, n) in library `ns` (np, torch, jnp). */
function permutation(ns: string, attr: string, dim: (d: Dim) => string): string {
  const [m, n] = commutationDims(attr).map(dim) as [string, string];
  return `${ns}.arange(${m} * ${n}).reshape(${n}, ${m}).T.reshape(-1)`;
}

/** K(m, n) @ a as a[p]. */
export function spellPermutedRows(a: Printed, attr: string, ns: string, dim: (d: Dim) => string): Printed {
  return printed(`${atLeast(a, POSTFIX)}[${permutation(ns, attr, dim)}]`, POSTFIX);
}

/** M @ K as M[:, p] (a 1-D row vector: v[p]); attr holds K's transpose's dimensions. */
export function spellPermutedColumns(a: Printed, operand: PNode, attr: string, ns: string, dim: (d: Dim) => string): Printed {
  const columns = operand.shape.rows === 1 ? '' : ':, ';
  return printed(`${atLeast(a, POSTFIX)}[${columns}${permutation(ns, attr, dim)}]`, POSTFIX);
}

/** K(m, n) materialised: the rows p of the identity. */
export function spellCommutation(attr: string, ns: string, dim: (d: Dim) => string, float64: string): Printed {
  const [m, n] = commutationDims(attr).map(dim) as [string, string];
  return printed(`${ns}.eye(${m} * ${n}${float64})[${permutation(ns, attr, dim)}]`, POSTFIX);
}

/** vec(a) of a matrix a. */
export const spellVec = (a: Printed): Printed => printed(`${atLeast(a, POSTFIX)}.T.reshape(-1)`, POSTFIX);
