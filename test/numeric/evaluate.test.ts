// The evaluator against values computed by hand on small matrices (n = 2, m = 3).

import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import {
  add, def, diff, fn, hadamard, hdiv, identity, intern, kron, mpow, mul, num, ones, pow, sub, sym, transpose, inv, unary, zero,
  POSDEF, SCALAR, shape, Q, type Expr, type Sym,
} from '../../src/expr/index.js';
import { evaluate, evaluator } from '../../src/numeric/evaluate.js';
import { NumericError, type Point } from '../../src/numeric/point.js';

const a = sym('a', SCALAR);
const x = sym('x', shape('n', 1));
const y = sym('y', shape('n', 1));
const u = sym('u', shape('m', 1));
const A = sym('A', shape('n', 'n'));
const B = sym('B', shape('n', 'n'));
const C = sym('C', shape('m', 'n'));
const P = sym('P', shape('n', 'n'), POSDEF);

const values: [Sym, number[][]][] = [
  [a, [[2]]],
  [x, [[1], [2]]],
  [y, [[3], [-1]]],
  [u, [[1], [2], [3]]],
  [A, [[1, 2], [3, 4]]],
  [B, [[0, 1], [1, 1]]],
  [C, [[1, 0], [0, 1], [1, 1]]],
  [P, [[2, 1], [1, 2]]],
];
const point: Point = {
  dims: new Map([['n', 2], ['m', 3]]),
  values: new Map(values.map(([s, v]) => [s, new Matrix(v)])),
  directions: new Map([[x, new Matrix([[0.5], [-0.25]])]]),
};

const at = (e: Expr): number[][] => evaluate(e, point).to2DArray();
const scalarAt = (e: Expr): number => evaluate(e, point).get(0, 0);

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.length).toBe(expected[i]!.length);
    row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12));
  });
}

describe('atoms', () => {
  it('numbers, symbols, I, 0, ones', () => {
    expect(scalarAt(num(Q.rat(3, 4)))).toBe(0.75);
    expectClose(at(A), [[1, 2], [3, 4]]);
    expectClose(at(identity('n')), [[1, 0], [0, 1]]);
    expectClose(at(zero(shape('m', 'n'))), [[0, 0], [0, 0], [0, 0]]);
    expectClose(at(ones('m')), [[1], [1], [1]]);
  });

  it('a definition is its body, d(x) is the direction of x', () => {
    expectClose(at(def('K', mul(A, x))), [[5], [11]]);
    expectClose(at(diff(x)), [[0.5], [-0.25]]);
  });
});

describe('sums and products', () => {
  it('adds and subtracts', () => {
    expectClose(at(add(A, B)), [[1, 3], [4, 5]]);
    expectClose(at(sub(A, B)), [[1, 1], [2, 3]]);
  });

  it('multiplies chains, scales by the coefficient and the scalar factors', () => {
    expectClose(at(mul(A, x)), [[5], [11]]);
    expect(scalarAt(mul(transpose(x), A, x))).toBe(27); // x'(Ax) = 1*5 + 2*11
    expectClose(at(mul(num(3), a, A, x)), [[30], [66]]);
    expectClose(at(mul(C, x)), [[1], [2], [3]]);
    expectClose(at(mul(x, transpose(y))), [[3, -1], [6, -2]]);
  });

  it('scales by a 1 x 1 factor left inside a chain', () => {
    // mul() always moves scalars out of the chain; a rewrite may build such a node directly
    const chain = intern({ kind: 'mul', shape: shape('n', 1), props: 0, args: [A, a, x], tag: 'chain', extra: { coef: Q.ONE, nScalars: 0 } });
    expectClose(at(chain), [[10], [22]]);
  });

  it('elementwise products and divisions, with a broadcast scalar numerator', () => {
    expectClose(at(hadamard(A, B)), [[0, 2], [3, 4]]);
    expectClose(at(hdiv(A, transpose(A))), [[1, 2 / 3], [1.5, 1]]);
    expectClose(at(hdiv(a, x)), [[2], [1]]);
  });

  it('kron, with product dimensions', () => {
    expectClose(at(kron(A, B)), [[0, 1, 0, 2], [1, 1, 2, 2], [0, 3, 0, 4], [3, 3, 4, 4]]);
    expectClose(at(kron(x, u)), [[1], [2], [3], [2], [4], [6]]);
    expectClose(at(kron(x, transpose(y))), [[3, -1], [6, -2]]);
  });
});

