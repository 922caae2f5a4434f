// The parser stage's public API: source text -> statements (or one expression) with spans, and
// at most one Diagnostic. Errors are values; nothing thrown escapes these functions.
//
// The source is lexed once (lexer.ts), split into statements here by tracking brackets over the
// tokens, and each statement is parsed with a fresh nearley parser. That keeps every parse
// small, makes errors local, and lets parseProgram return the statements before a bad one.
// a plain import, like moo's in lexer.ts
import nearley from 'nearley';
import type { Ast, Diagnostic, Span, Statement, WhereDefinition } from './ast.js';
import { splitWhere } from './where.js';
import { command, ParseFailure, tokSpan } from './builders.js';
import grammar from './grammar.generated.js';
import { describeCharacter, tokenize, type Tok, type TokenType } from './lexer.js';
import { pastedHint } from './pasted.js';

export interface ParsedProgram {
  statements: Statement[];
  error?: Diagnostic;
}

/** Parses a program: statements separated by newlines or ";". Returns every statement before
 * the first bad one, and that one's error. A line whose first non-blank character is ":" is a
 * `command` statement whose text is the line from the ":" on, trailing blanks removed. */
export function parseProgram(source: string): ParsedProgram {
  const { statements, error } = run(source);
  return error === undefined ? { statements } : { statements, error: error.diagnostic };
}

/** For the REPL: true when the source is a valid start that more lines could complete (an
 * unclosed bracket or bar, a trailing operator, input ending mid-statement). */
export function isIncomplete(source: string): boolean {
  return run(source).error?.atEnd === true;
}

/** Parses exactly one expression (no declarations, definitions or commands). */
export function parseExpression(source: string): { ast: Ast } | { error: Diagnostic } {
  try {
    const tokens = tokenize(source);
    const pieces = split(tokens);
    const first = pieces.next();
    if (first.done === true) {
      return { error: at('unexpected end of input; expected an expression', tokSpan(tokens[tokens.length - 1]!)) };
    }
    if (first.value.command !== undefined) {
      return { error: at('unexpected ":"; expected an expression', tokSpan(first.value.command)) };
    }
    const result = parseChunk(first.value, expressionGrammar);
    if ('error' in result) return { error: result.error.diagnostic };
    const more = pieces.next();
    if (more.done !== true) {
      const t = more.value.command ?? more.value.tokens[0] ?? more.value.end;
      return { error: at(`unexpected ${describe(t)} after the expression`, tokSpan(t)) };
    }
    return { ast: result.value as Ast };
  } catch (e) {
    return { error: internalError(e) };
  }
}

/** For the grammar's tests: how many parses nearley finds for each statement of the source
 * (every valid statement must have exactly one). Statements that fail count 0. */
export function countParses(source: string): number[] {
  const counts: number[] = [];
  for (const piece of split(tokenize(source))) {
    if (piece.command !== undefined) continue;
    const parser = parserFor(piece, statementGrammar);
    try {
      parser.feed('');
      counts.push(parser.results.length);
    } catch {
      counts.push(0);
    }
  }
  return counts;
}

// ---- internals

const statementGrammar = nearley.Grammar.fromCompiled(grammar);
const expressionGrammar = nearley.Grammar.fromCompiled({ ...grammar, ParserStart: 'expr' });

class QuietParser extends nearley.Parser {
  // nearley builds a long report before it throws on a bad token, walking the parse stack
  // recursively (a stack overflow at 10 000 open parentheses). We make our own message.
  reportError(): string {
    return 'syntax error';
  }
}

const parserFor = (piece: Piece, g: nearley.Grammar) => new QuietParser(g, { lexer: new TokenStream(piece.tokens) });

/** Feeds nearley a ready-made token list (nearley calls `reset`, then `next` until undefined). */
class TokenStream implements nearley.Lexer {
  private i = 0;
  constructor(private readonly tokens: readonly Tok[]) {}
  reset(): void {
    this.i = 0;
  }
  next(): Tok | undefined {
    return this.tokens[this.i++];
  }
  save(): nearley.LexerState {
    return {};
  }
  formatError(): string {
    return '';
  }
}

