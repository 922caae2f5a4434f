// The moo lexer of mcalc, and `tokenize`, which turns a whole source text into the token list
// the statement splitter and the grammar work on.
//
// Unicode spellings are mapped here, token by token, through moo's `value` transform: the
// token's `text` stays what was written (so spans and error messages refer to the original
// source) while its `value` is the ASCII meaning (`α` -> `alpha`, `−` -> `-`, `²` -> `2`).
// There is deliberately no whole-text normalisation (NFKC would turn `x²` into `x2`, and any
// rewrite of the text would shift every offset after it).
// A plain import, so that the command line's bundle (src/tools/bundle-cli.ts) includes moo and
// V8's code cache covers it.
import moo from 'moo';

export type TokenType =
  | 'number' | 'name' | 'sup' | 'transpose' | 'assign' | 'colon' | 'comma' | 'semi'
  | 'lparen' | 'rparen' | 'plus' | 'minus' | 'mulop' | 'caret' | 'bar' | 'dbar'
  | 'root' | 'nl' | 'command' | 'error' | 'eof';

/** A token as the splitter and the grammar see it: moo's token, or one we make (`eof`, and the
 * `*` of a juxtaposition like `2x`, which has empty text). `col` is 1-based, in UTF-16 units. */
export interface Tok {
  readonly type: TokenType;
  /** the meaning: ASCII name, `-1` for `⁻¹`, the BinaryOp of a `mulop`, the text of a command */
  readonly value: string;
  /** exactly what was written */
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly col: number;
}

export const GREEK_NAMES: readonly string[] = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda',
  'mu', 'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
];
const GREEK = new Map<string, string>();
[...'αβγδεζηθικλμνξοπρστυφχψω'].forEach((c, i) => GREEK.set(c, GREEK_NAMES[i]!));
[...'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ'].forEach((c, i) => {
  const lower = GREEK_NAMES[i]!;
  GREEK.set(c, lower[0]!.toUpperCase() + lower.slice(1));
});
// Variant letter forms people type or paste; µ is the keyboard's MICRO SIGN, not Greek mu.
for (const [c, nm] of [['ς', 'sigma'], ['ϑ', 'theta'], ['ϕ', 'phi'], ['ϵ', 'epsilon'], ['ϱ', 'rho'],
  ['ϰ', 'kappa'], ['ϖ', 'pi'], ['µ', 'mu']] as const) GREEK.set(c, nm);

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

const MULOPS: Readonly<Record<string, string>> = {
  '*': '*', '·': '*', '×': '*', '/': '/', '.*': '.*', '⊙': '.*', './': './', '⊘': './', '⊗': 'kron',
};

// Blanks: ASCII space and tab, CR (of CRLF), no-break and typographic spaces, and a BOM.
const BLANK = ' \\t\\r\\f\\v\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff';

export const lexer = moo.compile({
  // A line whose first non-blank character is ':' is a REPL command, kept whole. moo compiles
  // with the `m` flag, so ^ is the start of a line.
  command: { match: new RegExp(`(?<=^[${BLANK}]*):[^\\n]*`), value: (s) => s.trimEnd() },
  ws: new RegExp(`[${BLANK}]+`),
  comment: /#[^\n]*/,
  nl: { match: '\n', lineBreaks: true },
  // A dot needs digits after it, so `2.*x` is `2 .* x` and `2./x` is `2 ./ x`.
  number: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  // `^T` is transpose only as a whole word: `x^Tau` is a power.
  transpose: [
    { match: /\^T(?![A-Za-z0-9_])/, value: () => "'" },
    { match: ["'", '’', 'ᵀ'], value: () => "'" },
  ],
  name: [
    { match: /[A-Za-z_][A-Za-z0-9_]*/ },
    { match: new RegExp(`[${[...GREEK.keys()].join('')}]`), value: (s) => GREEK.get(s)! },
  ],
  sup: {
    match: new RegExp(`⁻?[${SUPERSCRIPT_DIGITS}]+`),
    value: (s) => [...s].map((c) => (c === '⁻' ? '-' : String(SUPERSCRIPT_DIGITS.indexOf(c)))).join(''),
  },
  assign: ':=',
  colon: ':',
  comma: ',',
  semi: ';',
  lparen: '(',
  rparen: ')',
  plus: '+',
  minus: { match: ['-', '−'], value: () => '-' },
  mulop: { match: Object.keys(MULOPS), value: (s) => MULOPS[s]! },
  // `.^` is the elementwise power (its value tells the builder); `^` the scalar or matrix power
  caret: ['.^', '^'],
  // the square root sign of the Unicode form: √s, √(a + b)
  root: '√',
  bar: '|',
  dbar: '‖',
  error: moo.error,
});

/** Lexes the whole source. Blanks and comments are dropped; the list always ends with an `eof`
 * token, or with an `error` token at the first character no rule matches (nothing after it is
 * lexed). A number written right before a name or "(" (`2x`, `2(x+y)`) gets a `*` token of
 * empty text inserted after it. */
export function tokenize(source: string): Tok[] {
  lexer.reset(source);
  const out: Tok[] = [];
  let prev: Tok | undefined;
  for (let m = lexer.next(); m !== undefined; m = lexer.next()) {
    if (m.type === 'ws' || m.type === 'comment') {
      prev = undefined;
      continue;
    }
    const t = m as Tok;
    if (prev?.type === 'number' && (t.type === 'name' || t.type === 'lparen')) {
      out.push({ type: 'mulop', value: '*', text: '', offset: t.offset, line: t.line, col: t.col });
    }
    out.push(t);
    if (t.type === 'error') return out;
    prev = t;
  }
  const { line, col } = lexer.save();
  out.push({ type: 'eof', value: '', text: '', offset: source.length, line, col });
  return out;
}

/** How an unexpected character is shown: `"$"`, `"é" (U+00E9)`, `"😀" (U+1F600)`, and just
 * `U+0000` for characters that would print as nothing or as garbage (controls, invisible
 * formatting characters, lone surrogates, combining marks, unusual spaces). */
export function describeCharacter(text: string): string {
  const cp = text.codePointAt(0) ?? 0;
  const ch = String.fromCodePoint(cp);
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/[\p{C}\p{Z}\p{M}]/u.test(ch)) return code;
  return cp < 0x80 ? `"${ch}"` : `"${ch}" (${code})`;
}
