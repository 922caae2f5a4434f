// Shared by the parser tests: span stripping, compact constructors for expected trees, and a
// printer that writes a span-less tree back as mcalc text in randomly chosen spellings (used by
// the fast-check tests to feed the parser many different valid inputs).
import { expect } from 'vitest';
import type { Ast, Statement } from '../../src/parse/ast.js';
import { parseExpression, parseProgram } from '../../src/parse/parse.js';
import { mulberry32 } from '../../src/numeric/random.js';

/** An AST or statement without spans. */
export type Bare = { readonly k: string; readonly [field: string]: unknown };

const SPAN_FIELDS = new Set(['span', 'opSpan', 'nameSpan']);

/** Removes every span (recursively; only for the small trees of the tests). */
export function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(Object.entries(x).filter(([k]) => !SPAN_FIELDS.has(k)).map(([k, v]) => [k, strip(v)]));
}

export const num = (text: string): Bare => ({ k: 'num', text });
export const v = (name: string): Bare => ({ k: 'name', name });
export const call = (name: string, ...args: Bare[]): Bare => ({ k: 'call', name, args });
export const bin = (op: string, left: Bare, right: Bare): Bare => ({ k: 'binary', op, left, right });
export const neg = (arg: Bare): Bare => ({ k: 'neg', arg });
export const tp = (arg: Bare): Bare => ({ k: 'transpose', arg });
export const pow = (base: Bare, exp: Bare): Bare => ({ k: 'pow', base, exp });
export const bars = (arg: Bare): Bare => ({ k: 'bars', arg });
export const norm = (arg: Bare): Bare => ({ k: 'norm', arg });

/** The span-less tree of one expression, failing the test with the parser's message if any. */
export function expr(source: string): unknown {
  const r = parseExpression(source);
  if ('error' in r) expect.fail(`${source}: ${r.error.line}:${r.error.column}: ${r.error.message}`);
  return strip(r.ast);
}

/** The statements of a program that must parse without error. */
export function program(source: string): Statement[] {
  const r = parseProgram(source);
  if (r.error !== undefined) expect.fail(`${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.statements;
}

export function errorOf(source: string): string {
  const { error } = parseProgram(source);
  return error === undefined ? 'no error' : `${error.line}:${error.column}: ${error.message}`;
}

/** Walks a left spine with a loop: the operands of a long chain, in source order. */
export function leftSpine(node: Ast): { ops: string[]; operands: Ast[] } {
  const ops: string[] = [];
  const operands: Ast[] = [];
  let n = node;
  while (n.k === 'binary') {
    ops.push(n.op);
    operands.push(n.right);
    n = n.left;
  }
  operands.push(n);
  return { ops: ops.reverse(), operands: operands.reverse() };
}

// ---- printing, for the property tests

/** A small deterministic PRNG, so a fast-check seed fixes every spelling choice. */
export const rng = mulberry32;

// Grammar levels, loosest first: POWER may end in "^ exponent", POSTFIX may not.
const SUM = 0, TERM = 1, UNARY = 2, POWER = 3, POSTFIX = 4, ATOM = 5;
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Prints a span-less expression so that it parses back to the same tree, choosing ASCII or
 * Unicode spellings, blanks, redundant parentheses and line breaks inside parentheses at random. */
export function print(node: Bare, random: () => number): string {
  const pick = <T>(...xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const sp = () => pick('', ' ');

  const paren = (text: string) => `(${pick('', '', '\n')}${text})`;
  const at = (n: Bare, min: number): string => {
    const [text, level] = go(n);
    return level < min || random() < 0.05 ? paren(text) : text;
  };
  const exponent = (n: Bare): string => {
    if (n.k === 'neg') return `-${exponent(n.arg as Bare)}`;
    if (n.k === 'pow' && go(n.base as Bare)[1] === ATOM) return `${at(n.base as Bare, ATOM)}^${exponent(n.exp as Bare)}`;
    return at(n, ATOM);
  };

  const go = (n: Bare): [string, number] => {
    switch (n.k) {
      case 'num':
        return [n.text as string, ATOM];
      case 'name':
        return [n.name === 'alpha' ? pick('alpha', 'α') : (n.name as string), ATOM];
      case 'call':
        return [`${n.name as string}(${(n.args as Bare[]).map((a) => at(a, SUM)).join(`,${sp()}`)})`, ATOM];
      case 'bars':
        return [`|${at(n.arg as Bare, SUM)}|`, ATOM];
      case 'norm':
        return [`‖${at(n.arg as Bare, SUM)}‖`, ATOM];
      case 'transpose':
        return [at(n.arg as Bare, POWER) + pick("'", 'ᵀ', '^T', '’'), POSTFIX];
      case 'neg':
        return [pick('-', '−') + at(n.arg as Bare, UNARY), UNARY];
      case 'pow': {
        const exp = n.exp as Bare;
        const digits = exp.k === 'num' ? (exp.text as string) : exp.k === 'neg' && (exp.arg as Bare).k === 'num' ? `-${(exp.arg as Bare).text as string}` : '';
        const base = at(n.base as Bare, POWER);
        // (x²)² cannot be written x²²: that is x^22
        if (/^-?\d+$/.test(digits) && !/[⁰¹²³⁴⁵⁶⁷⁸⁹]$/.test(base) && random() < 0.5) {
          const sup = [...digits].map((c) => (c === '-' ? '⁻' : SUPERSCRIPT[Number(c)])).join('');
          return [base + sup, POSTFIX];
        }
        return [`${at(n.base as Bare, POSTFIX)}^${exponent(exp)}`, POWER];
      }
      case 'binary': {
        const op = n.op as string;
        const additive = op === '+' || op === '-';
        const left = at(n.left as Bare, additive ? SUM : TERM);
        const right = at(n.right as Bare, additive ? TERM : UNARY);
        // juxtaposition `2x`: a bare number right before a name or "(" (not `2e…`, which is a number)
        if (op === '*' && (n.left as Bare).k === 'num' && left === (n.left as Bare).text && /^[a-df-zA-DF-Zα(]/.test(right) && random() < 0.3) {
          return [left + right, TERM];
        }
        const spelled: Record<string, string[]> = { '+': ['+'], '-': ['-', '−'], '*': ['*', '·', '×'], '/': ['/'], '.*': ['.*', '⊙'], './': ['./'], kron: ['⊗'] };
        const s = sp();
        const lineBreak = random() < 0.05 ? '\n' : '';
        return [`${left}${s}${pick(...spelled[op]!)}${s}${lineBreak}${right}`, additive ? SUM : TERM];
      }
      default:
        throw new Error(`cannot print ${n.k}`);
    }
  };
  return go(node)[0];
}
