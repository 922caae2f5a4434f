// The valid inputs of the parser tests: golden trees for every row of LANGUAGE.md's expression
// table and the precedence rules, Unicode/ASCII spelling pairs, and whole programs. Kept out of
// the *.test.ts files so that the ambiguity test can run all of them too.
import { bars, bin, call, neg, norm, num, pow, tp, v } from './helpers.js';

/** [source, expected tree] */
export const GOLDEN: [string, unknown][] = [
  // numbers, symbols, grouping, Greek names
  ['2', num('2')],
  ['0.5', num('0.5')],
  ['1e-3', num('1e-3')],
  ['.5', num('.5')],
  ['1/2', bin('/', num('1'), num('2'))],
  ['x_1', v('x_1')],
  ['((x))', v('x')],
  ['alpha', v('alpha')],
  ['omega + Omega', bin('+', v('omega'), v('Omega'))],
  // sum, difference, negation
  ['a + b', bin('+', v('a'), v('b'))],
  ['a - b', bin('-', v('a'), v('b'))],
  ['-a', neg(v('a'))],
  ['a - b + c', bin('+', bin('-', v('a'), v('b')), v('c'))],
  ['a - (b + c)', bin('-', v('a'), bin('+', v('b'), v('c')))],
  // products, scaling, juxtaposition of a number
  ['a * b', bin('*', v('a'), v('b'))],
  ['a*b*c', bin('*', bin('*', v('a'), v('b')), v('c'))],
  ['2x', bin('*', num('2'), v('x'))],
  ['2(x + y)', bin('*', num('2'), bin('+', v('x'), v('y')))],
  ['1/2x', bin('*', bin('/', num('1'), num('2')), v('x'))],
  ['a / s', bin('/', v('a'), v('s'))],
  ['a/b/c', bin('/', bin('/', v('a'), v('b')), v('c'))],
  // elementwise
  ['a .* b', bin('.*', v('a'), v('b'))],
  ['a ./ b', bin('./', v('a'), v('b'))],
  ['2.*x', bin('.*', num('2'), v('x'))],
  ['2./x', bin('./', num('2'), v('x'))],
  // transpose
  ["a'", tp(v('a'))],
  ['a^T', tp(v('a'))],
  ["a''", tp(tp(v('a')))],
  ["(A*B)'", tp(bin('*', v('A'), v('B')))],
  ['x^Tau', pow(v('x'), v('Tau'))],
  // inverse and powers
  ['inv(A)', call('inv', v('A'))],
  ['A^-1', pow(v('A'), neg(num('1')))],
  ['s^p', pow(v('s'), v('p'))],
  ['A^2', pow(v('A'), num('2'))],
  ['s^-2', pow(v('s'), neg(num('2')))],
  ['s^(1/2)', pow(v('s'), bin('/', num('1'), num('2')))],
  ['x^2^3', pow(v('x'), pow(num('2'), num('3')))],
  ['-x^2', neg(pow(v('x'), num('2')))],
  ["A^2'", tp(pow(v('A'), num('2')))],
  ["A'^2", pow(tp(v('A')), num('2'))],
  ["A^-1'", tp(pow(v('A'), neg(num('1'))))],
  ['2x^2', bin('*', num('2'), pow(v('x'), num('2')))],
  ['s^-x^2', pow(v('s'), neg(pow(v('x'), num('2'))))],
  ['norm(r)^2', pow(call('norm', v('r')), num('2'))],
  // determinant, log-determinant, trace, norms, diag, sum, kron
  ['det(A)', call('det', v('A'))],
  ['|A|', bars(v('A'))],
  ["|x'*x - 1|", bars(bin('-', bin('*', tp(v('x')), v('x')), num('1')))],
  ['|a|*|b|', bin('*', bars(v('a')), bars(v('b')))],
  ['|a| - |b|', bin('-', bars(v('a')), bars(v('b')))],
  ['|-a|', bars(neg(v('a')))],
  ['||a||', bars(bars(v('a')))],
  ['|a + |b||', bars(bin('+', v('a'), bars(v('b'))))],
  ['logdet(A)', call('logdet', v('A'))],
  ['tr(A)', call('tr', v('A'))],
  ['norm(v)', call('norm', v('v'))],
  ['‖v‖', norm(v('v'))],
  ['‖x‖*‖y‖', bin('*', norm(v('x')), norm(v('y')))],
  ['diag(v)', call('diag', v('v'))],
  ['sum(a)', call('sum', v('a'))],
  ['kron(A, B)', call('kron', v('A'), v('B'))],
  ['A ⊗ B', bin('kron', v('A'), v('B'))],
  // scalar functions, constants
  ...['exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus', 'abs'].map((f): [string, unknown] => [`${f}(x)`, call(f, v('x'))]),
  ['I', v('I')],
  ['I(n)', call('I', v('n'))],
  ['0', num('0')],
  ['ones(n)', call('ones', v('n'))],
  ['d(X)', call('d', v('X'))],
  // signs fold in pairs
  ['- - x', v('x')],
  ['- - - x', neg(v('x'))],
  ['-(-x)', v('x')],
  ['a - -b', bin('-', v('a'), neg(v('b')))],
  ['a*-b', bin('*', v('a'), neg(v('b')))],
  ['-a*b', bin('*', neg(v('a')), v('b'))],
  // queries are plain calls; the seed problems
  ['grad(f, x)', call('grad', v('f'), v('x'))],
  ['explain(grad(f, x))', call('explain', call('grad', v('f'), v('x')))],
  ["alpha*x*x' + inv(beta)*I", bin('+', bin('*', bin('*', v('alpha'), v('x')), tp(v('x'))), bin('*', call('inv', v('beta')), v('I')))],
  ["-D/2*log(det(K)) - 1/2*tr(inv(K)*y*y')", bin('-',
    bin('*', bin('/', neg(v('D')), num('2')), call('log', call('det', v('K')))),
    bin('*', bin('/', num('1'), num('2')), call('tr', bin('*', bin('*', call('inv', v('K')), v('y')), tp(v('y'))))))],
  ["grad((1/2*norm(r)^2), W)", call('grad', bin('*', bin('/', num('1'), num('2')), pow(call('norm', v('r')), num('2'))), v('W'))],
];

