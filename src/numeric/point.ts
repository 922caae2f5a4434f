// Numeric points: a size for every dimension name, a value for every symbol and a direction
// d(X) for every symbol. Random points follow the sampling rules of the acceptance corpus
// (shared/corpus/README.md, mcalc_lang.sample_matrix / sample_direction), so that the engine's
// own checks accept and reject the same answers the corpus does.

import { Matrix, QrDecomposition } from 'ml-matrix';
import { SYMMETRIC, POSDEF, DIAGONAL, ORTHOGONAL, INVERTIBLE, type Sym } from '../expr/node.js';
import type { Dim } from '../expr/shape.js';
import { dimNames } from '../expr/leaves.js';
export { dimNames, leavesOf, freeSymbols, type Leaves } from '../expr/leaves.js';
import { uniform, uniformMatrix, type Rng } from './random.js';

export interface Point {
  /** the size of every dimension name */
  readonly dims: ReadonlyMap<string, number>;
  /** the value of each symbol: a scalar is 1 x 1, a vector n x 1 */
  readonly values: ReadonlyMap<Sym, Matrix>;
  /** the direction d(X) of each symbol, read by `diff` nodes and by the finite-difference checks */
  readonly directions: ReadonlyMap<Sym, Matrix>;
}

/** Sizes chosen by the caller, by dimension name. */
export type DimSizes = Readonly<Record<string, number>>;

/** A value that cannot be computed: a missing symbol or size, a singular matrix, a shape clash. */
export class NumericError extends Error {
  override name = 'NumericError';
}

export const DEFAULT_DIMS: DimSizes = { n: 4, m: 3, p: 5, k: 2, q: 6 };

/** The size of a dimension: a number, a name, or a product of names and numbers ("m*p", "n*1"). */
export function resolveDim(d: Dim, dims: ReadonlyMap<string, number>): number {
  if (typeof d === 'number') return d;
  let size = 1;
  for (const part of d.split('*')) {
    const t = part.trim();
    const v = /^\d+$/.test(t) ? Number(t) : dims.get(t);
    if (v === undefined) throw new NumericError(`no size for the dimension ${t}`);
    size *= v;
  }
  return size;
}

/**
 * Sizes for a set of dimension names: n=4, m=3, p=5, k=2, q=6, and every other name, in
 * alphabetical order, the smallest size from 3 up that no other name of the set has (so 3..7
 * first, then 8, 9, ...). Like the corpus, unrelated dimensions always get different sizes, so
 * a product that mixes them up fails on shapes instead of passing by luck; unlike the corpus
 * (declaration order) the order is alphabetical, so the sizes do not depend on how the names
 * were collected. `override` wins over all of this.
 */
export function assignDims(names: Iterable<string>, override: DimSizes = {}): Map<string, number> {
  const all = [...new Set([...names, ...Object.keys(override)])].sort();
  const out = new Map<string, number>();
  for (const name of all) {
    const fixed = override[name] ?? DEFAULT_DIMS[name];
    if (fixed !== undefined) out.set(name, fixed);
  }
  const used = new Set(out.values());
  for (const name of all) {
    if (out.has(name)) continue;
    let size = 3;
    while (used.has(size)) size++;
    out.set(name, size);
    used.add(size);
  }
  return out;
}

/** A value for a symbol, honouring its properties as the corpus does. */
export function randomValue(s: Sym, dims: ReadonlyMap<string, number>, rng: Rng): Matrix {
  const rows = resolveDim(s.shape.rows, dims);
  const cols = resolveDim(s.shape.cols, dims);
  const p = s.props;
  if (rows !== cols || rows === 1) return uniformMatrix(rng, rows, cols, 0.5, 1.5);
  if (p & DIAGONAL) {
    const entries = Array.from({ length: rows }, () => (p & ORTHOGONAL ? (rng() < 0.5 ? -1 : 1) : uniform(rng, 0.5, 1.5)));
    return Matrix.diag(entries);
  }
  if (p & ORTHOGONAL) return randomOrthogonal(rng, rows);
  const b = uniformMatrix(rng, rows, cols, 0.5, 1.5);
  if (p & POSDEF) return b.mmul(b.transpose()).add(Matrix.eye(rows).mul(rows));
  if (p & SYMMETRIC) {
    const sym = b.add(b.transpose()).mul(0.5);
    return p & INVERTIBLE ? sym.add(Matrix.eye(rows).mul(rows)) : sym;
  }
  if (p & INVERTIBLE) return b.add(Matrix.eye(rows).mul(rows));
  return b;
}

/** Q of the QR decomposition of a random matrix, columns signed so that R has a positive diagonal. */
function randomOrthogonal(rng: Rng, size: number): Matrix {
  const qr = new QrDecomposition(uniformMatrix(rng, size, size, -0.5, 0.5));
  const q = qr.orthogonalMatrix;
  const r = qr.upperTriangularMatrix;
  for (let j = 0; j < size; j++) if (r.get(j, j) < 0) for (let i = 0; i < size; i++) q.set(i, j, -q.get(i, j));
  return q;
}

/**
 * A direction for a symbol: entries uniform in [-1, 1]; diagonal for a diagonal symbol,
 * symmetric for a symmetric one, and tangent (X times a skew matrix) for an orthogonal one, so
 * that identities such as X'*X = I, which the simplifier may use, hold to first order along it.
 */
export function randomDirection(s: Sym, value: Matrix, rng: Rng): Matrix {
  const v = uniformMatrix(rng, value.rows, value.columns, -1, 1);
  if (value.rows !== value.columns || value.rows === 1) return v;
  if (s.props & DIAGONAL) return Matrix.diag(v.diag());
  if (s.props & ORTHOGONAL) return value.mmul(v.sub(v.transpose()));
  if (s.props & SYMMETRIC) return v.add(v.transpose()).mul(0.5);
  return v;
}

/**
 * A random point for these symbols: values first (in the order given), then directions.
 * Dimension sizes come from `assignDims` over the symbols' dimension names and `dims`.
 */
export function randomPoint(symbols: readonly Sym[], rng: Rng, dims: DimSizes = {}): Point {
  const names = symbols.flatMap((s) => [...dimNames(s.shape.rows), ...dimNames(s.shape.cols)]);
  const sizes = assignDims(names, dims);
  const values = new Map<Sym, Matrix>();
  for (const s of symbols) values.set(s, randomValue(s, sizes, rng));
  const directions = new Map<Sym, Matrix>();
  for (const s of symbols) directions.set(s, randomDirection(s, values.get(s)!, rng));
  return { dims: sizes, values, directions };
}

/** The same point with another value for one symbol. */
export function withValue(point: Point, s: Sym, value: Matrix): Point {
  return { ...point, values: new Map(point.values).set(s, value) };
}