/** What nearley keeps that we read to say what was expected: the states of the last column. */
interface ParserInternals {
  current: number;
  table: { scannable: { rule: { name: string; symbols: unknown[] }; dot: number }[] }[];
}

interface Failure {
  diagnostic: Diagnostic;
  /** the statement ran out of input: more text could complete it */
  atEnd: boolean;
}

function at(message: string, span: Span): Diagnostic {
  return { message, line: span.line, column: span.column, span };
}

/** One statement's tokens (no newlines) and what ended it (newline, ";", eof, a command line,
 * or an unlexable character); or a command line. */
interface Piece {
  tokens: Tok[];
  end: Tok;
  command?: Tok;
}

const ENDS_OPERAND = new Set<TokenType>(['number', 'name', 'rparen', 'transpose', 'sup']);
// A newline right after one of these does not end the statement (the REPL's isIncomplete
// agrees: `a +` then `b` on the next line is `a + b`).
const CONTINUES = new Set<TokenType>(['plus', 'minus', 'mulop', 'caret', 'comma', 'colon', 'assign']);
const ENDS_STATEMENT = new Set<TokenType>(['nl', 'semi', 'eof', 'error', 'command']);

/** The brackets open so far in a statement, fed one token at a time. A "|" or "‖" right after an
 * operand closes an open bar of its kind; any other opens (and after an operand it gets the `*`
 * of a juxtaposition, so no two operands are ever adjacent for the grammar). */
class Brackets {
  readonly open: Tok[] = [];
  /** the last token ended an operand (a name, number, ")", postfix, or a closing bar) */
  afterOperand = false;

  /** Whether a bar here opens: at the start, after an operator, or after an operand when the
   * innermost bracket is no bar (`2|A|`, `|a| |b|`: a juxtaposed determinant or norm). */
  opens(): boolean {
    const top = this.open[this.open.length - 1]?.type;
    return !this.afterOperand || (top !== 'bar' && top !== 'dbar');
  }

  feed(t: Tok): void {
    const top = this.open[this.open.length - 1];
    const isBar = t.type === 'bar' || t.type === 'dbar';
    if (t.type === 'lparen' || (isBar && this.opens())) this.open.push(t);
    else if ((t.type === 'rparen' && top?.type === 'lparen') || (isBar && top?.type === t.type)) this.open.pop();
    this.afterOperand = ENDS_OPERAND.has(t.type) || (isBar && this.afterOperand);
  }
}

/** Juxtaposition (`W x`, `xᵀAx`, `(a+b)(c+d)`, `x²y`) is a product: a name or "(" right after an
 * operand gets a `*` of empty text before it, as a number does in `2x` (lexer.ts). Not in a
 * declaration (after its ":"), where `matrix(n, n) symmetric posdef` lists words, and not
 * between a name and "(", which is a call (the checker reads `W(x + y)` as a product when W is
 * a declared name). A bar after an operand gets one only where it opens (`2|A|`). */
function juxtaposed(prev: Tok | undefined, t: Tok, brackets: Brackets, declaring: boolean): Tok | undefined {
  if (declaring || prev === undefined || !brackets.afterOperand) return undefined;
  const opensBar = (t.type === 'bar' || t.type === 'dbar') && brackets.opens();
  if (t.type !== 'name' && t.type !== 'lparen' && t.type !== 'root' && !opensBar) return undefined;
  if (prev.type === 'name' && t.type === 'lparen') return undefined;
  return { type: 'mulop', value: '*', text: '', offset: t.offset, line: t.line, col: t.col };
}

