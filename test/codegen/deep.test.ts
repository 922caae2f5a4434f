// Deep results in generated code: the planner lowers a 3000-level nest of functions without
// recursing that deep, and neither the module nor the one-expression JSON form nests deeper than
// CPython's parser takes (200 brackets); both evaluate in python3 to the engine's own value.

import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session.js';
import { PythonModule, planExpression, planOf, planFlops } from '../../src/codegen/index.js';
import { pythonCode } from '../../src/cli/output.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint, freeSymbols } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';

const nest = (f: string, depth: number): string => `${f}(`.repeat(depth) + 'x' + ')'.repeat(depth);

/** The generated function and the JSON expression run in python3, against the engine's value. */
function check(program: string): void {
  const session = new Session();
  const [r] = session.run(program);
  if (r?.kind !== 'value') throw new Error(JSON.stringify(r));
  const module = pythonCode(r, new PythonModule('numpy'), session.scope.symbols());
  const expression = planExpression(r.result);
  const name = /^def ([a-z]\w*)\(/m.exec(module)![1]!;
  const point = randomPoint(freeSymbols(r.result), mulberry32(3), { n: 4 });
  const x = [...point.values.values()][0]!.to1DArray();
  const script = `
import json, sys, numpy as np
s = json.load(sys.stdin)
x = np.array(s["x"])
ns = {}
exec(s["module"], ns)
print(json.dumps([np.asarray(ns[s["name"]](x)).tolist(), np.asarray(eval(s["expression"], {"np": np, "x": x, "n": len(x)})).tolist()]))`;
  const p = spawnSync('python3', ['-c', script], { input: JSON.stringify({ x, module, name, expression }), encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(p.stderr).toBe('');
  const want = evaluate(r.result, point).to1DArray();
  for (const got of JSON.parse(p.stdout) as (number | number[])[]) {
    const values = typeof got === 'number' ? [got] : got;
    values.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 10));
  }
}

describe('deep results in Python', () => {
  test('sum of a 3000-level nest of sin: the value', () => {
    check(`x : vector(n)\nsum(${nest('sin', 3000)})`);
  }, 60_000);
  test('gradient of sum of a 300-level nest of tanh', () => {
    check(`x : vector(n)\ngrad(sum(${nest('tanh', 300)}), x)`);
  }, 60_000);
});

describe("a residual network's gradient is planned in work linear in its depth", () => {
  const flops = (k: number): number => {
    const lines = ['W : matrix(n, n)', 'h0 : vector(n)'];
    for (let i = 1; i <= k; i++) lines.push(`h${i} := h${i - 1} + tanh(W*h${i - 1})`);
    const [r] = new Session().run(`${lines.join('\n')}\ngrad(sum(h${k}), W)`);
    if (r?.kind !== 'value') throw new Error('no value');
    return planFlops(planOf([r.result], { n: 2 }, (x) => `d${x}`).roots, { n: 2 });
  };
  // n = 2: the sums' own work shows beside the products (k^2 n adds, were they written out)
  test('twice the layers, twice the flops (the adjoint sums reuse each other: no quadratic term)', () => {
    const [a, b] = [flops(12), flops(24)];
    expect(b / a).toBeGreaterThan(1.8);
    expect(b / a).toBeLessThan(2.1);
  }, 60_000);
});
