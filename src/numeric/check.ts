// Finite-difference verification of derivatives: the engine's own truth, used by the tests, by
// `mcalc --check` and by the API. The conventions are those of the acceptance corpus
// (shared/corpus/README.md and verify_corpus.py):
//   grad          <G, V>             against  d/dt f(X + tV)
//   jacobian      J v                against  d/dt f(x + tv)
//   hessian       v' H w             against  d2/ds dt f(x + sv + tw)
// By a matrix X (or a matrix f) the Jacobian and Hessian act on vec: J vec(V) against
// vec(d/dt f(X + tV)), vec(V)' H vec(W) against d2/ds dt f(X + sV + tW) (identification.ts), and a
// gradient by vec(X) is paired with vec(V).
//   differential  dF with d(X) = V   against  d/dt f(X + tV)   (f may be matrix-valued)
// with central differences, Richardson-extrapolated to O(h^4), along the point's direction for
// X (symmetric for a symmetric X, diagonal for a diagonal one: see point.ts).

import { Matrix } from 'ml-matrix';
import type { Expr, Sym } from '../expr/node.js';
import { evaluate, vecOf } from './evaluate.js';
import { NumericError, assignDims, leavesOf, randomDirection, randomPoint, withValue, type DimSizes, type Point } from './point.js';
import { mulberry32 } from './random.js';

export type CheckKind = 'grad' | 'jacobian' | 'hessian' | 'differential';

export interface CheckResult {
  /** the relative error (see relativeError); Infinity when the check could not be made */
  readonly relativeError: number;
  readonly ok: boolean;
  readonly tolerance: number;
  /** why the check could not be made: a shape that does not fit, a value that is not finite... */
  readonly problem?: string;
}

export const TOLERANCE = 1e-5;
export const HESSIAN_TOLERANCE = 1e-4;

/** The corpus's step: central differences at h/2 and h/4 (first), 2h and h (second order). */
const STEP = 1e-3;

/** Floors of relativeError, relative to 1 + |f(X)|; see there. */
const FLOOR = 1e-6;
const HESSIAN_FLOOR = 1e-4;

/**
 * The error measure: |pred - truth| / max(|pred|, |truth|, floor), in Frobenius norms, where the
 * checks pass floor = FLOOR * (1 + |f(X)|) (HESSIAN_FLOOR for hessians). Relative, so a large f
 * with a large derivative is judged like a small one. The floor keeps a true derivative of
 * exactly 0 from turning rounding noise into a 100% error: a central difference carries noise of
 * about 1e-12 * |f| (machine epsilon * |f| / h; 3e-10 * |f| for the second-order one), which
 * must stay below floor * tolerance. A wrong answer is still caught when it is off by more than
 * 1e-11 * (1 + |f|) (1e-8 for hessians). Where |f| is far below 1 the floor is absolute. (The
 * corpus uses 1e-9 for both: it can fail a right answer whose true directional derivative
 * vanishes, and accepts nothing that this rejects.)
 */
export function relativeError(pred: Matrix, truth: Matrix, floor: number): number {
  const diff = Matrix.sub(pred, truth).norm();
  return diff / Math.max(pred.norm(), truth.norm(), floor);
}

/** The direction of X at this point (every symbol of a random point has one). */
function directionOf(point: Point, X: Sym): Matrix {
  const v = point.directions.get(X);
  if (!v) throw new NumericError(`the point has no direction for ${X.name}`);
  return v;
}

function valueOf(point: Point, X: Sym): Matrix {
  const v = point.values.get(X);
  if (!v) throw new NumericError(`the point has no value for ${X.name}`);
  return v;
}

/** f at X + step. */
function shifted(f: Expr, X: Sym, point: Point, step: Matrix): Matrix {
  return evaluate(f, withValue(point, X, Matrix.add(valueOf(point, X), step)));
}

/** d/dt f(X + tV) at t = 0: (4 D(h/4) - D(h/2)) / 3 of central differences D cancels the h^2 term. */
function firstDerivative(f: Expr, X: Sym, point: Point, V: Matrix): Matrix {
  const central = (h: number): Matrix => Matrix.sub(shifted(f, X, point, Matrix.mul(V, h)), shifted(f, X, point, Matrix.mul(V, -h))).div(2 * h);
  return Matrix.sub(central(STEP / 4).mul(4), central(STEP / 2)).div(3);
}