function* split(tokens: readonly Tok[]): Generator<Piece> {
  let buf: Tok[] = [];
  let brackets = new Brackets();
  let declaring = false;
  for (const t of tokens) {
    if (t.type === 'nl' && (brackets.open.length > 0 || (buf.length > 0 && CONTINUES.has(buf[buf.length - 1]!.type)))) {
      continue;
    }
    if (ENDS_STATEMENT.has(t.type)) {
      if (buf.length > 0 || t.type === 'error') yield { tokens: buf, end: t };
      if (t.type === 'command') yield { tokens: [], end: t, command: t };
      buf = [];
      brackets = new Brackets();
      declaring = false;
      continue;
    }
    if (t.type === 'colon') declaring = true;
    const times = juxtaposed(buf[buf.length - 1], t, brackets, declaring);
    if (times !== undefined) {
      brackets.feed(times);
      buf.push(times);
    }
    brackets.feed(t);
    buf.push(t);
  }
}

/** The innermost bracket still open before tokens[index] (replayed only to report an error). */
function openBefore(tokens: readonly Tok[], index: number): Tok | undefined {
  const brackets = new Brackets();
  for (let i = 0; i < index; i++) brackets.feed(tokens[i]!);
  return brackets.open[brackets.open.length - 1];
}

function run(source: string): { statements: Statement[]; error?: Failure } {
  const statements: Statement[] = [];
  try {
    for (const piece of split(tokenize(source))) {
      if (piece.command !== undefined) {
        statements.push(command(piece.command));
        continue;
      }
      const result = parseStatement(piece);
      if ('error' in result) return { statements, error: result.error };
      statements.push(result.value as Statement);
    }
    return { statements };
  } catch (e) {
    return { statements, error: { diagnostic: internalError(e), atEnd: false } };
  }
}

/** A statement, with its where-list if it has one (`G where g1 := A, ...`; src/parse/where.ts). */
function parseStatement(piece: Piece): { value: unknown } | { error: Failure } {
  const split = splitWhere(piece.tokens, piece.end);
  if (split === undefined) return parseChunk(piece, statementGrammar);
  const main = parseChunk({ tokens: split.main, end: split.where }, statementGrammar);
  if ('error' in main) return main;
  const st = main.value as Statement;
  const misplaced = (span: Span) => ({ error: { diagnostic: at('a where-list follows an expression: G where g1 := A, g2 := B', span), atEnd: false } });
  if (st.k !== 'expr') return misplaced(tokSpan(split.where));
  const where: WhereDefinition[] = [];
  for (const d of split.definitions) {
    const r = parseChunk(d, statementGrammar);
    if ('error' in r) return r;
    const def = r.value as Statement;
    if (def.k !== 'def') return misplaced(def.span);
    where.push({ name: def.name, body: def.body, span: def.span });
  }
  return { value: { ...st, where, span: { ...st.span, end: where[where.length - 1]!.span.end } } };
}

function parseChunk(piece: Piece, g: nearley.Grammar): { value: unknown } | { error: Failure } {
  const parser = parserFor(piece, g);
  const fail = (diagnostic: Diagnostic, atEnd = false) => ({ error: { diagnostic, atEnd } });
  try {
    parser.feed('');
  } catch (e) {
    if (e instanceof ParseFailure) return fail(at(e.message, e.span));
    const token = (e as { token?: Tok }).token;
    if (token === undefined) throw e;
    return fail(unexpected(token, piece, parser));
  }
  if (piece.end.type === 'error') {
    const pasted = pastedHint(piece.end.text);
    const hint = pasted === undefined ? '' : `; ${pasted}`;
    return fail(at(`unexpected character ${describeCharacter(piece.end.text)}${hint}`, charSpan(piece.end)));
  }
  if (parser.results.length > 1) {
    const first = piece.tokens[0]!;
    return fail(at('internal error: this statement has more than one parse (a grammar bug; please report it)', tokSpan(first)));
  }
  if (parser.results.length === 1) {
    const value: unknown = parser.results[0];
    return value instanceof ParseFailure ? fail(at(value.message, value.span)) : { value };
  }
  return fail(unexpected(piece.end, piece, parser), piece.end.type === 'eof');
}

