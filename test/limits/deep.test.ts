// Depth and size: walks over expressions thousands of levels deep must not overflow the stack,
// DAG walks must not repeat shared work, and a result too large to print is refused at once
// with a clear message. Times are not asserted (bench/limits.mjs measures them); a walk that
// regressed to exponential would hit the test timeout.

import { describe, expect, test, vi } from 'vitest';
import * as B from '../../src/expr/build.js';
import { SCALAR, shape, type Expr, type Sym } from '../../src/expr/index.js';
import { DeepMemo } from '../../src/expr/deep.js';
import { Differentiator } from '../../src/diff/differential.js';
import { GradientReader } from '../../src/diff/gradient.js';
import { containsDiff, dependsOn } from '../../src/diff/depends.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { verifyAt } from '../../src/numeric/check.js';
import { print, printPlain } from '../../src/print/index.js';
import { MAX_PRINTED_LENGTH, PrintedTooLarge, printedLength } from '../../src/print/size.js';
import { Session } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { parseProgram } from '../../src/parse/parse.js';
import { Scope } from '../../src/check/scope.js';
import { ExpressionChecker } from '../../src/check/expression.js';
import { runProgram } from '../../src/cli/main.js';
import { Matrix } from 'ml-matrix';

const DEEP = 10_000;
const s = B.sym('s', SCALAR) as Sym;

/** sin(s + sin(s + ... sin(s)...)), `depth` calls deep. */
function sines(depth: number): Expr {
  let e: Expr = s;
  for (let i = 0; i < depth; i++) e = B.fn('sin', B.add(s, e));
  return e;
}

// generous: these run for seconds, and much longer on a loaded machine
vi.setConfig({ testTimeout: 120_000 });

describe('DeepMemo', () => {
  test('computes what plain recursion computes, in the same order, at any depth', () => {
    // a chain 50 000 deep: sum of the keys below, and the order in which keys complete
    const completed: number[] = [];
    const m: DeepMemo<number, number> = new DeepMemo((k) => {
      const v = k === 0 ? 0 : k + m.get(k - 1);
      completed.push(k);
      return v;
    });
    expect(m.get(50_000)).toBe((50_000 * 50_001) / 2);
    expect(completed).toEqual(Array.from({ length: 50_001 }, (_, i) => i));
  });

  test('an error deep inside reaches the caller unchanged, and the next call starts afresh', () => {
    const m: DeepMemo<number, number> = new DeepMemo((k) => {
      if (k === 7) throw new RangeError('seven');
      return k === 0 ? 1 : m.get(k - 1) + 1;
    });
    expect(() => m.get(20_000)).toThrow('seven');
    const fine: DeepMemo<number, number> = new DeepMemo((k) => (k === 0 ? 1 : fine.get(k - 1) * 1));
    expect(fine.get(20_000)).toBe(1);
  });
});

describe(`${DEEP}-deep expressions`, () => {
  const f = sines(DEEP);

  test('evaluate; differentiate, read the gradient and verify it 300 deep', () => {
    const point = { dims: new Map(), values: new Map([[s, new Matrix([[0.3]])]]), directions: new Map() };
    let value = 0.3;
    for (let i = 0; i < DEEP; i++) value = Math.sin(0.3 + value);
    expect(evaluate(f, point).get(0, 0)).toBeCloseTo(value, 12);
    // (the chain rule's products are flat: k levels hold k^2/2 factors, refused past about 2000)
    const shallower = sines(300);
    const df = new Differentiator(s).d(shallower);
    expect(containsDiff(df, s)).toBe(true);
    const g = new GradientReader(s).gradient(df);
    // e(0) = s, e(i+1) = sin(s + e(i)): e'(i+1) = cos(s + e(i)) * (1 + e'(i))
    let v = 0.3;
    let expected = 1;
    for (let i = 0; i < 300; i++) {
      expected = Math.cos(0.3 + v) * (1 + expected);
      v = Math.sin(0.3 + v);
    }
    expect(evaluate(g, point).get(0, 0)).toBeCloseTo(expected, 10);
    expect(evaluate(shallower, point).get(0, 0)).toBeCloseTo(v, 12);
    expect(verifyAt('grad', shallower, s, g, { points: 2, seed: 3 }).ok).toBe(true);
  });

  test('every printer', () => {
    const count = (text: string, word: string): number => text.split(word).length - 1;
    for (const [format, word] of [['plain', 'sin('], ['unicode', 'sin('], ['latex', '\\sin'], ['numpy', 'np.sin(']] as const) {
      const text = print(f, format);
      expect(count(text, word)).toBe(DEEP);
      expect(count(text, '(')).toBe(count(text, ')'));
    }
  });

  test('a composition whose chain rule would hold millions of factors is refused', () => {
    const r = new Session().run(`x : vector(n)\ngrad(sum(${'tanh('.repeat(DEEP - 5)}x${')'.repeat(DEEP - 5)}), x)`).at(-1)!;
    expect(r.kind === 'error' && r.diagnostic).toMatchObject({ line: 2, column: 1, message: expect.stringMatching(/^the differential is too large to build/) });
  });

  test('through the language: parse and check, then evaluate', () => {
    // e(0) = x, e(i+1) = -(x + e(i)): -2x at odd i, x at even i; two levels each
    const levels = DEEP / 2 - 1;
    const source = `x : vector(n)\n${'-(x + '.repeat(levels)}x${')'.repeat(levels)}`;
    const parsed = parseProgram(source);
    expect(parsed.error).toBeUndefined();
    const scope = new Scope();
    const [decl, body] = parsed.statements;
    if (decl?.k !== 'decl' || body?.k !== 'expr') throw new Error('expected a declaration and an expression');
    scope.declare(decl);
    const e = new ExpressionChecker(scope, source).check(body.expr);
    const x = scope.lookup('x') as Sym;
    const point = { dims: new Map([['n', 2]]), values: new Map([[x, new Matrix([[1], [2]])]]), directions: new Map() };
    expect(evaluate(e, point).to1DArray()).toEqual([-2, -4]);
  });
});

