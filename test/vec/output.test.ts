// vec, commutation and product dimensions outside the engine: parsing (vector(m*n), I(m*n)),
// the printers (plain, Unicode, LaTeX), JSON shapes ("m*n"), the REPL's completion, and the
// generated NumPy code run in Python against the engine's own numeric values.

import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { Matrix } from 'ml-matrix';
import { Session, type StatementResult } from '../../src/engine/session.js';
import { print } from '../../src/print/index.js';
import { planExpression } from '../../src/codegen/index.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { assignDims, leavesOf, randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { complete } from '../../src/repl/commands.js';
import { explainText } from '../../src/explain/index.js';
import type { Expr } from '../../src/expr/index.js';

const DECLS = 'X : matrix(m, n)\nS : matrix(n, n) invertible\nA : matrix(p, m)\nB : matrix(n, q)\nv : vector(m*n)';

function value(query: string): Extract<StatementResult, { kind: 'value' }> {
  const results = new Session().run(`${DECLS}\n${query}`);
  const r = results[results.length - 1]!;
  if (r.kind === 'error') throw new Error(r.diagnostic.message);
  return r;
}

describe('language', () => {
  test('a product dimension declares, multiplies and compares with vec', () => {
    expect(value("v'*vec(X)").shape).toEqual([]);
    expect(value('commutation(m, n)*v').shape).toEqual(['m*n']);
    expect(value('I(n*m)*v').shape).toEqual(['m*n']);
  });

  test('shapes in JSON are strings "m*n"; a Jacobian by a matrix is pq x mn', () => {
    expect(value('jacobian(A*X*B, X)').shape).toEqual(['p*q', 'm*n']);
    expect(value('hessian(logdet(S), vec(S))').shape).toEqual(['n*n', 'n*n']);
    expect(value('grad(logdet(S), vec(S))').shape).toEqual(['n*n']);
  });

  test('an operator other than * in a dimension is an error with its position', () => {
    const r = new Session().run('v : vector(m/n)');
    expect(r[0]?.kind === 'error' && `${r[0].diagnostic.line}:${r[0].diagnostic.column} ${r[0].diagnostic.message}`).toMatch(/^1:12 a product of dimensions is written with \*/);
  });

  test('vec of a vector is the vector; vec of a row is its transpose', () => {
    expect(print(value('vec(v)').result, 'plain')).toBe('v');
    expect(print(value("vec(v')").result, 'plain')).toBe('v');
  });

  test("commutation(m, n)' is commutation(n, m); commutation(1, n) is I", () => {
    expect(print(value("commutation(m, n)'").result, 'plain')).toBe('commutation(n, m)');
    expect(print(value('commutation(1, n)').result, 'plain')).toBe('I(n)');
  });
});

