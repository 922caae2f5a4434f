// The derivative queries of LANGUAGE.md section 3, on checked expressions: the differential by
// the rules, the gradient / Jacobian / Hessian read off it, and the simplified result.

import * as B from '../expr/build.js';
import { isScalarShape, shapeText, SYMMETRIC, Q, type Expr, type Sym } from '../expr/index.js';
import { MathError } from '../check/errors.js';
import type { Span } from '../parse/ast.js';
import { Differentiator, type Step } from '../diff/differential.js';
import { GradientReader, ReshapeNeeded } from '../diff/gradient.js';
import { JacobianReader } from '../diff/jacobian.js';
import { IdentificationReader } from '../diff/identification.js';
import { simplify, Normalizer } from '../simplify/index.js';
import { ExpansionBudgetExceeded } from '../simplify/normal.js';

export type DerivativeKind = 'grad' | 'jacobian' | 'hessian' | 'differential';
export type QueryKind = DerivativeKind | 'derivative';

export interface Derivation {
  readonly kind: DerivativeKind;
  readonly f: Expr;
  readonly variable: Sym;
  /** d(f), as the rules produced it */
  readonly differential: Expr;
  /** the differential rules applied, in order */
  readonly steps: readonly Step[];
  /** the unsimplified gradient / Jacobian / Hessian read off the differential (df itself for differential) */
  readonly raw: Expr;
  readonly result: Expr;
}

/** Which derivative `derivative(f, X)` means for these shapes (by vec(X): as for a vector). */
export function resolveKind(kind: QueryKind, f: Expr, x: Sym, byVec = false): DerivativeKind {
  if (kind !== 'derivative') return kind;
  if (isScalarShape(f.shape)) return 'grad';
  if (f.shape.cols === 1 && (x.shape.cols === 1 || byVec)) return 'jacobian';
  return 'differential';
}

/**
 * A Jacobian takes any f and X (by a matrix it is d vec(f)/d vec(X)', identification.ts); a
 * Hessian by a matrix is asked for as hessian(f, vec(X)): LANGUAGE.md defines hessian(f, X) for
 * a vector X only, and that stays an error. The spans, when given, put an error's caret under f
 * or under the variable.
 */
export function checkQueryShapes(kind: DerivativeKind, f: Expr, x: Sym, fText: string, byVec = false, fSpan?: Span, xSpan?: Span): void {
  if ((kind === 'grad' || kind === 'hessian') && !isScalarShape(f.shape))
    throw new MathError(`${kind}: f must be a scalar, but ${fText} is ${shapeText(f.shape)}`, fSpan);
  if (kind === 'hessian' && x.shape.cols !== 1 && !byVec)
    throw new MathError(`hessian: the variable must be a vector (hessian is defined for a vector variable only), but ${x.name} is ${shapeText(x.shape)}; for a matrix write hessian(f, vec(${x.name})), the Hessian by vec(${x.name})`, xSpan);
}

/**
 * The gradient read off df; through a Kronecker product, off the normal form of df, where
 * tr(kron(A, d(X))) = tr(A)*tr(d(X)) and the like may remove it. By vec(X) it is vec of that,
 * or, where kron stays, the transposed row read off by the first identification theorem.
 */
function gradient(x: Sym, df: Expr, byVec = false): Expr {
  try {
    const g = new GradientReader(x).gradient(df);
    return byVec ? B.unary('vec', g) : g;
  } catch (err) {
    if (!(err instanceof ReshapeNeeded)) throw err;
    const normal = new Normalizer(undefined, false).normal(df);
    try {
      const g = new GradientReader(x).gradient(normal);
      return byVec ? B.unary('vec', g) : g;
    } catch (again) {
      if (!(again instanceof ReshapeNeeded) || !byVec) throw again;
      return B.transpose(new IdentificationReader(x).jacobian(new Normalizer().normal(df)));
    }
  }
}

