// Random points: reproducible, sized as in the corpus, and honouring every declared property.

import { describe, expect, it } from 'vitest';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import {
  DIAGONAL, INVERTIBLE, ORTHOGONAL, POSDEF, SYMMETRIC, SCALAR, add, def, diff, kron, mul, identity, shape, sym, transpose, type Sym,
} from '../../src/expr/index.js';
import { assignDims, leavesOf, randomPoint, resolveDim } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';

const square = (name: string, props = 0): Sym => sym(name, shape('n', 'n'), props);
const maxAbs = (m: Matrix): number => Math.max(...m.to1DArray().map(Math.abs));
const entries = (m: Matrix): number[] => m.to1DArray();
const offDiagonal = (m: Matrix): number[] => entries(m).filter((_, i) => i % (m.columns + 1) !== 0);

/** Draws the symbol at several seeds, returning its value and direction each time. */
function draws(s: Sym, count = 5): { value: Matrix; direction: Matrix }[] {
  return Array.from({ length: count }, (_, seed) => {
    const p = randomPoint([s], mulberry32(seed));
    return { value: p.values.get(s)!, direction: p.directions.get(s)! };
  });
}

describe('the generator and the sizes', () => {
  it('mulberry32 is reproducible and uniform-looking', () => {
    const a = Array.from({ length: 1000 }, mulberry32(42));
    expect(Array.from({ length: 1000 }, mulberry32(42))).toEqual(a);
    expect(Array.from({ length: 10 }, mulberry32(43))).not.toEqual(a.slice(0, 10));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    expect(a.reduce((s, v) => s + v, 0) / a.length).toBeCloseTo(0.5, 1);
  });

  it('gives the corpus sizes, distinct sizes to other names, and honours an override', () => {
    const dims = assignDims(['n', 'm', 'p', 'k', 'q', 'r', 's']);
    expect(Object.fromEntries(dims)).toEqual({ n: 4, m: 3, p: 5, k: 2, q: 6, r: 7, s: 8 });
    expect(Object.fromEntries(assignDims(['n', 'r', 's']))).toEqual({ n: 4, r: 3, s: 5 });
    expect(Object.fromEntries(assignDims(['n', 'r'], { n: 2 }))).toEqual({ n: 2, r: 3 });
  });

  it('resolves product dimensions of kron shapes', () => {
    const dims = new Map([['m', 3], ['p', 5]]);
    expect(resolveDim('m*p', dims)).toBe(15);
    expect(resolveDim('m*1', dims)).toBe(3);
    expect(resolveDim(7, dims)).toBe(7);
    expect(() => resolveDim('m*z', dims)).toThrow(/no size for the dimension z/);
  });

  it('collects the symbols and dimensions of an expression, through definitions and d(X)', () => {
    const x = sym('x', shape('n', 1));
    const W = sym('W', shape('m', 'p'));
    const Y = sym('Y', shape('q', 'q'));
    const leaves = leavesOf([mul(def('K', mul(transpose(x), x)), kron(W, identity('r'))), add(diff(Y), Y)]);
    expect(leaves.symbols.map((s) => s.name)).toEqual(['W', 'Y', 'x']);
    expect(leaves.dims).toEqual(['m', 'n', 'p', 'q', 'r']);
  });

  it('draws the same point from the same seed, and sizes symbols by their dimensions', () => {
    const syms = [sym('a', SCALAR), sym('x', shape('n', 1)), sym('W', shape('m', 'p'))];
    const p1 = randomPoint(syms, mulberry32(7));
    const p2 = randomPoint(syms, mulberry32(7));
    for (const s of syms) expect(p1.values.get(s)!.to2DArray()).toEqual(p2.values.get(s)!.to2DArray());
    expect(p1.values.get(syms[0]!)!.size).toBe(1);
    expect([p1.values.get(syms[1]!)!.rows, p1.values.get(syms[1]!)!.columns]).toEqual([4, 1]);
    expect([p1.values.get(syms[2]!)!.rows, p1.values.get(syms[2]!)!.columns]).toEqual([3, 5]);
  });
});

