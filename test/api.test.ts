// The library API as docs/api.md and the README show it.

import { describe, expect, test } from 'vitest';
import katex from 'katex';
import {
  Session, print, checkResult, parseProgram, Scope, ExpressionChecker, derive, simplify, evaluateAtPoint, randomPoint, verifyAt,
  numpyExpression, expr, type ValueResult,
} from '../src/index.js';
import { mulberry32 } from '../src/numeric/random.js';

describe('the library API', () => {
  test('a session runs a program and its results print in every format', () => {
    const results = new Session().run("x : vector(n)\nA : matrix(n, n)\ngrad(x'*A*x, x)");
    expect(results).toHaveLength(1);
    const r = results[0] as ValueResult;
    expect(r.kind).toBe('value');
    expect(print(r.result, 'plain')).toBe("(A + A')*x");
    expect(print(r.result, 'unicode')).toBe('(A + Aᵀ)x');
    expect(() => katex.renderToString(print(r.result, 'latex'), { throwOnError: true })).not.toThrow();
    expect(numpyExpression(r.result)).toContain('@');
    expect(r.shape).toEqual(['n']);
    expect(checkResult(r).ok).toBe(true);
  });

  test('declarations persist across runs of one session; errors are values', () => {
    const s = new Session();
    expect(s.run('x : vector(n)')).toEqual([]);
    const [r] = s.run("grad(x'*x, x)");
    expect(r?.kind === 'value' && print(r.result, 'plain')).toBe('2*x');
    const [e] = s.run('grad(y, x)');
    expect(e).toMatchObject({ kind: 'error', diagnostic: { line: 1, column: 6, message: 'unknown name y' } });
  });

  test('the stages one by one', () => {
    const source = "x : vector(n)\nx'*x";
    const { statements, error } = parseProgram(source);
    expect(error).toBeUndefined();
    const scope = new Scope();
    const decl = statements[0]!;
    const body = statements[1]!;
    if (decl.k !== 'decl' || body.k !== 'expr') throw new Error('unexpected statements');
    scope.declare(decl);
    const f = new ExpressionChecker(scope, source).check(body.expr);
    const [x] = scope.symbols();
    const { result } = derive('grad', f, x!, []);
    expect(print(simplify(result), 'plain')).toBe('2*x');
    expect(verifyAt('grad', f, x!, result).ok).toBe(true);
    const point = randomPoint([x!], mulberry32(1));
    const v = point.values.get(x!)!;
    expect(evaluateAtPoint(f, point).get(0, 0)).toBeCloseTo(v.transpose().mmul(v).get(0, 0), 12);
  });

  test('core expressions are interned', () => {
    const n = expr.shape('n', 1);
    const a = expr.mul(expr.transpose(expr.sym('x', n)), expr.sym('y', n));
    const b = expr.mul(expr.transpose(expr.sym('x', n)), expr.sym('y', n));
    expect(a).toBe(b);
  });
});
