// Random well-typed expressions for the printer properties, built with the core constructors
// from a fixed set of declared symbols (n = 4, m = 3 when evaluated). Values stay in the domain of
// every operation: inverses, negative powers, logarithms and determinants only meet positive
// scalars or positive definite matrices, so a numeric comparison never divides by zero.

import fc from 'fast-check';
import {
  sym, def, num, add, mul, neg, pow, mpow, transpose, inv, unary, kron, hadamard, hdiv, fn, diff,
  identity, ones, shape, Q, SCALAR, POSDEF, type Expr, type Sym, type FnName,
} from '../../src/expr/index.js';

const vec = shape('n', 1);
const sq = shape('n', 'n');
export const SYMBOLS = {
  x: sym('x', vec), y: sym('y', vec), a: sym('a', vec),
  A: sym('A', sq), B: sym('B', sq), X: sym('X', sq), S: sym('S', sq, POSDEF),
  W: sym('W', shape('m', 'n')),
  alpha: sym('alpha', SCALAR), beta: sym('beta', SCALAR), s: sym('s', SCALAR),
} as const;
const { x, y, a, A, B, X, S, W, alpha, beta, s } = SYMBOLS;

/** The program that declares SYMBOLS (mcalc syntax), without definitions. */
export const DECLARATIONS = 'x, y, a : vector(n)\nA, B, X : matrix(n, n)\nS : matrix(n, n) posdef\nW : matrix(m, n)\nalpha, beta, s : scalar';

/** K := alpha*x*x' + inv(beta)*I, positive definite for positive alpha and beta. */
export const K = def('K', add(mul(alpha, x, transpose(x)), mul(pow(beta, num(-1)), identity('n'))));

type Target = 'scalar' | 'positive' | 'vector' | 'row' | 'square' | 'posdef' | 'wide';

const COEFS = [num(2), num(-1), num(Q.rat(1, 2)), num(Q.rat(-3, 2)), num(3)];
const BOUNDED: FnName[] = ['sin', 'cos', 'tanh', 'sigmoid', 'softplus', 'abs'];

/** Builds an expression of the given kind from a stream of choices (a cursor over `picks`). */
class Builder {
  private i = 0;
  constructor(private readonly picks: readonly number[]) {}

  private pick<T>(items: readonly T[]): T {
    const v = this.picks[this.i++ % this.picks.length]!;
    return items[v % items.length]!;
  }

  build(t: Target, depth: number): Expr {
    const leaf = depth <= 0 || this.pick([0, 1, 1, 1]) === 0;
    return leaf ? this.leaf(t) : this.node(t, depth - 1);
  }

  private leaf(t: Target): Expr {
    switch (t) {
      case 'scalar': return this.pick([alpha, beta, s, mul(transpose(x), y)]);
      case 'positive': return this.pick([alpha, beta, unary('norm', x), unary('det', S)]);
      case 'vector': return this.pick([x, y, a, ones('n'), diff(x as Sym)]);
      case 'row': return transpose(this.pick([x, y, a]));
      case 'square': return this.pick([A, B, X, K, diff(X as Sym)]);
      case 'posdef': return this.pick([S, K]);
      case 'wide': return W;
    }
  }

  private node(t: Target, d: number): Expr {
    const c = (u: Target): Expr => this.build(u, d);
    const scaled = (u: Target): Expr => this.pick([mul(this.pick(COEFS), c(u)), mul(c('scalar'), c(u)), neg(c(u))]);
    switch (t) {
      case 'scalar':
        return this.pick([
          () => add(c('scalar'), c('scalar')), () => scaled('scalar'), () => mul(c('row'), c('vector')),
          () => mul(c('row'), c('square'), c('vector')), () => unary('tr', c('square')),
          () => unary('sum', this.pick([c('vector'), c('square'), kron(c('vector'), c('row')), kron(c('square'), c('vector'))])),
          () => mul(transpose(kron(c('vector'), c('vector'))), kron(c('vector'), c('vector'))),
          () => pow(c('scalar'), this.pick([num(2), num(3)])), () => fn(this.pick(BOUNDED), c('scalar')),
          () => c('positive'), () => fn('log', c('positive')), () => unary('logdet', c('posdef')), () => add(c('scalar'), num(this.pick([2, -1]))),
        ])();
      case 'positive':
        return this.pick([
          () => pow(c('positive'), num(this.pick([Q.rat(-1), Q.rat(-2), Q.rat(-3), Q.rat(1, 2), Q.rat(-1, 2)]))),
          () => unary('norm', this.pick([c('vector'), c('square'), c('wide')])), () => mul(c('positive'), c('positive')),
          () => fn('exp', fn('sin', c('scalar'))), () => fn('sqrt', c('positive')),
          () => add(c('positive'), c('positive')), () => unary('det', c('posdef')),
        ])();
      case 'vector':
        return this.pick([
          () => mul(c('square'), c('vector')), () => scaled('vector'), () => add(c('vector'), c('vector')),
          () => mul(transpose(c('wide')), c('wide'), c('vector')), () => hadamard(c('vector'), c('vector')),
          () => hdiv(c('vector'), fn('exp', c('vector'))), () => fn(this.pick(BOUNDED), c('vector')),
          () => unary('diagv', c('square')), () => transpose(c('row')), () => mul(c('vector'), c('positive')),
          () => mul(c('vector'), c('row'), c('vector')),
        ])();
      case 'row':
        return this.pick([() => transpose(c('vector')), () => mul(c('row'), c('square')), () => scaled('row')])();
      case 'square':
        return this.pick([
          () => mul(c('square'), c('square')), () => add(c('square'), c('square')), () => scaled('square'),
          () => mul(c('vector'), c('row')), () => inv(c('posdef')), () => mpow(c('square'), this.pick([2, 3])),
          () => mpow(c('posdef'), -2), () => transpose(c('square')), () => unary('diagm', c('vector')),
          () => hadamard(c('square'), c('square')), () => add(c('square'), identity('n')),
          () => mul(c('scalar'), identity('n')), () => mul(transpose(c('wide')), c('wide')), () => fn('tanh', c('square')),
          () => mul(identity('n'), c('square')), () => mul(c('square'), c('vector'), c('row'), pow(c('positive'), num(-1))),
        ])();
      case 'posdef':
        return this.pick([
          () => add(c('posdef'), c('posdef')), () => mul(c('positive'), c('posdef')), () => inv(c('posdef')),
          () => { const v = c('vector'); return add(c('posdef'), mul(v, transpose(v))); },
          () => add(c('posdef'), identity('n')),
        ])();
      case 'wide':
        return this.pick([() => mul(c('wide'), c('square')), () => scaled('wide'), () => add(c('wide'), c('wide'))])();
    }
  }
}

const TARGETS: Target[] = ['scalar', 'vector', 'row', 'square', 'wide', 'positive'];

/** A random expression of any kind, with its picks kept small enough to shrink well. */
export const arbitraryExpr: fc.Arbitrary<Expr> = fc
  .tuple(fc.nat({ max: TARGETS.length - 1 }), fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 64 }))
  .map(([t, picks]) => new Builder(picks.length ? picks : [0]).build(TARGETS[t]!, 4));
