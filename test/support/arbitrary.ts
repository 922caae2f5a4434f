// fast-check generators of random WELL-TYPED expressions over a fixed scope, for every property
// test (print/parse round trip, derivatives against finite differences, simplifier).
//
// Values stay tame at random points (entries in [0.5, 1.5], sizes n = 4, m = 3) by
// construction, through five classes of sub-expression:
//   general     any sign, moderate size (depth-limited products)
//   positive    every entry > 0 and away from 0: every symbol of the scope is positive, and
//               sums, products, .*, ./, exp, sqrt, sigmoid... of positive things stay so; the
//               only arguments of log, sqrt, ./ (denominator), norm, abs, fractional powers
//   bounded     entries in about [-1, 9]: leaves and sin/cos/tanh/sigmoid; the only argument of exp
//               (and, through tanh/2, of tan, arcsin, arccos, arctan)
//   invertible  square, smallest singular value kept away from 0 (A + 5*I: by Weyl, the 4 x 4
//               all-ones matrix plus entries in [-0.5, 0.5] plus 5*I has singular values >= 3)
//   posdef      symmetric positive definite, the only argument of logdet
// A final filter drops the rare expression whose value is not finite or exceeds 1e6 at two
// fixed points. Kinks are avoided too: abs and norm only see positive (never zero) arguments,
// relu and sign positive or negated positive ones.

import fc from 'fast-check';
import {
  add, def, diff, fn, hadamard, hdiv, identity, inv, kron, mpow, mul, neg, num, ones, pow, sub, sym, transpose, unary, zero,
  POSDEF, SYMMETRIC, SCALAR, shape, Q, isScalarShape, type Dim, type Expr, type FnName, type Shape, type Sym, type UnaryKind,
} from '../../src/expr/index.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { NumericError, freeSymbols, randomPoint, type Point } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';

export { freeSymbols };

export interface Scope {
  readonly a: Sym; readonly b: Sym;
  readonly x: Sym; readonly y: Sym; readonly z: Sym; readonly u: Sym;
  readonly A: Sym; readonly B: Sym; readonly C: Sym; readonly S: Sym; readonly P: Sym;
  readonly symbols: readonly Sym[];
  /** the same symbols declared in the language (LANGUAGE.md section 1), for programs in tests */
  readonly declarations: string;
}

/** scalars a, b; vectors x, y, z (n) and u (m); matrices A, B (n x n), C (m x n), S symmetric, P posdef. */
export function arbScope(): Scope {
  const n = 'n';
  const m = 'm';
  const symbols = {
    a: sym('a', SCALAR), b: sym('b', SCALAR),
    x: sym('x', shape(n, 1)), y: sym('y', shape(n, 1)), z: sym('z', shape(n, 1)), u: sym('u', shape(m, 1)),
    A: sym('A', shape(n, n)), B: sym('B', shape(n, n)), C: sym('C', shape(m, n)),
    S: sym('S', shape(n, n), SYMMETRIC), P: sym('P', shape(n, n), POSDEF),
  };
  const declarations = [
    'a, b : scalar', 'x, y, z : vector(n)', 'u : vector(m)', 'A, B : matrix(n, n)', 'C : matrix(m, n)',
    'S : matrix(n, n) symmetric', 'P : matrix(n, n) posdef',
  ].join('\n');
  return { ...symbols, symbols: Object.values(symbols), declarations };
}

type D = 1 | 'n' | 'm';
const DIMS: readonly D[] = [1, 'n', 'm'];
/** Every shape the generator can produce: dimensions 1, n and m in both places. */
export const SHAPES: readonly Shape[] = DIMS.flatMap((r) => DIMS.map((c) => shape(r, c)));
const NONSCALAR = SHAPES.filter((s) => !isScalarShape(s));
const square = (d: Dim): Shape => shape(d, d);
const column = (d: Dim): Shape => shape(d, 1);
const transposed = (s: Shape): Shape => shape(s.cols, s.rows);

export interface GenOptions {
  /** also use d(X) of the scope's symbols as leaves (for differentials) */
  readonly differentials?: boolean;
  /** also use tan, arcsin, arccos, arctan, relu and sign (off by default, so that the seeded
   * samples of the older property tests stay what they were) */
  readonly newerFunctions?: boolean;
}

/** A random expression of the given shape (dimensions 1, n, m), at most `depth` generated operators deep. */
export function arbExpr(scope: Scope, s: Shape, depth = 3, options: GenOptions = {}): fc.Arbitrary<Expr> {
  if (!SHAPES.some((t) => t.rows === s.rows && t.cols === s.cols)) throw new Error(`arbExpr: no generator for ${s.rows} x ${s.cols}`);
  const points = [1, 2].map((seed) => randomPoint(scope.symbols, mulberry32(seed)));
  return new Generator(scope, options.differentials ?? false, options.newerFunctions ?? false).of('general', s, depth).filter((e) => isTame(e, points));
}

