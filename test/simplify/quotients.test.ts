// Elementwise quotients inside Hadamard and inner products (src/simplify/hadamard.ts): the
// softmax cross-entropy gradient, by the logits and by the weights, with and without its
// definition; and two normal forms that equivalent inputs now share. Each answer is also
// checked numerically.

import { describe, test } from 'vitest';
import { expectAnswer } from '../support/answer.js';

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['softmax cross-entropy by the logits', "x, y : vector(n)\ngrad(-y'*log(exp(x)/sum(exp(x))), x)", 'sum(y)*exp(x)/sum(exp(x)) - y'],
  ['softmax cross-entropy, definition kept', "x, y : vector(n)\ns := exp(x)/sum(exp(x))\ngrad(y'*log(s), x)", 'y - sum(y)*s'],
  ['softmax cross-entropy written out beside its definition', "x, y : vector(n)\ns := exp(x)/sum(exp(x))\ngrad(y'*log(exp(x)/sum(exp(x))), x)", 'y - sum(y)*s'],
  ['softmax cross-entropy by the weights', "x : vector(n)\ny : vector(m)\nW : matrix(m, n)\ngrad(-y'*log(exp(W*x)/sum(exp(W*x))), W)", "(sum(y)*exp(W*x)/sum(exp(W*x)) - y)*x'"],
  ['softmax cross-entropy by the weights, definition kept', "x : vector(n)\ny : vector(m)\nW : matrix(m, n)\np := exp(W*x)/sum(exp(W*x))\ngrad(-sum(y .* log(p)), W)", "(sum(y)*p - y)*x'"],
  ["u'*(v ./ u) is sum(v)", "a, x, y : vector(n)\ngrad(a'*(y ./ a)*(x'*x), x)", '2*sum(y)*x'],
  ['a quotient cancels inside a weighted inner product', "a, x, y : vector(n)\ngrad(a'*(y .* x ./ a), x)", 'y'],
  ['a Hadamard product has one quotient', "a, x, y : vector(n)\ngrad((x .* a)'*(y ./ x), x)", '0'],
  ['a 1 x 1 product splits into its 1 x 1 pieces as a rotated trace does', "u : vector(n)\nA, X : matrix(n, n)\ngrad(tr((tr(u*u'*u*u')*A - u'*u*u'*u*A)*X), X)", '0'],
  ['the inverse of a multiple of a sum', 'A, X : matrix(n, n)\ngrad(tr((2*inv(A + 5*I) - inv(A/2 + 5/2*I))*X), X)', '0'],
];

describe('elementwise quotients', () => {
  for (const [name, program, expected] of CASES) test(name, () => expectAnswer(program, expected));
});
