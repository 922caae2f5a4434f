// evaluate(e, values) for library users: values as plain numbers and arrays keyed by name, the
// result as a number, an array (a column vector) or an array of rows. Sizes of the dimension
// names come from the values given. The engine's own evaluation (numeric/evaluate.ts) works
// on ml-matrix objects at a Point keyed by the interned symbols; this is the bridge.

import { Matrix } from 'ml-matrix';
import type { Expr, Sym } from '../expr/node.js';
import { dimNames, freeSymbols } from '../expr/leaves.js';
import { evaluate as evaluateAtPoint } from '../numeric/evaluate.js';
import { NumericError, type Point } from '../numeric/point.js';

/** A scalar, a vector (its entries) or a matrix (its rows). */
export type Value = number | number[] | number[][];
/** Values by symbol name; the direction of d(X) under the key `d(X)`. */
export type Values = Readonly<Record<string, number | readonly number[] | readonly (readonly number[])[]>>;

/** The value of e where each symbol has the value given under its name. Throws a NumericError
 * for a missing value, a size that does not fit its declaration, or a singular matrix. */
export function evaluate(e: Expr, values: Values): Value {
  const dims = new Map<string, number>();
  const point: Point = { dims, values: new Map(), directions: new Map() };
  for (const s of freeSymbols(e)) {
    const given = values[s.name];
    if (given === undefined) throw new NumericError(`no value for ${s.name}`);
    (point.values as Map<Sym, Matrix>).set(s, matrixFor(s, s.name, given, dims));
    const direction = values[`d(${s.name})`];
    if (direction !== undefined) (point.directions as Map<Sym, Matrix>).set(s, matrixFor(s, `d(${s.name})`, direction, dims));
  }
  return plain(evaluateAtPoint(e, point), e.shape.cols === 1 && e.shape.rows !== 1);
}

/** The Matrix for a value given as a number, an array or rows; records the sizes of the
 * dimension names of s's shape, and checks them against sizes seen before. */
function matrixFor(s: Sym, key: string, v: Values[string], dims: Map<string, number>): Matrix {
  const rows = typeof v === 'number' ? [[v]] : v.length && Array.isArray(v[0]) ? (v as readonly (readonly number[])[]) : (v as readonly number[]).map((x) => [x]);
  const m = new Matrix(rows.map((r) => [...r]));
  if (rows.some((r) => r.length !== m.columns)) throw new NumericError(`${key}: the rows have different lengths`);
  bindDim(s.shape.rows, m.rows, key, dims);
  bindDim(s.shape.cols, m.columns, key, dims);
  return m;
}

function bindDim(d: Sym['shape']['rows'], size: number, key: string, dims: Map<string, number>): void {
  if (typeof d === 'number') {
    if (d !== size) throw new NumericError(`${key} has ${size} where its declaration says ${d}`);
    return;
  }
  const names = dimNames(d);
  // a product dimension (kron shapes) is checked by the evaluation itself
  if (names.length !== 1 || d.includes('*')) return;
  const known = dims.get(names[0]!);
  if (known !== undefined && known !== size) throw new NumericError(`${key}: ${names[0]} is ${size} here but ${known} in an earlier value`);
  dims.set(names[0]!, size);
}

/** A 1 x 1 Matrix as a number, a column as an array (when the shape is a vector), else rows. */
function plain(m: Matrix, vector: boolean): Value {
  if (m.rows === 1 && m.columns === 1 && !vector) return m.get(0, 0);
  return vector ? m.getColumn(0) : m.to2DArray();
}
