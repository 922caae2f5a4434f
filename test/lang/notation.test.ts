// Issue 11, items 2 and 3: juxtaposition, broadcasting, pasted notation and did-you-mean. Each
// error is shown with its line:column (and, through the command line, its caret).

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { print } from '../../src/print/index.js';
import { editDistance, nearest } from '../../src/check/suggest.js';
import { splits } from '../../src/check/juxtapose.js';

const BIN = fileURLToPath(new URL('../../bin/mcalc.js', import.meta.url));
const DECLS = 'x, y : vector(n)\nW : matrix(m, n)\nA, K : matrix(n, n)\nalpha, D, s : scalar\nB : matrix(m, m)\n';
const LINE = DECLS.split('\n').length;

function run(expr: string): ValueResult | string {
  const results = new Session().run(DECLS + expr);
  const r = results[results.length - 1]!;
  return r.kind === 'error' ? `${r.diagnostic.line - LINE + 1}:${r.diagnostic.column}: ${r.diagnostic.message}` : r;
}

const plain = (expr: string): string => {
  const r = run(expr);
  return typeof r === 'string' ? r : print(r.result, 'plain');
};

describe('juxtaposition is a product', () => {
  test.each([
    ['2x', '2*x'],
    ['W x', 'W*x'],
    ['W(x + y)', 'W*(x + y)'],
    ["x'A x", "x'*A*x"],
    ['xᵀAx', "x'*A*x"],
    ['(x + y)(x + y)ᵀ', "(x + y)*(x + y)'"],
    ['αK⁻¹yyᵀK⁻¹x − αDK⁻¹x', "alpha*(inv(K)*y*y'*inv(K)*x - D*inv(K)*x)"],
    ['yyᵀ', "y*y'"],
    ['xᵀyW', "x'*y*W"],
    ['2|K|', '2*det(K)'],
    ['√s·x', 'sqrt(s)*x'],
    ['x/√(s + 1)', 'x/sqrt(1 + s)'],
    ['Kx²', '1:2: cannot raise x (n x 1) to a power: it is not square (use .^ for an elementwise power)'],
    ['Kx.^2', 'K*(x .* x)'],
  ])('%s', (text, expected) => expect(plain(text)).toBe(expected));

  test('a run that is itself a name stays that name; an ambiguous split is an error', () => {
    const r = new Session().run('a, b, ab : scalar\nab');
    expect(print((r[0] as ValueResult).result, 'plain')).toBe('ab');
    const amb = new Session().run('a, b, ab, c, bc : scalar\nabc');
    expect(amb[0]!.kind === 'error' && amb[0]!.diagnostic.message).toBe('abc is not a name; it could be read as a*b*c or as a*bc: write the product with *');
  });

  test('splits are found up to two', () => {
    const names = new Set(['x', 'A', 'y', 'yy']);
    expect(splits('xAx', (n) => names.has(n))).toEqual([['x', 'A', 'x']]);
    expect(splits('yyy', (n) => names.has(n)).length).toBe(2);
    expect(splits('xz', (n) => names.has(n))).toEqual([]);
  });

  test('a pasted quadratic form differentiates as written out', () => {
    const r = run('grad(xᵀAx, x)') as ValueResult;
    expect(print(r.result, 'plain')).toBe("(A + A')*x");
    expect(checkResult(r, 3, 5).ok).toBe(true);
  });
});

describe('broadcasting', () => {
  test.each([
    ['x .* x + 1', 'ones(n) + x .* x'],
    ['1 - x', 'ones(n) - x'],
    ["x' + s", "s*ones(n)' + x'"],
  ])('%s', (text, expected) => expect(plain(text)).toBe(expected));

  test('the ML idiom sigmoid(x) .* (1 - sigmoid(x)) differentiates correctly', () => {
    const r = run('grad(sum(sigmoid(x) .* (1 - sigmoid(x))), x)') as ValueResult;
    expect(typeof r).not.toBe('string');
    for (const seed of [1, 2]) expect(checkResult(r, 3, seed).ok).toBe(true);
  });

  test.each([
    ['K + 1', "1:5: cannot add the scalar 1 to the matrix K (n x n): write 1*I for a multiple of the identity, or 1*ones(n)*ones(n)' to add it to every entry"],
    ['W - s', "1:5: cannot add the scalar s to the matrix W (m x n): write s*ones(m)*ones(n)' to add it to every entry"],
    ["W + x'*x", "1:5: cannot add the scalar x'*x to the matrix W (m x n): write (x'*x)*ones(m)*ones(n)' to add it to every entry"],
  ])('%s', (text, message) => expect(plain(text)).toBe(message));
});