describe('nested definitions', () => {
  const W = B.sym('W', shape('n', 'n')) as Sym;
  const x = B.sym('x', shape('n', 1)) as Sym;

  test('2000 layers: the differential and the gradient read off it', () => {
    let v: Expr = B.def('v1', B.fn('tanh', B.mul(W, x)));
    for (let i = 2; i <= 2000; i++) v = B.def(`v${i}`, B.fn('tanh', B.mul(W, v)));
    const f = B.unary('sum', v);
    const g = new GradientReader(W).gradient(new Differentiator(W).d(f));
    expect(g.shape).toEqual(W.shape);
    expect(dependsOn(g, W)).toBe(true);
  });

  test('a pullback without definitions shares its layers: 60 layers', () => {
    // each layer uses the one below twice; as a tree this has 2^60 leaves
    let v: Expr = B.mul(W, x);
    for (let i = 0; i < 60; i++) v = B.hadamard(B.fn('tanh', B.mul(W, v)), B.fn('sin', B.mul(W, v)));
    const g = new GradientReader(W).gradient(new Differentiator(W).d(B.unary('sum', v)));
    expect(containsDiff(g, W)).toBe(false);
    expect(printedLength(g, 'plain')).toBeGreaterThan(MAX_PRINTED_LENGTH);
    // as a tree it is refused; printed as a shared result (`G where g1 := ...`) it is small
    expect(() => printPlain(g)).toThrow(PrintedTooLarge);
    expect(print(g, 'plain').length).toBeLessThan(100_000);
  });
});

const network = (k: number): string => {
  const defs = ['v1 := tanh(W*x)'];
  for (let i = 2; i <= k; i++) defs.push(`v${i} := tanh(W*v${i - 1})`);
  return `W : matrix(n, n)\nx : vector(n)\n${defs.join('\n')}\ngrad(sum(v${k}), W)`;
};

test('the bench network at k = 300 through Session (was a stack overflow at 512): answered and numerically right', () => {
  const r = new Session().run(network(300)).at(-1)!;
  if (r.kind !== 'value') throw new Error(r.kind === 'error' ? r.diagnostic.message : 'no value');
  expect(checkResult(r, 1, 5).ok).toBe(true);
});

describe('results too large to print', () => {
  test('NumPy inlines definitions: refused with the size it would have, the other formats print', () => {
    const r = new Session().run(network(300)).at(-1)!;
    if (r.kind !== 'value') throw new Error('expected a value');
    expect(() => print(r.result, 'numpy')).toThrow(/too large to print: its NumPy form \(definitions inlined\) would be about \d+ million characters, over the limit of 16 million/);
    expect(print(r.result, 'plain').length).toBeLessThan(MAX_PRINTED_LENGTH);
  });

  test('the command line: k = 900 answered in json as a shared result (a where list), status 0', async () => {
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => out.push(chunk)) as typeof process.stdout.write;
    let status: number;
    try {
      // (until the where-forms of issue 9 the plain form of k = 900 was too large to print)
      status = await runProgram(network(900), 'json', { explain: false });
    } finally {
      process.stdout.write = write;
    }
    expect(status).toBe(0);
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0]!);
    expect(line.where.length).toBeGreaterThan(800);
    expect(out[0]!.length).toBeLessThan(1_000_000);
  });

});
