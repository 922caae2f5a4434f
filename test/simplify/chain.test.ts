// The matrix chain of a product: the inverse of a product cancels against that product's
// factors beside it, whether or not they are square; an orthogonal matrix cancels against its
// transpose. Each answer is checked numerically too.

import { describe, test } from 'vitest';
import { expectAnswer } from '../support/answer.js';

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['the trace of a projection is constant (W tall, so that its Gram matrix is invertible)', "W : matrix(6, 3)\ngrad(tr(W*inv(W'*W)*W'), W)", '0'],
  ['inv(A*B)*A*B is I', 'A, B, X : matrix(n, n)\ngrad(tr(inv(A*B)*A*B*X), X)', 'I(n)'],
  ['A*B*inv(A*B) is I', 'A, B, X : matrix(n, n)\ngrad(tr(X*A*B*inv(A*B)), X)', 'I(n)'],
  ['inside a longer chain', "W : matrix(6, 3)\nx : vector(6)\ny : vector(3)\ngrad(x'*W*inv(W'*W)*W'*W*y, y)", "W'*x"],
  ["Q'*Q is I for an orthogonal Q", "Q : matrix(n, n) orthogonal\nx, y : vector(n)\ngrad(norm(Q*x - y)^2, x)", "2*(x - Q'*y)"],
  ["Q*Q' is I for an orthogonal Q", "Q : matrix(n, n) orthogonal\nA : matrix(n, n)\ngrad(tr(Q'*A*Q), A)", 'I(n)'],
  ["Q'*Q' stays a power", "Q : matrix(n, n) orthogonal\nA : matrix(n, n)\ngrad(tr(Q'*Q'*A), A)", 'Q^2'],
  ['one cancellation brings the next inverse beside its product', "A, B, C : matrix(n, n)\nx, y : vector(n)\ngrad(x'*inv(C*A)*C*inv(B)*B*A*y, y)", 'x'],
];

describe('products and their inverses', () => {
  for (const [name, program, expected] of CASES) test(name, () => expectAnswer(program, expected));
});
