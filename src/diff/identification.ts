// Derivatives by a matrix, read off the differential by Magnus & Neudecker's identification
// theorems (Matrix Differential Calculus, 3rd ed., ch. 9 and 10):
//   first:  d vec F = J d vec X      gives  J = d vec F / d (vec X)'   (pq x mn for F p x q, X m x n)
//   second: d^2 f = vec(dX)' H vec(dX), H symmetric   gives the Hessian; here H is the Jacobian of
//           the gradient: d vec G = H d vec X for G = grad(f, X), symmetric by itself for a general
//           X (by a symmetric X, derive.ts takes its symmetric part).
// dF is linear in dX; each linear operation contributes its matrix acting on vec:
//   vec(L*P*R)   = kron(R', L)*vec(P)                 (Cookbook sec. 10.2.2; M&N ch. 2 sec. 4)
//   vec(L*P'*R)  = K(q, p)*kron(L, R')*vec(P)         (vec(T') = K*vec(T): the commutation
//                                                      matrix, M&N ch. 3 sec. 7)
//   vec(B .* P)  = diag(vec(B))*vec(P)                (a Hadamard product scales entries)
//   vec(s*M)     = vec(M)*vec(G)'*vec(dX)             (s = tr(G' dX) a scalar, read as a gradient)
//   vec(kron(A, P)) = kron(I(q), K(n, p), I(r))*kron(vec(A), vec(P))   for A p x q, P r x n
//                                                     (M&N ch. 3 sec. 7; Cookbook sec. 10.2.1)
//   vec(diag(P)) = kron(ones', I)*diag(vec(I))*vec(P) (the diagonal as (P .* I)*ones)
//   vec(diag(v)) = diag(vec(I))*kron(ones, I)*v       (v repeated, the diagonal places kept)

import * as B from '../expr/build.js';
import { isScalarShape, type Dim, type Expr, type Sym } from '../expr/index.js';
import { MathError } from '../check/errors.js';
import { containsDiff } from './depends.js';
import { GradientReader, ReshapeNeeded } from './gradient.js';
import { DeepMemo } from '../expr/deep.js';
import { transposeDown } from '../expr/transpose.js';

/** a' with the transpose pushed down to the symbols, so that equal factors meet as one node */
const transposed = (a: Expr): Expr => transposeDown(a, transposed)?.expr ?? B.transpose(a);

/** The number of entries of a shape, as a dimension (m*n). */
const size = (e: Expr): Dim => B.dimProduct(e.shape.rows, e.shape.cols);

/** kron(a, b), written I(pq) when both are identities. */
function kron(a: Expr, b: Expr): Expr {
  if (a.kind === 'identity' && b.kind === 'identity') return B.identity(B.dimProduct(a.shape.rows, b.shape.rows));
  return B.kron(a, b);
}

/** A product of matrices, the identity ones left out (the constructors keep them). */
function times(...fs: Expr[]): Expr {
  const kept = fs.filter((f) => f.kind !== 'identity');
  return kept.length ? B.mul(...kept) : fs[fs.length - 1]!;
}

/** The product of a run of chain factors, or I(n) for an empty run. */
const productOr = (fs: readonly Expr[], n: Dim): Expr => (fs.length ? B.mul(...fs) : B.identity(n));

/**
 * A sum with terms K*M and M written (I + K)*M, M&N's compact form of e.g. d vec(X*X') =
 * (I + K)*kron(X, I)*d vec(X); the terms' scalars go to the left factor.
 */
function withCommutationsCollected(terms: readonly Expr[]): Expr {
  const groups = new Map<Expr, Expr[]>();
  for (const t of terms) {
    const chain = t.kind === 'mul' ? t.chain : [t];
    const scale = t.kind === 'mul' ? [B.num(t.coef), ...t.scalars] : [];
    const k = chain[0]!.kind === 'commutation' && chain.length > 1 ? 1 : 0;
    const rest = B.mul(...chain.slice(k));
    const lefts = groups.get(rest) ?? [];
    groups.set(rest, [...lefts, B.mul(...scale, k ? chain[0]! : B.identity(t.shape.rows))]);
  }
  const holdsK = (l: Expr): boolean => l.kind === 'commutation' || (l.kind === 'mul' && l.chain[0]?.kind === 'commutation');
  const collected = [...groups].map(([rest, lefts]) => (lefts.length > 1 && lefts.some(holdsK) ? B.mul(B.add(...lefts), rest) : undefined));
  if (collected.every((c) => c === undefined)) return B.add(...terms);
  return B.add(...[...groups].map(([rest, lefts], i) => collected[i] ?? B.add(...lefts.map((l) => times(l, rest)))));
}

