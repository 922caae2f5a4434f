// Which rules of rules/algebra.rules the normal form applies by matching (the local ones, run by
// the one driver of src/rules/driver.ts) and which by code (the structural ones: n-ary, an
// orientation or order to choose, or a more general form than one line can say). A rule added
// to the file is local unless it is listed here, so a new one-line identity just runs; each id
// listed is checked against the file when this compiles (AlgebraRuleId).

import { ruleSet, indexByHead } from '../rules/registry.js';
import { RuleDriver } from '../rules/driver.js';
import type { Rule } from '../rules/load.js';
import type { AlgebraRuleId } from '../rules/rule-ids.generated.js';

/** The rules of rules/algebra.rules applied by code in src/simplify, each recording its id. */
export const STRUCTURAL: ReadonlySet<AlgebraRuleId> = new Set<AlgebraRuleId>([
  // transposes pushed down through any operation at once (src/expr/transpose.ts)
  'transpose-transpose', 'transpose-symmetric', 'transpose-product', 'transpose-sum', 'transpose-inverse',
  // one orientation of a 1 x 1 product chosen among two (normal.ts orient)
  'scalar-transpose', 'inner-product-order', 'norm-squared',
  // the matrix chain as a whole (chain.ts): cancellations, powers, identities, Kronecker products
  'inverse-cancel-right', 'inverse-cancel-left', 'orthogonal-cancel', 'identity-product', 'square-matrix', 'kron-mixed-product',
  // diag in a chain, and diag(u*v') of any row (normal.ts)
  'diag-outer', 'diag-times-vector', 'diag-product',
  // the general forms of scalings, inverses of products and powers (normal.ts)
  'inverse-scale', 'inverse-product', 'collect-powers', 'power-power', 'power-power-norm',
  'power-product', 'sqrt-power', 'abs-even-power', 'norm-scale', 'quotient-scale',
  // n-ary sums and products: like terms, expansion, factoring (normal.ts, present.ts)
  'collect-terms', 'expand-left', 'expand-right', 'factor-left', 'factor-right',
  // traces: linearity and the canonical rotation (reductions.ts)
  'trace-sum', 'trace-scale', 'trace-cyclic', 'trace-outer', 'trace-gram',
  // the commutative Hadamard product and its quotients (hadamard.ts)
  'hadamard-commute', 'hadamard-ones', 'hadamard-sqrt-square', 'hadamard-quotient', 'hadamard-reciprocal',
  'hadamard-quotient-scaled', 'inner-product-quotient', 'inner-product-quotient-weighted',
  // the logistic function's complement beside a common Hadamard factor (elementwise.ts, complement.ts)
  'sigmoid-complement',
]);

let local: ReadonlyMap<string, readonly Rule[]> | undefined;

/** A driver of the local rules of rules/algebra.rules (the index is built once). */
export function localRuleDriver(): RuleDriver {
  local ??= indexByHead(ruleSet('algebra').filter((r) => !STRUCTURAL.has(r.id as AlgebraRuleId)));
  return new RuleDriver(local);
}
