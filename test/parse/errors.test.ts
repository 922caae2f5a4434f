// Errors are values with exact positions in the original source; the statements before the
// first error are still returned; the REPL's isIncomplete; parseExpression's single expression.
import { describe, expect, test } from 'vitest';
import { isIncomplete, parseExpression, parseProgram } from '../../src/parse/parse.js';
import { errorOf, strip, v } from './helpers.js';

describe('error messages and positions', () => {
  test.each([
    // the acceptance corpus's parse errors
    ["x : vector(n)\ngrad(x'* *x, x)", '2:10: unexpected "*"; expected an expression'],
    ["x : vector(n)\ngrad(x'*x $ 2, x)", '2:11: unexpected character "$"'],
    ["x : vector(n)\ngrad((x'*x, x)", '2:11: unexpected ","; expected ")"'],
    // the brief's examples
    ['f(x, )', '1:6: unexpected ")"; expected an expression'],
    ['x + )', '1:5: unexpected ")"; expected an expression'],
    ['a := 1\nb := 2\n  f(x,\n    g(y)', '4:9: unexpected end of input; "(" at 3:4 is never closed'],
    ['(x +', '1:5: unexpected end of input; expected an expression ("(" at 1:1 is never closed)'],
    ['|x + 1', '1:7: unexpected end of input; "|" at 1:1 is never closed'],
    ['x +', '1:4: unexpected end of input; expected an expression'],
    ['x + \n\n', '3:1: unexpected end of input; expected an expression'],
    ['x +;', '1:4: unexpected ";"; expected an expression'],
    ['x\u0000', '1:2: unexpected character U+0000'],
    ['x + 😀', '1:5: unexpected character "😀" (U+1F600)'],
    ['x\u200b+ y', '1:2: unexpected character U+200B'],
    ['é', '1:1: unexpected character "é" (U+00E9)'],
    ['K = x', '1:3: unexpected character "="; write ":=" to define a name'],
    ['x)', '1:2: unexpected ")" with no matching "("'],
    ['(x))', '1:4: unexpected ")" with no matching "("'],
    // juxtaposed names are a product (x y is x*y), but a number after an operand is not
    ['f(x 2)', '1:5: unexpected "2"; expected "," or ")"'],
    ['(x 2)', '1:4: unexpected "2"; expected ")"'],
    ['x 2', '1:3: unexpected "2"; expected an operator'],
    ['2 3', '1:3: unexpected "3"; expected an operator'],
    ["W' 2", '1:4: unexpected "2"; expected an operator'],
    ['|x)', '1:3: unexpected ")"; expected "|"'],
    ['‖x|', '1:3: unexpected "|"; expected "‖"'],
    ['x^', '1:3: unexpected end of input; expected an expression'],
    ['f()', '1:3: unexpected ")"; expected an expression'],
    ['2.5.5', '1:4: unexpected ".5"; expected an operator'],
    ['x := := y', '1:6: unexpected ":="; expected an expression'],
    // declarations
    ['x : ', '1:5: unexpected end of input; expected a type (scalar, vector(n) or matrix(m, n))'],
    ['x : vec(n)', '1:5: unknown type "vec"; expected scalar, vector(n) or matrix(m, n)'],
    ['x : vectoor(n)', '1:5: unknown type "vectoor"; did you mean vector(n)? (expected scalar, vector(n) or matrix(m, n))'],
    ['A : matix(n, n)', '1:5: unknown type "matix"; did you mean matrix(m, n)? (expected scalar, vector(n) or matrix(m, n))'],
    ['x : vector', '1:5: vector takes one dimension, as in vector(n)'],
    ['x : matrix(n)', '1:5: matrix takes two dimensions, as in matrix(m, n)'],
    ['s : scalar(1)', '1:5: scalar takes no dimensions'],
    ['x : vector(0)', '1:12: a dimension is a name or a positive integer, not "0"'],
    ['x : vector(2.5)', '1:12: a dimension is a name or a positive integer, not "2.5"'],
    ['x : vector(2n)', '1:12: a product of dimensions is written with * between names or positive integers, as in vector(m*n)'],
    ['x : vector()', '1:12: unexpected ")"; expected a dimension (a name or a positive integer)'],
    ['x : matrix(n n)', '1:14: unexpected "n"; expected "," or ")"'],
    ['A : matrix(n, n) symetric', '1:18: unknown property "symetric"; expected symmetric, posdef, diagonal, orthogonal or invertible'],
    ['A : matrix(n, n) symmetric foo', '1:28: unknown property "foo"; expected symmetric, posdef, diagonal, orthogonal or invertible'],
    ['A : matrix(n, n) +', '1:18: unexpected "+"; expected a property (symmetric, posdef, diagonal, orthogonal or invertible)'],
    ['x, y z', '1:6: unexpected "z"; expected ":"'],
    ['x, : scalar', '1:4: unexpected ":"; expected a name'],
    ['2 : scalar', '1:3: unexpected ":"; expected an operator'],
  ])('%j', (source, expected) => {
    expect(errorOf(source)).toBe(expected);
  });

  test('an error carries the span of the offending token', () => {
    const { error } = parseProgram('a\n  b + *c');
    expect(error).toEqual({
      message: 'unexpected "*"; expected an expression', line: 2, column: 7,
      span: { line: 2, column: 7, offset: 8, end: 9 },
    });
  });

  test('positions count a tab and CRLF the way editors do', () => {
    expect(errorOf('x\r\n\ty + )')).toBe('2:6: unexpected ")"; expected an expression');
  });
});