/** [Unicode spelling, ASCII spelling]: each pair must give one tree. */
export const SPELLINGS: [string, string][] = [
  ['α', 'alpha'], ['ω', 'omega'], ['Ω', 'Omega'], ['Α', 'Alpha'], ['ε', 'epsilon'], ['ϵ', 'epsilon'],
  ['ς', 'sigma'], ['σ', 'sigma'], ['λ', 'lambda'], ['ϕ', 'phi'], ['µ', 'mu'],
  ['2α', '2*alpha'],
  ['xᵀ', "x'"], ['x’', "x'"], ['Aᵀ*B', 'A^T*B'],
  ['K⁻¹', 'K^-1'], ['K⁻¹ᵀ', "K^-1'"], ['x²', 'x^2'], ['x³', 'x^3'], ['x¹⁰', 'x^10'], ['x⁻²', 'x^-2'],
  ['-x²', '-x^2'], ['x^y²', '(x^y)^2'], ['‖r‖²', '‖r‖^2'],
  ['a ⊙ b', 'a .* b'], ['a − b', 'a - b'], ['−a', '-a'], ['a · b', 'a * b'], ['a × b', 'a * b'],
];


/** Valid programs (the seed problems, and every statement form). */
export const PROGRAMS: string[] = [
  "x, y : vector(n)\nW : matrix(m, n)\nalpha, beta, D : scalar\nA : matrix(n, n) symmetric\n" +
    "K := alpha*x*x' + inv(beta)*I\nh := -D/2*log(det(K)) - 1/2*tr(inv(K)*y*y')\ngrad(h, x)",
  "W : matrix(m, n)\nx : vector(n)\nr := W'*W*x - x\ngrad((1/2*norm(r)^2), W)",
  'X : matrix(n, n) invertible\ndifferential(inv(X), X)\nexplain(grad(logdet(X), X))',
  'A : matrix(3, 3) symmetric posdef; B : matrix(n, n) diagonal, orthogonal\nhessian(exp(a\'*x), x)',
  "x : vector(n)\ngrad(\n  norm(x -\n    ones(n))^2,\n  x)  # continued lines",
  'σ : scalar\nκ := σ² + 2σ\njacobian(x/‖x‖, x)',
];
