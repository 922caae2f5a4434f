// Normal form of the matrix chain inside a product: identities dropped, A*inv(A) cancelled,
// equal neighbours gathered into powers, and 1 x 1 stretches (y'*A*x in the middle of a
// chain) lifted out as scalar factors, so that like terms can meet.

import * as B from '../expr/build.js';
import { Q, isScalarShape, ORTHOGONAL, type Expr } from '../expr/index.js';
import type { StepSink } from './steps.js';

/** A chain factor as base^exponent: A^k -> (A, k), inv(A) -> (A, -1), A -> (A, 1). */
function asPower(f: Expr): [Expr, number] {
  if (f.kind === 'mpow') return [f.args[0]!, f.k];
  if (f.kind === 'inv') return [f.args[0]!, -1];
  return [f, 1];
}

const isSquareMatrix = (f: Expr): boolean => f.shape.rows === f.shape.cols && !isScalarShape(f.shape);

/** Q and Q' for an orthogonal Q: each is the other's inverse; so are the commutation matrices
 * K(m, n) and K(n, m) = K(m, n)' (Magnus & Neudecker ch. 3), K(n, n) its own. */
function areOrthogonalPair(a: Expr, b: Expr): boolean {
  if (a.kind === 'commutation' && b.kind === 'commutation') return a.m === b.n && a.n === b.m;
  const [t, u] = a.kind === 'transpose' ? [a, b] : [b, a];
  return t.kind === 'transpose' && t.args[0] === u && (u.props & ORTHOGONAL) !== 0;
}

/** Drops identities and merges equal neighbours (exponents add; A*inv(A) = I; Q'*Q = I for an orthogonal Q). */
export function mergeChain(given: readonly Expr[], note?: StepSink): Expr[] {
  const chain = cancelProductInverses(kronMixedProducts(given, note), note);
  const out: Array<[Expr, number]> = [];
  for (const f of chain) {
    if (f.kind === 'identity') continue;
    const [base, k] = asPower(f);
    const last = out[out.length - 1];
    const step = last && isSquareMatrix(base) ? (areOrthogonalPair(last[0], base) ? -k : last[0] === base ? k : 0) : 0;
    if (last && step !== 0) {
      last[1] += step;
      if (last[1] === 0) out.pop();
      continue;
    }
    out.push([base, k]);
  }
  const merged = out.map(([b, k]) => B.mpow(b, k));
  if (note && merged.length !== chain.length) {
    const rule = chain.some((f) => f.kind === 'identity')
      ? 'identity-product'
      : chain.some((f, i) => i > 0 && areOrthogonalPair(chain[i - 1]!, f))
        ? 'orthogonal-cancel'
        : out.length < chain.length - 1 ? 'inverse-cancel-right' : 'square-matrix';
    note({ rule, before: B.mul(...chain), after: merged.length ? B.mul(...merged) : B.identity(chain[0]!.shape.rows) });
  }
  if (merged.length === 0) return [B.identity(given[0]!.shape.rows)];
  return merged;
}

/**
 * The inverse of a product beside that product's factors: inv(A*B)*A*B = I and A*B*inv(A*B) = I,
 * where A and B need not be square (inv(W'*W)*W'*W). mergeChain cancels single factors.
 */
function cancelProductInverses(chain: readonly Expr[], note?: StepSink): readonly Expr[] {
  let out = chain;
  for (let i = 0; i < out.length; i++) {
    const f = out[i]!;
    const p = f.kind === 'inv' ? f.args[0]! : undefined;
    if (p?.kind !== 'mul' || p.scalars.length > 0 || !Q.isOne(p.coef)) continue;
    const k = p.args.length;
    const matches = (start: number): boolean => start >= 0 && start + k <= out.length && p.args.every((a, j) => out[start + j] === a);
    const [from, to, rule] = matches(i + 1) ? [i, i + k + 1, 'inverse-cancel-left' as const] : matches(i - k) ? [i - k, i + 1, 'inverse-cancel-right' as const] : [];
    if (from === undefined || to === undefined || rule === undefined) continue;
    note?.({ rule, before: B.mul(...out.slice(from, to)), after: B.identity(p.shape.rows) });
    out = [...out.slice(0, from), ...out.slice(to)];
    i = -1; // a cancellation may bring another inverse beside its product
  }
  return out;
}

/** kron(A, B)*kron(C, D) = kron(A*C, B*D) where A*C and B*D are defined (the new factors are not yet normal). */
function kronMixedProducts(chain: readonly Expr[], note?: StepSink): readonly Expr[] {
  const out: Expr[] = [];
  for (const f of chain) {
    const last = out[out.length - 1];
    if (last?.kind === 'kron' && f.kind === 'kron' && last.args.every((a, i) => a.shape.cols === f.args[i]!.shape.rows)) {
      const merged = B.kron(B.mul(last.args[0]!, f.args[0]!), B.mul(last.args[1]!, f.args[1]!));
      note?.({ rule: 'kron-mixed-product', before: B.mul(last, f), after: merged });
      out[out.length - 1] = merged;
    } else out.push(f);
  }
  return out.length === chain.length ? chain : out;
}

/**
 * Splits a matrix chain into the chain proper and the 1 x 1 stretches inside it: a stretch
 * starts at a factor with one row and ends at the next factor with one column. Removing it
 * leaves a valid chain (the neighbours have matching unit dimensions). A 1 x 1 chain is split
 * into its stretches (u'*u*v'*w = (u'*u)*(v'*w), the form a rotated trace tr(u*u'*w*v') also
 * reaches), and kept whole when it is a single one.
 */
export function liftScalarStretches(chain: readonly Expr[]): { chain: Expr[]; scalars: Expr[] } {
  if (chain.length < 2) return { chain: [...chain], scalars: [] };
  const kept: Expr[] = [];
  const scalars: Expr[] = [];
  let i = 0;
  while (i < chain.length) {
    const f = chain[i]!;
    if (f.shape.rows === 1) {
      let j = i;
      while (j < chain.length && chain[j]!.shape.cols !== 1) j++;
      if (j < chain.length) {
        scalars.push(B.mul(...chain.slice(i, j + 1)));
        i = j + 1;
        continue;
      }
    }
    kept.push(f);
    i++;
  }
  if (kept.length === 0 && scalars.length === 1) return { chain: [...chain], scalars: [] };
  return { chain: kept, scalars };
}
