// The mcalc library API (docs/api.md). The command line and the REPL are thin shells over these
// functions.
//
//   import { grad } from 'mcalc';
//   const g = grad("x'*A*x", 'x', 'x : vector(n); A : matrix(n, n)');
//   `${g}`          // (A + A')*x
//   g.toLatex()     // \left(A + A^\top\right) x

export const version = '0.1.0';

// the shortcuts: one query, a result that prints itself
export { grad, jacobian, hessian, differential, Derivative, McalcError } from './api/queries.js';
export type { Declarations } from './api/queries.js';
export { evaluate } from './api/values.js';
export type { Value, Values } from './api/values.js';

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

// derivations and computation graphs
export { explainText, explanation } from './explain/index.js';
export type { ExplainFormat, Explanation } from './explain/index.js';
export { graphText, graphSvg, buildGraph } from './graph/index.js';
export type { GraphFormat, ComputationGraph, GraphNode, GraphEdge, GraphPath } from './graph/index.js';

// the REPL needs Node: import { startRepl } from 'mcalc/repl' (src/repl/entry.ts); this entry
// runs in a browser too

// numerics: the engine's own truth
export { evaluate as evaluateAtPoint } from './numeric/evaluate.js';
export { randomPoint } from './numeric/point.js';
export type { Point } from './numeric/point.js';
export { verifyAt } from './numeric/check.js';
export type { CheckResult } from './numeric/check.js';
