// The shortcuts a library user reaches for first: grad(f, x, decls), jacobian, hessian,
// differential, each a Derivative that prints itself (toString() is the plain form). They run
// a Session underneath (engine/session.ts), so the language, checks and results are exactly
// those of the command line; an error becomes a thrown McalcError with line and column.

import { Session, type ValueResult } from '../engine/session.js';
import type { Derivation, DerivativeKind } from '../engine/derive.js';
import { checkResult } from '../engine/check.js';
import type { Dim, Expr } from '../expr/index.js';
import type { Diagnostic } from '../parse/ast.js';
import { print, numpyExpression, type Format } from '../print/index.js';
import { explainText, type ExplainFormat } from '../explain/index.js';
import { errorText, numpyDefinition } from '../cli/output.js';
import type { CheckResult } from '../numeric/check.js';
import { evaluate, type Value, type Values } from './values.js';

/** Declarations for a query: program text (`"x : vector(n); A : matrix(n, n)"`), types by name
 * (`{ x: 'vector(n)', A: 'matrix(n, n) symmetric' }`), or a Session that has them. */
export type Declarations = string | Readonly<Record<string, string>> | Session;

/** A program's error: the message, where it is, and (in `message`) the line with a caret. */
export class McalcError extends Error {
  override name = 'McalcError';
  readonly line: number;
  readonly column: number;
  constructor(readonly diagnostic: Diagnostic, source: string) {
    super(errorText(diagnostic, source).replace(/^error: /, ''));
    this.line = diagnostic.line;
    this.column = diagnostic.column;
  }
}

/** A derivative: the expression, its shape and derivation, printable in every format. */
export class Derivative {
  /** the result as an expression (interned: equal expressions are the same object) */
  readonly expr: Expr;
  readonly kind: DerivativeKind;
  /** [] for a scalar, ["n"] for a vector, ["m", "n"] for a matrix; a product of dimensions is one string, "m*n" */
  readonly shape: Dim[];
  readonly derivation: Derivation;

  constructor(readonly result: ValueResult & { readonly derivation: Derivation }) {
    this.expr = result.result;
    this.kind = result.derivation.kind;
    this.shape = result.shape;
    this.derivation = result.derivation;
  }

  /** The plain form, as `mcalc` prints it: `(A + A')*x`. */
  toString(): string {
    return print(this.expr, 'plain');
  }
  toUnicode(): string {
    return print(this.expr, 'unicode');
  }
  toLatex(): string {
    return print(this.expr, 'latex');
  }
  /** One NumPy expression over the declared names (vectors as 1-D arrays). */
  toNumpy(): string {
    return numpyExpression(this.expr);
  }
  /** A Python function with readable temporaries, as `mcalc --format numpy` prints it. */
  toNumpyFunction(): string {
    return numpyDefinition(this.result);
  }
  print(format: Format = 'plain'): string {
    return print(this.expr, format);
  }
  /** The derivation, rule by rule, with citations. */
  explain(format: ExplainFormat = 'plain'): string {
    return explainText(this.result, format);
  }
  /** The result against central finite differences at random points. */
  check(points = 3, seed = 1): CheckResult {
    return checkResult(this.result, points, seed);
  }
  /** The value at a point given by name: `d.evaluate({ x: [1, 2], A: [[1, 0], [0, 1]] })`. */
  evaluate(values: Values): Value {
    return evaluate(this.expr, values);
  }
  toJSON(): { kind: DerivativeKind; shape: Dim[]; plain: string; unicode: string; latex: string; numpy: string } {
    return { kind: this.kind, shape: this.shape, plain: this.toString(), unicode: this.toUnicode(), latex: this.toLatex(), numpy: this.toNumpy() };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Derivative(${this.kind}) ${this.toString()}`;
  }
}

/** The gradient of a scalar f by x, with x's shape. */
export const grad = (f: string, x: string, decls?: Declarations): Derivative => query('grad', f, x, decls);
/** The Jacobian of f by x: entry ij is df_i/dx_j; for matrices, d vec(f)/d vec(x)' (pq x mn, shapes like "m*n"). */
export const jacobian = (f: string, x: string, decls?: Declarations): Derivative => query('jacobian', f, x, decls);
/** The Hessian of a scalar f by a vector x, or by a matrix X written as x = 'vec(X)'. */
export const hessian = (f: string, x: string, decls?: Declarations): Derivative => query('hessian', f, x, decls);
/** df written with d(x), for any f and x. */
export const differential = (f: string, x: string, decls?: Declarations): Derivative => query('differential', f, x, decls);

function query(kind: DerivativeKind, f: string, x: string, decls: Declarations = ''): Derivative {
  const session = decls instanceof Session ? decls : new Session();
  const declarations = typeof decls === 'string' ? decls : decls instanceof Session ? '' : declarationText(decls);
  // the query on a line of its own, after the declarations: an error in f is on that line
  const source = `${declarations}\n${kind}(${f}, ${x})`;
  const results = session.run(source);
  const last = results[results.length - 1];
  if (last?.kind === 'error') {
    const hint = decls === '' && /^unknown name/.test(last.diagnostic.message) ? `; declare it in the third argument, as in ${kind}(f, x, 'x : vector(n)')` : '';
    throw new McalcError({ ...last.diagnostic, message: last.diagnostic.message + hint }, source);
  }
  if (!last?.derivation || results.length !== 1) throw new McalcError({ message: `${kind}(f, x) takes one expression f and one name x`, line: 0, column: 0 }, source);
  return new Derivative(last as ValueResult & { derivation: Derivation });
}

const declarationText = (types: Readonly<Record<string, string>>): string =>
  Object.entries(types).map(([name, type]) => `${name} : ${type}`).join('\n');
