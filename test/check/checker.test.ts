// The checker: names, shapes with symbolic dimensions, the size of a bare I from its context,
// 1 x 1 products as scalars, definitions, and properties declared and inferred from structure.

import { describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session.js';
import { SYMMETRIC, POSDEF, INVERTIBLE, DIAGONAL, shapeJson, type Expr } from '../../src/expr/index.js';
import { print } from '../../src/print/index.js';

/** The checked expression of the last statement (a definition's body, or a bare expression). */
function check(program: string): Expr {
  const s = new Session();
  const results = s.run(program);
  const last = results[results.length - 1];
  if (last?.kind === 'error') throw new Error(last.diagnostic.message);
  const defs = s.definitions();
  return defs[defs.length - 1] ?? (last as { result: Expr }).result;
}

function error(program: string): string {
  const results = new Session().run(program);
  const last = results[results.length - 1];
  if (last?.kind !== 'error') throw new Error(`expected an error from ${program}`);
  return `${last.diagnostic.line}:${last.diagnostic.column}: ${last.diagnostic.message}`;
}

const decls = 'x, y : vector(n)\nW : matrix(m, n)\nalpha, beta : scalar\nA : matrix(n, n)\nS : matrix(n, n) symmetric\n';

describe('shapes', () => {
  test.each([
    ["x'*y", []],
    ['W*x', ['m']],
    ["x*y'", ['n', 'n']],
    ["x'*A*x*W", ['m', 'n']],
    ["(x'*y)*A", ['n', 'n']],
    ["W'", ['n', 'm']],
    ['alpha*A + I', ['n', 'n']],
    ['inv(beta)*I + x*x\'', ['n', 'n']],
    ['I*x', ['n']],
    ["y'*x*I + x*y'", ['n', 'n']],
    ["diag(x)", ['n', 'n']],
    ['diag(A)', ['n']],
    ['kron(W, x)', ['m*n', 'n']],
    ['sum(W)', []],
    ["ones(m)'*W", [1, 'n']],
    ['x .* y + x ./ y', ['n']],
    ['exp(W)', ['m', 'n']],
    ['A^3', ['n', 'n']],
    ['x + 0', ['n']],
  ])('%s has shape %j', (text, expected) => {
    expect(shapeJson(check(`${decls}e := ${text}`).shape)).toEqual(expected);
  });
});

describe('errors name the problem and the place', () => {
  test.each([
    ['W*W', "6:8: cannot multiply W (m x n) by W (m x n): inner dimensions n and m differ"],
    ['x + W*x', '6:10: cannot add x (n x 1) and W*x (m x 1): shapes differ'],
    ['z + x', '6:6: unknown name z'],
    ['foo(x)', '6:6: unknown function foo'],
    ['inv(W)', '6:10: inv: W is m x n, not square'],
    ['tr(I)', '6:9: cannot tell the size of I in I; write I(n)'],
    ['x / y', '6:8: cannot divide by y (n x 1): the divisor must be a scalar (use ./ for elementwise division)'],
    ['W^2', '6:6: cannot raise W (m x n) to a power: it is not square (use .^ for an elementwise power)'],
    ['A^alpha', '6:8: a matrix power needs an integer exponent, not alpha'],
    ['grad(x, x)', "6:6: grad(...) is a query: write it as a statement of its own"],
  ])('%s', (text, message) => {
    expect(error(`${decls}e := ${text}`)).toBe(message);
  });

  test('a definition may not use itself', () => {
    expect(error('x : vector(n)\nK := K + x')).toBe('2:1: K is used in its own definition');
  });
  test('a definition cannot redefine a declared symbol', () => {
    expect(error('x : vector(n)\nx := 2')).toMatch(/^2:1: x is declared as a symbol/);
  });
  test('a name keeps its meaning while a definition uses it (else the answer, printed with the name, would be wrong)', () => {
    // each of these gave a wrong answer before: grad 0 for the first two, 4*y (y now 3*x) for the third
    expect(error("x : vector(n)\ny := 2*x\nx : vector(m)\ngrad(y'*y, x)")).toBe('3:1: x cannot be redeclared: the definition of y uses it (in the REPL, :reset starts over)');
    expect(error('A : matrix(n, n)\ny := tr(A)\nA : matrix(n, n) symmetric\ngrad(y, A)')).toMatch(/^3:1: A cannot be redeclared: the definition of y uses it/);
    expect(error("x : vector(n)\ny := 2*x\nz := y'*y\ny := 3*x\ngrad(z, x)")).toMatch(/^4:1: y cannot be redefined: the definition of z uses it/);
  });
  test('declaring or defining a name again the same way, or anew while nothing uses it, is fine', () => {
    const s = new Session();
    const printed = s.run("x : vector(n)\nx : vector(n)\ny := 2*x\ny := 2*x\ngrad(y'*y, x)\ny := 3*x\ngrad(y'*y, x)\nA : matrix(n, n)\nA : matrix(n, n) symmetric\ngrad(tr(A*A), A)")
      .map((r) => (r.kind === 'value' ? print(r.result, 'plain') : r.kind));
    expect(printed.filter((p) => p !== 'none')).toEqual(['4*y', '6*y', '2*A']);
  });
  test('properties need a square matrix', () => {
    expect(error('W : matrix(m, n) symmetric')).toMatch(/^1:18: symmetric needs a square matrix/);
  });
});

describe('properties, declared and inferred', () => {
  const props = (text: string): number => check(`${decls}P : matrix(n, n) posdef\ne := ${text}`).props;
  test.each([
    ["x*x'", SYMMETRIC],
    ["W'*W", SYMMETRIC],
    ["alpha*x*x' + inv(beta)*I", SYMMETRIC],
    ['S + 2*S', SYMMETRIC],
    ['inv(S)', SYMMETRIC | INVERTIBLE],
    ['P', POSDEF | SYMMETRIC | INVERTIBLE],
    ["P + x*x'", POSDEF | SYMMETRIC | INVERTIBLE],
    ['diag(x)', DIAGONAL | SYMMETRIC],
    ["A'*S*A", SYMMETRIC],
  ])('%s', (text, expected) => {
    expect(props(text) & expected).toBe(expected);
  });
  test.each(['A', "x*y'", "A + A'*A", 'S*A'])('%s is not known to be symmetric', (text) => {
    expect(props(text) & SYMMETRIC).toBe(0);
  });
});