export const arbScalar = (scope: Scope, depth = 3, options: GenOptions = {}): fc.Arbitrary<Expr> => arbExpr(scope, SCALAR, depth, options);

/** The bound on |entries| at the filter's points. */
const TAME_LIMIT = 1e6;

export function isTame(e: Expr, points: readonly Point[], limit = TAME_LIMIT): boolean {
  try {
    return points.every((p) => evaluate(e, p).to1DArray().every((v) => Number.isFinite(v) && Math.abs(v) <= limit));
  } catch (err) {
    if (err instanceof NumericError) return false;
    throw err;
  }
}

type Class = 'general' | 'positive' | 'bounded' | 'invertible' | 'posdef';
interface Weighted { readonly weight: number; readonly arbitrary: fc.Arbitrary<Expr> }
const w = (weight: number, arbitrary: fc.Arbitrary<Expr>): Weighted => ({ weight, arbitrary });

const rat = (n: number, d = 1): Expr => num(Q.rat(n, d));
const COEF = fc.constantFrom(rat(2), rat(-1), rat(1, 2), rat(3), rat(-3, 2));
const POSITIVE_COEF = fc.constantFrom(rat(2), rat(1, 2), rat(3));
const SMOOTH = fc.constantFrom<FnName>('sin', 'cos', 'tanh', 'sigmoid', 'softplus');
/** Exponents for positive scalar bases. */
const EXPONENT = fc.constantFrom(rat(-1), rat(1, 2), rat(-1, 2), rat(3, 2), rat(-2));
/** A stable name per body, so that one printed program never gives one name two bodies. */
const named = (body: Expr): Expr => def(`K${body.hash.toString(36)}`, body);

class Generator {
  private readonly memo = new Map<string, fc.Arbitrary<Expr>>();

  private readonly samplePoints: readonly Point[];

  constructor(private readonly scope: Scope, private readonly differentials: boolean, private readonly newer: boolean) {
    this.samplePoints = [1, 2].map((seed) => randomPoint(scope.symbols, mulberry32(seed)));
  }

  /** Memoised per (class, shape, depth): the recursion builds each arbitrary once. */
  of(cls: Class, s: Shape, depth: number): fc.Arbitrary<Expr> {
    const key = `${cls} ${s.rows}x${s.cols} ${depth}`;
    let arb = this.memo.get(key);
    if (!arb) {
      const leaves = fc.constantFrom(...this.leaves(cls, s));
      // a zero leaf collapses every product around it, so it stays rare and at the bottom
      const zeroLeaf = cls === 'general' && !isScalarShape(s) && depth === 0 ? [w(1, fc.constant(zero(s)))] : [];
      arb = fc.oneof(w(depth > 0 ? 4 : 20, leaves), ...zeroLeaf, ...(depth > 0 ? this.composites(cls, s, depth - 1) : []));
      this.memo.set(key, arb);
    }
    return arb;
  }

  private leaves(cls: Class, s: Shape): Expr[] {
    const { A, B, C, S, P, u } = this.scope;
    const fiveI = (M: Expr): Expr => add(M, mul(rat(5), identity(M.shape.rows)));
    const gramM = add(mul(C, transpose(C)), identity('m'));
    if (cls === 'posdef') return s.rows === 'n' ? [P, fiveI(S), identity('n')] : [gramM, identity('m')];
    if (cls === 'invertible') return s.rows === 'n' ? [P, fiveI(A), fiveI(B), fiveI(S), identity('n')] : [gramM, identity('m')];
    const fits = (t: Shape): boolean => t.rows === s.rows && t.cols === s.cols;
    const syms = this.scope.symbols.filter((x) => fits(x.shape));
    // x' for a row, C' for n x m (a scalar is its own transpose)
    const transposedSyms = isScalarShape(s) ? [] : this.scope.symbols.filter((x) => fits(transposed(x.shape)));
    const out: Expr[] = [...syms, ...transposedSyms.map(transpose)];
    if (isScalarShape(s)) out.push(rat(1, 2), rat(2), rat(3));
    if (s.cols === 1 && s.rows !== 1) out.push(ones(s.rows));
    if (fits(square('m'))) out.push(mul(C, transpose(C)), mul(u, transpose(u)));
    if (cls === 'positive') return out;
    if (isScalarShape(s)) out.push(rat(-1));
    if (s.rows === s.cols && !isScalarShape(s)) out.push(identity(s.rows));
    if (this.differentials) {
      out.push(...syms.map(diff), ...transposedSyms.map((x) => transpose(diff(x))));
    }
    return out;
  }

