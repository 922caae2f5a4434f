// The shortcuts of the library API (grad, jacobian, hessian, differential), results that print
// themselves, evaluate() on plain arrays, and the exports docs/api.md and docs/explain-and-graph.md
// promise. Every derivative is also checked numerically, by hand-computed values.

import { describe, expect, test } from 'vitest';
import { inspect } from 'node:util';
import { PassThrough } from 'node:stream';
import katex from 'katex';
import {
  grad, jacobian, hessian, differential, evaluate, print, Session, McalcError, Derivative,
  explainText, graphText, graphSvg, buildGraph, type ValueResult,
} from '../src/index.js';
import { startRepl } from '../src/repl/entry.js';

describe('grad, jacobian, hessian, differential', () => {
  test('grad returns a Derivative that prints itself in every format', () => {
    const g = grad("x'*A*x", 'x', 'x : vector(n); A : matrix(n, n)');
    expect(g).toBeInstanceOf(Derivative);
    expect(g.kind).toBe('grad');
    expect(g.shape).toEqual(['n']);
    expect(String(g)).toBe("(A + A')*x");
    expect(`${g.expr}`).toBe("(A + A')*x");
    expect(g.toUnicode()).toBe('(A + Aᵀ)x');
    expect(() => katex.renderToString(g.toLatex(), { throwOnError: true })).not.toThrow();
    expect(g.toLatex()).toBe('\\left(A + A^\\top\\right) x');
    expect(g.toNumpy()).toContain('@');
    expect(g.toNumpyFunction()).toMatch(/^def grad_/m);
    expect(g.explain()).toMatch(/^explain grad\(x'\*A\*x, x\)/);
    expect(g.check().ok).toBe(true);
    expect(JSON.parse(JSON.stringify(g))).toMatchObject({ kind: 'grad', plain: "(A + A')*x", shape: ['n'] });
  });

  test('the value of a gradient at a point given as plain arrays is (A + A^T) x', () => {
    const g = grad("x'*A*x", 'x', { x: 'vector(n)', A: 'matrix(n, n)' });
    const A = [[1, 2], [3, 4]];
    const x = [5, -1];
    // (A + A^T) x = [[2, 5], [5, 8]] [5, -1] = [5, 17]
    expect(g.evaluate({ x, A })).toEqual([5, 17]);
  });

  test('jacobian, hessian and differential return their kinds, numerically right', () => {
    const decls = 'x : vector(n); A : matrix(m, n); b : vector(m); X : matrix(n, n) invertible';
    const J = jacobian('A*x + b', 'x', decls);
    expect(J.kind).toBe('jacobian');
    expect(String(J)).toBe('A');
    const H = hessian('norm(A*x - b)^2', 'x', decls);
    expect(String(H)).toBe("2*A'*A");
    expect(H.check().ok).toBe(true);
    // 2 A^T A for A = [[1, 2]] is [[2, 4], [4, 8]]
    expect(H.evaluate({ A: [[1, 2]], x: [0, 0], b: [0] })).toEqual([[2, 4], [4, 8]]);
    const D = differential('inv(X)', 'X', decls);
    expect(D.kind).toBe('differential');
    expect(D.check().ok).toBe(true);
    // d(inv(X)) = -inv(X) d(X) inv(X); at X = 2I, d(X) = [[1, 0], [0, 0]]: -[[1/4, 0], [0, 0]]
    expect(D.evaluate({ X: [[2, 0], [0, 2]], 'd(X)': [[1, 0], [0, 0]] })).toEqual([[-0.25, -0], [-0, -0]]);
  });

  test('a session can carry the declarations', () => {
    const s = new Session();
    s.run('W : matrix(m, n); x : vector(n)');
    expect(String(grad("x'*W'*W*x", 'W', s))).toBe("2*W*x*x'");
  });

  test('errors are thrown as McalcError with line, column and a caret', () => {
    let error: unknown;
    try {
      grad('W*y', 'W', 'W : matrix(m, n); y : vector(m)');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(McalcError);
    const e = error as McalcError;
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^2:8: cannot multiply W \(m x n\) by y \(m x 1\)/);
    expect(e.message).toContain('\n  grad(W*y, W)\n');
    expect(() => grad('x', 'x')).toThrow(/unknown name x; declare it in the third argument/);
  });
});

describe('expressions and results print readably', () => {
  test('an expression converts to its plain form and logs as it', () => {
    const [r] = new Session().run("x : vector(n); A : matrix(n, n)\ngrad(x'*A*x, x)") as ValueResult[];
    expect(String(r!.result)).toBe("(A + A')*x");
    expect(inspect({ g: r!.result })).toBe("{ g: (A + A')*x }");
    expect(inspect(grad("x'*x", 'x', 'x : vector(n)'))).toBe('Derivative(grad) 2*x');
  });

  test('print defaults to plain', () => {
    const [r] = new Session().run("x : vector(n); a : scalar\n2*a*x") as ValueResult[];
    expect(print(r!.result)).toBe("2*a*x");
  });

  test('evaluate takes values by name and returns numbers, arrays and rows', () => {
    const [s, v, m] = new Session().run("x : vector(n); a : scalar\nx'*x\na*x\nx*x'") as ValueResult[];
    expect(evaluate(s!.result, { x: [1, 2, 3] })).toBe(14);
    expect(evaluate(v!.result, { x: [1, 2], a: 3 })).toEqual([3, 6]);
    expect(evaluate(m!.result, { x: [1, 2] })).toEqual([[1, 2], [2, 4]]);
    expect(() => evaluate(v!.result, { x: [1, 2] })).toThrow('no value for a');
  });

  test('evaluate refuses sizes that contradict each other', () => {
    const [r] = new Session().run("x, y : vector(n)\nx'*y") as ValueResult[];
    expect(() => evaluate(r!.result, { x: [1, 2], y: [1, 2, 3] })).toThrow(/n is 3 here but 2/);
  });
});

describe('explain and graphs are exported, the REPL from mcalc/repl', () => {
  test('graph(f, X) as DOT, Mermaid, SVG and a model', async () => {
    const [r] = new Session().run("x : vector(n); A : matrix(n, n)\ngraph(x'*A*x, x)") as ValueResult[];
    expect(graphText(r!, 'dot')).toMatch(/^\/\/ graph\(x'\*A\*x, x\): 2 paths/);
    expect(graphText(r!, 'mermaid')).toMatch(/^flowchart TD/);
    expect(await graphSvg(r!)).toMatch(/<svg[\s\S]*<\/svg>/);
    expect(buildGraph(r!.graph!.f, r!.graph!.variable).pathCount).toBe(2);
    expect(explainText(r!, 'plain')).toContain('digraph');
  });

  test('startRepl runs on any streams', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (c: Buffer) => (text += c.toString()));
    const done = startRepl({ format: 'plain', explain: false, input, output, historyFile: '' });
    input.end("x : vector(n)\ngrad(x'*x, x)\n");
    expect(await done).toBe(0);
    expect(text).toBe('2*x\n');
  });
});
