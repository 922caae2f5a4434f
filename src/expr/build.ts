// Smart constructors. They only flatten sums, products and Hadamard products, fold numbers,
// order the terms of sums and the scalar factors of products, and collapse one-element nodes.
// Every other identity is a named rule (rules/*.rules) applied by the simplifier.
// Preconditions on shapes are the checker's job; constructors assume well-typed arguments.

import * as Q from './rational.js';
import type { Rational } from './rational.js';
import { SCALAR, shape, isScalarShape, transposedShape, type Dim, type Shape } from './shape.js';
import {
  intern, compareExpr,
  SYMMETRIC, POSDEF, DIAGONAL, ORTHOGONAL, INVERTIBLE,
  type Expr, type Sym, type Num, type FnName, type UnaryKind,
} from './node.js';
import { inferProductProps, inferSumProps, normaliseProps } from './props.js';

const isNum = (e: Expr): e is Num => e.kind === 'num';

export function num(value: Rational | number): Expr {
  const v = typeof value !== 'number' ? value : Number.isInteger(value) ? Q.rat(value) : Q.parseRational(String(value));
  const text = Q.toString(v);
  return intern({ kind: 'num', shape: SCALAR, props: SYMMETRIC | DIAGONAL, args: [], tag: text, order: text, extra: { value: v } });
}
export const ZERO = num(0);
export const ONE = num(1);
export const MINUS_ONE = num(-1);

export function sym(name: string, s: Shape, declared = 0): Sym {
  const props = normaliseProps(isScalarShape(s) ? declared | SYMMETRIC | DIAGONAL : declared);
  return intern({ kind: 'sym', shape: s, props, args: [], tag: name, order: name, extra: { name } }) as Sym;
}

export function def(name: string, body: Expr): Expr {
  return intern({ kind: 'def', shape: body.shape, props: body.props, args: [], tag: `${name}#${body.id}`, hashTag: `${name}#${body.hash}`, order: name, extra: { name, body } });
}

export function diff(of: Sym): Expr {
  const props = of.props & (SYMMETRIC | DIAGONAL);
  return intern({ kind: 'diff', shape: of.shape, props, args: [], tag: String(of.id), hashTag: `${of.name}#${of.hash}`, order: `d(${of.name})`, extra: { of } });
}

export function identity(n: Dim): Expr {
  if (n === 1) return ONE;
  return intern({ kind: 'identity', shape: shape(n, n), props: SYMMETRIC | POSDEF | DIAGONAL | ORTHOGONAL | INVERTIBLE, args: [], tag: String(n), order: 'I' });
}

export function zero(s: Shape): Expr {
  if (isScalarShape(s)) return ZERO;
  const props = s.rows === s.cols ? SYMMETRIC | DIAGONAL : 0;
  return intern({ kind: 'zero', shape: s, props, args: [], tag: '', order: '0' });
}

export function ones(n: Dim): Expr {
  if (n === 1) return ONE;
  return intern({ kind: 'ones', shape: shape(n, 1), props: 0, args: [], tag: String(n), order: 'ones' });
}

export const isZeroExpr = (e: Expr): boolean => e.kind === 'zero' || (isNum(e) && Q.isZero(e.value));

/** The commutation matrix K(m, n) with K(m, n)*vec(A) = vec(A') for an m x n A; K(1, n) = K(n, 1) = I. */
export function commutation(m: Dim, n: Dim): Expr {
  const size = dimProduct(m, n);
  if (m === 1 || n === 1) return identity(size);
  const props = ORTHOGONAL | INVERTIBLE | (m === n ? SYMMETRIC : 0);
  return intern({ kind: 'commutation', shape: shape(size, size), props: normaliseProps(props), args: [], tag: `${m},${n}`, order: 'K', extra: { m, n } });
}