describe('values honour the properties', () => {
  it('plain symbols: entries in [0.5, 1.5], directions in [-1, 1]', () => {
    for (const { value, direction } of draws(sym('W', shape('m', 'n')))) {
      for (const v of entries(value)) expect(v >= 0.5 && v <= 1.5).toBe(true);
      expect(maxAbs(direction)).toBeLessThanOrEqual(1);
    }
  });

  it('symmetric: S = S\', with a symmetric direction', () => {
    for (const { value, direction } of draws(square('S', SYMMETRIC))) {
      expect(maxAbs(Matrix.sub(value, value.transpose()))).toBe(0);
      expect(maxAbs(Matrix.sub(direction, direction.transpose()))).toBe(0);
    }
  });

  it('posdef: symmetric, Cholesky succeeds, smallest eigenvalue >= n', () => {
    for (const { value, direction } of draws(square('P', POSDEF))) {
      expect(maxAbs(Matrix.sub(value, value.transpose()))).toBeLessThan(1e-12);
      expect(new CholeskyDecomposition(value).isPositiveDefinite()).toBe(true);
      // B*B' + 4*I: every eigenvalue is at least 4, so P - 3.9*I is still positive definite
      expect(new CholeskyDecomposition(Matrix.sub(value, Matrix.eye(4).mul(3.9))).isPositiveDefinite()).toBe(true);
      expect(maxAbs(Matrix.sub(direction, direction.transpose()))).toBe(0);
    }
  });

  it('diagonal: zero off the diagonal, diagonal in [0.5, 1.5], diagonal directions', () => {
    for (const { value, direction } of draws(square('D', DIAGONAL))) {
      expect(offDiagonal(value).every((v) => v === 0)).toBe(true);
      for (const v of value.diag()) expect(v >= 0.5 && v <= 1.5).toBe(true);
      expect(offDiagonal(direction).every((v) => v === 0)).toBe(true);
      expect(maxAbs(direction)).toBeGreaterThan(0);
    }
  });

  it('orthogonal: Q\'*Q = I, det = +-1, tangent directions Q*K with K skew', () => {
    for (const { value, direction } of draws(square('Q', ORTHOGONAL))) {
      expect(maxAbs(Matrix.sub(value.transpose().mmul(value), Matrix.eye(4)))).toBeLessThan(1e-12);
      const K = value.transpose().mmul(direction);
      expect(maxAbs(Matrix.add(K, K.transpose()))).toBeLessThan(1e-12);
      expect(maxAbs(K)).toBeGreaterThan(0.1);
    }
  });

  it('diagonal and orthogonal: a diagonal of signs', () => {
    for (const { value } of draws(square('E', DIAGONAL | ORTHOGONAL))) {
      expect(offDiagonal(value).every((v) => v === 0)).toBe(true);
      for (const v of value.diag()) expect(Math.abs(v)).toBe(1);
    }
  });

  it('invertible: B + n*I, far from singular', () => {
    for (const { value } of draws(square('M', INVERTIBLE))) {
      for (const v of value.diag()) expect(v >= 4.5 && v <= 5.5).toBe(true);
      for (const v of offDiagonal(value)) expect(v >= 0.5 && v <= 1.5).toBe(true);
      expect(maxAbs(Matrix.sub(value, value.transpose()))).toBeGreaterThan(0);
    }
  });

  it('symmetric and invertible: (B + B\')/2 + n*I', () => {
    for (const { value } of draws(square('T', SYMMETRIC | INVERTIBLE))) {
      expect(maxAbs(Matrix.sub(value, value.transpose()))).toBe(0);
      expect(new CholeskyDecomposition(value).isPositiveDefinite()).toBe(true);
    }
  });

  it('scalars ignore matrix properties and stay in [0.5, 1.5]', () => {
    for (const { value } of draws(sym('c', SCALAR, POSDEF))) {
      expect(value.size).toBe(1);
      expect(value.get(0, 0) >= 0.5 && value.get(0, 0) <= 1.5).toBe(true);
    }
  });
});
