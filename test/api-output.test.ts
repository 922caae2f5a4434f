// What the command line prints for explained and graph results in the formats that have no
// notation of their own: numpy (the code, its derivation as comments) and json (the derivation
// and the graph kept in fields of their own).

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import katex from 'katex';

const BIN = new URL('../bin/mcalc.js', import.meta.url).pathname;
const mcalc = (args: string[]): string => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
};
const PROGRAM = "x : vector(n); A : matrix(m, n); b : vector(m)\nf := norm(A*x - b)^2\ngrad(f, x)";

describe('--explain --format numpy', () => {
  test('prints the function, with the derivation above it as Python comments', () => {
    const lines = mcalc(['--explain', '--format', 'numpy', '-e', PROGRAM]).trimEnd().split('\n');
    const code = lines.findIndex((l) => !l.startsWith('#'));
    expect(lines.slice(0, code).some((l) => l.startsWith('# explain grad(f, x)'))).toBe(true);
    expect(lines.slice(0, code).some((l) => /^# {3}G = 2\*A'\*\(A\*x - b\)/.test(l))).toBe(true);
    // then the module, as --format numpy prints it
    expect(lines[code]).toBe('import numpy as np');
    expect(lines.slice(code)).toContain('def grad_f_x(x, A, b):');
    expect(lines.slice(code)).toContain('    return 2 * (A.T @ (A @ x - b))');
  });
});

describe('--format json', () => {
  test('an explained query keeps its derivation in every format', () => {
    const [line] = mcalc(['--format', 'json', '-e', PROGRAM.replace('grad(f, x)', 'explain(grad(f, x))')]).trim().split('\n');
    const j = JSON.parse(line!) as { plain: string; explain: Record<string, string> };
    expect(j.plain).toBe("2*A'*(A*x - b)");
    expect(Object.keys(j.explain)).toEqual(['plain', 'unicode', 'latex', 'markdown']);
    expect(j.explain.plain!.split('\n').at(-1)).toBe("grad(f, x) = 2*A'*(A*x - b)");
    expect(() => katex.renderToString(j.explain.latex!, { throwOnError: true })).not.toThrow();
  });

  test('--explain adds the derivation to every query; a plain query has none', () => {
    const explained = mcalc(['--format', 'json', '--explain', '-e', PROGRAM]).trim();
    expect(JSON.parse(explained)).toHaveProperty('explain.unicode');
    expect(JSON.parse(mcalc(['--format', 'json', '-e', PROGRAM]).trim())).not.toHaveProperty('explain');
  });

  test('a graph keeps its DOT and Mermaid text', () => {
    const j = JSON.parse(mcalc(['--format', 'json', '-e', "x : vector(n); A : matrix(n, n)\ngraph(x'*A*x, x)"]).trim()) as { graph: { dot: string; mermaid: string } };
    expect(j.graph.dot).toMatch(/^\/\/ graph\(x'\*A\*x, x\): 2 paths from f to x[\s\S]*digraph mcalc \{/);
    expect(j.graph.mermaid).toMatch(/^flowchart TD\n/);
  });
});