/** Sum: flattened, zeros dropped, numbers folded, terms in canonical order. */
export function add(...terms: Expr[]): Expr {
  if (terms.length === 0) throw new Error('add() needs at least one term');
  // identical terms are counted rather than repeated, so that sums of shared sub-sums
  // (add(e, e) nested k times) stay linear in size instead of doubling
  const counts = new Map<Expr, number>();
  let constant = Q.ZERO;
  const collect = (t: Expr, times: number): void => {
    if (t.kind === 'add') for (const u of t.args) collect(u, times);
    else if (isNum(t)) constant = Q.add(constant, Q.mul(t.value, Q.rat(times)));
    else if (t.kind !== 'zero') counts.set(t, (counts.get(t) ?? 0) + times);
  };
  for (const t of terms) collect(t, 1);
  const out = [...counts].map(([t, c]) => (c === 1 ? t : mul(num(c), t)));
  if (!Q.isZero(constant)) out.push(num(constant));
  if (out.length === 0) return zero(terms[0]!.shape);
  if (out.length === 1) return out[0]!;
  out.sort(compareExpr);
  return intern({ kind: 'add', shape: out[0]!.shape, props: inferSumProps(out), args: out, order: out.map((t) => t.order).join('+') });
}

export const neg = (e: Expr): Expr => mul(MINUS_ONE, e);
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));

/**
 * Product. Scalar factors (1 x 1, including 1 x 1 products such as x'*y) commute and are
 * gathered and sorted; the others keep their order as a matrix chain. A 1 x 1 chain (x'*y) is
 * a node of its own ("pure chain": coefficient 1, no scalars), so that inside a larger product
 * it stays one scalar factor and (x'*y)*A never becomes the invalid chain x', y, A.
 */
export function mul(...factors: Expr[]): Expr {
  let coef = Q.ONE;
  const scalars: Expr[] = [];
  let chain: Expr[] = [];
  for (const f of factors) {
    if (isNum(f)) coef = Q.mul(coef, f.value);
    else if (f.kind === 'mul') {
      coef = Q.mul(coef, f.coef);
      const inner = f.chain;
      scalars.push(...f.scalars);
      if (inner.length > 0 && isScalarShape(chainShape(inner))) scalars.push(pureChain(inner));
      else chain.push(...inner);
    } else if (isScalarShape(f.shape)) scalars.push(f);
    else chain.push(f);
  }
  chain = liftScalarPrefix(chain, scalars);
  const outShape = chain.length ? chainShape(chain) : SCALAR;
  if (Q.isZero(coef) || scalars.some(isZeroExpr) || chain.some(isZeroExpr)) return zero(outShape);
  if (chain.length > 0 && isScalarShape(outShape)) {
    if (Q.isOne(coef) && scalars.length === 0) return pureChain(chain);
    scalars.push(pureChain(chain));
    chain = [];
  }
  if (scalars.length === 0 && chain.length === 0) return num(coef);
  if (Q.isOne(coef) && scalars.length + chain.length === 1) return scalars[0] ?? chain[0]!;
  scalars.sort(compareExpr);
  return makeMul(coef, scalars, chain, outShape);
}

/**
 * A matrix chain that starts with a 1 x 1 stretch (x'*y*z') is that scalar times the rest, as
 * the checker builds it: the stretch moves to the scalar factors so both forms are one node.
 */
function liftScalarPrefix(chain: Expr[], scalars: Expr[]): Expr[] {
  while (chain.length > 1 && chain[0]!.shape.rows === 1 && !isScalarShape(chainShape(chain))) {
    const end = chain.findIndex((f) => f.shape.cols === 1);
    if (end < 0 || end === chain.length - 1) break;
    scalars.push(pureChain(chain.slice(0, end + 1)));
    chain = chain.slice(end + 1);
  }
  return chain;
}

const chainShape = (chain: readonly Expr[]): Shape => shape(chain[0]!.shape.rows, chain[chain.length - 1]!.shape.cols);

/** The node for a 1 x 1 product of matrices such as x'*A*y. */
function pureChain(chain: readonly Expr[]): Expr {
  return chain.length === 1 ? chain[0]! : makeMul(Q.ONE, [], chain, SCALAR);
}

function makeMul(coef: Rational, scalars: readonly Expr[], chain: readonly Expr[], outShape: Shape): Expr {
  const args = [...scalars, ...chain];
  const props = inferProductProps(coef, scalars, chain);
  const order = args.map((a) => (a.kind === 'add' ? `(${a.order})` : a.order)).join('*') || Q.toString(coef);
  return intern({
    kind: 'mul', shape: outShape, props, args, tag: `${Q.toString(coef)}/${scalars.length}`, order,
    extra: { coef, scalars, chain, nScalars: scalars.length },
  });
}

