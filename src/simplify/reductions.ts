// The algebra of the normal form for the operators that reduce a matrix to a scalar: trace,
// determinant and log-determinant. Their one-line identities (tr(A') = tr(A), det(inv(A)) =
// 1/det(A), tr(kron(A, C)) = tr(A)*tr(C), ...) are run by the rule driver (n.local); what is
// here is structural: linearity, the canonical rotation of a trace, powers. Each function takes
// a normal argument and the NormalForm it belongs to.

import * as B from '../expr/build.js';
import { Q, compareExpr, isScalarShape, isTransposePair, type Expr } from '../expr/index.js';
import { containsDiff } from '../expr/walk.js';
import { preferred, transposes } from './forms.js';
import type { NormalForm } from './normal-form.js';

export function trace(n: NormalForm, a: Expr): Expr {
  if (isScalarShape(a.shape)) return a;
  const byRule = n.local(B.unary('tr', a));
  if (byRule) return byRule;
  switch (a.kind) {
    case 'add': return n.step('trace-sum', () => B.unary('tr', a), n.sum(a.args.map((t) => trace(n, t))));
    case 'zero': return B.ZERO;
    case 'mul': {
      const scalars = a.scalars;
      const chain = a.chain;
      const inner = chain.length === 1 ? trace(n, chain[0]!) : rotateTrace(n, chain);
      return n.product(a.coef, [...scalars, inner]);
    }
    case 'kron': return B.unary('tr', a); // not square factors: kron-trace does not apply
    default: {
      const t = n.transpose(a);
      return B.unary('tr', preferred(t, a) ? t : a);
    }
  }
}

/** tr(c1*...*ck) at its canonical rotation; a vector in the chain makes it a 1 x 1 product. */
function rotateTrace(n: NormalForm, chain: readonly Expr[]): Expr {
  const before = B.unary('tr', B.mul(...chain));
  if (chain.length === 2 && isTransposePair(chain[0]!, chain[1]!))
    return n.step('trace-gram', () => before, B.pow(B.unary('norm', chain[0]!.kind === 'transpose' ? chain[1]! : chain[0]!), B.num(2)));
  const col = chain.findIndex((f) => f.shape.cols === 1);
  if (col >= 0) {
    const rotated = [...chain.slice(col + 1), ...chain.slice(0, col + 1)];
    return n.step('trace-cyclic', () => before, n.product(Q.ONE, rotated));
  }
  // the rotation with the fewest transposes, then with d(X) last as in tr(inv(X)*d(X)), then
  // the first in the canonical order
  let best: Expr[] | undefined;
  const flipped = [...chain].reverse().map((f) => n.transpose(f));
  const diffLast = (c: Expr[]): number => (containsDiff(c[c.length - 1]!) ? 0 : 1);
  for (const c of [chain, flipped])
    for (let i = 0; i < c.length; i++) {
      const rotation = [...c.slice(i), ...c.slice(0, i)];
      if (!best) best = rotation;
      const [m, b] = [B.mul(...rotation), B.mul(...best)];
      const [tm, tb] = [transposes(m), transposes(b)];
      if (tm < tb || (tm === tb && (diffLast(rotation) < diffLast(best) || (diffLast(rotation) === diffLast(best) && compareExpr(m, b) < 0)))) best = rotation;
    }
  const after = B.unary('tr', B.mul(...best!));
  return after === before ? after : n.step('trace-cyclic', () => before, after);
}

export function det(n: NormalForm, a: Expr): Expr {
  const byRule = n.local(B.unary('det', a));
  if (byRule) return byRule;
  switch (a.kind) {
    case 'identity': return B.ONE;
    case 'mpow': return n.power(det(n, a.args[0]!), B.num(a.k));
    default: return B.unary('det', a);
  }
}

export function logdet(n: NormalForm, a: Expr): Expr {
  const byRule = n.local(B.unary('logdet', a));
  if (byRule) return byRule;
  switch (a.kind) {
    case 'identity': return B.ZERO;
    case 'mpow': return n.product(Q.rat(a.k), [logdet(n, a.args[0]!)]);
    default: return B.unary('logdet', a);
  }
}
