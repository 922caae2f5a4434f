// A session runs statements in order against one scope: declarations and definitions persist
// (the REPL keeps one session), expressions and queries produce results. Errors are values.

import { shapeJson, type Dim, type Expr, type Sym } from '../expr/index.js';
import type { Ast, Diagnostic, Span, Statement } from '../parse/ast.js';
import { parseProgram } from '../parse/parse.js';
import { Scope } from '../check/scope.js';
import { inferDeclarations } from '../check/infer.js';
import { ExpressionChecker } from '../check/expression.js';
import { MathError } from '../check/errors.js';
import { simplify, type SimplifyStep } from '../simplify/index.js';
import { derive, resolveKind, checkQueryShapes, type Derivation, type QueryKind } from './derive.js';
import { now } from './clock.js';
import { whereScope } from './where.js';

export interface ValueResult {
  readonly kind: 'value';
  /** the statement as written */
  readonly input: string;
  /** grad, jacobian, hessian, differential, simplify (a bare expression is simplify) */
  readonly query: string;
  readonly result: Expr;
  readonly shape: Dim[];
  readonly derivation?: Derivation;
  readonly simplifySteps?: readonly SimplifyStep[];
  /** explain(...) was asked for */
  readonly explain: boolean;
  /** the declarations shape inference made for the program, when it declared nothing (src/check/infer.ts) */
  readonly inferred?: readonly string[];
  /** graph(f, X) was asked for: f and X */
  readonly graph?: { readonly f: Expr; readonly variable: Sym };
  readonly ms: number;
}

export interface ErrorResult {
  readonly kind: 'error';
  readonly input: string;
  readonly diagnostic: Diagnostic;
}

/** What run() returns per expression or query (declarations and definitions return nothing). */
export type StatementResult = ValueResult | ErrorResult;
/** A statement's outcome inside the session: a declaration or definition has none. */
type Outcome = StatementResult | { readonly kind: 'none' };

const DERIVATIVE_QUERIES = new Set<string>(['grad', 'jacobian', 'hessian', 'differential', 'derivative']);

export class Session {
  readonly scope = new Scope();
  /** the last result, for the REPL's `ans` */
  last?: Expr;
  /** the declarations inferred for the last program run ([] when it declared something) */
  inferred: readonly string[] = [];

  /**
   * Runs a program; stops at the first error, which is the last element. `oneMeaning`: a name
   * keeps its first meaning (a program file); `inferShapes`: a program that declares nothing gets
   * its declarations inferred (the command line and the REPL; src/check/infer.ts).
   */
  run(source: string, options: { allowCommands?: boolean; oneMeaning?: boolean; inferShapes?: boolean } = {}): StatementResult[] {
    if (options.oneMeaning) this.scope.oneMeaning = true;
    const parsed = parseProgram(source);
    const out: StatementResult[] = [];
    try {
      this.inferred = options.inferShapes ? inferDeclarations(parsed.statements, this.scope) : [];
    } catch (err) {
      if (!(err instanceof MathError)) throw err;
      return [{ kind: 'error', input: '', diagnostic: err.toDiagnostic() }];
    }
    for (const st of parsed.statements) {
      const r = this.statement(st, source, options);
      if (r.kind !== 'none') out.push(r);
      if (r.kind === 'error') return out;
    }
    if (parsed.error) out.push({ kind: 'error', input: '', diagnostic: parsed.error });
    return out;
  }

  /** The defined names, for folding results back into them. */
  definitions(): Expr[] {
    return this.scope.entries().map((e) => e.node).filter((n) => n.kind === 'def');
  }

  private statement(st: Statement, source: string, options: { allowCommands?: boolean }): Outcome {
    const input = source.slice(st.span.offset, st.span.end).trim();
    const start = now();
    try {
      switch (st.k) {
        case 'command':
          if (!options.allowCommands) throw new MathError(`${st.text.split(/\s/)[0]} is a REPL command; it cannot appear in a program`, st.span);
          return { kind: 'none' };
        case 'decl':
          this.scope.declare(st);
          return { kind: 'none' };
        case 'def': {
          if (mentionsName(st.body, st.name.name)) throw new MathError(`${st.name.name} is used in its own definition`, st.name.span);
          const body = new ExpressionChecker(this.scope, source).check(st.body);
          this.scope.define(st.name.name, body, st.name.span);
          return { kind: 'none' };
        }
        case 'expr': return this.query(st.expr, input, source, start, st.where ? whereScope(this.scope, st.where, source) : this.scope);
      }
    } catch (err) {
      const at = { line: st.span.line, column: st.span.column };
      if (err instanceof MathError) {
        const d = err.toDiagnostic();
        return { kind: 'error', input, diagnostic: err.span ? d : { ...d, ...at } };
      }
      // a bug of mcalc's own must still be one clean error at the statement, never a crash
      const why = err instanceof RangeError ? 'the expression is too large or too deeply nested to handle' : `internal error (a bug in mcalc): ${err instanceof Error ? err.message || err.name : String(err)}`;
      return { kind: 'error', input, diagnostic: { message: why, ...at } };
    }
  }