/** Scalar power; numbers folded, s^1 = s, s^0 = 1. */
export function pow(base: Expr, exponent: Expr): Expr {
  // (s^p)^k = s^(p*k) for an integer k and a numeric p, so that x/norm(x)^3 reads back as one node
  if (isNum(exponent) && Q.isInteger(exponent.value) && base.kind === 'pow' && isNum(base.args[1]!))
    return pow(base.args[0]!, num(Q.mul(base.args[1]!.value, exponent.value)));
  if (isNum(exponent)) {
    if (Q.isZero(exponent.value)) return ONE;
    if (Q.isOne(exponent.value)) return base;
    if (isNum(base) && Q.isInteger(exponent.value)) {
      const r = Q.powInt(base.value, exponent.value.n);
      if (r) return num(r);
    }
  }
  return intern({ kind: 'pow', shape: SCALAR, props: SYMMETRIC | DIAGONAL, args: [base, exponent], order: `${base.order}^${exponent.order}` });
}

/** Integer power of a square matrix: A^0 = I, A^1 = A, A^-1 = inv(A). */
export function mpow(base: Expr, k: number): Expr {
  if (isScalarShape(base.shape)) return pow(base, num(k));
  if (k === 0) return identity(base.shape.rows);
  if (k === 1) return base;
  // inv(A)^k is A^-k: one node whichever way it is written (the plain form prints inv(A)^k)
  if (base.kind === 'inv') return mpow(base.args[0]!, -k);
  if (k === -1) return unary('inv', base);
  const keep = base.props & (SYMMETRIC | DIAGONAL | INVERTIBLE | ORTHOGONAL);
  const props = normaliseProps(k % 2 === 0 && base.props & SYMMETRIC && base.props & INVERTIBLE ? keep | POSDEF : keep | (base.props & POSDEF));
  return intern({ kind: 'mpow', shape: base.shape, props, args: [base], tag: String(k), order: `${base.order}^${k}`, extra: { k } });
}

const UNARY_SCALAR: ReadonlySet<UnaryKind> = new Set(['det', 'logdet', 'tr', 'norm', 'sum']);

export function unary(kind: UnaryKind, a: Expr): Expr {
  let s: Shape;
  let props = 0;
  if (isScalarShape(a.shape) && kind !== 'inv') {
    // on a 1 x 1 argument: tr, det, sum, diag and transpose are the identity
    if (kind === 'logdet') return fn('log', a);
    if (kind === 'norm') return fn('abs', a);
    return a;
  }
  if (UNARY_SCALAR.has(kind)) s = SCALAR;
  else if (kind === 'transpose') {
    s = transposedShape(a.shape);
    props = a.props;
  } else if (kind === 'inv') {
    if (isScalarShape(a.shape)) return pow(a, MINUS_ONE);
    s = a.shape;
    props = (a.props & (SYMMETRIC | POSDEF | DIAGONAL | ORTHOGONAL)) | INVERTIBLE;
  } else if (kind === 'diagm') {
    s = shape(a.shape.rows, a.shape.rows);
    props = SYMMETRIC | DIAGONAL;
  } else if (kind === 'vec') {
    // the columns stacked: a column is its own vec, a row's vec is its transpose
    if (a.shape.cols === 1) return a;
    if (a.shape.rows === 1) return transpose(a);
    s = shape(dimProduct(a.shape.rows, a.shape.cols), 1);
  } else s = shape(a.shape.rows, 1); // diagv
  if (isScalarShape(s)) props = SYMMETRIC | DIAGONAL;
  const order = kind === 'transpose' ? `${a.order}'` : `${kind}(${a.order})`;
  return intern({ kind, shape: s, props: normaliseProps(props), args: [a], order });
}

export const transpose = (a: Expr): Expr => unary('transpose', a);
export const inv = (a: Expr): Expr => unary('inv', a);

