// Shared results (issue 9, item 3): a result far larger as a tree than as a DAG prints as
// `G where g1 := ..., g2 := ...`; the plain form reads back to the same value (checked
// numerically), also twice in one session; the JSON has a `where` list and a NumPy expression
// that Python can parse at any depth; the textbook answers are untouched.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, test, vi } from 'vitest';
import katex from 'katex';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { print } from '../../src/print/index.js';
import { whereForm } from '../../src/print/where.js';
import { jsonLine } from '../../src/cli/output.js';
import { explainText } from '../../src/explain/index.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint, freeSymbols, type Point } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import type { Expr } from '../../src/expr/index.js';
import { loadCases, queryLine } from '../acceptance/cases.js';

/** The residual network h(i) := h(i-1) + tanh(W*h(i-1)) of k layers, without its query. */
function residual(k: number): string {
  const lines = ['W : matrix(n, n)', 'h0 : vector(n)'];
  for (let i = 1; i <= k; i++) lines.push(`h${i} := h${i - 1} + tanh(W*h${i - 1})`);
  return lines.join('\n');
}

/** The plain network v(i+1) := tanh(W*v(i)) of bench/cases.mjs. */
function network(k: number): string {
  const lines = ['W : matrix(n, n)', 'x : vector(n)', 'v1 := tanh(W*x)'];
  for (let i = 2; i <= k; i++) lines.push(`v${i} := tanh(W*v${i - 1})`);
  return lines.join('\n');
}

function values(session: Session, program: string): ValueResult[] {
  return session.run(program).map((r) => {
    if (r.kind === 'error') throw new Error(`${r.diagnostic.line}:${r.diagnostic.column}: ${r.diagnostic.message}`);
    return r;
  });
}

const at = (e: Expr, point: Point): number[][] => evaluate(e, point).to2DArray();

function expectSameValue(a: Expr, b: Expr, seed: number): void {
  const point = randomPoint(freeSymbols(a), mulberry32(seed));
  const [x, y] = [at(a, point), at(b, point)];
  const scale = Math.max(1, ...x.flat().map(Math.abs));
  expect(y.length).toBe(x.length);
  x.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - y[i]![j]!)).toBeLessThan(1e-10 * scale)));
}

// the engine's time on the networks grows with k; under a loaded machine a test takes seconds
vi.setConfig({ testTimeout: 30_000 });

describe('where-forms', () => {
  test('the residual network at k = 8 prints with names, each used after it is introduced', () => {
    const [r] = values(new Session(), `${residual(8)}\ngrad(sum(h8), W)`);
    const text = print(r!.result, 'plain');
    expect(text).toMatch(/ where g1 := /);
    const [main, list] = text.split(' where ');
    const names = [...list!.matchAll(/(?:^|, )(g\d+) := /g)].map((m) => m[1]!);
    expect(names).toEqual(names.map((_, i) => `g${i + 1}`));
    // g_i is used only in main or in the definitions after its own
    list!.split(/, (?=g\d+ := )/).forEach((entry, i) => {
      for (const used of entry.split(' := ')[1]!.matchAll(/\bg(\d+)\b/g)) expect(Number(used[1])).toBeLessThanOrEqual(i);
    });
    expect(main).toMatch(/\bg\d+\b/);
    expect(print(r!.result, 'unicode')).toContain(' where ');
    expect(print(r!.result, 'latex')).toContain('\\text{where}');
    expect(() => katex.renderToString(print(r!.result, 'latex'), { throwOnError: true })).not.toThrow();
  });

  test.each([4, 8, 12])('round trip: the plain form of the residual network (k = %i) reads back to the same value, twice in one session', (k) => {
    const session = new Session();
    const [r] = values(session, `${residual(k)}\ngrad(sum(h${k}), W)`);
    const text = print(r!.result, 'plain');
    const again = values(session, `${text}\n${text}`);
    expect(again).toHaveLength(2);
    for (const [i, back] of again.entries()) {
      expectSameValue(r!.result, back.result, 7 + i);
      expect(print(back.result, 'plain')).toBe(text);
    }
    // the where-names end with their statement
    expect(session.scope.lookup('g1')).toBeUndefined();
  });

  test('a Jacobian whose partial sums are not nested in each other (the fuzzer found it): prints and reads back', () => {
    const program = ['W : matrix(n, n)', 'x : vector(n)', 'v1 := tanh(W*x)', 'v2 := cos(W*v1) .* sigmoid(v1)', 'v3 := sin(W*v2) .* cos(v2)', 'v4 := sigmoid(W*v3) .* exp(sigmoid(v3))', 'v5 := sin(W*v4) .* tanh(v4)'].join('\n');
    const session = new Session();
    const [r] = values(session, `${program}\njacobian(v5, x)`);
    const text = print(r!.result, 'plain');
    expect(text).toContain(' where ');
    const [back] = values(session, text);
    expectSameValue(r!.result, back!.result, 13);
  });

  test('names the program uses are never introduced: a definition g1 in the network pushes the names on', () => {
    const program = `W : matrix(n, n)\nh0 : vector(n)\ng1 := tanh(W*h0)\nh1 := h0 + g1\n${residual(7).split('\n').slice(3).join('\n')}`;
    const session = new Session();
    const [r] = values(session, `${program}\ngrad(sum(h7), W)`);
    const text = print(r!.result, 'plain');
    expect(text).toContain(' where ');
    expect(text).not.toMatch(/\bg1 := /);
    const [back] = values(session, text);
    expectSameValue(r!.result, back!.result, 11);
  });

  test('a where-list needs definitions, each name once, none using itself', () => {
    const bad = (program: string): string => {
      const out = new Session().run(`x : vector(n)\n${program}`);
      const last = out[out.length - 1]!;
      return last.kind === 'error' ? last.diagnostic.message : 'accepted';
    };
    expect(bad('x + g where g := x, g := 2*x')).toBe('g is defined twice in this where-list');
    expect(bad('x + g where g := g + x')).toBe('g is used in its own definition');
    expect(bad('x + g where g := y')).toBe('unknown name y');
    expect(bad('x + g where g := 2*x')).toBe('accepted');
  });

  test('small results print as before: every answer of the corpora (public, extended, fresh) and the examples', () => {
    const corpus = ['public', 'extended', 'fresh'].flatMap((f) => loadCases(`${f}.jsonl`));
    const programs = corpus.map((c) => `${c.program}\n${queryLine(c)}`);
    const examples = ['seed-q1', 'seed-q2', 'gaussian-loglik', 'gp-marginal-likelihood', 'least-squares', 'logistic-regression', 'ridge', 'language-tour'];
    for (const name of examples) programs.push(readFileSync(new URL(`../../examples/${name}.mc`, import.meta.url), 'utf8'));
    let results = 0;
    for (const p of programs) {
      for (const r of new Session().run(p)) {
        if (r.kind !== 'value') continue;
        results++;
        expect(whereForm(r.result)).toBeUndefined();
      }
    }
    expect(results).toBeGreaterThan(300);
  }, 60_000);
});

