// The cost model of the planner, in floating-point operations (a multiply-add counts 2, as
// `bench/codegen/flops.py` counts them). Dimensions are symbolic: every name is large and of the
// same order (DEFAULT_DIM) unless a hint gives its size. Kept free of the planner so that the
// simplifier can rank forms by it too.

import type { Dim, Shape } from '../expr/shape.js';
import type { PNode } from './ir.js';
import { topological } from './ir.js';

/** Sizes of named dimensions; names without a hint are DEFAULT_DIM. */
export type DimHints = Readonly<Record<string, number>>;

export const DEFAULT_DIM = 1000;

/** `n=1000,m=10` as hints; an error message for anything else. */
export function parseDimHints(text: string): DimHints | string {
  const hints: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_]\w*)\s*=\s*(\d+)$/.exec(part);
    if (!m || Number(m[2]) < 1) return `--dims takes name=size pairs such as n=1000,m=10, not "${part}"`;
    hints[m[1]!] = Number(m[2]);
  }
  return hints;
}

// per hints object, each dimension's size once: the chain search asks for them O(k^3) times
const dimSizes = new WeakMap<DimHints, Map<string, number>>();

export function dimSize(d: Dim, hints: DimHints): number {
  if (typeof d === 'number') return d;
  let known = dimSizes.get(hints);
  if (!known) dimSizes.set(hints, (known = new Map()));
  let size = known.get(d);
  if (size === undefined) {
    size = d.split('*').reduce((p, name) => p * (/^\d+$/.test(name.trim()) ? Number(name) : hints[name.trim()] ?? DEFAULT_DIM), 1);
    known.set(d, size);
  }
  return size;
}

export const sizeOf = (s: Shape, hints: DimHints): number => dimSize(s.rows, hints) * dimSize(s.cols, hints);

/** LU of an n x n matrix (getrf): 2/3 n^3. */
export const luFlops = (n: number): number => (2 * n ** 3) / 3;

/** The flops of one node, its operands already computed. */
export function opFlops(n: PNode, hints: DimHints): number {
  const size = (s: Shape): number => sizeOf(s, hints);
  const dim = (d: Dim): number => dimSize(d, hints);
  const [a, b] = n.args;
  switch (n.op) {
    case 'var': case 'num': case 'eye': case 'zeros': case 'ones': case 'T': case 'col': case 'stack': case 'diag': case 'vec': case 'commutation': case 'kperm': case 'kpermcols':
      return 0;
    case 'add':
      return size(n.shape) * (n.args.length - 1);
    case 'mul': case 'div': case 'neg': case 'pow': case 'abs': case 'fn': case 'rowscale':
      return size(n.shape);
    case 'adddiag':
      return dim(n.shape.rows);
    case 'matmul': {
      const inner = dim(a!.shape.cols);
      const work = 2 * size(n.shape) * inner;
      // A.T @ A: the symmetric rank-k kernel computes half of the result
      return a!.op === 'T' && a!.args[0] === b ? work / 2 : work;
    }
    case 'outer':
      return size(n.shape);
    case 'solve': {
      const m = dim(a!.shape.rows);
      return luFlops(m) + 2 * m * m * dim(b!.shape.cols);
    }
    case 'inv':
      return 2 * dim(a!.shape.rows) ** 3;
    case 'det': case 'logdet':
      return luFlops(dim(a!.shape.rows));
    case 'trace':
      return dim(a!.shape.rows);
    case 'norm': case 'sum': case 'rowsum': case 'logsumexp':
      return 2 * size(a!.shape);
    case 'mpow':
      return 2 * dim(a!.shape.rows) ** 3 * Math.ceil(Math.log2(Math.abs(Number(n.attr)) + 1));
    case 'kron':
      return size(n.shape);
    default: {
      const never: never = n.op;
      throw new Error(`opFlops: unknown op ${String(never)}`);
    }
  }
}

/** The flops of a whole plan: each distinct node once. */
export function planFlops(roots: readonly PNode[], hints: DimHints = {}): number {
  return topological(roots).reduce((total, n) => total + opFlops(n, hints), 0);
}
