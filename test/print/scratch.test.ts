import { test } from 'vitest';
import * as F from './fixtures.js';
import { printPlain, printUnicode, printLatex, numpyExpression, numpyFunction } from '../../src/print/index.js';
import { sub, mul, add, transpose, inv, pow, num, Q, identity, fn, hadamard, hdiv, kron, mpow, diff, unary, ones } from '../../src/expr/index.js';
test('scratch', () => {
  const { x, y, A, B, W, alpha, beta, s, X, K } = F;
  const cases = [F.seed2, F.seed1, K.kind === 'def' ? K.body : K,
    mul(add(A, transpose(A)), x), transpose(mul(A, B)), mul(num(-1), mul(transpose(x), y)),
    mul(X, F.recip(F.norm(X))), mul(x, transpose(x), pow(F.norm(x), num(-3))), F.recip(alpha), pow(s, num(-2)), pow(s, F.half),
    mul(F.half, x), mul(num(Q.rat(3,2)), x), mul(num(Q.rat(2,3)), x), mul(num(Q.rat(-1,3)), x, F.recip(alpha)),
    mpow(A, 3), mpow(A, -2), transpose(mpow(A,2)), transpose(inv(A)), mul(F.det(A), transpose(inv(A))),
    add(A, identity('n')), mul(alpha, identity('n')), mul(mul(transpose(x), y), A), hadamard(mul(num(2), x), y), hdiv(x, add(x, y)),
    kron(A, x), fn('exp', mul(transpose(a()), x)), unary('logdet', A), mul(num(-1), inv(X), diff(X), inv(X)),
    sub(mul(transpose(x), y), num(2)), add(mul(alpha, x), ones('n')), unary('diagm', x), unary('diagv', A), unary('sum', A), fn('sigmoid', x),
    mul(pow(add(alpha, beta), num(2)), x), mul(symS('x1'), alpha, mul(transpose(x), y)),
  ];
  function a() { return F.a; }
  function sym1(n: string) { return F.alpha.kind === 'sym' ? (globalThis as any).sym?.(n) ?? symS(n) : x; }
  for (const e of cases) console.log([printPlain(e), printUnicode(e), printLatex(e), numpyExpression(e)].join('\n   '));
  console.log(numpyFunction('grad_h', ['x', 'y', 'alpha', 'beta', 'D'], F.seed2));
  console.log(numpyFunction('grad_f', ['W', 'x'], F.seed1));
});
import { sym, SCALAR } from '../../src/expr/index.js';
function symS(n: string) { return sym(n, SCALAR); }
