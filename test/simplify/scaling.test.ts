// Issue 9's residual network, h(i) := h(i-1) + tanh(W*h(i-1)), grad(sum(hk), W): every
// definition's body is a sum, and the gradient holds O(k) sums. Folding the definitions back in
// once tried every sum body on every sum (quadratic in k, 11 s at k = 256); it now tries only the
// bodies whose first term the sum holds. Counted here, not timed: doubling k must not much more
// than double the (node, definition) pairs tried. The folded answers keep the value.

import { describe, expect, test } from 'vitest';
import { Matrix } from 'ml-matrix';
import * as B from '../../src/expr/build.js';
import { shape, type Expr } from '../../src/expr/index.js';
import { Differentiator } from '../../src/diff/differential.js';
import { GradientReader } from '../../src/diff/gradient.js';
import { Normalizer } from '../../src/simplify/index.js';
import { foldDefinitions, type FoldTally } from '../../src/simplify/fold.js';
import { bottomUp } from '../../src/expr/walk.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';

const W = B.sym('W', shape('n', 'n'));
const x = B.sym('x', shape('n', 1));
const y = B.sym('y', shape('n', 1));

/** The definitions h1..hk of the residual network. */
function layers(k: number): Expr[] {
  const defs: Expr[] = [];
  let h: Expr = x;
  for (let i = 1; i <= k; i++) {
    h = B.def(`h${i}`, B.add(h, B.fn('tanh', B.mul(W, h))));
    defs.push(h);
  }
  return defs;
}

/** sum over i of tanh(body(h_i) + y): each body is written out inside a longer sum, to be folded back into h_i. */
function writtenOut(defs: readonly Expr[]): Expr {
  const terms = defs.map((d) => (d.kind === 'def' ? B.fn('tanh', B.add(d.body, y)) : d));
  return B.unary('sum', B.add(...terms));
}

/** e normalised and folded as simplify does first, with how many (node, definition) pairs folding tried. */
function folded(e: Expr, defs: readonly Expr[]): { out: Expr; tried: number } {
  const normalizer = new Normalizer(undefined, false);
  const tally: FoldTally = { tried: 0 };
  const out = foldDefinitions(normalizer.normal(e), defs, normalizer, tally);
  return { out, tried: tally.tried };
}

/** The distinct nodes of e's DAG. */
function nodes(e: Expr): Expr[] {
  const seen = new Set<Expr>();
  bottomUp(e, { has: (y) => seen.has(y), get: () => undefined, set: (y) => seen.add(y) }, () => undefined);
  return [...seen];
}

function sameValue(a: Expr, b: Expr): boolean {
  const p = randomPoint([W, x, y], mulberry32(3));
  p.values.set(W, Matrix.mul(p.values.get(W)!, 0.3));
  const [va, vb] = [evaluate(a, p), evaluate(b, p)];
  return Matrix.sub(va, vb).norm() <= 1e-9 * Math.max(1, va.norm());
}

describe('folding definitions stays linear in the number of definitions', () => {
  test('k vs 2k sum bodies, each written out inside a sum', () => {
    const [small, large] = [40, 80].map((k) => {
      const defs = layers(k);
      const { out, tried } = folded(writtenOut(defs), defs);
      // every body was found: the answer is sum(tanh(h1 + y)) + ... + sum(tanh(hk + y)), k sums of two terms
      const sums = nodes(out).filter((e) => e.kind === 'add' && e.args.length === 2 && e.args.includes(y) && defs.includes(e.args.find((a) => a !== y)!));
      expect(sums).toHaveLength(k);
      return tried;
    });
    // linear: about twice as many pairs tried (every sum body on every sum, as before, was four times)
    expect(large! / small!).toBeLessThan(2.5);
  });

  test('the residual gradient: no sum body is tried on a sum without its first term', () => {
    const defs = layers(80);
    const raw = new GradientReader(W).gradient(new Differentiator(W).d(B.unary('sum', defs[defs.length - 1]!)));
    // (before: every one of the 80 bodies on every sum of the gradient)
    expect(folded(raw, defs).tried).toBeLessThan(defs.length);
  });

  test('the folded answers keep the value', () => {
    const defs = layers(4);
    const sum = writtenOut(defs);
    const raw = new GradientReader(W).gradient(new Differentiator(W).d(B.unary('sum', defs[3]!)));
    for (const e of [sum, raw]) expect(sameValue(folded(e, defs).out, e)).toBe(true);
  });
});
