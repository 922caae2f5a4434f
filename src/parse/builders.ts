// The functions the grammar's postprocessors call (grammar/mcalc.ne). Each builds one `Ast` or
// `Statement` node with its span, keeps track of how deeply nodes nest, and validates what the
// grammar cannot (declaration types, dimensions, property words).
//
// nearley is an Earley parser: it also calls these for partial parses that do not end up in
// the final tree (`x` is completed as a whole expression before `x'` is seen). So builders
// never mutate their arguments' visible fields, lists are persistent cons lists (shared safely
// between competing partial parses), and a builder throws only when nesting is too deep, which
// a partial parse cannot be unless the final one is too; a bad declaration is returned instead.
import type { Ast, BinaryOp, DimAst, NameAst, Span, Statement, TypeName } from './ast.js';
import type { Tok } from './lexer.js';
import { PROPERTY_NAMES } from '../expr/node.js';
import { nearest } from '../check/suggest.js';

/** Deeper than any program a person writes or generates (5 000 nested definitions, 10 000 nested
 * calls parse); every stage after the parser walks such depths without recursion. */
export const MAX_DEPTH = 10_000;

/** A tower of powers, x^x^...^x, nests to the right: nearley (an Earley parser without Leo's
 * optimisation) completes every suffix of it at every "^", so its cost grows with the square of
 * its height; a lower limit keeps a 10 000-level tower a fast, clean error. */
export const MAX_TOWER = 200;

/** An error found while building: thrown when a node nests too deeply (a postprocessor has no
 * other way to stop nearley), returned for a bad declaration. parse.ts makes it a Diagnostic. */
export class ParseFailure extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

// Side data of nodes, kept off the AST types: the nesting depth (a missing entry means 1), and,
// for a node that was written in parentheses or behind folded signs, the span of the whole
// written form, which is what a parent's span must cover: in `(a+b)*c` the product starts at "(".
interface Meta {
  readonly depth: number;
  readonly outer?: Span;
}
const meta = new WeakMap<Ast, Meta>();

const depthOf = (n: Ast): number => meta.get(n)?.depth ?? 1;
const outerSpan = (n: Ast): Span => meta.get(n)?.outer ?? n.span;

function withOuter(n: Ast, outer: Span): Ast {
  meta.set(n, { depth: depthOf(n), outer });
  return n;
}

function track(n: Ast, depth: number): Ast {
  if (depth > MAX_DEPTH) {
    throw new ParseFailure(`expression is nested too deeply (more than ${MAX_DEPTH} levels)`, n.span);
  }
  if (depth > 1) meta.set(n, { depth });
  return n;
}

export function tokSpan(t: Tok): Span {
  return { line: t.line, column: t.col, offset: t.offset, end: t.offset + t.text.length };
}

function join(from: Span, to: Span): Span {
  return { line: from.line, column: from.column, offset: from.offset, end: to.end };
}

/** A persistent list, newest item first; `toArray` gives the items in source order. */
export interface List<T> {
  readonly item: T;
  readonly rest?: List<T>;
}

export function list<T>(item: T, rest?: List<T>): List<T> {
  return rest === undefined ? { item } : { item, rest };
}

function toArray<T>(l: List<T> | undefined): T[] {
  const out: T[] = [];
  for (let c = l; c !== undefined; c = c.rest) out.push(c.item);
  return out.reverse();
}

// ---- expressions

export function num(t: Tok): Ast {
  return { k: 'num', text: t.value, span: tokSpan(t) };
}

export function name(t: Tok): Ast {
  return { k: 'name', name: t.value, span: tokSpan(t) };
}

export function call(f: Tok, args: List<Ast>, close: Tok): Ast {
  const items = toArray(args);
  let deepest = 0;
  for (const a of items) deepest = Math.max(deepest, depthOf(a));
  const node: Ast = { k: 'call', name: f.value, nameSpan: tokSpan(f), args: items, span: join(tokSpan(f), tokSpan(close)) };
  return track(node, deepest + 1);
}

/** `( e )`: no node of its own; `e` remembers the parenthesised span for its parent. */
export function group(open: Tok, inner: Ast, close: Tok): Ast {
  return withOuter(inner, join(tokSpan(open), tokSpan(close)));
}

