// Numeric evaluation of core expressions with ml-matrix: the engine's own truth for tests and
// for `--check`. A scalar is a 1 x 1 Matrix, a vector an n x 1 one. Expressions are DAGs with
// heavy sharing, so each node is computed once per evaluation (a Map keyed by the interned
// node). Inputs are never mutated: every operation below builds a new Matrix.

import { LuDecomposition, Matrix } from 'ml-matrix';
import { toNumber } from '../expr/rational.js';
import type { Expr } from '../expr/node.js';
import { FUNCTION_SPECS } from '../expr/functions.js';
import { shapeText, type Dim } from '../expr/shape.js';
import { NumericError, resolveDim, type Point } from './point.js';
import { DeepMemo } from '../expr/deep.js';

/** The value of `e` at `point`. The result is a fresh Matrix that the caller may modify. */
export function evaluate(e: Expr, point: Point): Matrix {
  return evaluator(point)(e);
}

/**
 * An evaluation function for several expressions at the same point, sharing one memo table
 * (for example both sides of an identity, or a function and its derivative).
 */
export function evaluator(point: Point): (e: Expr) => Matrix {
  // deep expressions (thousands of nested definitions) are evaluated without deep recursion
  const memo = new DeepMemo<Expr, Matrix>((e) => {
    const v = compute(e, value, point);
    checkSize(e, v, point);
    return v;
  });
  const value = (e: Expr): Matrix => memo.get(e);
  return (e) => value(e).clone();
}

function checkSize(e: Expr, v: Matrix, point: Point): void {
  const rows = resolveDim(e.shape.rows, point.dims);
  const cols = resolveDim(e.shape.cols, point.dims);
  if (v.rows !== rows || v.columns !== cols) {
    throw new NumericError(`${e.order}: the value is ${v.rows} x ${v.columns}, but the shape ${shapeText(e.shape)} is ${rows} x ${cols}`);
  }
}

const scalar = (x: number): Matrix => new Matrix([[x]]);
const isScalar = (m: Matrix): boolean => m.rows === 1 && m.columns === 1;

function compute(e: Expr, value: (e: Expr) => Matrix, point: Point): Matrix {
  const dim = (d: Dim): number => resolveDim(d, point.dims);
  const arg = (i = 0): Matrix => value(e.args[i]!);
  switch (e.kind) {
    case 'num': return scalar(toNumber(e.value));
    case 'sym': {
      const v = point.values.get(e);
      if (!v) throw new NumericError(`no value for ${e.name}`);
      return v;
    }
    case 'def': return value(e.body);
    case 'diff': {
      const v = point.directions.get(e.of);
      if (!v) throw new NumericError(`no direction for d(${e.of.name})`);
      return v;
    }
    case 'identity': return Matrix.eye(dim(e.shape.rows));
    case 'zero': return Matrix.zeros(dim(e.shape.rows), dim(e.shape.cols));
    case 'ones': return Matrix.ones(dim(e.shape.rows), 1);
    case 'add': return e.args.map(value).reduce(plus);
    case 'mul': {
      // coef * scalar factors * chain; a 1 x 1 factor that turns up inside the chain scales
      let factor = toNumber(e.coef);
      for (const s of e.scalars) factor *= scalarValue(value(s), 'a scalar factor');
      const chain = e.chain.map(value);
      return chain.length === 0 ? scalar(factor) : scale(chain.reduce(product), factor);
    }
    case 'pow': return scalar(Math.pow(scalarValue(arg(0), 'a power base'), scalarValue(arg(1), 'an exponent')));
    case 'mpow': return matrixPower(arg(), e.k);
    case 'transpose': return arg().transpose();
    case 'inv': return inverse(arg());
    case 'det': return scalar(lu(arg(), 'det').determinant);
    case 'logdet': return scalar(Math.log(lu(arg(), 'logdet').determinant));
    case 'tr': return scalar(square(arg(), 'tr').trace());
    case 'norm': return scalar(Math.sqrt(sumOf(arg(), (x) => x * x)));
    case 'sum': return scalar(sumOf(arg(), (x) => x));
    case 'diagm': {
      const v = arg();
      if (v.rows !== 1 && v.columns !== 1) throw new NumericError(`diag: ${v.rows} x ${v.columns} is not a vector`);
      return Matrix.diag(v.to1DArray());
    }
    case 'diagv': return Matrix.columnVector(square(arg(), 'diag').diag());
    case 'kron': return arg(0).kroneckerProduct(arg(1));
    case 'vec': return vecOf(arg());
    case 'commutation': return commutationMatrix(dim(e.m), dim(e.n));
    case 'hadamard': return e.args.map(value).reduce((acc, t) => zip(acc, t, (a, b) => a * b, '.*'));
    case 'hdiv': return zip(arg(0), arg(1), (a, b) => a / b, './');
    case 'fn': return map(arg(), FUNCTION_SPECS[e.name].evaluate);
  }
}

