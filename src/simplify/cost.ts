// What "simpler" means, as a parameter of simplify(e, {cost}): every choice between equal forms
// (expanded or factored, a common factor pulled out or not, a polynomial's roots) takes the one of
// lower cost. LEAVES is the presentation's measure (the leaves of the plain form, the corpus's);
// FLOPS counts the floating-point operations of evaluating the expression as written, for a
// code planner that wants the cheapest evaluation order rather than the shortest text.

import type { Dim, Expr, Shape } from '../expr/index.js';
import { bottomUp } from '../expr/walk.js';

export interface Cost {
  readonly name: string;
  /** the cost of e (memoised per node by each measure) */
  of(e: Expr): number;
}

/** The leaves of the plain form: `x/2` is 2, `(A + A')*x` is 3. */
export const LEAVES: Cost = { name: 'leaves', of: (e) => e.size };

/** A named dimension counts as this many in FLOPS (n, m: "large"); numbers count as themselves. */
const NAMED_DIMENSION = 100;

const dim = (d: Dim): number => (typeof d === 'number' ? d : d.split('*').reduce((p, part) => p * (/^\d+$/.test(part) ? Number(part) : NAMED_DIMENSION), 1));
const entries = (s: Shape): number => dim(s.rows) * dim(s.cols);

const flopMemo = new WeakMap<Expr, number>();

/**
 * Floating-point operations to evaluate e from its leaves, each distinct subexpression counted
 * where it occurs (as written code would recompute it): a matrix chain left to right (2*r*k*c per
 * product), a sum or Hadamard product one per entry and operand, inverses and determinants n^3.
 */
export const FLOPS: Cost = {
  name: 'flops',
  of: (e) => bottomUp(e, flopMemo, (x) => x.args.reduce((n, a) => n + flopMemo.get(a)!, ownFlops(x))),
};

function ownFlops(e: Expr): number {
  const out = entries(e.shape);
  switch (e.kind) {
    case 'mul': {
      let flops = 0;
      let rows = 0;
      let cols = 0;
      e.chain.forEach((f, i) => {
        if (i > 0) flops += 2 * rows * dim(f.shape.rows) * dim(f.shape.cols);
        else rows = dim(f.shape.rows);
        cols = dim(f.shape.cols);
      });
      // each scalar factor and a coefficient other than 1 scale the result once
      const scalings = e.scalars.length + (e.coef.n === e.coef.d ? 0 : 1) - (e.chain.length === 0 ? 1 : 0);
      return flops + Math.max(0, scalings) * (e.chain.length ? rows * cols : 1);
    }
    case 'add': case 'hadamard': return (e.args.length - 1) * out;
    case 'sum': return entries(e.args[0]!.shape);
    case 'hdiv': case 'fn': case 'pow': case 'diagm': case 'diagv': return out;
    case 'norm': return 2 * entries(e.args[0]!.shape);
    case 'tr': return dim(e.args[0]!.shape.rows);
    case 'inv': case 'det': case 'logdet': return dim(e.args[0]!.shape.rows) ** 3;
    case 'mpow': return 2 * Math.ceil(Math.log2(Math.abs(e.k))) * dim(e.shape.rows) ** 3 + (e.k < 0 ? dim(e.shape.rows) ** 3 : 0);
    case 'kron': return out;
    default: return 0; // leaves and transposes (a transpose is a view)
  }
}
