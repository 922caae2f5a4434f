// Reading a gradient off a differential (Magnus & Neudecker): df is linear in d(X), and the
// gradient G is the matrix with df = <G, d(X)> = tr(G' d(X)). Rather than first rotating every
// term into the trace form, we pull the "output weight" back through each linear operation
// (the adjoint of that operation), which is the same identity applied structurally:
//   <W, L*F*R> = <L'*W*R', F>     <W, F'> = <W', F>        <w, tr(F)> = <w*I, F>
//   <W, B.*F> = <W.*B, F>          <W, F./B> = <W./B, F>    <w, s(F)*R> = <w*<...>, s(F)>
// df is a DAG (a layer's differential is shared by every later layer), so the weights are
// accumulated per node and each node is pulled back once, in reverse topological order: the
// cost is linear in the size of the DAG, never exponential in its depth.

import * as B from '../expr/build.js';
import { isScalarShape, type Expr, type Sym } from '../expr/index.js';
import { MathError } from '../check/errors.js';
import { containsDiff } from './depends.js';
import { MAX_DIFFERENTIAL_WORK } from './differential.js';

const MAX_WEIGHT_WORK = MAX_DIFFERENTIAL_WORK / 4;

/** <W, R> for equally shaped W and R, as an expression. */
export function inner(w: Expr, r: Expr): Expr {
  if (isScalarShape(w.shape)) return B.mul(w, r);
  if (w.shape.cols === 1) return B.mul(B.transpose(w), r);
  return B.unary('tr', B.mul(B.transpose(w), r));
}

type Contribution = readonly [Expr, Expr];

/** The gradient passes through a Kronecker product: writing it needs a reshaping. */
export class ReshapeNeeded extends MathError {}

export class GradientReader {
  constructor(private readonly variable: Sym) {}

  /** The gradient of the scalar whose differential is df. */
  gradient(df: Expr): Expr {
    return this.pullBack(df, B.ONE);
  }

  /** The gradient of <w, f>, for f linear in d(X). */
  pullBack(f: Expr, w: Expr): Expr {
    const x = this.variable;
    const order = this.reverseTopological(f);
    const weights = new Map<Expr, Expr[]>([[f, [w]]]);
    const result: Expr[] = [];
    // a weight pulled back through k nested elementwise functions is a product of k factors
    // (products are flat), k^2/2 factors in all: refused past the differentiator's budget
    let work = 0;
    for (const node of order) {
      const ws = weights.get(node);
      if (!ws) continue;
      const weight = ws.length === 1 ? ws[0]! : B.add(...ws);
      if (node.kind === 'diff') {
        result.push(weight);
        continue;
      }
      for (const [child, cw] of this.contributions(node, weight)) {
        if (cw !== weight) work += cw.args.length;
        if (work > MAX_WEIGHT_WORK)
          throw new MathError(`the gradient is too large to build: its weights would hold more than ${MAX_WEIGHT_WORK.toLocaleString('en-US')} factors (a composition thousands of functions deep?)`);
        const list = weights.get(child);
        if (list) list.push(cw);
        else weights.set(child, [cw]);
      }
    }
    return result.length ? B.add(...result) : B.zero(x.shape);
  }

  /** The nodes of f that contain d(X), every node after all the nodes that use it. */
  private reverseTopological(f: Expr): Expr[] {
    const x = this.variable;
    const post: Expr[] = [];
    const seen = new Set<Expr>();
    const stack: Array<[Expr, boolean]> = [[f, false]];
    while (stack.length) {
      const [e, expanded] = stack.pop()!;
      if (expanded) {
        post.push(e);
        continue;
      }
      if (seen.has(e) || !containsDiff(e, x)) continue;
      seen.add(e);
      stack.push([e, true]);
      for (const a of e.args) if (!seen.has(a)) stack.push([a, false]);
    }
    return post.reverse();
  }

  /** The weights that <w, f> passes to the arguments of f that contain d(X). */
  private contributions(f: Expr, w: Expr): Contribution[] {
    const x = this.variable;
    if (B.isZeroExpr(f)) return [];
    const [a] = f.args as [Expr];
    switch (f.kind) {
      case 'add': return f.args.map((t) => [t, w] as const);
      case 'transpose': return [[a, B.transpose(w)]];
      case 'tr': return [[a, B.mul(w, B.identity(a.shape.rows))]];
      case 'sum': {
        const spread = a.shape.cols === 1 ? B.ones(a.shape.rows) : B.mul(B.ones(a.shape.rows), B.transpose(B.ones(a.shape.cols)));
        return [[a, B.mul(w, spread)]];
      }
      case 'diagv': return [[a, B.unary('diagm', w)]];
      case 'diagm': return [[a, B.unary('diagv', w)]];
      case 'hadamard': {
        const i = this.linearIndex(f.args, f);
        return [[f.args[i]!, B.hadamard(w, ...f.args.filter((_, j) => j !== i))]];
      }
      case 'hdiv': {
        const den = f.args[1]!;
        if (containsDiff(den, x)) return this.nonlinear(f);
        // a 1 x 1 numerator is broadcast: <w, s ./ B> = s * sum(w ./ B)
        return [[a, isScalarShape(a.shape) ? B.unary('sum', B.hdiv(w, den)) : B.hdiv(w, den)]];
      }
      case 'mul': return [this.productContribution(f, w)];
      case 'kron':
        throw new ReshapeNeeded(`cannot write this gradient as a matrix without reshaping: it passes through kron(...); grad(f, vec(${x.name})) or jacobian(f, ${x.name}) gives it in vec form`);
      default: return this.nonlinear(f);
    }
  }

  private productContribution(f: Extract<Expr, { kind: 'mul' }>, w: Expr): Contribution {
    const scalars = f.scalars;
    const chain = f.chain;
    const coef = B.num(f.coef);
    const si = scalars.findIndex((s) => containsDiff(s, this.variable));
    if (si >= 0) {
      const rest = B.mul(coef, ...scalars.filter((_, j) => j !== si), ...chain);
      return [scalars[si]!, inner(w, rest)];
    }
    const i = this.linearIndex(chain, f);
    const left = chain.slice(0, i);
    const right = chain.slice(i + 1);
    const lt = left.length ? [B.transpose(B.mul(...left))] : [];
    const rt = right.length ? [B.transpose(B.mul(...right))] : [];
    return [chain[i]!, B.mul(coef, ...scalars, ...lt, w, ...rt)];
  }

  /** The one argument that contains d(X) (a linear expression has exactly one per product). */
  private linearIndex(args: readonly Expr[], f: Expr): number {
    const hits = args.flatMap((a, j) => (containsDiff(a, this.variable) ? [j] : []));
    if (hits.length !== 1) return this.nonlinear(f);
    return hits[0]!;
  }

  private nonlinear(f: Expr): never {
    // a differential is linear in dX by construction: reaching this is a bug, said as such
    throw new MathError(`internal error (a bug in mcalc): the differential is not linear in d${this.variable.name} at a ${f.kind} node`);
  }
}