/**
 * The Jacobian read off the expanded normal form of df (d(x) then sits in one factor of each
 * term); when expanding would blow up, off the factored normal form, where the reader
 * distributes over a sum that holds d(x) itself. A vector by a vector is read directly (J*dx);
 * anything else, or what that reader cannot pass (kron), by the identification theorems.
 */
function jacobian(x: Sym, df: Expr, defs: readonly Expr[]): Expr {
  if (x.shape.cols !== 1 || df.shape.cols !== 1) return identified(x, df, defs);
  try {
    return readJacobian(x, new Normalizer().normal(df));
  } catch (err) {
    if (!(err instanceof ExpansionBudgetExceeded)) throw err;
    return readJacobian(x, new Normalizer(undefined, false).normal(df));
  }
}

/**
 * By the identification theorems, off both normal forms of df (the reader is compositional): the
 * factored one keeps a chain rule's product whole (diag(...)*W2*diag(...)*kron(x', I)), the
 * expanded one gives the textbooks' forms where terms meet (M&N's log det(X'X)); the smaller
 * simplified result is taken, the factored one on a tie or when expanding would blow up.
 */
function identified(x: Sym, df: Expr, defs: readonly Expr[]): Expr {
  const factored = new IdentificationReader(x).jacobian(new Normalizer(undefined, false).normal(df));
  let expanded: Expr;
  try {
    expanded = new IdentificationReader(x).jacobian(new Normalizer().normal(df));
  } catch (err) {
    if (!(err instanceof ExpansionBudgetExceeded)) throw err;
    return factored;
  }
  return simplify(expanded, defs).size < simplify(factored, defs).size ? expanded : factored;
}

function readJacobian(x: Sym, df: Expr): Expr {
  try {
    return new JacobianReader(x).jacobian(df);
  } catch (err) {
    if (!(err instanceof MathError)) throw err;
    return new IdentificationReader(x).jacobian(df);
  }
}

/**
 * The Hessian by a symmetric matrix X is right on symmetric directions only (LANGUAGE.md's
 * convention), and the Jacobian of the gradient need not be a symmetric matrix there
 * (tr(A*X*X) gives kron(A, I) + kron(I, A')). On symmetric V, W the form vec(V)'*H*vec(W) is
 * symmetric, so (H + H')/2 acts alike and is the symmetric H of the second identification theorem
 * (Magnus & Neudecker); where H is symmetric already the simplifier gives H back.
 */
function symmetricPart(x: Sym, h: Expr): Expr {
  if (x.shape.cols === 1 || !(x.props & SYMMETRIC)) return h;
  return B.mul(B.num(Q.rat(1, 2)), B.add(h, B.transpose(h)));
}

function isReshapeNeeded(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch (err) {
    if (err instanceof ReshapeNeeded) return true;
    throw err;
  }
}

/** by vec(X) (byVec): the gradient is vec of the gradient by X; the Jacobian is the same. */
export function derive(kind: DerivativeKind, given: Expr, x: Sym, defs: readonly Expr[], byVec = false): Derivation {
  // the Jacobian of a row vector f is that of the column f' (the same functions f_i)
  const f = kind === 'jacobian' && given.shape.rows === 1 && given.shape.cols !== 1 ? B.transpose(given) : given;
  const differ = new Differentiator(x);
  const df = differ.d(f);
  let raw: Expr;
  switch (kind) {
    case 'differential': raw = df; break;
    case 'grad': raw = gradient(x, df, byVec); break;
    case 'jacobian': raw = jacobian(x, df, defs); break;
    case 'hessian': {
      // by vec(X) the gradient may be the vec form where kron keeps it (its Jacobian is the same)
      const g = simplify(gradient(x, df, byVec && isReshapeNeeded(() => gradient(x, df))), defs);
      const dg = differ.d(g);
      raw = symmetricPart(x, jacobian(x, dg, defs));
      break;
    }
  }
  const result = simplify(raw, defs);
  return { kind, f, variable: x, differential: df, steps: differ.steps, raw, result };
}