describe('matrix functions', () => {
  it('transpose, inverse, determinant, logdet, trace', () => {
    expectClose(at(transpose(A)), [[1, 3], [2, 4]]);
    expectClose(at(inv(A)), [[-2, 1], [1.5, -0.5]]);
    expect(scalarAt(unary('det', A))).toBeCloseTo(-2, 12);
    expect(scalarAt(unary('logdet', P))).toBeCloseTo(Math.log(3), 12);
    expect(scalarAt(unary('tr', A))).toBe(5);
  });

  it('integer powers, negative ones through the inverse', () => {
    expectClose(at(mpow(A, 2)), [[7, 10], [15, 22]]);
    expectClose(at(mpow(A, 3)), [[37, 54], [81, 118]]);
    expectClose(at(mpow(A, -2)), [[5.5, -2.5], [-3.75, 1.75]]);
  });

  it('norms, sums and both diags', () => {
    expect(scalarAt(unary('norm', x))).toBeCloseTo(Math.sqrt(5), 12);
    expect(scalarAt(unary('norm', A))).toBeCloseTo(Math.sqrt(30), 12);
    expect(scalarAt(unary('sum', A))).toBe(10);
    expectClose(at(unary('diagm', x)), [[1, 0], [0, 2]]);
    expectClose(at(unary('diagv', A)), [[1], [4]]);
  });

  it('scalar powers', () => {
    expect(scalarAt(pow(a, num(3)))).toBe(8);
    expect(scalarAt(pow(a, num(Q.rat(1, 2))))).toBeCloseTo(Math.SQRT2, 12);
    expect(scalarAt(pow(a, sym('a', SCALAR)))).toBe(4);
  });
});

describe('elementwise functions', () => {
  const e = Math.E;
  it.each([
    ['exp', x, [[e], [e * e]]],
    ['log', x, [[0], [Math.log(2)]]],
    ['sqrt', x, [[1], [Math.SQRT2]]],
    ['sin', x, [[Math.sin(1)], [Math.sin(2)]]],
    ['cos', x, [[Math.cos(1)], [Math.cos(2)]]],
    ['tanh', x, [[Math.tanh(1)], [Math.tanh(2)]]],
    ['sigmoid', y, [[1 / (1 + Math.exp(-3))], [1 / (1 + e)]]],
    ['softplus', y, [[Math.log(1 + Math.exp(3))], [Math.log(1 + 1 / e)]]],
    ['abs', y, [[3], [1]]],
  ] as const)('%s', (name, arg, expected) => {
    expectClose(at(fn(name, arg)), expected.map((r) => [...r]));
  });

  it('sigmoid and softplus do not overflow far from 0', () => {
    const big = mul(num(1000), y); // entries 3000 and -1000
    expectClose(at(fn('sigmoid', big)), [[1], [0]]);
    expectClose(at(fn('softplus', big)), [[3000], [0]]);
  });
});

describe('evaluation as a whole', () => {
  it('memoises shared nodes: 60 levels, 2^60 paths from the top to x', () => {
    // add(e, e) would flatten into 2^60 terms; x'' is a distinct node with the same value
    let e: Expr = x;
    for (let i = 0; i < 60; i++) e = mul(num(Q.rat(1, 2)), add(e, transpose(transpose(e))));
    expectClose(at(e), [[1], [2]]);
  });

  it('returns a fresh matrix: changing it changes neither the point nor a later evaluation', () => {
    const v = evaluate(A, point);
    v.set(0, 0, 99);
    expect(point.values.get(A)!.get(0, 0)).toBe(1);
    const run = evaluator(point);
    run(mul(A, x)).set(0, 0, 99);
    expectClose(run(mul(A, x)).to2DArray(), [[5], [11]]);
  });

  it('reports what is missing or does not fit as a NumericError', () => {
    const w = sym('w', shape('p', 1));
    expect(() => evaluate(sym('q', SCALAR), point)).toThrow(/no value for q/);
    expect(() => evaluate(diff(y), point)).toThrow(/no direction for d\(y\)/);
    expect(() => evaluate(ones('p'), point)).toThrow(NumericError);
    expect(() => evaluate(w, { ...point, dims: new Map([['p', 2]]), values: new Map([[w, new Matrix([[1], [2], [3]])]]) }))
      .toThrow(/3 x 1, but the shape p x 1 is 2 x 1/);
    expect(() => evaluate(inv(mul(x, transpose(x))), point)).toThrow(/singular/);
    // constructors assume well-typed arguments; + never broadcasts a scalar
    expect(() => evaluate(add(a, x), point)).toThrow(/\+: sizes 1 x 1 and 2 x 1 differ/);
  });
});