/** `√a` is sqrt(a); it takes an atom, so `√x²` is (√x)², as the Unicode printer means it. */
export function root(r: Tok, arg: Ast): Ast {
  const span = join(tokSpan(r), outerSpan(arg));
  return track({ k: 'call', name: 'sqrt', nameSpan: tokSpan(r), args: [arg], span }, depthOf(arg) + 1);
}

export function bars(open: Tok, arg: Ast, close: Tok): Ast {
  return track({ k: 'bars', arg, span: join(tokSpan(open), tokSpan(close)) }, depthOf(arg) + 1);
}

export function norm(open: Tok, arg: Ast, close: Tok): Ast {
  return track({ k: 'norm', arg, span: join(tokSpan(open), tokSpan(close)) }, depthOf(arg) + 1);
}

const LEVEL: Readonly<Record<BinaryOp, number>> = { '+': 0, '-': 0, '*': 1, '/': 1, '.*': 1, './': 1, kron: 1 };

/** Left-associative `a op b`. A chain of one precedence level (`a + b - c`, `a*b/c`) nests along
 * its left spine without adding depth: consumers walk that spine with a loop. */
export function binary(left: Ast, op: Tok, right: Ast): Ast {
  const o = op.value as BinaryOp;
  const node: Ast = { k: 'binary', op: o, left, right, opSpan: tokSpan(op), span: join(outerSpan(left), outerSpan(right)) };
  const sameLevel = left.k === 'binary' && LEVEL[left.op] === LEVEL[o];
  return track(node, Math.max(depthOf(left) + (sameLevel ? 0 : 1), depthOf(right) + 1));
}

/** `-a`; `- -a` folds to `a` (so 20 000 signs never nest), which then spans the signs too. */
export function negate(minus: Tok, arg: Ast): Ast {
  const span = join(tokSpan(minus), outerSpan(arg));
  if (arg.k === 'neg') return withOuter(arg.arg, span);
  return track({ k: 'neg', arg, span }, depthOf(arg) + 1);
}

/** The height of a tower of powers: how many `^` nest in the exponents (a missing entry means 0). */
const towers = new WeakMap<Ast, number>();

/** `a ^ e`, or `a .^ e` when the caret token is `.^`. */
export function power(base: Ast, exp: Ast, caret?: Tok): Ast {
  const span = join(outerSpan(base), outerSpan(exp));
  const node: Ast = caret?.value === '.^' ? { k: 'pow', base, exp, span, elementwise: true } : { k: 'pow', base, exp, span };
  const tower = (towers.get(exp) ?? 0) + 1;
  if (tower > MAX_TOWER) throw new ParseFailure(`a tower of powers is too high (more than ${MAX_TOWER} levels)`, node.span);
  towers.set(node, tower);
  return track(node, Math.max(depthOf(base), depthOf(exp)) + 1);
}

export function transpose(arg: Ast, t: Tok): Ast {
  return track({ k: 'transpose', arg, span: join(outerSpan(arg), tokSpan(t)) }, depthOf(arg) + 1);
}

/** `x²` is `x^2`, `K⁻¹` is `K^-1`: the token's value is `2` or `-1`. */
export function superscript(base: Ast, t: Tok): Ast {
  const whole = tokSpan(t);
  const negative = t.value.startsWith('-');
  const digits: Span = negative ? { ...whole, column: whole.column + 1, offset: whole.offset + 1 } : whole;
  const n: Ast = { k: 'num', text: negative ? t.value.slice(1) : t.value, span: digits };
  const exp: Ast = negative ? { k: 'neg', arg: n, span: whole } : n;
  return track({ k: 'pow', base, exp, span: join(outerSpan(base), whole) }, depthOf(base) + 1);
}

// ---- statements

export function exprStatement(e: Ast): Statement {
  return { k: 'expr', expr: e, span: outerSpan(e) };
}

/** A REPL command line; its token's value is the line from ":" on, without trailing blanks. */
export function command(t: Tok): Statement {
  return { k: 'command', text: t.value, span: { ...tokSpan(t), end: t.offset + t.value.length } };
}

export function definition(n: Tok, body: Ast): Statement {
  return { k: 'def', name: nameAst(n), body, span: join(tokSpan(n), outerSpan(body)) };
}

const nameAst = (t: Tok): NameAst => ({ name: t.value, span: tokSpan(t) });