describe('explain of a shared result', () => {
  test('the lines share one where-list at the end, each name defined once and used after it is defined', () => {
    const [r] = values(new Session(), `${residual(8)}\nexplain(grad(sum(h8), W))`);
    const text = explainText(r!, 'plain');
    const [lines, list] = text.split('\nwhere\n  g1 := ');
    expect(list).toBeDefined();
    expect(lines).not.toMatch(/ where /);
    const defined = `  g1 := ${list}`.split('\n').map((l) => /^ {2}(g\d+) := /.exec(l)![1]);
    expect(new Set(defined).size).toBe(defined.length);
    expect(defined).toEqual(defined.map((_, i) => `g${i + 1}`));
    expect(text.length).toBeLessThan(40_000);
    expect(explainText(r!, 'latex')).toContain('&\\textit{where}');
    expect(() => katex.renderToString(explainText(r!, 'latex'), { throwOnError: true, displayMode: true })).not.toThrow();
  });
});

describe('JSON of a shared result', () => {
  test('a where list of named, shaped entries, and a NumPy expression equal to the value at k = 40 (deeper than Python nests)', () => {
    const k = 40;
    const [r] = values(new Session(), `${network(k)}\ngrad(sum(v${k}), W)`);
    const json = JSON.parse(jsonLine(r!)) as { plain: string; where: { name: string; shape: string[]; plain: string }[]; numpy: string };
    expect(json.where.length).toBeGreaterThan(k - 5);
    expect(json.where[0]).toMatchObject({ name: 'g1', shape: ['n'] });
    expect(json.plain).not.toContain(' where ');
    expect(json.plain).toMatch(/\bg\d+\b/);
    // the plain field with its where list is the printed form
    expect(`${json.plain} where ${json.where.map((w) => `${w.name} := ${w.plain}`).join(', ')}`).toBe(print(r!.result, 'plain'));
    expect(json.numpy.startsWith('((_t1 := ')).toBe(true);

    const point = randomPoint(freeSymbols(r!.result), mulberry32(5), { n: 4 });
    const inputs = Object.fromEntries([...point.values].map(([s, m]) => [s.name, s.shape.cols === 1 ? m.to1DArray() : m.to2DArray()]));
    const script = `
import json, sys, numpy as np
s = json.load(sys.stdin)
ns = {"np": np, "n": 4, **{k: np.array(v) for k, v in s["inputs"].items()}}
print(json.dumps(np.asarray(eval(s["numpy"], ns)).tolist()))`;
    const p = spawnSync('python3', ['-c', script], { input: JSON.stringify({ inputs, numpy: json.numpy }), encoding: 'utf8' });
    expect(p.stderr).toBe('');
    const got = JSON.parse(p.stdout) as number[][];
    const want = at(r!.result, point);
    want.forEach((row, i) => row.forEach((v, j) => expect(got[i]![j]!).toBeCloseTo(v, 9)));
  });
});