  private composites(cls: Class, s: Shape, d: number): Weighted[] {
    switch (cls) {
      case 'general': return this.general(s, d);
      case 'positive': return this.positive(s, d);
      case 'bounded': return [w(4, fc.tuple(fc.constantFrom<FnName>('sin', 'cos', 'tanh', 'sigmoid'), this.moderate(s, d)).map(([f, e]) => fn(f, e)))];
      case 'invertible': return this.invertible(s, d);
      case 'posdef': return this.posdef(s, d);
    }
  }

  /**
   * A general expression whose entries stay within [-10, 10] at the sample points: the argument
   * of sin, cos, tanh, sigmoid and (through 'bounded') exp. Larger arguments (P^3, exp(P)) make
   * these functions oscillate or explode so fast that finite differences, not the engine, go wrong.
   */
  private moderate(s: Shape, d: number): fc.Arbitrary<Expr> {
    return this.of('general', s, d).filter((e) => isTame(e, this.samplePoints, 10));
  }

  /** Inner dimensions k for a product (s.rows x k) * (k x s.cols); 1 gives outer products. */
  private inner(s: Shape): D[] {
    return isScalarShape(s) ? ['n', 'm'] : DIMS.slice();
  }

  private general(s: Shape, d: number): Weighted[] {
    const g = (t: Shape): fc.Arbitrary<Expr> => this.of('general', t, d);
    const pos = (t: Shape): fc.Arbitrary<Expr> => this.of('positive', t, d);
    const out = [
      w(3, fc.tuple(g(s), g(s)).map(([p, q]) => add(p, q))),
      w(2, fc.tuple(g(s), g(s)).map(([p, q]) => sub(p, q))),
      w(2, fc.tuple(COEF, g(s)).map(([c, p]) => mul(c, p))),
      w(2, fc.tuple(g(SCALAR), g(s)).map(([c, p]) => mul(c, p))),
      ...this.inner(s).map((k) => w(2, fc.tuple(g(shape(s.rows, k)), g(shape(k, s.cols))).map(([p, q]) => mul(p, q)))),
      w(2, fc.tuple(SMOOTH, this.moderate(s, d)).map(([f, p]) => fn(f, p))),
      w(1, this.of('bounded', s, d).map((p) => fn('exp', p))),
      w(1, pos(s).map((p) => fn('log', p))),
      w(1, pos(s).map((p) => fn('sqrt', p))),
      w(1, fc.tuple(pos(s), fc.boolean()).map(([p, negative]) => fn('abs', negative ? neg(p) : p))),
      w(1, g(s).map(named)),
    ];
    if (this.newer) {
      out.push(
        // relu and sign away from their kink at 0; tan, arcsin, arccos well inside (-1, 1)
        w(1, fc.tuple(fc.constantFrom<FnName>('relu', 'sign'), pos(s), fc.boolean()).map(([f, p, negative]) => fn(f, negative ? neg(p) : p))),
        w(1, fc.tuple(fc.constantFrom<FnName>('tan', 'arcsin', 'arccos', 'arctan'), this.of('bounded', s, d)).map(([f, p]) => fn(f, mul(rat(1, 2), fn('tanh', p))))),
      );
    }
    if (!isScalarShape(s)) {
      out.push(
        w(1, g(transposed(s)).map(transpose)),
        w(1, fc.tuple(g(s), g(s)).map(([p, q]) => hadamard(p, q))),
        w(1, fc.tuple(fc.oneof(g(s), g(SCALAR)), pos(s)).map(([p, q]) => hdiv(p, q))),
      );
    }
    if (s.rows === s.cols && !isScalarShape(s)) {
      const inverted = this.of('invertible', s, d);
      out.push(
        w(1, inverted.map(inv)),
        w(1, inverted.map((p) => mpow(p, -2))),
        // a leaf base: powers of deeper things grow too fast
        w(1, fc.tuple(this.of('general', s, 0), fc.constantFrom(2, 3)).map(([p, k]) => mpow(p, k))),
        w(1, g(column(s.rows)).map((v) => unary('diagm', v))),
      );
    }
    if (s.cols === 1 && s.rows !== 1) out.push(w(1, g(square(s.rows)).map((M) => unary('diagv', M))));
    if (isScalarShape(s)) {
      out.push(
        w(2, fc.oneof(g(square('n')), g(square('m'))).map((M) => unary('tr', M))),
        w(1, this.of('general', square('n'), Math.min(d, 1)).map((M) => unary('det', M))),
        w(1, fc.oneof(this.of('posdef', square('n'), d), this.of('posdef', square('m'), d)).map((M) => unary('logdet', M))),
        w(1, fc.oneof(...NONSCALAR.map(pos)).map((v) => unary('norm', v))),
        w(1, fc.oneof(...NONSCALAR.map(g)).map((v) => unary('sum', v))),
        w(1, fc.tuple(this.of('general', SCALAR, 0), fc.constantFrom(2, 3)).map(([p, k]) => pow(p, rat(k)))),
        w(1, fc.tuple(pos(SCALAR), EXPONENT).map(([p, k]) => pow(p, k))),
        // kron is rare: its m*n shapes only feed a trace or a sum
        w(1, fc.oneof(
          fc.tuple(g(square('n')), g(square('m'))).map(([p, q]) => unary('tr', kron(p, q))),
          fc.tuple(g(column('n')), g(shape(1, 'm'))).map(([p, q]) => unary('sum', kron(p, q))),
        )),
      );
    }
    return out;
  }