describe('pasted notation and misspellings', () => {
  test.each([
    ['x.T @ A @ x', '1:2: unexpected character "."; ".T" is NumPy\'s transpose; mcalc writes x\' (or xᵀ)'],
    ["x' @ A", '1:4: unexpected character "@"; "@" is NumPy\'s matrix product; mcalc writes * (x\'*A*x)'],
    ['x**2', '1:2: unexpected "**": mcalc writes a power as x^2 (and an elementwise power as x.^2)'],
    ['x == y', '1:3: unexpected character "="; "==" compares; mcalc has no equations: a statement declares (x : vector(n)), defines (f := ...) or asks for an expression'],
    ['\\frac{1}{2}x', '1:1: unexpected character "\\"; \\frac{a}{b} is LaTeX; mcalc writes (a)/(b), as in 1/2*norm(W*x)^2'],
    ['\\|W x\\|^2', '1:1: unexpected character "\\"; \\| is LaTeX; mcalc writes the norm as norm(x) (or ‖x‖)'],
    ['\\alpha x', '1:1: unexpected character "\\"; \\alpha is LaTeX; mcalc writes alpha (or the Greek letter itself)'],
    ['x^\\top', '1:3: unexpected character "\\"; mcalc writes the transpose as x\' (or xᵀ)'],
    ['||x||^2', '1:1: ||x|| is not a norm in mcalc (it reads as |(|x|)|, a determinant); write norm(x) or ‖x‖'],
    ['|x|', "1:1: |x| is a determinant, but x is n x 1, a vector: write its norm as norm(x), or abs(x) for the entries' absolute values"],
    ["grd(x'*x, x)", '1:1: unknown function grd; did you mean grad(...)?'],
    ['sigmod(x)', '1:1: unknown function sigmod; did you mean sigmoid(...)?'],
    ['alhpa*x', '1:1: unknown name alhpa; did you mean alpha?'],
    ['z', '1:1: unknown name z'],
  ])('%s', (text, message) => expect(plain(text)).toBe(message));

  test('x = vector(n) suggests ":" to declare', () => {
    const r = new Session().run('x = vector(n)');
    expect(r[0]!.kind === 'error' && r[0]!.diagnostic.message).toBe('unexpected character "="; write ":" to declare a name (x : vector(n)); ":=" defines one (f := x\'*x)');
  });

  test('edit distance counts a swap of neighbours as one', () => {
    expect(editDistance('alhpa', 'alpha')).toBe(1);
    expect(editDistance('grd', 'grad')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearest('x', ['I', 'X'])).toEqual(['X']);
    expect(nearest('Alpha', ['alpha', 'beta'])).toEqual(['alpha']);
  });
});

describe('errors through the command line: line:column and the caret', () => {
  const cli = (program: string): string => spawnSync(process.execPath, [BIN, '-e', program], { encoding: 'utf8' }).stderr;

  test('the caret of "f must be a scalar" is under f', () => {
    expect(cli("x : vector(n)\ngrad(x*x', x)")).toBe("error: 2:6: grad: f must be a scalar, but x*x' is n x n\n  grad(x*x', x)\n       ^^^^\n");
  });

  test('the caret of a pasted @ is under it', () => {
    expect(cli("x : vector(n)\nA : matrix(n, n)\nx' @ A @ x")).toBe('error: 3:4: unexpected character "@"; "@" is NumPy\'s matrix product; mcalc writes * (x\'*A*x)\n  x\' @ A @ x\n     ^\n');
  });
});
