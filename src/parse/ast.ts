// The surface syntax tree produced by the parser. Every node carries the source span it came
// from, so that later stages (checker, derivatives) can report errors with line and column.
// Parentheses do not produce nodes: `((x))` is the node of `x` (its span covers `x` only).

/** A location in the source: 1-based line and column, 0-based offset, end exclusive. */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** offset just past the last character */
  readonly end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '.*' | './' | 'kron';

export type Ast =
  | { readonly k: 'num'; readonly text: string; readonly span: Span }
  | { readonly k: 'name'; readonly name: string; readonly span: Span }
  /** f(a, b): functions, queries (grad, explain, ...), I(n), ones(n), d(X). `name` is ASCII
   * (the parser maps Unicode spellings). */
  | { readonly k: 'call'; readonly name: string; readonly nameSpan: Span; readonly args: readonly Ast[]; readonly span: Span }
  /** -a. The parser folds `- - a` to `a`, so chains of signs never nest. */
  | { readonly k: 'neg'; readonly arg: Ast; readonly span: Span }
  /** Left-associative binary operators. Long chains of + - * nest on the left; consumers must
   * walk that left spine with a loop, not recursion (a 100 000-term sum is legal input). */
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Ast; readonly right: Ast; readonly opSpan: Span; readonly span: Span }
  /** a' or aᵀ or a^T */
  | { readonly k: 'transpose'; readonly arg: Ast; readonly span: Span }
  /** a^e (also a⁻¹ as exponent -1, a² etc. from Unicode superscripts); a .^ e is elementwise */
  | { readonly k: 'pow'; readonly base: Ast; readonly exp: Ast; readonly span: Span; readonly elementwise?: true }
  /** |a|: determinant of a matrix, absolute value of a scalar (the checker decides) */
  | { readonly k: 'bars'; readonly arg: Ast; readonly span: Span }
  /** ‖a‖ */
  | { readonly k: 'norm'; readonly arg: Ast; readonly span: Span };

export type TypeName = 'scalar' | 'vector' | 'matrix';
export interface DimAst {
  readonly value: string | number;
  readonly span: Span;
}
export interface NameAst {
  readonly name: string;
  readonly span: Span;
}

/** `name := body` of a where-list (src/parse/where.ts): local to its statement. */
export interface WhereDefinition {
  readonly name: NameAst;
  readonly body: Ast;
  readonly span: Span;
}

export type Statement =
  /** x, y : vector(n) symmetric */
  | { readonly k: 'decl'; readonly names: readonly NameAst[]; readonly type: TypeName; readonly dims: readonly DimAst[]; readonly props: readonly NameAst[]; readonly span: Span }
  /** K := body */
  | { readonly k: 'def'; readonly name: NameAst; readonly body: Ast; readonly span: Span }
  /** a bare expression or a query such as grad(f, x) or explain(grad(f, x)) */
  | { readonly k: 'expr'; readonly expr: Ast; readonly span: Span; readonly where?: readonly WhereDefinition[] }
  /** a line starting with ':' (REPL command); the program runner rejects it */
  | { readonly k: 'command'; readonly text: string; readonly span: Span };

export interface Diagnostic {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** optional end of the offending region, for carets */
  readonly span?: Span;
}