export function kron(a: Expr, b: Expr): Expr {
  if (isScalarShape(a.shape) || isScalarShape(b.shape)) return mul(a, b);
  const r = (x: Dim, y: Dim): Dim => dimProduct(x, y);
  if (isZeroExpr(a) || isZeroExpr(b)) return zero(shape(r(a.shape.rows, b.shape.rows), r(a.shape.cols, b.shape.cols)));
  const both = a.props & b.props & (SYMMETRIC | POSDEF | DIAGONAL | ORTHOGONAL | INVERTIBLE);
  return intern({ kind: 'kron', shape: shape(r(a.shape.rows, b.shape.rows), r(a.shape.cols, b.shape.cols)), props: normaliseProps(both), args: [a, b], order: `kron(${a.order},${b.order})` });
}

/** The product of two dimensions, canonical: numbers multiplied, factors of 1 dropped, names sorted ("m*p"). */
export function dimProduct(x: Dim, y: Dim): Dim {
  let n = 1;
  const names: string[] = [];
  for (const part of `${x}*${y}`.split('*')) {
    if (/^\d+$/.test(part)) n *= Number(part);
    else names.push(part);
  }
  names.sort();
  if (names.length === 0) return n;
  return [...(n === 1 ? [] : [String(n)]), ...names].join('*');
}

/** Elementwise product: commutative and flattened; a scalar factor makes it a scaling. */
export function hadamard(...factors: Expr[]): Expr {
  const scalars = factors.filter((f) => isScalarShape(f.shape));
  const rest: Expr[] = [];
  for (const f of factors) if (!isScalarShape(f.shape)) (f.kind === 'hadamard' ? rest.push(...f.args) : rest.push(f));
  if (rest.length === 0) return mul(...scalars);
  if (rest.some((f) => f.kind === 'zero')) return zero(rest[0]!.shape);
  const core = rest.length === 1 ? rest[0]! : makeHadamard(rest);
  return scalars.length ? mul(...scalars, core) : core;
}
function makeHadamard(rest: Expr[]): Expr {
  rest.sort(compareExpr);
  let props = rest.every((f) => f.props & SYMMETRIC) ? SYMMETRIC : 0;
  if (rest.some((f) => f.props & DIAGONAL)) props |= DIAGONAL | SYMMETRIC;
  return intern({ kind: 'hadamard', shape: rest[0]!.shape, props, args: rest, order: rest.map((f) => f.order).join('.*') });
}

/** Elementwise division a ./ b; a scalar denominator is a scaling, a scalar numerator is broadcast. */
export function hdiv(a: Expr, b: Expr): Expr {
  if (isScalarShape(b.shape)) return mul(a, pow(b, MINUS_ONE));
  if (isZeroExpr(a)) return zero(b.shape);
  const s = b.shape;
  const props = a.props & b.props & SYMMETRIC;
  return intern({ kind: 'hdiv', shape: s, props, args: [a, b], order: `${a.order}./${b.order}` });
}

export function fn(name: FnName, a: Expr): Expr {
  // the square root of a scalar is its power 1/2, so that sqrt(s) and s^(1/2) are one node
  if (name === 'sqrt' && isScalarShape(a.shape)) return pow(a, num(Q.rat(1, 2)));
  const props = isScalarShape(a.shape) ? SYMMETRIC | DIAGONAL : a.props & SYMMETRIC;
  return intern({ kind: 'fn', shape: a.shape, props, args: [a], tag: name, order: `${name}(${a.order})`, extra: { name } });
}

/** Rebuilds a node of the same kind over new arguments (through the normalising constructors). */
export function withArgs(e: Expr, args: readonly Expr[]): Expr {
  if (args.length === e.args.length && args.every((a, i) => a === e.args[i])) return e;
  switch (e.kind) {
    case 'add': return add(...args);
    case 'mul': return mul(num(e.coef), ...args);
    case 'pow': return pow(args[0]!, args[1]!);
    case 'mpow': return mpow(args[0]!, e.k);
    case 'kron': return kron(args[0]!, args[1]!);
    case 'hadamard': return hadamard(...args);
    case 'hdiv': return hdiv(args[0]!, args[1]!);
    case 'fn': return fn(e.name, args[0]!);
    case 'transpose': case 'inv': case 'det': case 'logdet': case 'tr': case 'norm': case 'sum': case 'diagm': case 'diagv': case 'vec':
      return unary(e.kind, args[0]!);
    default: return e; // atoms have no arguments
  }
}
