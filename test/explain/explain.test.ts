// explain(QUERY) for every public corpus case, in every format: the LaTeX renders in KaTeX,
// every step names a rule, the last line is the query's own printed result. Seed Q2 reads
// like a homework solution.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import katex from 'katex';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { print } from '../../src/print/index.js';
import { explainText, explanation, type ExplainFormat } from '../../src/explain/index.js';

interface Case {
  id: string;
  program: string;
  query: string;
  f: string;
}

const CORPUS = new URL('../acceptance/public.jsonl', import.meta.url);
const cases: Case[] = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Case);

/** The query with f written out in parentheses: grad(f, W) -> grad((1/2*norm(r)^2), W). */
const queryOf = (c: Case): string => c.query.replace(/^(\w+)\(f,/, (_, q: string) => `${q}((${c.f}),`);

/** The value result of the last statement of a program. */
function run(program: string): ValueResult {
  const results = new Session().run(program);
  const last = results[results.length - 1];
  if (last?.kind !== 'value') throw new Error(`${program}: ${JSON.stringify(last)}`);
  return last;
}

/** The step lines of plain/unicode output: equations with a rule column, between the title and
 * the final line (the "where" block states definitions and has none). */
function stepLines(text: string): string[] {
  const lines = text.split('\n');
  const where = lines.indexOf('where');
  const start = where < 0 ? 1 : lines.findIndex((l, i) => i > where && !l.startsWith('  '));
  return lines.slice(start, -1).filter((l) => l.startsWith('  '));
}

describe('explain over the public corpus', () => {
  it('has cases to explain', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const c of cases) {
    describe(c.id, () => {
      const plain = run(`${c.program}\n${queryOf(c)}`);
      const explained = run(`${c.program}\nexplain(${queryOf(c)})`);

      it('is marked as explain and has the same result as the query', () => {
        expect(explained.explain).toBe(true);
        expect(explained.result).toBe(plain.result);
      });

      for (const format of ['plain', 'unicode'] as const) {
        it(`${format}: every step names a rule, the last line is the result`, () => {
          const text = explainText(explained, format);
          const steps = stepLines(text);
          expect(steps.length).toBeGreaterThan(0);
          // a citation may name the placeholder M[k] (brackets that no rule list uses otherwise)
          for (const line of steps) expect(line).toMatch(/ = .*\s\[[a-z][a-z0-9-]*(:([^\]]|\[k\])*)?(; [a-z][a-z0-9-]*(:([^\]]|\[k\])*)?)*\]$/);
          const last = text.split('\n').at(-1)!;
          expect(last).toBe(`${queryOf(c)} = ${print(plain.result, format)}`);
        });
      }

      it('latex: renders in KaTeX, one rule per step, the last row is the result', () => {
        const text = explainText(explained, 'latex');
        expect(() => katex.renderToString(text, { throwOnError: true, displayMode: true })).not.toThrow();
        const rows = text.split('\n');
        expect(rows[0]).toBe('\\begin{aligned}');
        expect(rows.at(-1)).toBe('\\end{aligned}');
        // the rows after each section title, but for the definitions under "where"
        let section = '';
        const steps = rows.slice(1, -2).filter((r) => {
          if (r.startsWith('&\\text')) section = r;
          return !r.startsWith('&\\text') && section !== '&\\textit{where} \\\\';
        });
        expect(steps.length).toBeGreaterThan(0);
        for (const row of steps) expect(row).toMatch(/&& \\text\{[a-z][a-z0-9-]*/);
        expect(rows.at(-2)!.endsWith(`&= ${print(plain.result, 'latex')}`)).toBe(true);
      });

      it('markdown: every step names a rule in code, the math renders', () => {
        const text = explainText(explained, 'markdown');
        const items = text.split('\n').filter((l) => l.startsWith('- '));
        for (const item of items.filter((l) => !/^- \$\S+ :=/.test(l) && !/^- \$f =/.test(l))) expect(item).toMatch(/ — `[a-z][a-z0-9-]*`/);
        for (const math of text.matchAll(/\$([^$]+)\$/g)) expect(() => katex.renderToString(math[1]!, { throwOnError: true })).not.toThrow();
        expect(text.split('\n').at(-1)!.endsWith(`= ${print(plain.result, 'latex')}$`)).toBe(true);
      });
    });
  }
});

