// Answers written the way a person writes them: definitions kept, common factors out, square
// roots, quotients cancelled. Each is also checked numerically.

import { describe, test } from 'vitest';
import { expectAnswer } from '../support/answer.js';

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['a definition inside a longer chain', 'A, B, C, X : matrix(n, n)\nK := A*B\ngrad(tr(K*X*C), X)', "K'*C'"],
  ['a definition inside a sum', 'A : matrix(m, n)\nx : vector(n)\nb : vector(m)\nr := A*x - b\ngrad(norm(r)^2 + norm(x)^2, x)', "2*(A'*r + x)"],
  ['a square root', "x, y : vector(n)\ngrad((x'*y)^(1/2), x)", "y/2/sqrt(x'*y)"],
  ['the sign that leaves the inner sum positive', "x, mu : vector(n)\nS : matrix(n, n) posdef\ngrad((x - mu)'*inv(S)*(x - mu), x)", '2*inv(S)*(x - mu)'],
  ['a common factor beside a 1 x 1 product', "x : vector(n)\nA, B : matrix(n, n)\ngrad(x'*A*x*x'*B*x, x)", "(A + A')*x*x'*B*x + (B + B')*x*x'*A*x"],
  ['quotients cancel: the logistic loss', "W : matrix(m, n)\nx : vector(n)\nb, y : vector(m)\ngrad(-y'*log(sigmoid(W*x + b)) - (ones(m) - y)'*log(ones(m) - sigmoid(W*x + b)), W)", "(sigmoid(b + W*x) - y)*x'"],
  ['a common Hadamard factor', 'X : matrix(p, n)\nw : vector(n)\nhessian(sum(softplus(X*w)), w)', "X'*diag((ones(p) - sigmoid(X*w)) .* sigmoid(X*w))*X"],
  ['terms over a common denominator cancel', "x, a : vector(n)\nhessian(log(1 + exp(a'*x)), x)", "exp(a'*x)*a*a'/(1 + exp(a'*x))^2"],
  ['a common number out of the answer', "x, mu : vector(n)\nP : matrix(n, n) posdef\ngrad(1/2*logdet(P) - 1/2*(x - mu)'*P*(x - mu), P)", "(inv(P) - (x - mu)*(x - mu)')/2"],
  ['a common denominator out of the answer', "x : vector(n)\nA : matrix(n, n) symmetric\ngrad(x'*A*x/(x'*x), x)", "2*(A*x - x*x'*A*x/norm(x)^2)/norm(x)^2"],
  ['a common denominator out of a Hessian', 'x : vector(n)\nhessian(log(sum(exp(x))), x)', "(diag(exp(x)) - exp(x)*exp(x)'/sum(exp(x)))/sum(exp(x))"],
  ['inside a product a sum keeps its numbers', 'x, y : vector(n)\nalpha, beta, D : scalar\nK := alpha*x*x\' + inv(beta)*I\ngrad(-D/2*log(det(K)) - 1/2*tr(inv(K)*y*y\'), x)', "alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x"],
  ['a reciprocal of ones in a Hadamard product is a quotient', "X : matrix(p, n)\nw : vector(n)\ny : vector(p)\ngrad(sum(log(ones(p) + exp(X*w))) - y'*X*w, w)", "X'*(exp(X*w) ./ (exp(X*w) + ones(p)) - y)"],
  ['a number comes out of a denominator', 'x : vector(n)\ndelta : scalar\ngrad(sum(sqrt(delta^2*ones(n) + x .* x)), x)', 'x ./ sqrt(delta^2*ones(n) + x .* x)'],
  ['ones(n)\' times a vector is its sum', 'A, B : matrix(n, n)\nx : vector(n)\ni : scalar\ngrad(sum(sin(i)*A*B*x), i)', 'cos(i)*sum(A*B*x)'],
  ['a common run of factors comes out at once', "X : matrix(m, n)\nB : matrix(n, p)\nC : matrix(m, m)\ngrad(tr(B'*X'*C*X*B), X)", "(C + C')*X*B*B'"],
  ['a common compound factor comes out of the answer', "x : vector(n)\nA : matrix(n, n)\nhessian(exp(x'*A*x), x)", "exp(x'*A*x)*((A + A')*x*x'*(A + A') + A + A')"],
  ['inverse of a product of invertible matrices', 'X, A, B : matrix(n, n) invertible\ngrad(det(A*X*B), X)', "det(A*X*B)*inv(X')"],
  ['a common factor on both sides at once', "X, C : matrix(n, n) invertible\nA : matrix(n, n)\ngrad(tr(inv(X'*C*X)*A), X)", "-inv(X')*(A'*inv(X)*inv(C') + A*inv(X)*inv(C))*inv(X')"],
  ['an expanded product of differences is rebuilt', 'x, a : vector(n)\njacobian((x - a)/norm(x - a), x)', "I/norm(x - a) - (x - a)*(x - a)'/norm(x - a)^3"],
  ['a product of differences beside a multiple of I', 'x, a : vector(n)\nhessian(norm(x - a)^4, x)', "8*(x - a)*(x - a)' + 4*norm(x - a)^2*I"],
  ['a difference is spelled as in the input', "x, s : vector(n)\nW : matrix(n, n) symmetric\ngrad((x - s)'*W*(x - s), s)", '-2*W*(x - s)'],
  ['the sign outside follows the sum as presented', "x, mu : vector(n)\nS : matrix(n, n) posdef\ngrad(-1/2*logdet(S) - 1/2*(x - mu)'*inv(S)*(x - mu), S)", "(inv(S)*(x - mu)*(x - mu)'*inv(S) - inv(S))/2"],
  ['a Hadamard polynomial as the product of its linear factors', 'A : matrix(m, n)\nx : vector(n)\nhessian(sum(sigmoid(A*x)), x)', "A'*diag((ones(m) - 2*sigmoid(A*x)) .* (ones(m) - sigmoid(A*x)) .* sigmoid(A*x))*A"],
  ['linear factors with no minus in front', 'x : vector(n)\ngrad(sum(x .* x .* x .* x)/4 - 2*sum(x .* x .* x) + 11/2*sum(x .* x) - 6*sum(x), x)', '(2*ones(n) - x) .* (x - ones(n)) .* (3*ones(n) - x)'],
  ['a polynomial in a scalar as the product of its linear factors', "x, a : vector(n)\nhessian(softplus(a'*x), x)", "(1 - sigmoid(a'*x))*sigmoid(a'*x)*a*a'"],
  ['a scalar polynomial without rational roots stays expanded', "x : vector(n)\nt := x'*x\ngrad(t - 3*t^2 + 2*t^3, x)", '2*(1 + 6*t^2 - 6*t)*x'],
  ['diagonal matrices multiply entry by entry, sqrt(u) .* sqrt(u) = u', 'x : vector(n)\nhessian(sum(sqrt(ones(n) + x .* x)), x)', 'diag(ones(n) ./ sqrt(ones(n) + x .* x)) - diag((x .* x) ./ ((ones(n) + x .* x) .* sqrt(ones(n) + x .* x)))'],
  ['a Hadamard polynomial stays expanded when its factors are larger', 'A : matrix(m, n)\nx : vector(n)\nhessian(sum(tanh(A*x)), x)', "2*A'*diag((tanh(A*x) .* tanh(A*x) - ones(m)) .* tanh(A*x))*A"],
  ['a scaled definition inside diag and an outer product', 'x : vector(n)\ns := exp(x)/sum(exp(x))\njacobian(s, x)', "diag(s) - s*s'"],
  ['a scaled definition takes only the scale the term holds', 'x : vector(n)\nu := x/norm(x)\njacobian(u, x)', "(I - u*u')/norm(x)"],
  ['a definition inside a factored matrix', 'W : matrix(m, n)\nx : vector(n)\ns := exp(W*x)/sum(exp(W*x))\njacobian(s, x)', "(diag(s) - s*s')*W"],
  ['a defined matrix inside a factored sum', "X : matrix(p, n)\nW : matrix(n, k)\nR := X - X*W*W'\ngrad(norm(R)^2, W)", "-2*(R'*X + X'*R)*W"],
  ['a common name out of an answer without definitions', "x, mu : vector(n)\nP : matrix(n, n) posdef\ng : scalar\ngrad(g*(1/2*logdet(P) - 1/2*(x - mu)'*P*(x - mu)), P)", "g*(inv(P) - (x - mu)*(x - mu)')/2"],
  ['a common determinant out of a differential', 'X : matrix(n, n) invertible\ndifferential(det(X)*inv(X), X)', 'det(X)*(tr(inv(X)*d(X))*inv(X) - inv(X)*d(X)*inv(X))'],
  ['a scaled definition inside a Hadamard product and a 1 x 1 factor', "W : matrix(m, n)\nx : vector(n)\nv : vector(m)\ns := exp(W*x)/sum(exp(W*x))\ngrad(s'*v, x)", "W'*(s .* v) - W'*s*s'*v"],
  ['a scaled definition as often as the scale allows', 'x : vector(n)\ns := exp(x)/sum(exp(x))\ngrad(norm(s)^2, x)', '2*(s .* s - norm(s)^2*s)'],
];

describe('presentation', () => {
  // the seed of the random points these cases were first checked at
  for (const [name, program, expected] of CASES) test(name, () => expectAnswer(program, expected, 23));
});
