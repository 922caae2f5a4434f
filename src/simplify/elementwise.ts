// Presentation of elementwise sums, the way they are written by hand:
//   diag(s) - diag(s .* s)  ->  diag(s - s .* s)          (diag is linear)
//   s - s .* s              ->  s .* (ones(n) - s)         (a common Hadamard factor)
//   ones(n)'*A*x            ->  sum(A*x)
// Each sum is rewritten only when that makes it smaller (fewer leaves).

import * as B from '../expr/build.js';
import { Q, isScalarShape, type Expr } from '../expr/index.js';

interface Scaled {
  /** the term without its coefficient and scalar factors */
  readonly core: Expr;
  /** rebuilds the term around another core */
  readonly around: (core: Expr) => Expr;
}

/** c * scalars * core, for a term whose matrix chain is a single factor. */
function scaled(t: Expr): Scaled {
  if (t.kind !== 'mul') return { core: t, around: (c) => c };
  const chain = t.args.slice(t.nScalars);
  if (chain.length !== 1) return { core: t, around: (c) => c };
  const scalars = t.args.slice(0, t.nScalars);
  return { core: chain[0]!, around: (c) => B.mul(B.num(t.coef), ...scalars, c) };
}

/** The terms with every diag(v) term merged into one diag of the sum of the v's. */
export function mergeDiagonals(terms: readonly Expr[], present: (e: Expr) => Expr): Expr[] {
  const parts = terms.map(scaled);
  const diagonal = parts.filter((p) => p.core.kind === 'diagm');
  if (diagonal.length < 2) return [...terms];
  const inner = present(B.add(...diagonal.map((p) => p.around(p.core.args[0]!))));
  const merged = B.unary('diagm', inner);
  const others = terms.filter((_, i) => parts[i]!.core.kind !== 'diagm');
  const before = B.add(...terms);
  const after = B.add(...others, merged);
  return after.size < before.size ? [...others, merged] : [...terms];
}

/** The factors of a Hadamard product (a single factor for anything else). */
const hadamardFactors = (e: Expr): readonly Expr[] => (e.kind === 'hadamard' ? e.args : [e]);

/** s .* (ones(n) - s) for s - s .* s: the best common Hadamard factor of a vector sum, if any helps. */
export function factorHadamard(terms: readonly Expr[]): Expr | undefined {
  const shape = terms[0]?.shape;
  if (!shape || shape.cols !== 1 || shape.rows === 1) return undefined;
  const parts = terms.map(scaled);
  const candidates = new Set(parts.flatMap((p) => hadamardFactors(p.core)));
  const before = B.add(...terms).size;
  let best: Expr | undefined;
  for (const f of candidates) {
    const members = parts.flatMap((p, i) => (hadamardFactors(p.core).includes(f) ? [i] : []));
    if (members.length < 2) continue;
    const rest = members.map((i) => {
      const p = parts[i]!;
      const others = [...hadamardFactors(p.core)];
      others.splice(others.indexOf(f), 1);
      return p.around(others.length ? B.hadamard(...others) : B.ones(shape.rows));
    });
    const factored = B.hadamard(f, B.add(...rest));
    const out = B.add(...terms.filter((_, i) => !members.includes(i)), factored);
    if (out.size < (best?.size ?? before)) best = out;
  }
  return best;
}


/** sum(v) for the 1 x 1 product ones(n)'*v (one leaf fewer); undefined for any other product. */
export function asSumOfEntries(m: Extract<Expr, { kind: 'mul' }>): Expr | undefined {
  const [first, ...rest] = m.args;
  if (!isScalarShape(m.shape) || m.nScalars > 0 || !Q.isOne(m.coef) || rest.length === 0) return undefined;
  if (first?.kind !== 'transpose' || first.args[0]!.kind !== 'ones') return undefined;
  return B.unary('sum', B.mul(...rest));
}