describe('the command line', () => {
  test('--check verifies a Jacobian by a matrix; JSON writes its shape with "m*n"', () => {
    const program = "X : matrix(m, n)\njacobian(X*X', X)";
    const checked = spawnSync('node', ['bin/mcalc.js', '--check', '-e', program], { encoding: 'utf8' });
    expect(checked.stdout).toMatch(/^\(I \+ commutation\(m, m\)\)\*kron\(X, I\(m\)\)\n# check: .* ok$/m);
    const json = spawnSync('node', ['bin/mcalc.js', '--format', 'json', '-e', program], { encoding: 'utf8' });
    expect(JSON.parse(json.stdout).shape).toEqual(['m*m', 'm*n']);
  });
});

describe('explain', () => {
  test('cites the first and second identification theorems and the vec identities', () => {
    const text = (q: string): string => explainText(value(`explain(${q})`), 'plain').replace(/\n/g, ' ');
    expect(text("jacobian(X*X', X)")).toMatch(/first-identification.*vec-form.*Cookbook sec\. 10\.2\.2/);
    expect(text('hessian(logdet(S), vec(S))')).toMatch(/second-identification/);
    // through a kron the gradient keeps, the Hessian differentiates the vec-form gradient
    expect(text('hessian(sum(kron(A, X) .* kron(A, X)), vec(X))')).toMatch(/= 2\*norm\(A\)\^2\*kron\(I\(m\), I\(n\)\)$/);
  });
});

describe('printers', () => {
  const j = (): Expr => value("jacobian(X', X)").result;
  const h = (): Expr => value('hessian(logdet(S), vec(S))').result;
  test('plain reads back to the same expression', () => {
    const text = print(h(), 'plain');
    expect(text).toBe("-commutation(n, n)*kron(inv(S'), inv(S))");
    expect(value(text).result).toBe(h());
  });
  test('unicode writes 𝐊(m, n) and ⊗', () => {
    expect(print(j(), 'unicode')).toBe('𝐊(m, n)');
    expect(print(h(), 'unicode')).toBe('−𝐊(n, n)(S⁻ᵀ ⊗ S⁻¹)'.replace('S⁻ᵀ', print(value("inv(S')").result, 'unicode')));
  });
  test('latex writes \\mathbf{K}_{m,n}, \\otimes and \\operatorname{vec}', () => {
    expect(print(j(), 'latex')).toBe('\\mathbf{K}_{m,n}');
    expect(print(h(), 'latex')).toContain('\\otimes');
    expect(print(value('vec(X)').result, 'latex')).toBe('\\operatorname{vec}\\left(X\\right)');
  });
  test('the REPL completes vec( and commutation(', () => {
    expect(complete('ve', [])[0]).toContain('vec(');
    expect(complete('commu', [])[0]).toContain('commutation(');
  });
});

/** The NumPy expression of a result evaluated in Python, against the engine's value. */
function pythonAgrees(e: Expr): { ok: boolean; code: string; detail: string } {
  const leaves = leavesOf([e]);
  const dims = assignDims(leaves.dims);
  const point = randomPoint(leaves.symbols, mulberry32(11), Object.fromEntries(dims));
  const names: Record<string, unknown> = Object.fromEntries(dims);
  for (const [s, m] of point.values) names[s.name] = m.columns === 1 || m.rows === 1 ? m.to1DArray() : m.to2DArray();
  const expected = evaluate(e, point);
  const code = planExpression(e);
  const script = `import json, sys\nimport numpy as np\nd = json.load(sys.stdin)\nns = {k: (np.array(v) if isinstance(v, list) else v) for k, v in d['names'].items()}\nns['np'] = np\nr = np.asarray(eval(d['code'], ns), dtype=float)\nprint(json.dumps(r.reshape(-1, order='C').tolist()))`;
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify({ names, code }), encoding: 'utf8' });
  if (run.status !== 0) return { ok: false, code, detail: run.stderr };
  const got = JSON.parse(run.stdout) as number[];
  const want = expected.to1DArray();
  const err = Math.max(...want.map((w, i) => Math.abs(w - (got[i] ?? NaN))));
  return { ok: got.length === want.length && err < 1e-9 * (1 + new Matrix([want]).norm()), code, detail: `error ${err}` };
}

describe('generated NumPy', () => {
  const QUERIES = ["jacobian(X', X)", "jacobian(X*X', X)", 'jacobian(A*X*B, X)', 'hessian(logdet(S), vec(S))', 'grad(tr(S^2), vec(S))', 'commutation(m, n)*v', "commutation(n, n)*kron(X', I(n))", "kron(X', I(n))'*commutation(n, n)", "v'*commutation(m, n)", "kron(X, X)*commutation(n, n)*kron(X', X')"];
  for (const q of QUERIES) {
    test(`${q} runs in Python and agrees with the engine`, () => {
      const r = pythonAgrees(value(q).result);
      expect(r.ok, `${r.code}\n${r.detail}`).toBe(true);
    });
  }
  test('vec is a reshape, K @ M a row permutation, K alone the rows of np.eye: no loop, no mn x mn product', () => {
    expect(planExpression(value('vec(X)').result)).toBe('X.T.reshape(-1)');
    const permuted = planExpression(value('commutation(m, n)*v').result);
    expect(permuted).toBe('v[np.arange(m * n).reshape(n, m).T.reshape(-1)]');
    expect(planExpression(value('commutation(m, n)').result)).toBe('np.eye(m * n)[np.arange(m * n).reshape(n, m).T.reshape(-1)]');
    expect(permuted).not.toMatch(/for |@/);
    // (I + K)*M is M + M[p]: M once, no mn x mn identity or product
    const sum = planExpression(value("jacobian(X*X', X)").result);
    expect(sum).toBe('((_t1 := np.kron(X, np.eye(m))), _t1[np.arange(m * m).reshape(m, m).T.reshape(-1)] + _t1)[-1]');
    expect(planExpression(value("v'*commutation(m, n)").result)).toBe('v[np.arange(n * m).reshape(m, n).T.reshape(-1)]');
    expect(planExpression(value("kron(X', I(n))'*commutation(n, n)").result)).toMatch(/\[:, np\.arange\(n \* n\)/);
  });
});
