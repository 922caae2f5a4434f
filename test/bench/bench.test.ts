// The benchmark harness (bench/*.mjs) against the engine it measures: the family programs are
// valid and right at small k, timing the stages separately gives exactly Session.run's answer,
// and the helpers that rename dimensions, read declarations and fit growth do what they say.
// (The bench runs on dist/, which `npm test` builds first.)

import { describe, expect, test } from 'vitest';
// @ts-expect-error: plain JavaScript modules without declarations
import { FAMILIES, familyCases, corpusCases, freshDimensions, declarations } from '../../bench/cases.mjs';
// @ts-expect-error: plain JavaScript modules without declarations
import { staged, expectedMs } from '../../bench/engine.mjs';
// @ts-expect-error: plain JavaScript modules without declarations
import { slope, summary } from '../../bench/stats.mjs';
import { Session, verifyAt } from '../../dist/index.js';

interface BenchCase { id: string; program: string; kind: string; variable: string; sympy: string }

describe('bench cases', () => {
  const families: BenchCase[] = familyCases([2, 3]);
  const cases: BenchCase[] = [...families, ...corpusCases()];

  test.each(cases.map((c) => [c.id, c] as const))('%s: the staged pipeline gives Session.run\'s answer', (_, c) => {
    const r = staged(c.program);
    const session = new Session().run(c.program).at(-1)!;
    expect(session.kind).toBe('value');
    expect(r.result).toBe(session.kind === 'value' ? session.result : undefined);
    expect(r.ms).toHaveLength(5);
  });

  test.each(families.map((c) => [c.id, c] as const))('%s: right numerically', (_, c) => {
    const r = staged(c.program);
    expect(verifyAt(r.kind, r.f, r.x, r.result).ok).toBe(true);
  });

  test('every family differentiates by a declared variable and has a SymPy snippet', () => {
    for (const fam of FAMILIES) {
      const [c] = familyCases([4], [fam.name]) as BenchCase[];
      expect(Object.keys(declarations(c!.program))).toContain(c!.variable);
      expect(c!.sympy).toMatch(/^result = |\nresult = /m);
    }
  });
});

describe('bench helpers', () => {
  test('freshDimensions renames dimension names and nothing else', () => {
    const p = "x : vector(n)\nA : matrix(m, 3) symmetric\nK := A*x\ngrad(x'*ones(n), x)";
    expect(freshDimensions(p, 7)).toBe("x : vector(n_r7)\nA : matrix(m_r7, 3) symmetric\nK := A*x\ngrad(x'*ones(n_r7), x)");
  });

  test('declarations reads names, types, dimensions and properties, and skips definitions', () => {
    expect(declarations("x, y : vector(n)\nA : matrix(n, 4) posdef invertible\nalpha : scalar\nK := x*x'")).toEqual({
      x: { type: 'vector', dims: ['n'], props: [] },
      y: { type: 'vector', dims: ['n'], props: [] },
      A: { type: 'matrix', dims: ['n', 4], props: ['posdef', 'invertible'] },
      alpha: { type: 'scalar', dims: [], props: [] },
    });
  });

  test('slope fits the exponent of a power law', () => {
    expect(slope([[2, 12], [4, 48], [8, 192]])).toBeCloseTo(2, 10);
    expect(slope([[1, 5]])).toBeUndefined();
  });

  test('expectedMs extrapolates at least quadratically, or by the last step when steeper', () => {
    const at = (k: number, ms: number) => ({ k, total: summary([ms]) });
    expect(expectedMs([at(8, 10)], 16)).toBeCloseTo(40);
    expect(expectedMs([at(4, 1), at(8, 100)], 16)).toBeCloseTo(10000);
  });
});