  private positive(s: Shape, d: number): Weighted[] {
    const p = (t: Shape): fc.Arbitrary<Expr> => this.of('positive', t, d);
    const out = [
      w(2, fc.tuple(p(s), p(s)).map(([e, f]) => add(e, f))),
      w(1, fc.tuple(POSITIVE_COEF, p(s)).map(([c, e]) => mul(c, e))),
      w(1, fc.tuple(p(SCALAR), p(s)).map(([c, e]) => mul(c, e))),
      ...this.inner(s).map((k) => w(1, fc.tuple(p(shape(s.rows, k)), p(shape(k, s.cols))).map(([e, f]) => mul(e, f)))),
      w(1, fc.tuple(fc.constantFrom<FnName>('exp', 'sigmoid', 'softplus'), this.of('bounded', s, d)).map(([f, e]) => fn(f, e))),
      w(1, p(s).map((e) => fn('sqrt', e))),
      w(1, p(s).map(named)),
    ];
    if (!isScalarShape(s)) {
      out.push(
        w(1, p(transposed(s)).map(transpose)),
        w(1, fc.tuple(p(s), p(s)).map(([e, f]) => hadamard(e, f))),
        w(1, fc.tuple(p(s), p(s)).map(([e, f]) => hdiv(e, f))),
      );
    }
    if (s.cols === 1 && s.rows !== 1) out.push(w(1, p(square(s.rows)).map((M) => unary('diagv', M))));
    if (isScalarShape(s)) {
      out.push(
        w(1, fc.oneof(p(square('n')), p(square('m'))).map((M) => unary('tr', M))),
        w(1, fc.tuple(fc.constantFrom<UnaryKind>('norm', 'sum'), fc.oneof(...NONSCALAR.map(p))).map(([k, v]) => unary(k, v))),
        w(1, this.of('posdef', square('n'), d).map((M) => unary('det', M))),
        w(1, fc.tuple(p(SCALAR), EXPONENT).map(([e, k]) => pow(e, k))),
      );
    }
    return out;
  }

  private invertible(s: Shape, d: number): Weighted[] {
    const i = this.of('invertible', s, d);
    return [
      w(2, this.of('posdef', s, d)),
      w(1, i.map(inv)),
      w(1, i.map(transpose)),
      w(1, fc.tuple(i, i).map(([p, q]) => mul(p, q))),
      w(1, fc.tuple(POSITIVE_COEF, i).map(([c, p]) => mul(c, p))),
      w(1, fc.tuple(i, fc.constantFrom(2, -2)).map(([p, k]) => mpow(p, k))),
      w(1, this.of('positive', column(s.rows), d).map((v) => unary('diagm', v))),
      w(1, i.map(named)),
    ];
  }

  private posdef(s: Shape, d: number): Weighted[] {
    const pd = this.of('posdef', s, d);
    const r = s.rows;
    return [
      w(2, fc.tuple(pd, pd).map(([p, q]) => add(p, q))),
      w(1, fc.tuple(pd, this.of('general', column(r), d)).map(([p, v]) => add(p, mul(v, transpose(v))))),
      w(1, fc.tuple(POSITIVE_COEF, pd).map(([c, p]) => mul(c, p))),
      w(1, pd.map(inv)),
      w(1, pd.map((p) => mpow(p, 2))),
      w(1, fc.oneof(this.of('general', shape('n', r), d), this.of('general', shape('m', r), d))
        .map((M) => add(mul(transpose(M), M), identity(r)))),
      w(1, this.of('positive', column(r), d).map((v) => unary('diagm', v))),
      w(1, pd.map(named)),
    ];
  }
}
