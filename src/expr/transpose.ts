// The one transpose push-down: a' taken one level into a, its parts transposed by the caller's
// `t` (recursively, memoised, normalised: the caller's choice) and rebuilt by the caller's
// constructors. The normal form (src/simplify/normal.ts), the trace-form reading of explain and
// the Jacobian reader all push transposes down this way; each names the rule it applied.

import * as B from './build.js';
import { isScalarShape } from './shape.js';
import { SYMMETRIC, type Expr } from './node.js';
import type { Rational } from './rational.js';
import type { AlgebraRuleId } from '../rules/rule-ids.generated.js';

/** How the transposed parts are put back together (the plain constructors by default). */
export interface TransposeBuilder {
  product(coef: Rational, factors: readonly Expr[]): Expr;
  sum(terms: readonly Expr[]): Expr;
  inverse(a: Expr): Expr;
}

export const PLAIN_BUILDER: TransposeBuilder = {
  product: (coef, factors) => B.mul(B.num(coef), ...factors),
  sum: (terms) => B.add(...terms),
  inverse: (a) => B.inv(a),
};

/**
 * Which kinds the transpose goes into besides products, inverses and transposes: sums
 * ((A + B)' = A' + B'; explain keeps (A*x - b)' whole), and the elementwise operations.
 */
export interface TransposeReach {
  readonly sums: boolean;
  readonly elementwise: boolean;
}
export const EVERYWHERE: TransposeReach = { sums: true, elementwise: true };

export interface Transposed {
  /** the rule of rules/algebra.rules applied, when one applies */
  readonly rule?: Extract<AlgebraRuleId, `transpose-${string}`>;
  readonly expr: Expr;
}

/**
 * a' one level down: (A')' = A, S' = S, (c*s*A*B)' = c*s*t(B)*t(A), (A + B)' = t(A) + t(B),
 * inv(A)' = inv(t(A)), and as far as `reach` says also through powers, Hadamard products and
 * quotients, elementwise functions, Kronecker products and zeros. Undefined where it stays on a.
 */
export function transposeDown(a: Expr, t: (x: Expr) => Expr, reach: TransposeReach = EVERYWHERE, build: TransposeBuilder = PLAIN_BUILDER): Transposed | undefined {
  if (isScalarShape(a.shape)) return { expr: a };
  if (a.props & SYMMETRIC) return { rule: 'transpose-symmetric', expr: a };
  switch (a.kind) {
    case 'transpose': return { rule: 'transpose-transpose', expr: a.args[0]! };
    case 'mul': return { rule: 'transpose-product', expr: build.product(a.coef, [...a.scalars, ...[...a.chain].reverse().map(t)]) };
    case 'inv': return { rule: 'transpose-inverse', expr: build.inverse(t(a.args[0]!)) };
    // K(m, n)' = K(n, m) (Magnus & Neudecker sec. 3.7)
    case 'commutation': return { expr: B.commutation(a.n, a.m) };
    default: break;
  }
  if (a.kind === 'add' && reach.sums) return { rule: 'transpose-sum', expr: build.sum(a.args.map(t)) };
  if (!reach.elementwise) return undefined;
  switch (a.kind) {
    case 'zero': return { expr: B.zero({ rows: a.shape.cols, cols: a.shape.rows }) };
    case 'mpow': return { expr: B.mpow(t(a.args[0]!), a.k) };
    case 'hadamard': return { expr: B.hadamard(...a.args.map(t)) };
    case 'hdiv': return { expr: B.hdiv(t(a.args[0]!), t(a.args[1]!)) };
    case 'fn': return { expr: B.fn(a.name, t(a.args[0]!)) };
    case 'kron': return { expr: B.kron(t(a.args[0]!), t(a.args[1]!)) };
    default: return undefined;
  }
}

/** The parts of a the full push-down transposes (the chain of a product, not its scalars). */
export function transposedParts(a: Expr): readonly Expr[] {
  if (isScalarShape(a.shape) || a.props & SYMMETRIC || a.kind === 'transpose') return [];
  return a.kind === 'mul' ? a.chain : a.args;
}