  private query(ast: Ast, input: string, source: string, start: number, scope: Scope): ValueResult {
    let explain = false;
    let node = ast;
    if (node.k === 'call' && node.name === 'explain') {
      if (node.args.length !== 1) throw new MathError('explain takes one query, as in explain(grad(f, x))', node.span);
      explain = true;
      node = node.args[0]!;
    }
    const checker = new ExpressionChecker(scope, source);
    const defs = this.definitions();
    const finish = (r: Omit<ValueResult, 'kind' | 'input' | 'shape' | 'ms' | 'explain'>): ValueResult => {
      this.last = r.result;
      const inferred = this.inferred.length ? { inferred: this.inferred } : {};
      return { kind: 'value', input, explain, shape: shapeJson(r.result.shape), ms: now() - start, ...inferred, ...r };
    };
    if (node.k === 'call' && (DERIVATIVE_QUERIES.has(node.name) || node.name === 'graph')) {
      const args = node.args;
      if (args.length !== 2) throw new MathError(`${node.name} takes two arguments, as in ${node.name}(f, x)`, node.span);
      const f = checker.check(args[0]!);
      // by vec(X): the derivatives by the vector of X's columns (identification.ts)
      const byVec = args[1]!.k === 'call' && args[1]!.name === 'vec' && args[1]!.args.length === 1 && node.name !== 'graph';
      const x = this.variable(byVec ? (args[1] as Extract<Ast, { k: 'call' }>).args[0]! : args[1]!, node.name);
      if (node.name === 'graph') return finish({ query: 'graph', result: f, graph: { f, variable: x } });
      const kind = resolveKind(node.name as QueryKind, f, x, byVec);
      checkQueryShapes(kind, f, x, source.slice(args[0]!.span.offset, args[0]!.span.end), byVec, args[0]!.span, args[1]!.span);
      const derivation = withSpan(node.span, () => derive(kind, f, x, defs, byVec));
      return { ...finish({ query: kind, result: derivation.result, derivation }), shape: this.resultShape(kind, derivation.result, x) };
    }
    if (node.k === 'call' && node.name === 'simplify') {
      if (node.args.length !== 1) throw new MathError('simplify takes one expression', node.span);
      node = node.args[0]!;
    }
    const e = checker.check(node);
    const steps: SimplifyStep[] = [];
    return finish({ query: 'simplify', result: simplify(e, defs, (s) => steps.push(s)), simplifySteps: steps });
  }

  /**
   * The JSON shape of a derivative: a gradient has its variable's shape as declared (a vector(1)
   * variable gives [1], not the [] of a 1 x 1 result); a Jacobian or Hessian is always a matrix.
   */
  private resultShape(kind: string, result: Expr, x: Sym): Dim[] {
    if (kind === 'grad' && result.shape.rows === x.shape.rows) return this.scope.declaredShape(x.name) ?? shapeJson(result.shape);
    if (kind === 'jacobian' || kind === 'hessian') return [result.shape.rows, result.shape.cols];
    return shapeJson(result.shape);
  }

  private variable(ast: Ast, query: string): Sym {
    if (ast.k !== 'name') throw new MathError(`${query}: the variable must be a declared symbol${query === 'graph' ? '' : ' or vec of one'}`, ast.span);
    const x = this.scope.lookup(ast.name);
    if (!x) throw new MathError(`unknown name ${ast.name}`, ast.span);
    if (x.kind !== 'sym') throw new MathError(`${query}: ${ast.name} is a definition; differentiate with respect to a declared symbol`, ast.span);
    return x;
  }
}

/** Runs a stage, giving its errors the query's position when they have none. */
function withSpan<T>(span: Span, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof MathError && !err.span) throw new MathError(err.message, span);
    throw err;
  }
}

/** Whether the syntax tree uses the name (iteratively: trees can be long). */
export function mentionsName(ast: Ast, name: string): boolean {
  const stack: Ast[] = [ast];
  while (stack.length) {
    const a = stack.pop()!;
    switch (a.k) {
      case 'name': if (a.name === name) return true; break;
      case 'num': break;
      case 'call': stack.push(...a.args); break;
      case 'binary': stack.push(a.left, a.right); break;
      case 'pow': stack.push(a.base, a.exp); break;
      default: stack.push(a.arg);
    }
  }
  return false;
}
