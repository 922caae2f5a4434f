// Very deep expressions (issue 13): simplify answers them without "Maximum call stack size
// exceeded", because each memoised recursion is first warmed bottom-up on an explicit stack.
// The answers are checked numerically against the input, on a value small enough to evaluate.
// (Generous timeouts: a test is about not crashing; speed is measured in bench/.)

import { describe, expect, test } from 'vitest';
import { Matrix } from 'ml-matrix';
import * as B from '../../src/expr/build.js';
import { shape, type Expr } from '../../src/expr/index.js';
import { simplify } from '../../src/simplify/index.js';
import { containsDiff } from '../../src/expr/walk.js';
import { transposes } from '../../src/simplify/forms.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';

const DEPTH = 10_000;
const x = B.sym('x', shape('n', 1));
const A = B.sym('A', shape('n', 'n'));
const s = B.sym('s', shape(1, 1));

/** The expression built `depth` times from x by `layer`. */
function nest(depth: number, layer: (e: Expr) => Expr): Expr {
  let e: Expr = x;
  for (let i = 0; i < depth; i++) e = layer(e);
  return e;
}

const LAYERS: ReadonlyArray<readonly [string, (e: Expr) => Expr]> = [
  ['tanh(A*e + x)', (e) => B.fn('tanh', B.add(B.mul(A, e), x))],
  ["(e'*A)'", (e) => B.transpose(B.mul(B.transpose(e), A))],
  ['s*e + x', (e) => B.add(B.mul(s, e), x)],
  ['e .* x + x', (e) => B.add(B.hadamard(e, x), x)],
];

function sameValue(a: Expr, b: Expr): boolean {
  const p = randomPoint([x, A, s], mulberry32(7));
  // scale down so that repeated products stay finite
  p.values.set(A, Matrix.mul(p.values.get(A)!, 0.1));
  p.values.set(s, Matrix.mul(p.values.get(s)!, 0.1));
  const [va, vb] = [evaluate(a, p), evaluate(b, p)];
  return Matrix.sub(va, vb).norm() <= 1e-9 * Math.max(1, va.norm());
}

describe('simplify at depth 10 000', () => {
  for (const [name, layer] of LAYERS) {
    test(name, () => {
      const deep = nest(DEPTH, layer);
      expect(deep.height).toBeGreaterThan(DEPTH);
      expect(() => simplify(deep)).not.toThrow();
      // the same code path, shallow enough to evaluate, keeps the value
      const shallow = nest(20, layer);
      expect(sameValue(simplify(shallow), shallow)).toBe(true);
    }, 120_000);
  }

  test('the DAG walks of the simplifier are iterative', () => {
    const deep = nest(DEPTH, (e) => B.transpose(B.mul(B.transpose(e), A)));
    expect(transposes(deep)).toBe(2 * DEPTH);
    expect(containsDiff(deep)).toBe(false);
    expect(containsDiff(B.add(B.mul(A, deep), B.diff(x as Extract<Expr, { kind: 'sym' }>)))).toBe(true);
  }, 60_000);
});

describe('definitions folded back at depth', () => {
  test('5000 nested definitions: each body written back by its name (speed: bench and docs/performance.md)', () => {
    // v1 := tanh(A*x), vk := tanh(A*v(k-1)); the answer A'*vk*... names the deepest one
    const defs: Expr[] = [];
    let v: Expr = x;
    for (let i = 1; i <= 5000; i++) defs.push((v = B.def(`v${i}`, B.fn('tanh', B.mul(A, v)))));
    const body = (d: Expr): Expr => (d as Extract<Expr, { kind: 'def' }>).body;
    const top = B.mul(A, B.hadamard(body(v), x));
    const out = simplify(top, { defs });
    expect(out).toBe(B.mul(A, B.hadamard(v, x)));
    // and the value is kept, on a chain short enough to evaluate
    const short = defs.slice(0, 20);
    const shallow = B.mul(A, B.hadamard(body(short[19]!), x));
    expect(sameValue(simplify(shallow, { defs: short }), shallow)).toBe(true);
  }, 120_000);
});