export class IdentificationReader {
  private readonly grads: GradientReader;
  private readonly memo = new DeepMemo<Expr, Expr>((f) => this.compute(f));

  constructor(private readonly variable: Sym) {
    this.grads = new GradientReader(variable);
  }

  /** J with vec(f) = J*vec(d(X)), for f linear in d(X) of any shape. */
  jacobian(f: Expr): Expr {
    return this.memo.get(f);
  }

  private compute(f: Expr): Expr {
    const x = this.variable;
    const n = size(x);
    if (B.isZeroExpr(f)) return B.zero({ rows: size(f), cols: n });
    // a scalar s = tr(G' dX) = vec(G)'*vec(dX): the row vec(G)', unless G needs a reshaping
    if (isScalarShape(f.shape)) {
      const row = this.gradientRow(f);
      if (row) return row;
    }
    const [a] = f.args as [Expr];
    switch (f.kind) {
      // sum(T) = ones'*vec(T), tr(T) = vec(I)'*vec(T)
      case 'sum': return B.mul(B.transpose(B.ones(size(a))), this.jacobian(a));
      case 'tr': return B.mul(B.transpose(B.unary('vec', B.identity(a.shape.rows))), this.jacobian(a));
      case 'diff': return B.identity(n);
      case 'add': return withCommutationsCollected(f.args.map((t) => this.jacobian(t)));
      case 'vec': return this.jacobian(a);
      case 'transpose': return times(B.commutation(a.shape.rows, a.shape.cols), this.jacobian(a));
      case 'mul': return this.product(f);
      case 'hadamard': {
        const i = this.index(f.args, f);
        const others = B.hadamard(...f.args.filter((_, j) => j !== i));
        return B.mul(B.unary('diagm', B.unary('vec', others)), this.jacobian(f.args[i]!));
      }
      case 'hdiv': {
        const [num, den] = f.args as [Expr, Expr];
        if (containsDiff(den, x)) return this.unsupported(f);
        const reciprocal = B.hdiv(B.ones(size(den)), B.unary('vec', den));
        // a scalar numerator is broadcast: s ./ D = (1 ./ D)*s
        if (isScalarShape(num.shape)) return B.mul(reciprocal, this.jacobian(num));
        return B.mul(B.unary('diagm', reciprocal), this.jacobian(num));
      }
      case 'kron': return this.kronecker(f);
      case 'diagv': {
        // diag(P) = (P .* I)*ones: the diagonal places kept, each row of P's vec summed
        const k = a.shape.rows;
        return B.mul(B.kron(B.transpose(B.ones(k)), B.identity(k)), B.unary('diagm', B.unary('vec', B.identity(k))), this.jacobian(a));
      }
      case 'diagm': {
        // vec(diag(v)) = diag(vec(I))*kron(ones, I)*v: v repeated, the diagonal places kept
        const k = a.shape.rows;
        return B.mul(B.unary('diagm', B.unary('vec', B.identity(k))), B.kron(B.ones(k), B.identity(k)), this.jacobian(a));
      }
      default: return this.unsupported(f);
    }
  }

  /** vec(G)' for the scalar s = tr(G' dX); undefined where G passes through kron (read structurally). */
  private gradientRow(s: Expr): Expr | undefined {
    try {
      return B.transpose(B.unary('vec', this.grads.gradient(s)));
    } catch (err) {
      if (err instanceof ReshapeNeeded) return undefined;
      throw err;
    }
  }

