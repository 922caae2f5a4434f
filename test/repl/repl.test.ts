// The REPL driven through `mcalc --repl` with piped input (the built CLI, as a user runs it),
// and in-process where a fault has to be injected.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import katex from 'katex';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Session } from '../../src/engine/session.js';
import { startRepl } from '../../src/repl/repl.js';

const BIN = new URL('../../bin/mcalc.js', import.meta.url).pathname;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcalc-repl-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** Pipes lines into `mcalc --repl`; returns what it printed and its exit status. */
function repl(lines: string[], args: string[] = []): { out: string; err: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, '--repl', ...args], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    env: { ...process.env, MCALC_HISTORY: join(dir, 'history'), NO_COLOR: '1' },
    timeout: 20000,
  });
  return { out: r.stdout, err: r.stderr, status: r.status };
}

describe('mcalc --repl with piped input', () => {
  it('keeps declarations and definitions from line to line', () => {
    const { out, status } = repl(['x : vector(n)', 'A : matrix(n, n)', 'S := A + A\'', "grad(x'*A*x, x)", "grad(x'*S*x, x)"]);
    // the definition S is folded back into the first result
    expect(out).toBe('S*x\n2*S*x\n');
    expect(status).toBe(0);
  });

  it('prints an error with a caret and goes on', () => {
    const { out, status } = repl(['x : vector(n)', 'W : matrix(m, n)', 'y : vector(p)', 'W*y', "x'*x"]);
    expect(out).toBe('error: 4:3: cannot multiply W (m x n) by y (p x 1): inner dimensions n and p differ\n  W*y\n    ^\nnorm(x)^2\n');
    expect(status).toBe(0);
  });

  it('survives parse errors, unknown names and bad commands alike', () => {
    const { out } = repl(['x : vector(n)', 'grad(x, )', 'z + 1', ':frobnicate', ':format klingon', "x'*x"]);
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('error: '))).toHaveLength(4);
    expect(out).toContain('unknown name z');
    expect(out).toContain('unknown command :frobnicate');
    expect(lines.at(-2)).toBe('norm(x)^2');
  });

  it(':format latex switches the output, and :format shows it', () => {
    const { out } = repl(['x : vector(n)', 'A : matrix(n, n)', "grad(x'*A*x, x)", ':format latex', "grad(x'*A*x, x)", ':format', ':format unicode', "grad(x'*A*x, x)"]);
    expect(out.split('\n')).toEqual(["(A + A')*x", 'format: latex', '\\left(A + A^\\top\\right) x', 'format: latex', 'format: unicode', '(A + Aᵀ)x', '']);
  });

  it('ans is the last result, within a line too', () => {
    const { out } = repl(['x : vector(n)', 'A : matrix(n, n)', "grad(x'*A*x, x)", "x'*ans", 'x; 2*ans']);
    expect(out.split('\n')).toEqual(["(A + A')*x", "2*x'*A*x", 'x', '2*x', '']);
  });

  it('ans is forgotten when a name it uses is declared anew (it would mean the old one)', () => {
    const { out } = repl(['x : vector(n)', "grad(x'*x, x)", 'ans', 'x : vector(m)', 'ans']);
    expect(out).toMatch(/^2\*x\n2\*x\nerror: 5:1: ans is forgotten: a name in it has since been declared or defined anew/);
  });

  it('ans is unknown before the first result, and a declared ans wins', () => {
    expect(repl(['ans']).out).toContain('error: 1:1: ans is the last result, and there is none yet');
    expect(repl(['ans : scalar', 'x : vector(n)', 'x', 'ans']).out).toBe('x\nans\n');
  });

  it('continues a statement while a parenthesis is open', () => {
    const { out } = repl(['x : vector(n)', 'A : matrix(n, n)', 'grad(', "  x'*A*x,", '  x)', "x'*(A +", "  A')*x"]);
    expect(out).toBe("(A + A')*x\n2*x'*A*x\n");
  });

  it('reports a statement left open at the end of the input', () => {
    expect(repl(['x : vector(n)', 'grad(x']).out).toMatch(/^error: 2:7: unexpected end of input; "\(" at 2:5 is never closed\n {2}grad\(x\n {8}\^\n$/);
  });

  it(':decls lists types and properties, marking the inferred ones', () => {
    const { out } = repl(['x : vector(n)', 'A : matrix(n, n) posdef', 'alpha : scalar', "K := alpha*x*x' + A", 'x', ':decls']);
    expect(out.split('\n')).toEqual([
      'x',
      'x     : vector(n)',
      'A     : matrix(n, n) posdef (inferred: symmetric, invertible)',
      'alpha : scalar',
      "K     : matrix(n, n) (inferred: symmetric)                     := A + alpha*x*x'",
      'ans   : vector(n)                                              = x',
      '',
    ]);
  });

  it(':reset forgets every name', () => {
    const { out } = repl(['x : vector(n)', ':reset', ':decls', 'x']);
    expect(out).toContain('every name forgotten\nnothing declared yet');
    // with nothing declared, shapes are inferred again (issue 11): x is a scalar now
    expect(out).toContain('note: inferred x : scalar');
  });

  it(':load runs a file in the session; a : line in the file is an error', () => {
    const file = join(dir, 'p.mc');
    writeFileSync(file, 'x : vector(n)\nA : matrix(n, n)\n:format latex\n');
    const { out } = repl([`:load ${file}`, "grad(x'*A*x, x)", `:load ${join(dir, 'missing.mc')}`]);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`error: ${file}:3:1: :format is a REPL command; it cannot appear in a program`);
    expect(lines).toContain("(A + A')*x");
    expect(lines).toContain(`error: cannot read ${join(dir, 'missing.mc')}: no such file`);
  });

  it(':explain on prints derivations; explain(...) does so for one query', () => {
    const { out } = repl(['x : vector(n)', "explain(grad(x'*x, x))", "grad(x'*x, x)", ':explain on', "grad(x'*x, x)", ':explain off', "grad(x'*x, x)"]);
    const lines = out.split('\n');
    // explain(...) once, then :explain on once: two derivations, and two bare results
    expect(lines.filter((l) => l === "explain grad(x'*x, x)")).toHaveLength(2);
    expect(lines.filter((l) => l === '2*x')).toHaveLength(2);
    expect(lines.filter((l) => l === "grad(x'*x, x) = 2*x")).toHaveLength(2);
  });

  it('graph(...) prints DOT; :graph mermaid and :graph svg FILE change that', () => {
    const svg = join(dir, 'g.svg');
    const { out } = repl(['x : vector(n)', 'A : matrix(n, n)', "graph(x'*A*x, x)", ':graph mermaid', "graph(x'*A*x, x)", `:graph svg ${svg}`, "graph(x'*A*x, x)"]);
    expect(out).toMatch(/^\/\/ graph\(x'\*A\*x, x\): 2 paths from f to x/);
    expect(out).toContain('digraph mcalc {');
    expect(out).toContain('\nflowchart TD\n');
    expect(out).toContain(`wrote ${svg}`);
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
  });

  it('a defined name typed alone prints what it stands for', () => {
    const { out } = repl(['x : vector(n)', "K := x*x' + I", 'K', ':format unicode', 'K', '2*K']);
    expect(out).toBe("K := I + x*x'\nformat: unicode\nK := I + xxᵀ\n2K\n");
  });

  it('errors in piped input name the line of the input, also in a statement over several lines', () => {
    const { out } = repl(['x : vector(n)', '', 'grad(x,', '  y)', 'grad(x*x, x)']);
    expect(out.split('\n').filter((l) => l.startsWith('error'))).toEqual([
      'error: 4:3: unknown name y',
      'error: 5:8: cannot multiply x (n x 1) by x (n x 1): inner dimensions 1 and n differ',
    ]);
  });

  it(':load of a missing file says what is missing and where it was looked for', () => {
    const { out } = repl([':load nosuch.mc']);
    expect(out).toBe(`error: cannot read nosuch.mc (${join(process.cwd(), 'nosuch.mc')}): no such file\n`);
  });

  it(':graph svg without a file is refused: SVG is not for the terminal', () => {
    const { out } = repl([':graph svg', 'x : vector(n)', "graph(x'*x, x)"]);
    expect(out).toMatch(/^error: :graph svg needs a file to write to, as in :graph svg graph\.svg\n\/\/ graph/);
    expect(out).not.toContain('<svg');
  });

  it(':md and :latex write the derivations of the session', () => {
    const md = join(dir, 'd.md');
    const tex = join(dir, 'd.tex');
    const { out } = repl([`:md ${md}`, 'x : vector(n); A : matrix(n, n)', "grad(x'*A*x, x)", "x'*x", "hessian(x'*A*x, x)", `:md ${md}`, `:latex ${tex}`]);
    expect(out.split('\n')).toEqual([
      'error: no derivations to write yet: ask for a grad, jacobian, hessian or differential first',
      "(A + A')*x", 'norm(x)^2', "A + A'", `wrote ${md}: 2 derivations`, `wrote ${tex}: 2 derivations`, '',
    ]);
    const markdown = readFileSync(md, 'utf8');
    expect(markdown).toMatch(/^# mcalc session\n\n\*\*explain\*\* `grad\(x'\*A\*x, x\)`/);
    expect(markdown).toContain("**Result:** $\\nabla^2_{x} f = A + A^\\top$");
    const latex = readFileSync(tex, 'utf8');
    expect(latex).toMatch(/^\\documentclass\{article\}/);
    expect(latex).toContain("\\subsection*{\\texttt{hessian(x'*A*x, x)}}");
    const blocks = [...latex.matchAll(/\\\[\n([\s\S]*?)\n\\\]/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) expect(() => katex.renderToString(b, { throwOnError: true })).not.toThrow();
  });

  it(':quit leaves and ignores the rest', () => {
    const { out, status } = repl(['x : vector(n)', ':quit', 'x']);
    expect(out).toBe('');
    expect(status).toBe(0);
  });

  it('writes every line to the history file, and appends across sessions', () => {
    repl(['x : vector(n)', "x'*x"]);
    repl([':format unicode', 'x']);
    expect(readFileSync(join(dir, 'history'), 'utf8')).toBe("x : vector(n)\nx'*x\n:format unicode\nx\n");
  });

  it('a statement typed over several lines is one history entry', () => {
    repl(['x : vector(n)', 'grad(x\'*x', '  + 1,', 'x)', 'y := 2 # a comment', '']);
    repl(['z := (1 +', '2) # kept apart']);
    expect(readFileSync(join(dir, 'history'), 'utf8')).toBe("x : vector(n)\ngrad(x'*x + 1, x)\ny := 2 # a comment\nz := (1 +\n2) # kept apart\n");
  });

  it('an empty MCALC_HISTORY keeps no history', () => {
    const r = spawnSync(process.execPath, [BIN, '--repl'], { input: 'x : vector(n)\n', encoding: 'utf8', env: { ...process.env, MCALC_HISTORY: '', HOME: dir } });
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, '.mcalc_history'))).toBe(false);
  });

  it('prints no colour when the output is not a terminal', () => {
    const { out } = repl(['x : vector(n)', 'y']);
    expect(out).not.toContain('\x1b[');
  });
});

describe('the REPL in-process', () => {
  async function drive(lines: string[]): Promise<{ out: string; status: number }> {
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const status = await startRepl({ format: 'plain', explain: false, input: Readable.from(lines.map((l) => `${l}\n`)), output, historyFile: '' });
    return { out, status };
  }

  it('a bug in the engine prints one line and the REPL goes on', async () => {
    const run = Session.prototype.run;
    vi.spyOn(Session.prototype, 'run').mockImplementationOnce(() => {
      throw new TypeError('boom');
    });
    const { out, status } = await drive(['x : vector(n)', 'x : vector(n)', "x'*x"]);
    expect(out).toBe('error: internal error: boom (a bug in mcalc; MCALC_DEBUG=1 shows where)\nnorm(x)^2\n');
    expect(status).toBe(0);
    expect(Session.prototype.run).not.toBe(run);
  });

  it('returns 0 at the end of the input', async () => {
    expect(await drive([])).toEqual({ out: '', status: 0 });
  });
});
