// Reading a Jacobian off the differential of a vector function: df = J*d(x), with f of length
// p and x of length n, J is p x n. Each linear piece contributes its matrix; a scalar piece
// s(dx) contributes its gradient as a row. Cases follow vec(L*F*R) = (R' kron L)*vec(F)
// specialised to vectors: L*dx*(scalar), L*dx'*r = L*r'*dx, L*diag(dx)*r = L*diag(r)*dx.

import * as B from '../expr/build.js';
import { isScalarShape, type Expr, type Sym } from '../expr/index.js';
import { MathError } from '../check/errors.js';
import { containsDiff } from './depends.js';
import { GradientReader } from './gradient.js';
import { DeepMemo } from '../expr/deep.js';

export class JacobianReader {
  private readonly grads: GradientReader;

  constructor(private readonly variable: Sym) {
    this.grads = new GradientReader(variable);
  }

  private readonly memo = new DeepMemo<Expr, Expr>((f) => this.compute(f));

  /** J with f = J*d(x) for f linear in d(x) (a column, or a scalar giving a 1 x n row). */
  jacobian(f: Expr): Expr {
    return this.memo.get(f);
  }

  private compute(f: Expr): Expr {
    const x = this.variable;
    if (B.isZeroExpr(f)) return B.zero({ rows: f.shape.rows, cols: x.shape.rows });
    if (isScalarShape(f.shape)) return B.transpose(this.grads.gradient(f));
    switch (f.kind) {
      case 'diff': return B.identity(x.shape.rows);
      case 'add': return B.add(...f.args.map((t) => this.jacobian(t)));
      case 'hadamard': {
        const i = this.index(f.args, f);
        return B.mul(B.unary('diagm', B.hadamard(...f.args.filter((_, j) => j !== i))), this.jacobian(f.args[i]!));
      }
      case 'hdiv': {
        const [num, den] = f.args as [Expr, Expr];
        if (containsDiff(den, x)) return this.unsupported(f);
        const reciprocal = B.hdiv(B.ones(f.shape.rows), den);
        // a 1 x 1 numerator is broadcast: s ./ v = s * (ones ./ v)
        if (isScalarShape(num.shape)) return B.mul(reciprocal, this.jacobian(num));
        return B.mul(B.unary('diagm', reciprocal), this.jacobian(num));
      }
      case 'transpose': {
        const a = f.args[0]!; // a row transposed: (r*dx')' and the like
        if (a.kind === 'mul') return this.jacobian(B.mul(B.num(a.coef), ...a.scalars, ...[...a.chain].reverse().map(B.transpose)));
        if (a.kind === 'add') return this.jacobian(B.add(...a.args.map(B.transpose)));
        if (a.kind === 'transpose') return this.jacobian(a.args[0]!);
        return this.unsupported(f);
      }
      case 'diagv': {
        // the diagonal of an outer product P*Q (P a column, Q a row) is P .* Q': split the
        // chain after its first column factor (diag(L*dx*r') = (L*dx) .* r)
        const a = f.args[0]!;
        if (a.kind === 'add') return B.add(...a.args.map((t) => this.jacobian(B.unary('diagv', t))));
        if (a.kind !== 'mul') return this.unsupported(f);
        const chain = a.chain;
        const scale = [B.num(a.coef), ...a.scalars];
        const i = chain.findIndex((c, j) => j < chain.length - 1 && c.shape.cols === 1);
        if (i >= 0) return this.jacobian(B.hadamard(B.mul(...scale, ...chain.slice(0, i + 1)), B.transpose(B.mul(...chain.slice(i + 1)))));
        // diag(L*diag(v)*R) = (L .* R')*v, for the factor diag(v) that holds d(x)
        const k = chain.findIndex((c) => c.kind === 'diagm' && containsDiff(c, x));
        if (k < 0 || chain.some((c, j) => j !== k && containsDiff(c, x))) return this.unsupported(f);
        const side = (fs: Expr[]): Expr => (fs.length ? B.mul(...fs) : B.identity(a.shape.rows));
        const weights = B.hadamard(side(chain.slice(0, k)), B.transpose(side(chain.slice(k + 1))));
        return B.mul(...scale, weights, this.jacobian(chain[k]!.args[0]!));
      }
      case 'mul': return this.product(f);
      default: return this.unsupported(f);
    }
  }

  private product(f: Extract<Expr, { kind: 'mul' }>): Expr {
    const x = this.variable;
    const scalars = f.scalars;
    const chain = f.chain;
    const coef = B.num(f.coef);
    const si = scalars.findIndex((s) => containsDiff(s, x));
    if (si >= 0) {
      const rest = B.mul(coef, ...scalars.filter((_, j) => j !== si), ...chain);
      return B.mul(rest, this.jacobian(scalars[si]!));
    }
    const i = this.index(chain, f);
    const left = chain.slice(0, i);
    const right = chain.slice(i + 1);
    const piece = chain[i]!;
    const rightProduct = right.length ? B.mul(...right) : B.ONE;
    const front = [coef, ...scalars, ...left];
    if (isScalarShape(rightProduct.shape)) return B.mul(...front, rightProduct, this.jacobian(piece));
    if (piece.shape.rows === 1) {
      // L * row(dx) * r = L * (r' * row(dx)')
      return B.mul(...front, B.transpose(rightProduct), this.jacobian(B.transpose(piece)));
    }
    if (piece.kind === 'diagm') return B.mul(...front, B.unary('diagm', rightProduct), this.jacobian(piece.args[0]!));
    return this.unsupported(f);
  }

  private index(args: readonly Expr[], f: Expr): number {
    const hits = args.flatMap((a, j) => (containsDiff(a, this.variable) ? [j] : []));
    if (hits.length !== 1) return this.unsupported(f);
    return hits[0]!;
  }

  private unsupported(f: Expr): never {
    throw new MathError(`cannot read a Jacobian through a ${f.kind === 'fn' ? f.name : f.kind} node; differential(f, ${this.variable.name}) shows the derivative`);
  }
}
