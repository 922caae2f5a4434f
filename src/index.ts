// The mcalc library API. The command line and the REPL are thin shells over these functions.
//
//   const session = new Session();
//   const results = session.run("x : vector(n)\nA : matrix(n, n)\ngrad(x'*A*x, x)");
//   print(results[0].result, 'latex')   // (A + A^\top) x

export const version = '0.1.0';

// parsing: text to syntax trees with source spans, errors as values
export { parseProgram, parseExpression, isIncomplete } from './parse/parse.js';
export type { ParsedProgram } from './parse/parse.js';
export type { Ast, Statement, Diagnostic, Span } from './parse/ast.js';

// checking: names, shapes, properties; syntax trees to core expressions
export { Scope } from './check/scope.js';
export { ExpressionChecker } from './check/expression.js';
export { MathError } from './check/errors.js';

// core expressions: interned immutable nodes and their constructors
export * as expr from './expr/index.js';
export type { Expr, Sym, Shape, Dim } from './expr/index.js';

// running programs and queries
export { Session } from './engine/session.js';
export type { StatementResult, ValueResult, ErrorResult } from './engine/session.js';
export { derive, resolveKind } from './engine/derive.js';
export type { Derivation, DerivativeKind, QueryKind } from './engine/derive.js';
export { checkResult } from './engine/check.js';

// simplification and printing
export { simplify } from './simplify/index.js';
export { print, numpyExpression, numpyFunction } from './print/index.js';
export type { Format } from './print/index.js';
// generated Python: PythonModule('numpy' | 'torch' | 'jax', dimension hints), planExpression, planFlops
export { PythonModule, planExpression, planOf, planFlops, parseDimHints, LIBRARIES } from './codegen/index.js';
export type { FunctionSpec, Library, DimHints } from './codegen/index.js';
export { explainText } from './explain/index.js';

// numerics: the engine's own truth
export { evaluate } from './numeric/evaluate.js';
export { randomPoint } from './numeric/point.js';
export type { Point } from './numeric/point.js';
export { verifyAt } from './numeric/check.js';
export type { CheckResult } from './numeric/check.js';
