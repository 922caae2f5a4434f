// Golden trees for every row of LANGUAGE.md's expression table, the precedence rules, the
// statement forms, and spans. ASCII and Unicode spellings must give the same tree (modulo spans).
import { describe, expect, test } from 'vitest';
import type { Statement } from '../../src/parse/ast.js';
import { GOLDEN, PROGRAMS, SPELLINGS } from './cases.js';
import { bars, bin, call, expr, program, strip, tp, v } from './helpers.js';

describe('golden trees', () => {
  test.each(GOLDEN)('%s', (source, expected) => {
    expect(expr(source)).toEqual(expected);
  });
});

describe('Unicode spellings give the ASCII tree', () => {
  test.each(SPELLINGS)('%s = %s', (unicode, ascii) => {
    expect(expr(unicode)).toEqual(expr(ascii));
  });

  test('the seed answer in Unicode, with explicit products', () => {
    expect(expr('α*K⁻¹*y*yᵀ*K⁻¹*x − α*D*K⁻¹*x')).toEqual(expr("alpha*K^-1*y*y'*K^-1*x - alpha*D*K^-1*x"));
  });
});

describe('statements', () => {
  const bare = (source: string) => program(source).map(strip);

  test('declarations', () => {
    expect(bare('x, y : vector(n)\nW : matrix(m, n)\nalpha, β, D : scalar\nA : matrix(3, 3) symmetric posdef\nB : matrix(n, n) diagonal, invertible')).toEqual([
      { k: 'decl', names: [{ name: 'x' }, { name: 'y' }], type: 'vector', dims: [{ value: 'n' }], props: [] },
      { k: 'decl', names: [{ name: 'W' }], type: 'matrix', dims: [{ value: 'm' }, { value: 'n' }], props: [] },
      { k: 'decl', names: [{ name: 'alpha' }, { name: 'beta' }, { name: 'D' }], type: 'scalar', dims: [], props: [] },
      { k: 'decl', names: [{ name: 'A' }], type: 'matrix', dims: [{ value: 3 }, { value: 3 }], props: [{ name: 'symmetric' }, { name: 'posdef' }] },
      { k: 'decl', names: [{ name: 'B' }], type: 'matrix', dims: [{ value: 'n' }, { value: 'n' }], props: [{ name: 'diagonal' }, { name: 'invertible' }] },
    ]);
  });

  test('definitions, expressions, commands, separators, comments, blank lines', () => {
    const src = "# a comment line\n\nK := alpha*x*x'  # trailing comment\n;; grad(h, x); x\n   :format latex  \n:help\n";
    expect(bare(src)).toEqual([
      { k: 'def', name: { name: 'K' }, body: bin('*', bin('*', v('alpha'), v('x')), tp(v('x'))) },
      { k: 'expr', expr: call('grad', v('h'), v('x')) },
      { k: 'expr', expr: v('x') },
      { k: 'command', text: ':format latex' },
      { k: 'command', text: ':help' },
    ]);
  });

  test('a statement continues while a bracket is open or after a trailing operator', () => {
    expect(bare('f(a,\n  b)\n|x\n|\nh := a +\n  b *\n\n  c\nK :=\n x')).toEqual([
      { k: 'expr', expr: call('f', v('a'), v('b')) },
      { k: 'expr', expr: bars(v('x')) },
      { k: 'def', name: { name: 'h' }, body: bin('+', v('a'), bin('*', v('b'), v('c'))) },
      { k: 'def', name: { name: 'K' }, body: v('x') },
    ]);
  });

  test.each(PROGRAMS)('the program %j parses', (source) => {
    expect(program(source).length).toBeGreaterThan(0);
  });

  test('an empty program, and one of blanks and comments, have no statements', () => {
    expect(bare('')).toEqual([]);
    expect(bare('  \n# only a comment\n;\n\r\n')).toEqual([]);
  });
});

describe('spans', () => {
  const src = 'x : vector(n)\n\nh := 2 * (a + b)\' - c\n  grad(h,  x)';
  const [decl, def, query] = program(src) as [Statement, Statement, Statement];
  const text = (s: { offset: number; end: number }) => src.slice(s.offset, s.end);

  test('statement spans', () => {
    expect(decl.span).toEqual({ line: 1, column: 1, offset: 0, end: 13 });
    expect(text(def.span)).toBe("h := 2 * (a + b)' - c");
    expect(def.span).toMatchObject({ line: 3, column: 1 });
    expect(query.span).toMatchObject({ line: 4, column: 3 });
    expect(text(query.span)).toBe('grad(h,  x)');
  });

  test('node spans on line 3, parentheses included in the parent', () => {
    if (def.k !== 'def' || def.body.k !== 'binary') throw new Error('expected a definition of a difference');
    const { left: product, right: c, opSpan } = def.body;
    expect(opSpan).toEqual({ line: 3, column: 19, offset: 33, end: 34 });
    expect(c.span).toEqual({ line: 3, column: 21, offset: 35, end: 36 });
    expect(text(product.span)).toBe("2 * (a + b)'");
    if (product.k !== 'binary' || product.right.k !== 'transpose') throw new Error('expected 2 * (...)\'');
    expect(text(product.right.span)).toBe("(a + b)'");
    const sum = product.right.arg;
    expect(sum.span).toMatchObject({ line: 3, column: 11 });
    expect(text(sum.span)).toBe('a + b');
  });

  test('call and name spans', () => {
    if (query.k !== 'expr' || query.expr.k !== 'call') throw new Error('expected a call');
    expect(query.expr.nameSpan).toEqual({ line: 4, column: 3, offset: 39, end: 43 });
    expect(query.expr.args[1]!.span).toEqual({ line: 4, column: 12, offset: 48, end: 49 });
    if (decl.k !== 'decl') throw new Error('expected a declaration');
    expect(decl.dims[0]!.span).toMatchObject({ line: 1, column: 12 });
  });

  test('Unicode: superscripts and Greek letters keep their written positions', () => {
    const [s] = program('  α + K⁻¹') as [Statement];
    if (s.k !== 'expr' || s.expr.k !== 'binary' || s.expr.right.k !== 'pow') throw new Error('expected alpha + pow');
    expect(s.expr.left.span).toEqual({ line: 1, column: 3, offset: 2, end: 3 });
    expect(s.expr.right.span).toEqual({ line: 1, column: 7, offset: 6, end: 9 });
    expect(s.expr.right.exp.span).toEqual({ line: 1, column: 8, offset: 7, end: 9 });
  });
});