function unexpected(bad: Tok, piece: Piece, parser: nearley.Parser): Diagnostic {
  const index = bad === piece.end ? piece.tokens.length : piece.tokens.indexOf(bad);
  // The `*` of `2x` has no text of its own: show the token after it.
  const shown = bad.text === '' && bad.type === 'mulop' ? piece.tokens[index + 1]! : bad;
  const expected = expectedTypes(parser);
  const before = piece.tokens[index - 1];
  if (shown.text === '*' && before?.text === '*' && before.offset + 1 === shown.offset) {
    return at('unexpected "**": mcalc writes a power as x^2 (and an elementwise power as x.^2)', tokSpan(before));
  }
  const message = `unexpected ${describe(shown)}`;
  const opener = openBefore(piece.tokens, index);
  const where = opener === undefined ? '' : `"${opener.text}" at ${opener.line}:${opener.col}`;
  if (shown.type === 'eof' && opener !== undefined) {
    const closer = opener.type === 'lparen' ? 'rparen' : opener.type;
    const never = `${where} is never closed`;
    return at(expected.has(closer) ? `${message}; ${never}` : `${message}; expected ${phrase(expected)} (${never})`, tokSpan(shown));
  }
  if (shown.type === 'rparen' && opener === undefined && !expected.has('number')) {
    return at(`${message} with no matching "("`, tokSpan(shown));
  }
  // After a line break inside brackets, the bracket is the likely culprit: say where it is.
  const stillOpen = opener !== undefined && shown.line > opener.line ? ` (${where} is still open)` : '';
  return at(`${message}; expected ${phrase(expected)}${stillOpen}`, tokSpan(shown));
}

/** The token types the parser could have taken next, each also as "rule:type" (the rule that
 * wanted it), so that "a name" can be told apart as a type, a dimension or a property. */
function expectedTypes(parser: nearley.Parser): Set<string> {
  const p = parser as unknown as ParserInternals;
  const types = new Set<string>();
  for (const state of p.table[p.current]?.scannable ?? []) {
    const symbol = state.rule.symbols[state.dot] as { type?: string };
    if (symbol.type === undefined) continue;
    types.add(symbol.type);
    types.add(`${state.rule.name}:${symbol.type}`);
  }
  return types;
}

const OPERATORS: readonly TokenType[] = ['plus', 'minus', 'mulop', 'caret', 'transpose', 'sup'];

/** "an expression", `"," or ")"`, "an operator", ...: what the parser wanted, for people. */
function phrase(expected: Set<string>): string {
  if (expected.has('number') && expected.has('lparen')) return 'an expression';
  if (expected.has('type:name')) return 'a type (scalar, vector(n) or matrix(m, n))';
  if (expected.has('dim:name')) return 'a dimension (a name or a positive integer)';
  const closers: string[] = [];
  if (expected.has('args:comma') || expected.has('dims:comma')) closers.push('","');
  if (expected.has('rparen')) closers.push('")"');
  if (expected.has('bar')) closers.push('"|"');
  if (expected.has('dbar')) closers.push('"‖"');
  if (closers.length > 0) return closers.length === 1 ? closers[0]! : `${closers.slice(0, -1).join(', ')} or ${closers[closers.length - 1]}`;
  if (OPERATORS.some((t) => expected.has(t))) return 'an operator';
  if (expected.has('props:name')) return 'a property (symmetric, posdef, diagonal, orthogonal or invertible)';
  if (expected.has('name')) return 'a name';
  if (expected.has('colon')) return '":"';
  return 'the end of the statement';
}

function describe(t: Tok): string {
  if (t.type === 'eof') return 'end of input';
  if (t.type === 'nl') return 'end of line';
  return `"${t.text}"`;
}

/** The span of the first character of an error token (which holds the rest of the input). */
function charSpan(t: Tok): Span {
  const cp = t.text.codePointAt(0) ?? 0;
  return { line: t.line, column: t.col, offset: t.offset, end: t.offset + (cp > 0xffff ? 2 : 1) };
}

function internalError(e: unknown): Diagnostic {
  const why = e instanceof Error ? e.message : String(e);
  return { message: `internal error in the parser: ${why}`, line: 1, column: 1 };
}