/** The type of a declaration as written: `scalar`, `vector(n)`, `matrix(m, n)`. */
export interface TypeSpec {
  readonly word: Tok;
  readonly dims: readonly Tok[];
  readonly span: Span;
}

export function typeSpec(word: Tok, dims?: List<Tok>, close?: Tok): TypeSpec {
  return { word, dims: toArray(dims), span: close === undefined ? tokSpan(word) : join(tokSpan(word), tokSpan(close)) };
}

/** A product of dimensions in a type (`vector(m*n)`): one name token whose value is the product
 * (scope.ts puts it in canonical order); another operator or a factor that is not a positive
 * integer makes an `error` token, reported by declaration(). */
export function dimProduct(l: Tok, op: Tok, r: Tok): Tok {
  const factor = (t: Tok): string | undefined => (t.type === 'name' ? t.value : /^[1-9][0-9]*$/.test(t.text) ? t.text : undefined);
  const [a, c] = [factor(l), factor(r)];
  // an explicit "*" only: the one a juxtaposition (2n) inserts has no text
  const ok = op.value === '*' && op.text !== '' && a !== undefined && c !== undefined;
  // the text spans the whole product, so that tokSpan covers it (operators as blanks)
  const text = `${l.text}${' '.repeat(Math.max(0, r.offset - l.offset - l.text.length))}${r.text}`;
  return { type: ok ? 'name' : 'error', value: `${a}*${c}`, text, offset: l.offset, line: l.line, col: l.col };
}

const ARITY: Readonly<Record<TypeName, [count: number, usage: string]>> = {
  scalar: [0, 'scalar takes no dimensions'],
  vector: [1, 'vector takes one dimension, as in vector(n)'],
  matrix: [2, 'matrix takes two dimensions, as in matrix(m, n)'],
};
const PROPERTIES = PROPERTY_NAMES.map(([name]) => name);
const PROPERTY_LIST = `${PROPERTIES.slice(0, -1).join(', ')} or ${PROPERTIES[PROPERTIES.length - 1]}`;

/** A declaration, or what is wrong with it. The problem is returned, not thrown, because
 * nearley also completes partial declarations (`x : vector` before its `(n)` is read); parse.ts
 * reports it only if it is in the final parse. */
export function declaration(names: List<Tok>, spec: TypeSpec, props?: List<Tok>): Statement | ParseFailure {
  const { word } = spec;
  if (!Object.hasOwn(ARITY, word.value)) {
    const near = nearest(word.text, Object.keys(ARITY)).map((t) => (t === 'scalar' ? t : `${t}(${t === 'vector' ? 'n' : 'm, n'})`));
    const expected = 'scalar, vector(n) or matrix(m, n)';
    const hint = near.length ? `did you mean ${near.join(' or ')}? (expected ${expected})` : `expected ${expected}`;
    return new ParseFailure(`unknown type "${word.text}"; ${hint}`, tokSpan(word));
  }
  const type = word.value as TypeName;
  const [count, usage] = ARITY[type];
  if (spec.dims.length !== count) return new ParseFailure(usage, spec.span);
  const dims: DimAst[] = [];
  for (const t of spec.dims) {
    if (t.type === 'error') return new ParseFailure('a product of dimensions is written with * between names or positive integers, as in vector(m*n)', tokSpan(t));
    if (t.type === 'number' && !/^[1-9][0-9]*$/.test(t.text)) {
      return new ParseFailure(`a dimension is a name or a positive integer, not "${t.text}"`, tokSpan(t));
    }
    dims.push({ value: t.type === 'number' ? Number(t.text) : t.value, span: tokSpan(t) });
  }
  const propToks = toArray(props);
  const unknown = propToks.find((p) => !PROPERTIES.includes(p.value));
  if (unknown !== undefined) {
    return new ParseFailure(`unknown property "${unknown.text}"; expected ${PROPERTY_LIST}`, tokSpan(unknown));
  }
  const nameToks = toArray(names);
  const last = propToks.length > 0 ? tokSpan(propToks[propToks.length - 1]!) : spec.span;
  return {
    k: 'decl', names: nameToks.map(nameAst), type, dims, props: propToks.map(nameAst),
    span: join(tokSpan(nameToks[0]!), last),
  };
}