describe('seed Q2 explained reads like a homework solution', () => {
  const source = readFileSync(new URL('../../examples/seed-q2.mc', import.meta.url), 'utf8').replace('grad(h, x)', 'explain(grad(h, x))');
  const r = run(source);
  const text = explainText(r, 'plain');
  const lines = text.split('\n');
  const find = (re: RegExp): number => lines.findIndex((l) => re.test(l));

  it('states what h and K are', () => {
    expect(find(/^ {2}h := /)).toBeGreaterThan(0);
    expect(find(/^ {2}K := alpha\*x\*x' \+ /)).toBeGreaterThan(0);
  });

  it('takes the differential of each part, with the Cookbook identity for each', () => {
    expect(lines[find(/^ {2}d\(h\) = /)]).toContain('d(log(det(K)))');
    expect(lines[find(/^ {2}d\(h\) = /)]).toContain('d(inv(K))');
    expect(lines[find(/^ {2}d\(det\(K\)\) = /)]).toMatch(/= det\(K\)\*tr\(inv\(K\)\*d\(K\)\).*\[d-det: Matrix Cookbook \(42\)\]/);
    expect(lines[find(/^ {2}d\(inv\(K\)\) = /)]).toMatch(/= -inv\(K\)\*d\(K\)\*inv\(K\).*\[d-inverse: Matrix Cookbook \(40\)\]/);
  });

  it('goes through K by the chain rule once, after every part that uses it', () => {
    const dK = lines.filter((l) => /^ {2}d\(K\) = /.test(l));
    expect(dK).toHaveLength(1);
    expect(dK[0]).toMatch(/= alpha\*d\(x\)\*x' \+ alpha\*x\*d\(x\)'.*\[d-definition: chain rule through the definition of K/);
    expect(find(/^ {2}d\(K\) = /)).toBeGreaterThan(find(/^ {2}d\(det\(K\)\) = /));
    expect(find(/^ {2}d\(K\) = /)).toBeGreaterThan(find(/^ {2}d\(inv\(K\)\) = /));
  });

  it('skips trivial steps: no line for a constant, every node once', () => {
    const lefts = stepLines(text).map((l) => l.trim().split(' = ')[0]).filter((l) => l && l.startsWith('d('));
    for (const constant of ['d(y)', 'd(D)', "d(y*y')", 'd(beta)', 'd(I/beta)']) expect(lefts).not.toContain(constant);
    expect(new Set(lefts.filter((l) => l !== 'd(h)')).size).toBe(lefts.filter((l) => l !== 'd(h)').length);
  });

  it('in LaTeX, writes a differential as d with the part in parentheses, or dK for a name', () => {
    const latex = explainText(r, 'latex');
    // a thin space \\, around each differential: TeX would set \\mathrm{d}x x^\\top as dxx^T
    expect(latex).toContain('\\mathrm{d}\\left(K^{-1}\\right) &= -K^{-1}\\, \\mathrm{d}K\\, K^{-1} && \\text{d-inverse: Matrix Cookbook (40)}');
    expect(latex).toContain('\\mathrm{d}K &= \\alpha\\, \\mathrm{d}x\\, x^\\top + \\alpha x\\, \\mathrm{d}x^\\top && \\text{d-definition: ');
    expect(latex).toContain('-\\frac{1}{2} D\\, \\mathrm{d}\\left(\\log\\left(\\det\\left(K\\right)\\right)\\right)');
    // citations name no pattern variable a program could declare, and set formulas in \\texttt
    expect(latex).toContain("\\text{gradient-from-trace-form: \\texttt{df = tr(G'*d(x))} for every \\texttt{d(x)} identifies");
    expect(latex).not.toMatch(/tr\(A'/);
  });

  it('writes d(h) as a sum of 1 x 1 terms a\'*d(x), merging equal terms by name', () => {
    const read = find(/^Reading the gradient off the trace form$/);
    const terms = lines.slice(read + 1).find((l) => /^ += .*\[trace-outer: /.test(l))!;
    expect(terms).toMatch(/= alpha\*x'\*inv\(K\)\*y\*y'\*inv\(K\)\*d\(x\) - alpha\*D\*x'\*inv\(K\)\*d\(x\) /);
    expect(terms).toMatch(/scalar-transpose: .*transpose-symmetric.*collect-terms\]$/);
  });

  it('reads G off the trace form in a tidy form, which is already the seed answer', () => {
    const read = find(/^ += G'\*d\(x\) +\[gradient-from-trace-form: /);
    expect(read).toBeGreaterThan(find(/^Reading the gradient off the trace form$/));
    const g = lines[read + 1]!;
    expect(g).toMatch(/^ {2}G = alpha\*inv\(K\)\*y\*y'\*inv\(K\)\*x - alpha\*D\*inv\(K\)\*x +\[trace-form: /);
    expect(g).toMatch(/identity-product/);
    expect(find(/^Simplifying$/)).toBe(-1);
    expect(lines.at(-1)).toBe("grad(h, x) = alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x");
  });
});

describe('reading a gradient off the trace form', () => {
  const text = (program: string): string[] => explainText(run(program), 'plain').split('\n');

  it('brings each term of a matrix variable to tr(A\'*d(X)) by the cyclic and transpose rules', () => {
    const lines = text("X : matrix(m, n)\nA : matrix(n, n)\nexplain(grad(tr(X*A*X'), X))");
    expect(lines.join('\n')).toMatch(/= tr\(A'\*X'\*d\(X\)\) \+ tr\(A\*X'\*d\(X\)\) +\[trace-cyclic: Matrix Cookbook \(16\); trace-transpose: Matrix Cookbook \(13\)/);
    expect(lines.join('\n')).toMatch(/\n {2}G = X\*A \+ X\*A' +\[trace-form: /);
  });

  it('terms that turn out equal are merged, and the line says collect-terms', () => {
    const lines = text("x : vector(n)\nA : matrix(n, n) symmetric\nexplain(grad(x'*A*x, x))");
    expect(lines.join('\n')).toMatch(/d\(f\) = 2\*d\(x\)'\*A\*x +\[.*collect-terms\]/);
  });
});

describe('other queries', () => {
  const explain = (program: string, format: ExplainFormat = 'plain'): string => explainText(run(program), format);

  it('hessian: the gradient first, then its differential, then H read off', () => {
    const text = explain("x, a : vector(n)\nexplain(hessian(exp(a'*x), x))");
    const titles = text.split('\n').filter((l) => !l.startsWith(' '));
    expect(titles).toEqual(expect.arrayContaining(['The gradient', 'The differential of g, rule by rule', 'Reading the Hessian off the differential of the gradient']));
    expect(text).toMatch(/ {2}g = exp\(a'\*x\)\*a /);
    expect(text.split('\n').at(-1)).toBe("hessian(exp(a'*x), x) = exp(a'*x)*a*a'");
  });

  it('differential: nothing to read off; a one-rule derivation is one line', () => {
    const text = explain('X : matrix(n, n)\nexplain(differential(inv(X), X))');
    expect(text).not.toMatch(/Reading|Putting/);
    expect(text).toContain('d(f) = -inv(X)*d(X)*inv(X)   [d-inverse: Matrix Cookbook (40)]');
  });

  it('names a rule even where f is X itself or does not depend on X', () => {
    expect(explain("x, y : vector(n)\nexplain(grad(y'*y, x))")).toContain("d(f) = 0   [d-constant: f does not depend on x]");
    expect(explain('x : vector(n)\nexplain(differential(x, x))')).toContain('d(x) = d(x)   [d-variable: ');
  });

  it('a bare expression shows the rewrites that simplified it', () => {
    const text = explain("x : vector(n)\nA : matrix(n, n)\nexplain(x'*A*x + x'*A'*x)");
    expect(text).toMatch(/\[scalar-transpose/);
    expect(text.split('\n').at(-1)).toBe("x'*A*x + x'*A'*x = 2*x'*A*x");
  });

  it('numpy falls back to plain text', () => {
    const program = "x : vector(n)\nexplain(grad(x'*x, x))";
    expect(explain(program, 'numpy')).toBe(explain(program, 'plain'));
  });

  it('the model keeps a stand-in only for parts shown on their own lines', () => {
    const ex = explanation(run("x : vector(n)\nA : matrix(n, n)\nexplain(grad(log(x'*A*x), x))"));
    const shown = ex.sections.flatMap((s) => s.lines).flatMap((l) => ('d' in l.lhs ? [l.lhs.d] : []));
    for (const part of ex.holes.values()) expect(shown).toContain(part);
  });
});

describe('trivial simplification steps', () => {
  it('a stage made only by tidying rules is merged into the next one: one line, not two', () => {
    const [r] = new Session().run("x : vector(n); A : matrix(n, n)\nexplain(hessian(x'*A*x, x))") as ValueResult[];
    const lines = explainText(r!, 'plain').split('\n');
    const at = lines.indexOf('Simplifying');
    expect(lines.slice(at + 1)).toEqual(["    = A + A'   [identity-product]", "hessian(x'*A*x, x) = A + A'"]);
  });
});
