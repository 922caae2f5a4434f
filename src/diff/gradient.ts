// Reading a gradient off a differential (Magnus & Neudecker): df is linear in d(X), and the
// gradient G is the matrix with df = <G, d(X)> = tr(G' d(X)). Rather than first rotating every
// term into the trace form, we pull the "output weight" back through each linear operation
// (the adjoint of that operation), which is the same identity applied structurally:
//   <W, L*F*R> = <L'*W*R', F>     <W, F'> = <W', F>        <w, tr(F)> = <w*I, F>
//   <W, B.*F> = <W.*B, F>          <W, F./B> = <W./B, F>    <w, s(F)*R> = <w*<...>, s(F)>
// Each call returns the contribution to G; W always has the shape of F.

import * as B from '../expr/build.js';
import { isScalarShape, type Expr, type Sym } from '../expr/index.js';
import { MathError } from '../check/errors.js';
import { containsDiff } from './depends.js';

/** <W, R> for equally shaped W and R, as an expression. */
export function inner(w: Expr, r: Expr): Expr {
  if (isScalarShape(w.shape)) return B.mul(w, r);
  if (w.shape.cols === 1) return B.mul(B.transpose(w), r);
  return B.unary('tr', B.mul(B.transpose(w), r));
}

export class GradientReader {
  constructor(private readonly variable: Sym) {}

  /** The gradient of the scalar whose differential is df. */
  gradient(df: Expr): Expr {
    return this.pull(df, B.ONE);
  }

  /** The contribution to the gradient of <w, f>, where f is linear in d(X). */
  pull(f: Expr, w: Expr): Expr {
    const x = this.variable;
    if (B.isZeroExpr(f)) return B.zero(x.shape);
    switch (f.kind) {
      case 'diff': return w;
      case 'add': return B.add(...f.args.map((t) => this.pull(t, w)));
      case 'transpose': return this.pull(f.args[0]!, B.transpose(w));
      case 'tr': return this.pull(f.args[0]!, B.mul(w, B.identity(f.args[0]!.shape.rows)));
      case 'sum': {
        const a = f.args[0]!;
        const spread = a.shape.cols === 1 ? B.ones(a.shape.rows) : B.mul(B.ones(a.shape.rows), B.transpose(B.ones(a.shape.cols)));
        return this.pull(a, B.mul(w, spread));
      }
      case 'diagv': return this.pull(f.args[0]!, B.unary('diagm', w));
      case 'diagm': return this.pull(f.args[0]!, B.unary('diagv', w));
      case 'hadamard': {
        const i = this.linearIndex(f.args, f);
        const others = f.args.filter((_, j) => j !== i);
        return this.pull(f.args[i]!, B.hadamard(w, ...others));
      }
      case 'hdiv': {
        const [num, den] = f.args as [Expr, Expr];
        if (containsDiff(den, x)) return this.nonlinear(f);
        // a 1 x 1 numerator is broadcast: <w, s ./ B> = s * sum(w ./ B)
        return this.pull(num, isScalarShape(num.shape) ? B.unary('sum', B.hdiv(w, den)) : B.hdiv(w, den));
      }
      case 'mul': return this.pullProduct(f, w);
      case 'kron':
        throw new MathError('cannot write this gradient without reshaping: it passes through kron(...); differential(f, X) shows it');
      default: return this.nonlinear(f);
    }
  }

  private pullProduct(f: Extract<Expr, { kind: 'mul' }>, w: Expr): Expr {
    const scalars = f.args.slice(0, f.nScalars);
    const chain = f.args.slice(f.nScalars);
    const coef = B.num(f.coef);
    const si = scalars.findIndex((s) => containsDiff(s, this.variable));
    if (si >= 0) {
      const rest = B.mul(coef, ...scalars.filter((_, j) => j !== si), ...chain);
      return this.pull(scalars[si]!, inner(w, rest));
    }
    const i = this.linearIndex(chain, f);
    const left = chain.slice(0, i);
    const right = chain.slice(i + 1);
    const lt = left.length ? [B.transpose(B.mul(...left))] : [];
    const rt = right.length ? [B.transpose(B.mul(...right))] : [];
    return this.pull(chain[i]!, B.mul(coef, ...scalars, ...lt, w, ...rt));
  }

  /** The one argument that contains d(X) (a linear expression has exactly one per product). */
  private linearIndex(args: readonly Expr[], f: Expr): number {
    const hits = args.flatMap((a, j) => (containsDiff(a, this.variable) ? [j] : []));
    if (hits.length !== 1) return this.nonlinear(f);
    return hits[0]!;
  }

  private nonlinear(f: Expr): never {
    throw new MathError(`internal: the differential is not linear in d(${this.variable.name}) at a ${f.kind} node`);
  }
}
