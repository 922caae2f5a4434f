// Issue 11, item 1: shape inference for a program that declares nothing at all (in the command
// line and the REPL; the library's Session.run infers only when asked, inferShapes). The inferred
// declarations are reported (Session.inferred, the JSON field "inferred", a note on stderr),
// every derivative found with them is checked numerically, and a program that declares
// anything keeps LANGUAGE.md's rule that an undeclared name is an error.

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { print } from '../../src/print/index.js';

const BIN = fileURLToPath(new URL('../../bin/mcalc.js', import.meta.url));

function infer(program: string): { inferred: readonly string[]; answer: string; result?: ValueResult } {
  const s = new Session();
  const results = s.run(program, { inferShapes: true });
  const r = results[results.length - 1]!;
  if (r.kind === 'error') return { inferred: s.inferred, answer: `${r.diagnostic.line}:${r.diagnostic.column}: ${r.diagnostic.message}` };
  return { inferred: s.inferred, answer: print(r.result, 'plain'), result: r };
}

describe('inferred declarations', () => {
  test.each([
    ["grad(x'*A*x, x)", ['x : vector(n)', 'A : matrix(n, n)'], "(A + A')*x"],
    ['grad(norm(W*x - y)^2, W)', ['W : matrix(m, n)', 'x : vector(n)', 'y : vector(m)'], "2*(W*x - y)*x'"],
    ['jacobian(sigmoid(W*x + b), x)', ['W : matrix(m, n)', 'x : vector(n)', 'b : vector(m)'], 'diag((ones(m) - sigmoid(b + W*x)) .* sigmoid(b + W*x))*W'],
    ['grad(alpha*tr(inv(K)), K)', ['alpha : scalar', 'K : matrix(n, n)'], "-alpha*inv(K')^2"],
    ['grad(a*x, x)', ['a : scalar', 'x : scalar'], 'a'],
    ['grad(sum(w .* w), w)', ['w : scalar'], '2*w'],
    ['grad(sum(log(weights)), weights)', ['weights : vector(n)'], 'ones(n) ./ weights'],
    ["f := x'*Sigma*x\nhessian(f, x)", ['x : vector(n)', 'Sigma : matrix(n, n)'], "Sigma + Sigma'"],
    ['hessian(logsumexp(W*x), x)', ['W : matrix(m, n)', 'x : vector(n)'], "W'*(diag(exp(W*x)) - exp(W*x)*exp(W*x)'/sum(exp(W*x)))*W/sum(exp(W*x))"],
    ['grad(tr(X*ones(p)*ones(p)\'), X)', ['X : matrix(p, p)'], "ones(p)*ones(p)'"],
    // derivatives by matrices (issue 10): a Jacobian takes any f and X, a Hessian vec(X)
    ['jacobian(A*X*B, X)', ['A : matrix(n, m)', 'X : matrix(m, p)', 'B : matrix(p, q)'], "kron(B', A)"],
    ['hessian(norm(W)^2, vec(W))', ['W : matrix(n, m)'], '2*kron(I(m), I(n))'],
  ])('%s', (program, inferred, answer) => {
    const r = infer(program);
    expect(r.inferred).toEqual(inferred);
    expect(r.answer).toBe(answer);
    if (r.result?.derivation) for (const seed of [1, 2]) expect(checkResult(r.result, 3, seed).ok).toBe(true);
  });

  test('every result of the program carries the declarations', () => {
    const results = new Session().run("grad(x'*x, x)\nx'*x", { inferShapes: true });
    expect(results.map((r) => (r as ValueResult).inferred)).toEqual([['x : vector(n)'], ['x : vector(n)']]);
  });
});

describe('what is not inferred', () => {
  test('a program that declares anything: undeclared names stay errors (the bad corpus)', () => {
    expect(infer("x : vector(n)\ngrad(x'*z, x)")).toEqual({ inferred: [], answer: '2:9: unknown name z' });
  });

  test('a session that has declared names already (the REPL after a declaration)', () => {
    const s = new Session();
    s.run('x : vector(n)', { inferShapes: true });
    const r = s.run("y'*x", { inferShapes: true });
    expect(r[0]!.kind === 'error' && r[0]!.diagnostic.message).toBe('unknown name y');
  });

  test.each([
    ['x + Y', '1:1: cannot infer the shapes of x, Y from their use: declare them, for example x : scalar; Y : matrix(n, n) (declaring any name switches inference off)'],
    ["grad(xᵀAx, x)", '1:6: cannot infer the shapes of x, Ax from their use: declare them, for example x : vector(n); Ax : matrix(n, n) (declaring any name switches inference off); if Ax is a product, write A*x'],
    ['A*B + B*A + x', '1:1: cannot infer the shapes of A, B, x from their use: declare them, for example A : matrix(n, n); B : matrix(n, n); x : scalar (declaring any name switches inference off)'],
  ])('%s: an error that shows declarations', (program, message) => {
    expect(infer(program).answer).toBe(message);
  });

  test('properties are never inferred', () => {
    const r = infer('grad(logdet(S), S)');
    expect(r.inferred).toEqual(['S : matrix(n, n)']);
    expect(r.answer).toBe("inv(S')");
  });
});

describe('the shells report it', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

  test('a note on stderr', () => {
    const r = cli('-e', "grad(x'*A*x, x)");
    expect(r.stdout).toBe("(A + A')*x\n");
    expect(r.stderr).toBe('note: inferred x : vector(n); A : matrix(n, n) (declare names to fix them yourself; declaring any switches inference off)\n');
  });

  test('a JSON field', () => {
    const r = cli('--format', 'json', '-e', "grad(x'*A*x, x)");
    expect(JSON.parse(r.stdout).inferred).toEqual(['x : vector(n)', 'A : matrix(n, n)']);
    expect(r.stderr).toBe('');
  });

  test('a line in the REPL; the inferred names are then declared, so inference is off', () => {
    const r = spawnSync(process.execPath, [BIN, '--repl'], { input: "grad(x'*A*x, x)\ny'*x\n", encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain("note: inferred x : vector(n); A : matrix(n, n) (declare names to fix them yourself; declaring any switches inference off)\n(A + A')*x\n");
    expect(r.stdout + r.stderr).toContain('error: 2:1: unknown name y');
  });

  test('nothing when the program declares its names', () => {
    expect(cli('-e', "x : vector(n)\ngrad(x'*x, x)").stderr).toBe('');
  });
});