describe('statements before the first error are returned', () => {
  test('a syntax error on line 3', () => {
    const r = parseProgram('x : vector(n)\ny := x\ny + )\nz');
    expect(r.statements.map((s) => s.k)).toEqual(['decl', 'def']);
    expect(r.error).toMatchObject({ line: 3, column: 5, message: 'unexpected ")"; expected an expression' });
  });

  test('a bad character stops the program at its statement', () => {
    const r = parseProgram('a; b\nc + \u0000; d');
    expect(r.statements.map(strip)).toEqual([{ k: 'expr', expr: v('a') }, { k: 'expr', expr: v('b') }]);
    expect(r.error).toMatchObject({ line: 2, column: 5, message: 'unexpected character U+0000' });
  });

  test('a syntax error before a bad character is the one reported', () => {
    expect(errorOf('x + ) $')).toBe('1:5: unexpected ")"; expected an expression');
  });

  test('an unclosed "(" swallows the following lines, and the message says where it was opened', () => {
    expect(errorOf('f(x,\n  y\n3 : scalar')).toBe('3:1: unexpected "3"; expected "," or ")" ("(" at 1:2 is still open)');
    expect(errorOf('f(x, (y)\n  3)')).toBe('2:3: unexpected "3"; expected "," or ")" ("(" at 1:2 is still open)');
    expect(errorOf('f(x, y\n  3)')).toBe('2:3: unexpected "3"; expected "," or ")" ("(" at 1:2 is still open)');
  });
});

describe('isIncomplete', () => {
  test.each(['(x', 'f(x,', 'x +', "x'*", 'K :=', 'x :', 'x, ', '|x', '‖x - y', 'a\nb -', 'x : matrix(n,', 'f(\n  x'])('%j is incomplete', (source) => {
    expect(isIncomplete(source)).toBe(true);
  });

  test.each(['', '# comment', 'x', 'x)', 'x + )', 'x $', ':help', 'x : vector(n)', '(x +\n  y)', 'x +;', 'x + *', '(x; y'])('%j is not', (source) => {
    expect(isIncomplete(source)).toBe(false);
  });
});

describe('parseExpression', () => {
  test('one expression', () => {
    const r = parseExpression(' (x + y)\n');
    expect('ast' in r && strip(r.ast)).toEqual({ k: 'binary', op: '+', left: v('x'), right: v('y') });
  });

  test.each([
    ['', '1:1: unexpected end of input; expected an expression'],
    ['x : scalar', '1:3: unexpected ":"; expected an operator'],
    ['K := x', '1:3: unexpected ":="; expected an operator'],
    ['x; y', '1:4: unexpected "y" after the expression'],
    ['x\ny', '2:1: unexpected "y" after the expression'],
    [':help', '1:1: unexpected ":"; expected an expression'],
    ['x +', '1:4: unexpected end of input; expected an expression'],
  ])('%j', (source, expected) => {
    const r = parseExpression(source);
    expect('error' in r ? `${r.error.line}:${r.error.column}: ${r.error.message}` : 'no error').toBe(expected);
  });
});