/** d2/ds dt f(X + sV + tW) at 0: four-point differences at 2h and h, one Richardson step. */
function secondDerivative(f: Expr, X: Sym, point: Point, V: Matrix, W: Matrix): number {
  const at = (s: number, t: number): number => scalarOf(shifted(f, X, point, Matrix.add(Matrix.mul(V, s), Matrix.mul(W, t))));
  const d = (h: number): number => (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
  return (4 * d(STEP) - d(2 * STEP)) / 3;
}

const scalarOf = (m: Matrix): number => {
  if (m.rows !== 1 || m.columns !== 1) throw new NumericError(`f is ${m.rows} x ${m.columns}, not a scalar`);
  return m.get(0, 0);
};

const isFinite = (m: Matrix): boolean => m.to1DArray().every(Number.isFinite);

/** f at the point, which must be finite for a derivative to be checked there. */
function baseValue(f: Expr, point: Point): Matrix {
  const v = evaluate(f, point);
  if (!isFinite(v)) throw new NumericError('f is not finite at the point');
  return v;
}

/** A result of the expected size; a 1 x 1 zero stands for the zero matrix of any size. */
function conform(m: Matrix, rows: number, cols: number, what: string): Matrix {
  if (m.rows === rows && m.columns === cols) return m;
  if (m.rows === 1 && m.columns === 1 && m.get(0, 0) === 0) return Matrix.zeros(rows, cols);
  throw new NumericError(`${what} is ${m.rows} x ${m.columns}, but ${rows} x ${cols} was expected`);
}

interface Comparison {
  pred: Matrix;
  truth: Matrix;
  /** |f(X)|, the scale of the floor in relativeError */
  fScale: number;
  /** the sum of the sizes of the result's terms' contributions to pred (see ROUNDING) */
  termScale: number;
}

/**
 * A result that is a sum of large terms cancelling to (nearly) zero, as a derivative that
 * vanishes identically often is when it is not simplified to 0, can only be evaluated to about
 * 1e-16 of the sum of its terms' sizes. The floor is at least this fraction of that sum, so such
 * rounding is not reported as an error: a real error would have to be below 1e-14 of the terms
 * (ROUNDING times the tolerance, some 50 machine epsilons) to pass by it.
 */
const ROUNDING = 1e-9;

/** The sum over the top-level terms of result of the size of what each contributes to pred. */
function termScale(result: Expr, contribution: (term: Expr) => number): number {
  return (result.kind === 'add' ? result.args : [result]).reduce((total, t) => total + contribution(t), 0);
}

/** Runs one comparison; an evaluation problem (NumericError) makes a failed result, not a throw. */
function compare(tolerance: number, floor: number, body: () => Comparison): CheckResult {
  try {
    const { pred, truth, fScale, termScale: scale } = body();
    const error = relativeError(pred, truth, Math.max(floor * (1 + fScale), ROUNDING * scale));
    if (!Number.isFinite(error)) return { relativeError: Infinity, ok: false, tolerance, problem: 'a value is not finite' };
    return { relativeError: error, ok: error <= tolerance, tolerance };
  } catch (e) {
    if (e instanceof NumericError) return { relativeError: Infinity, ok: false, tolerance, problem: e.message };
    throw e;
  }
}

/** grad: <G, V> against the directional derivative of the scalar f along V. */
export function checkGradient(f: Expr, X: Sym, G: Expr, point: Point): CheckResult {
  return compare(TOLERANCE, FLOOR, () => {
    const f0 = baseValue(f, point);
    scalarOf(f0); // throws unless f is a scalar
    const given = directionOf(point, X);
    // grad(f, vec(X)) is vec of the gradient: paired with vec(V)
    const V = given.columns !== 1 && evaluate(G, point).columns === 1 ? vecOf(given) : given;
    const g = conform(evaluate(G, point), V.rows, V.columns, 'the gradient');
    const along = (m: Matrix): number => m.clone().mul(V).sum();
    const inner = new Matrix([[along(g)]]);
    const scale = termScale(G, (t) => Math.abs(along(conform(evaluate(t, point), V.rows, V.columns, 'a term'))));
    return { pred: inner, truth: firstDerivative(f, X, point, given), fScale: f0.norm(), termScale: scale };
  });
}

/** jacobian: J v against the directional derivative of the vector f along v. */
export function checkJacobian(f: Expr, x: Sym, J: Expr, point: Point): CheckResult {
  return compare(TOLERANCE, FLOOR, () => {
    const f0 = vecOf(baseValue(f, point));
    const V = directionOf(point, x);
    const v = vecOf(V);
    const j = conform(evaluate(J, point), f0.rows, v.rows, 'the jacobian');
    const scale = termScale(J, (t) => conform(evaluate(t, point), f0.rows, v.rows, 'a term').mmul(v).norm());
    return { pred: j.mmul(v), truth: vecOf(firstDerivative(f, x, point, V)), fScale: f0.norm(), termScale: scale };
  });
}

/** The second direction of a hessian check when none is given: fixed, so results are reproducible. */
const HESSIAN_SEED = 0x5eed;

/**
 * hessian: v' H w against the mixed second difference of the scalar f, v being the point's
 * direction for x and w a second one (by default drawn from a fixed seed).
 */
export function checkHessian(f: Expr, x: Sym, H: Expr, point: Point, w?: Matrix): CheckResult {
  return compare(HESSIAN_TOLERANCE, HESSIAN_FLOOR, () => {
    const f0 = baseValue(f, point);
    scalarOf(f0); // throws unless f is a scalar
    const V = directionOf(point, x);
    const W = w ?? randomDirection(x, valueOf(point, x), mulberry32(HESSIAN_SEED));
    const [v, w2] = [vecOf(V), vecOf(W)];
    const h = conform(evaluate(H, point), v.rows, v.rows, 'the hessian');
    const bilinear = (m: Matrix): Matrix => v.transpose().mmul(m).mmul(w2);
    const scale = termScale(H, (t) => bilinear(conform(evaluate(t, point), v.rows, v.rows, 'a term')).norm());
    return { pred: bilinear(h), truth: new Matrix([[secondDerivative(f, x, point, V, W)]]), fScale: f0.norm(), termScale: scale };
  });
}

/**
 * differential: dF with d(X) = V against the directional derivative of f (of any shape) along
 * V. Only d(X) has a value: a d(Y) of another symbol in dF is reported as a problem.
 */
export function checkDifferential(f: Expr, X: Sym, dF: Expr, point: Point): CheckResult {
  return compare(TOLERANCE, FLOOR, () => {
    const f0 = baseValue(f, point);
    const V = directionOf(point, X);
    const alongX: Point = { ...point, directions: new Map([[X, V]]) };
    const df = conform(evaluate(dF, alongX), f0.rows, f0.columns, 'the differential');
    const scale = termScale(dF, (t) => conform(evaluate(t, alongX), f0.rows, f0.columns, 'a term').norm());
    return { pred: df, truth: firstDerivative(f, X, point, V), fScale: f0.norm(), termScale: scale };
  });
}

export interface VerifyOptions {
  /** how many random points (default 3, as the corpus) */
  readonly points?: number;
  readonly seed?: number;
  /** sizes for some dimension names; the others as in assignDims */
  readonly dims?: DimSizes;
}

/**
 * Checks `result` (the grad, jacobian, hessian or differential of f by X) at several random
 * points; the relative error returned is the largest, and ok only when every point passed.
 */
export function verifyAt(kind: CheckKind, f: Expr, X: Sym, result: Expr, options: VerifyOptions = {}): CheckResult {
  const { points = 3, seed = 1 } = options;
  const leaves = leavesOf([f, X, result]);
  const dims = Object.fromEntries(assignDims(leaves.dims, options.dims));
  const rng = mulberry32(seed);
  let worst: CheckResult | undefined;
  for (let i = 0; i < points; i++) {
    const point = randomPoint(leaves.symbols, rng, dims);
    const r = kind === 'grad' ? checkGradient(f, X, result, point)
      : kind === 'jacobian' ? checkJacobian(f, X, result, point)
      : kind === 'hessian' ? checkHessian(f, X, result, point, randomDirection(X, valueOf(point, X), rng))
      : checkDifferential(f, X, result, point);
    if (!worst || r.relativeError > worst.relativeError) worst = r;
  }
  return worst ?? { relativeError: 0, ok: true, tolerance: kind === 'hessian' ? HESSIAN_TOLERANCE : TOLERANCE };
}
