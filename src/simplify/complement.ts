// The complement of the logistic function: 1 - sigmoid(u) = sigmoid(-u), since
// 1 - 1/(1 + exp(-u)) = exp(-u)/(1 + exp(-u)) = 1/(1 + exp(u)) (rule sigmoid-complement of
// rules/algebra.rules; Bishop, Pattern Recognition and Machine Learning (2006), eq. (4.60):
// sigma(-a) = 1 - sigma(a)). The presentation uses it where a common Hadamard factor leaves
// ones(n) - sigmoid(u) behind: y - sigmoid(u) .* y = y .* sigmoid(-u), as the logistic loss with
// labels y is written in textbooks (X'*diag(sigmoid(-u) .* sigmoid(u) .* y .* y)*X).

import * as B from '../expr/build.js';
import { Q, type Expr } from '../expr/index.js';

/** The unit of e's algebra: ones(n) for a vector, the number 1 for a scalar. */
const isUnit = (e: Expr): boolean => e.kind === 'ones' || (e.kind === 'num' && Q.isOne(e.value));

/** c * core for a term c*core (a product of one factor), else 1 * term. */
function signed(t: Expr): [Q.Rational, Expr] {
  return t.kind === 'mul' && t.args.length === 1 ? [t.coef, t.args[0]!] : [Q.ONE, t];
}

/**
 * sigmoid(-u) for ones - sigmoid(u) (or 1 - sigmoid(u)), -sigmoid(-u) for sigmoid(u) - ones;
 * undefined for any other sum.
 */
export function sigmoidComplement(sum: Expr): Expr | undefined {
  if (sum.kind !== 'add' || sum.args.length !== 2) return undefined;
  const [[c1, a], [c2, b]] = sum.args.map(signed) as [[Q.Rational, Expr], [Q.Rational, Expr]];
  const [unitCoef, sigmoidCoef, s] = isUnit(a) ? [c1, c2, b] : isUnit(b) ? [c2, c1, a] : [Q.ZERO, Q.ZERO, a];
  if (s.kind !== 'fn' || s.name !== 'sigmoid' || !Q.isOne(Q.abs(unitCoef)) || !Q.equals(sigmoidCoef, Q.neg(unitCoef))) return undefined;
  const complement = B.fn('sigmoid', B.mul(B.MINUS_ONE, s.args[0]!));
  return Q.isOne(unitCoef) ? complement : B.mul(B.MINUS_ONE, complement);
}
