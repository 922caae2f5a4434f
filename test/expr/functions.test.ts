// The table of the elementwise functions (src/expr/functions.ts) is complete: every function of
// ELEMENTWISE has a spelling in every format, an evaluator that agrees with its NumPy spellings
// (run in Python) and with its differential rule (central differences), a rule id whose rule
// differentiates that function, and a line in the docs' lists.

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ELEMENTWISE, FUNCTION_SPECS, spellingOf, type FnName, type SpelledFormat, type Spelling } from '../../src/expr/functions.js';
import { fn, sym } from '../../src/expr/index.js';
import { printLatex, printPlain, printUnicode } from '../../src/print/index.js';
import { ruleSet } from '../../src/rules/registry.js';
import { Differentiator } from '../../src/diff/differential.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { Matrix } from 'ml-matrix';
import { KNOWN_FUNCTIONS } from '../../src/check/vocabulary.js';

const FORMATS: readonly SpelledFormat[] = ['latex', 'numpy', 'numpyExpression', 'torch', 'jax'];
/** What a callee of each format begins with (a template holds it somewhere). */
const NAMESPACE: Record<SpelledFormat, string> = {
  latex: '\\\\',
  numpy: 'np\\.',
  numpyExpression: 'np\\.',
  torch: 'torch\\.',
  jax: '(jnp|jax\\.nn)\\.',
};
// points inside (-1, 1) for arcsin and arccos, both signs for relu, sign and abs; log and sqrt
// are NaN below 0 in both languages
const POINTS = [-2.5, -0.8, -0.3, 0.2, 0.6, 0.9, 3];
const SLOPE_POINTS = [-0.7, -0.2, 0.35, 0.8, 1.3];

const callee = (s: Spelling): string => (typeof s === 'string' ? s : s.code);
const pythonOf = (s: Spelling, arg: string): string => (typeof s === 'string' ? `${s}(${arg})` : s.code.split('#1').join(`(${arg})`));

describe('the table of elementwise functions', () => {
  test("has a row for each function of LANGUAGE.md and issue 11, in the language's order", () => {
    expect(ELEMENTWISE.slice(0, 9)).toEqual(['exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus', 'abs']);
    expect(ELEMENTWISE).toEqual(expect.arrayContaining(['tan', 'arcsin', 'arccos', 'arctan', 'relu', 'sign']));
  });

  for (const name of ELEMENTWISE) {
    test(`${name}: a spelling in every format`, () => {
      for (const format of FORMATS) {
        const s = spellingOf(name, format);
        const ns = typeof s === 'string' ? `^${NAMESPACE[format]}` : `(^|[^\\w.])${NAMESPACE[format]}`;
        expect(callee(s), `${name} ${format}`).toMatch(new RegExp(ns));
        if (typeof s !== 'string') expect(s.code.split('#1').length, `${name} ${format}: one argument`).toBe(2);
      }
      // the plain and Unicode forms are the function's own name, which the parser reads back
      const v = sym('v', { rows: 'n', cols: 1 });
      expect(printPlain(fn(name, v))).toBe(`${name}(v)`);
      expect(printUnicode(fn(name, v))).toBe(`${name}(v)`);
      const latex = printLatex(fn(name, v));
      const s = FUNCTION_SPECS[name].latex;
      expect(latex).toBe(typeof s === 'string' ? `${s}\\left(v\\right)` : s.code.replace('#1', 'v'));
    });

    test(`${name}: its rule in rules/differentials.rules differentiates ${name}(X)`, () => {
      const rule = ruleSet('differentials').find((r) => r.id === FUNCTION_SPECS[name].rule);
      expect(rule, FUNCTION_SPECS[name].rule).toBeDefined();
      expect(rule!.kind).toBe('differential');
      expect(rule!.lhs.kind).toBe('fn');
      expect(rule!.lhs.kind === 'fn' && rule!.lhs.name).toBe(name);
    });

    test(`${name}: the evaluator's slope is the rule's (central differences)`, () => {
      const g = FUNCTION_SPECS[name].evaluate;
      const h = 1e-6;
      // where the function is defined (log and sqrt above 0), away from 0 (relu, sign, abs)
      const at = SLOPE_POINTS.filter((x) => Number.isFinite(g(x - 1e-3)) && Number.isFinite(g(x + 1e-3)));
      expect(at.length).toBeGreaterThanOrEqual(2);
      // a vector: sqrt of a scalar would be a power node, not the function and its rule
      const v = sym('v', { rows: at.length, cols: 1 });
      const d = new Differentiator(v);
      const df = d.d(fn(name, v));
      expect(d.steps.map((s) => s.rule)).toContain(FUNCTION_SPECS[name].rule);
      const direction = at.map((_, k) => (k % 2 ? -0.6 : 0.3));
      const point = { dims: new Map<string, number>(), values: new Map([[v, Matrix.columnVector(at)]]), directions: new Map([[v, Matrix.columnVector(direction)]]) };
      const exact = evaluate(df, point).to1DArray();
      at.forEach((x, k) => {
        const numeric = (g(x + h * direction[k]!) - g(x - h * direction[k]!)) / (2 * h);
        expect(exact[k], `${name} at ${x}`).toBeCloseTo(numeric, 6);
      });
    });
  }

  test("the NumPy spellings (planned and single-expression) compute the evaluator's values", () => {
    const lines = ['import numpy as np', 'np.seterr(all="ignore")', `x = np.array(${JSON.stringify(POINTS)})`, 'out = {}'];
    for (const name of ELEMENTWISE)
      for (const format of ['numpy', 'numpyExpression'] as const) lines.push(`out["${name} ${format}"] = [None if np.isnan(t) else float(t) for t in ${pythonOf(spellingOf(name, format), 'x')}]`);
    lines.push('import json', 'print(json.dumps(out))');
    const run = spawnSync('python3', ['-c', lines.join('\n')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const got = JSON.parse(run.stdout) as Record<string, (number | null)[]>;
    for (const name of ELEMENTWISE) {
      const want = POINTS.map((p) => FUNCTION_SPECS[name as FnName].evaluate(p));
      for (const format of ['numpy', 'numpyExpression']) {
        const values = got[`${name} ${format}`]!;
        want.forEach((w, i) => {
          if (Number.isNaN(w)) expect(values[i], `${name} ${format} at ${POINTS[i]}`).toBeNull();
          else expect(values[i], `${name} ${format} at ${POINTS[i]}`).toBeCloseTo(w, 12);
        });
      }
    }
  });

  test('docs/language.md lists every elementwise function, and docs/repl.md every completed one', () => {
    const language = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
    const row = language.split('\n').find((l) => /^\| `exp /.test(l));
    expect(row, 'the row of the scalar functions').toBeDefined();
    expect(/^\| `([^`]*)`/.exec(row!)![1]!.split(' ').sort()).toEqual([...ELEMENTWISE].sort());
    const repl = readFileSync(new URL('../../docs/repl.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const listed = /the functions of the language's table \(`src\/check\/vocabulary.ts`: `([^`]*)`/.exec(repl);
    expect(listed, 'the completion list of docs/repl.md').not.toBeNull();
    expect(listed![1]!.split(' ').sort()).toEqual(KNOWN_FUNCTIONS.filter((f) => f !== 'd').sort());
  });
});