  /** coef * scalars * L*P*R with d(X) in one scalar factor or in the chain factor P. */
  private product(f: Extract<Expr, { kind: 'mul' }>): Expr {
    const x = this.variable;
    const scalars = f.scalars;
    const chain = f.chain;
    const coef = B.num(f.coef);
    const si = scalars.findIndex((s) => containsDiff(s, x));
    if (si >= 0) {
      // vec(s*M) = vec(M)*s, and s = vec(G)'*vec(dX)
      const rest = B.mul(coef, ...scalars.filter((_, j) => j !== si), ...chain);
      return B.mul(B.unary('vec', rest), this.jacobian(scalars[si]!));
    }
    const i = this.index(chain, f);
    const piece = chain[i]!;
    const left = productOr(chain.slice(0, i), piece.shape.rows);
    const right = productOr(chain.slice(i + 1), piece.shape.cols);
    const scale = [coef, ...scalars];
    if (piece.kind === 'transpose') {
      // vec(L*T'*R) = vec((R'*T*L')') = K(q, p)*kron(L, R')*vec(T), L*T'*R being p x q
      const k = B.commutation(f.shape.cols, f.shape.rows);
      return B.mul(...scale, times(k, kron(left, transposed(right)), this.jacobian(piece.args[0]!)));
    }
    return B.mul(...scale, times(kron(transposed(right), left), this.jacobian(piece)));
  }

  /**
   * vec(kron(A, C)) with d(X) in A or in C (M&N ch. 3 sec. 7, the vec of a Kronecker product), for A p x q and C r x n:
   * kron(I(q), K(n, p), I(r))*kron(vec(A), vec(C)), where
   * kron(vec(A), vec(C)) = kron(vec(A), I(rn))*vec(C) = kron(I(pq), vec(C))*vec(A).
   */
  private kronecker(f: Expr): Expr {
    const [a, c] = f.args as [Expr, Expr];
    const first = containsDiff(a, this.variable);
    if (first && containsDiff(c, this.variable)) return this.unsupported(f);
    const [p, q, r, n] = [a.shape.rows, a.shape.cols, c.shape.rows, c.shape.cols];
    const shuffle = kron(kron(B.identity(q), B.commutation(n, p)), B.identity(r));
    const stacked = first ? times(kron(B.identity(size(a)), B.unary('vec', c)), this.jacobian(a)) : times(kron(B.unary('vec', a), B.identity(size(c))), this.jacobian(c));
    return times(shuffle, stacked);
  }

  private index(args: readonly Expr[], f: Expr): number {
    const hits = args.flatMap((a, j) => (containsDiff(a, this.variable) ? [j] : []));
    if (hits.length !== 1) return this.unsupported(f);
    return hits[0]!;
  }

  private unsupported(f: Expr): never {
    const what = f.kind === 'fn' ? `${f.name}(...)` : f.kind;
    throw new MathError(`cannot write this Jacobian by ${this.variable.name} in vec form: it passes through ${what}; differential(f, ${this.variable.name}) shows the derivative`);
  }
}

/** How explain names these steps (src/explain/model.ts): the read-off and the term-by-term form. */
export const VEC_READ_OFF = {
  jacobian: { title: 'Reading the Jacobian off the differential, in vec form', name: 'J', id: 'first-identification', citation: "`d(vec(f)) = J*vec(d({x}))` for every `d({x})` identifies J = d vec(f)/d vec({x})' (Magnus & Neudecker, first identification theorem)" },
  hessian: { title: 'Reading the Hessian off the differential of the gradient, in vec form', name: 'H', id: 'second-identification', citation: "`d2f = vec(d({x}))'*H*vec(d({x}))` with H symmetric identifies the Hessian (Magnus & Neudecker, second identification theorem); H is the Jacobian of the gradient g: `d(vec(g)) = H*vec(d({x}))`, by a symmetric {x} its symmetric part" },
} as const;

export const VEC_TERMS = {
  id: 'vec-form',
  citation: "each term brought to `M[k]*vec(d({x}))`: `vec(A*d({x})*B) = kron(B', A)*vec(d({x}))` (Matrix Cookbook sec. 10.2.2), `vec(d({x})') = K*vec(d({x}))` (the commutation matrix, Magnus & Neudecker ch. 3), `vec(A .* d({x})) = diag(vec(A))*vec(d({x}))`, the vec of a Kronecker product (Cookbook sec. 10.2.1)",
} as const;