function scalarValue(m: Matrix, what: string): number {
  if (!isScalar(m)) throw new NumericError(`${what} is ${m.rows} x ${m.columns}, not a scalar`);
  return m.get(0, 0);
}

function map(m: Matrix, f: (x: number) => number): Matrix {
  const out = new Matrix(m.rows, m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out.set(i, j, f(m.get(i, j)));
  return out;
}

const scale = (m: Matrix, factor: number): Matrix => (factor === 1 ? m : map(m, (x) => x * factor));

/** A matrix product; a 1 x 1 operand whose size does not chain scales the other one. */
function product(a: Matrix, b: Matrix): Matrix {
  if (a.columns === b.rows) return a.mmul(b);
  if (isScalar(a)) return scale(b, a.get(0, 0));
  if (isScalar(b)) return scale(a, b.get(0, 0));
  throw new NumericError(`cannot multiply ${a.rows} x ${a.columns} by ${b.rows} x ${b.columns}`);
}

function sameSize(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.columns !== b.columns) {
    throw new NumericError(`${what}: sizes ${a.rows} x ${a.columns} and ${b.rows} x ${b.columns} differ`);
  }
}

/** An elementwise operation on equal sizes, a 1 x 1 operand broadcasting to the other's size. */
function zip(a: Matrix, b: Matrix, op: (x: number, y: number) => number, what: string): Matrix {
  if (!isScalar(a) && !isScalar(b)) sameSize(a, b, what);
  const big = isScalar(a) ? b : a;
  const out = new Matrix(big.rows, big.columns);
  for (let i = 0; i < big.rows; i++) {
    for (let j = 0; j < big.columns; j++) {
      out.set(i, j, op(isScalar(a) ? a.get(0, 0) : a.get(i, j), isScalar(b) ? b.get(0, 0) : b.get(i, j)));
    }
  }
  return out;
}

/** `+` needs equal sizes: unlike .* it does not broadcast a scalar (LANGUAGE.md). */
function plus(a: Matrix, b: Matrix): Matrix {
  sameSize(a, b, '+');
  return zip(a, b, (x, y) => x + y, '+');
}

function sumOf(m: Matrix, f: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) s += f(m.get(i, j));
  return s;
}

function square(m: Matrix, what: string): Matrix {
  if (m.rows !== m.columns) throw new NumericError(`${what}: ${m.rows} x ${m.columns} is not square`);
  return m;
}

const lu = (m: Matrix, what: string): LuDecomposition => new LuDecomposition(square(m, what));

function inverse(m: Matrix): Matrix {
  const d = lu(m, 'inv');
  if (d.isSingular()) throw new NumericError(`inv: the ${m.rows} x ${m.columns} matrix is singular`);
  return d.solve(Matrix.eye(m.rows));
}

/** A^k by repeated squaring; a negative k is the power of the inverse. */
function matrixPower(a: Matrix, k: number): Matrix {
  let base = k < 0 ? inverse(a) : square(a, 'matrix power');
  let result = Matrix.eye(a.rows);
  for (let n = Math.abs(k); n > 0; n >>= 1) {
    if (n & 1) result = result.mmul(base);
    if (n > 1) base = base.mmul(base);
  }
  return result;
}

/** vec(A): the columns of A stacked (Magnus & Neudecker sec. 2.4). */
export function vecOf(a: Matrix): Matrix {
  const out = new Matrix(a.rows * a.columns, 1);
  for (let j = 0; j < a.columns; j++) for (let i = 0; i < a.rows; i++) out.set(i + j * a.rows, 0, a.get(i, j));
  return out;
}

/** K(m, n): the permutation with K*vec(A) = vec(A') for an m x n A (entry (j + n*i, i + m*j) is 1). */
function commutationMatrix(m: number, n: number): Matrix {
  const k = Matrix.zeros(m * n, m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) k.set(j + n * i, i + m * j, 1);
  return k;
}
