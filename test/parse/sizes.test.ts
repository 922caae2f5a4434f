// Large inputs must parse (or fail cleanly) within seconds and never overflow the stack. The
// assertions are about the outcome; the times are logged, not asserted.
import { describe, expect, test } from 'vitest';
import type { Ast } from '../../src/parse/ast.js';
import { MAX_DEPTH, MAX_TOWER } from '../../src/parse/builders.js';
import { parseProgram, type ParsedProgram } from '../../src/parse/parse.js';
import { leftSpine } from './helpers.js';

const N = 10_000;
const TOO_DEEP = `expression is nested too deeply (more than ${MAX_DEPTH} levels)`;

function timed(label: string, source: string): ParsedProgram {
  const start = performance.now();
  const result = parseProgram(source);
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms for ${source.length} characters`);
  return result;
}

function onlyExpression(r: ParsedProgram): Ast {
  expect(r.error).toBeUndefined();
  expect(r.statements).toHaveLength(1);
  const [s] = r.statements;
  if (s?.k !== 'expr') throw new Error('expected an expression statement');
  return s.expr;
}

describe('sizes', { timeout: 60_000 }, () => {
  test(`${N} nested parentheses`, () => {
    const e = onlyExpression(timed('10 000 nested parentheses', `${'('.repeat(N)}x'*x${')'.repeat(N)}`));
    expect(e).toMatchObject({ k: 'binary', op: '*', left: { k: 'transpose', arg: { k: 'name', name: 'x' } }, right: { k: 'name' } });
    expect(e.span).toMatchObject({ offset: N, end: N + 4 });
  });

  test(`${N} nested parentheses with one ")" missing`, () => {
    const r = timed('10 000 parentheses, one missing', `${'('.repeat(N)}x'*x${')'.repeat(N - 1)}`);
    expect(r.statements).toEqual([]);
    expect(r.error).toMatchObject({ line: 1, column: 2 * N + 4, message: 'unexpected end of input; "(" at 1:1 is never closed' });
  });

  test('the corpus case: 5000 parentheses in a query, one missing', () => {
    const r = timed('corpus deep nesting', `x : vector(n)\ngrad(${'('.repeat(5000)}x'*x${')'.repeat(4999)}, x)`);
    expect(r.statements).toHaveLength(1);
    expect(r.error).toMatchObject({ line: 2, column: 5 + 5000 + 4 + 4999 + 1, message: 'unexpected ","; expected ")"' });
  });

  test('a 100 000-term sum', () => {
    const e = onlyExpression(timed('100 000-term sum', Array(100_000).fill('a').join(' + ')));
    const { ops, operands } = leftSpine(e);
    expect(operands).toHaveLength(100_000);
    expect(ops.every((op) => op === '+')).toBe(true);
    expect(operands.every((o) => o.k === 'name' && o.name === 'a')).toBe(true);
    expect(operands[99_999]!.span).toMatchObject({ offset: 4 * 99_999 });
  });

  test('a 100 000-factor product of mixed operators', () => {
    const factors = Array.from({ length: 100_000 }, (_, i) => (i === 0 ? 'x' : ['*', '/', '.*'][i % 3] + 'x')).join('');
    const { ops } = leftSpine(onlyExpression(timed('100 000-factor product', factors)));
    expect(ops).toHaveLength(99_999);
    expect(ops.slice(0, 3)).toEqual(['/', '.*', '*']);
  });

  test('20 000 and 20 001 unary minus signs fold to x and -x', () => {
    const even = onlyExpression(timed('20 000 minus signs', `${'- '.repeat(20_000)}x`));
    expect(even).toMatchObject({ k: 'name', name: 'x' });
    const odd = onlyExpression(timed('20 001 minus signs', `${'-'.repeat(20_001)}x`));
    expect(odd).toMatchObject({ k: 'neg', arg: { k: 'name', name: 'x' } });
    const inParens = onlyExpression(timed('20 000 -( nestings', `${'-('.repeat(20_000)}x${')'.repeat(20_000)}`));
    expect(inParens).toMatchObject({ k: 'name', name: 'x' });
  });

  test.each([
    ['f(', 'x', ')'],
    ['inv(', 'x', ')'],
    ['|', 'x', '|'],
    ['‖', 'x', '‖'],
    ['a + (', 'b', ')'],
  ])(`${N} levels of %s…%s: a clean error`, (open, inner, close) => {
    const r = timed(`${N} levels of ${open}${close}`, `${open.repeat(N)}${inner}${close.repeat(N)}`);
    expect(r.error?.message).toBe(TOO_DEEP);
  });

  test(`${N}-deep power towers and transposes: a clean error`, () => {
    const tower = `a tower of powers is too high (more than ${MAX_TOWER} levels)`;
    expect(timed('x^x^x^…', Array(N).fill('x').join('^')).error?.message).toBe(tower);
    expect(timed('x^2^2^…', `x${'^2'.repeat(N)}`).error?.message).toBe(tower);
    expect(parseProgram(Array(MAX_TOWER + 1).fill('x').join('^')).error).toBeUndefined();
    expect(timed("x'''…", `x${"'".repeat(N)}`).error?.message).toBe(TOO_DEEP);
    expect(timed('-(a*-(a*…', `${'-(a*'.repeat(N)}x${')'.repeat(N)}`).error?.message).toBe(TOO_DEEP);
  });

  test(`the limit is exactly ${MAX_DEPTH} levels, and the error points where it is crossed`, () => {
    // f(…f(x)…) with k calls is k + 1 levels deep (x is one).
    const calls = (k: number, prefix = '') => `${prefix}${'f('.repeat(k)}x${')'.repeat(k)}`;
    expect(parseProgram(calls(MAX_DEPTH - 1)).error).toBeUndefined();
    expect(parseProgram(calls(MAX_DEPTH, 'a\n  ')).error).toMatchObject({ line: 2, column: 3, message: TOO_DEEP });
    // the level past the limit, counted from the inside, in a deeper nesting
    expect(parseProgram(calls(MAX_DEPTH + 600)).error).toMatchObject({ line: 1, column: 2 * 600 + 1 });
  });

  test('NUL bytes and emoji: a clean error, statements before it kept', () => {
    const r = timed('NUL and emoji', `a\n${'b + '.repeat(1000)}\u0000\u0000 😀`);
    expect(r.statements).toHaveLength(1);
    expect(r.error).toMatchObject({ line: 2, column: 4001, message: 'unexpected character U+0000' });
    expect(parseProgram('x + 🧮🧮').error?.message).toBe('unexpected character "🧮" (U+1F9EE)');
    expect(parseProgram('# 😀 in a comment is fine\nx').error).toBeUndefined();
  });

  test('a long program: 20 000 statements', () => {
    const r = timed('20 000 statements', Array.from({ length: 20_000 }, (_, i) => `x${i} := a*x + ${i}`).join('\n'));
    expect(r.error).toBeUndefined();
    expect(r.statements).toHaveLength(20_000);
    expect(r.statements[19_999]!.span.line).toBe(20_000);
  });
});
