// Matching a rule's left side against an expression, and instantiating its right side.
// Patterns are ordinary expressions over pattern variables (the symbols declared in the rule
// file). A variable declared scalar matches scalars only, vector(n) matches columns, and
// matrix(n, n) matches square matrices; the same variable must match the same node each time.
// The dimension names of the variables bind too (X : matrix(m, n) matched against a p x q
// expression binds m = p and n = q), so a right side may use I(n), ones(m) or 0 of those sizes.
// Argument lists match in order (sums and products of the same length), which is all the
// local identities in rules/ need.

import * as B from '../expr/build.js';
import { isScalarShape, type Dim, type Expr, type Sym } from '../expr/index.js';

export interface Bindings {
  readonly vars: Map<Sym, Expr>;
  readonly dims: Map<string, Dim>;
}

function fits(v: Sym, e: Expr): boolean {
  const { rows, cols } = v.shape;
  if (isScalarShape(v.shape)) return isScalarShape(e.shape);
  if (cols === 1) return e.shape.cols === 1;
  if (rows === cols) return e.shape.rows === e.shape.cols;
  return true;
}

function bindDim(b: Bindings, pattern: Dim, actual: Dim): boolean {
  if (typeof pattern === 'number') return pattern === actual;
  const bound = b.dims.get(pattern);
  if (bound === undefined) b.dims.set(pattern, actual);
  return bound === undefined || bound === actual;
}

export function match(pattern: Expr, e: Expr, vars: ReadonlySet<Sym>): Bindings | undefined {
  const b = matchInto(pattern, e, vars, { vars: new Map(), dims: new Map() });
  if (!b) return undefined;
  // a dimension seen only through scalars is 1: ones(m)*ones(n)' for a scalar X is 1
  for (const [v, x] of b.vars) if (isScalarShape(x.shape)) for (const d of [v.shape.rows, v.shape.cols]) if (typeof d === 'string' && !b.dims.has(d)) b.dims.set(d, 1);
  return b;
}

function matchInto(pattern: Expr, e: Expr, vars: ReadonlySet<Sym>, b: Bindings): Bindings | undefined {
  if (pattern.kind === 'sym' && vars.has(pattern)) {
    const bound = b.vars.get(pattern);
    if (bound) return bound === e ? b : undefined;
    if (!fits(pattern, e)) return undefined;
    // a 1 x 1 binding broadcasts (a scalar numerator of ./), so it fixes no dimension
    const sized = !isScalarShape(e.shape);
    if (sized && (!bindDim(b, pattern.shape.rows, e.shape.rows) || !bindDim(b, pattern.shape.cols, e.shape.cols))) return undefined;
    b.vars.set(pattern, e);
    return b;
  }
  if (pattern.kind !== e.kind || pattern.args.length !== e.args.length) return undefined;
  // I(n), ones(n) and 0 of a pattern match those of any size, binding the dimensions
  if (pattern.kind === 'identity' || pattern.kind === 'ones' || pattern.kind === 'zero')
    return bindDim(b, pattern.shape.rows, e.shape.rows) && bindDim(b, pattern.shape.cols, e.shape.cols) ? b : undefined;
  if (pattern.args.length === 0) return pattern === e ? b : undefined;
  if (!sameTag(pattern, e)) return undefined;
  for (let i = 0; i < pattern.args.length; i++) if (!matchInto(pattern.args[i]!, e.args[i]!, vars, b)) return undefined;
  return b;
}

function sameTag(p: Expr, e: Expr): boolean {
  switch (p.kind) {
    case 'fn': return e.kind === 'fn' && p.name === e.name;
    case 'mpow': return e.kind === 'mpow' && p.k === e.k;
    case 'mul': return e.kind === 'mul' && p.coef.n === e.coef.n && p.coef.d === e.coef.d && p.scalars.length === e.scalars.length;
    default: return true;
  }
}

/**
 * Builds the right side under the bindings. `differential` is called for d(V) of a pattern
 * variable V with V's binding (the differential rules use it for the chain rule).
 */
export function instantiate(template: Expr, b: Bindings, differential?: (e: Expr) => Expr): Expr {
  const memo = new Map<Expr, Expr>();
  // a product dimension of a right side (I(n*p)) multiplies the bound factors
  const dim = (d: Dim): Dim => (typeof d === 'string' ? d.split('*').map((p) => b.dims.get(p) ?? p).reduce(B.dimProduct) : d);
  const go = (t: Expr): Expr => {
    const hit = memo.get(t);
    if (hit) return hit;
    let out: Expr;
    switch (t.kind) {
      case 'sym': out = b.vars.get(t) ?? t; break;
      case 'identity': out = B.identity(dim(t.shape.rows)); break;
      case 'ones': out = B.ones(dim(t.shape.rows)); break;
      case 'zero': out = B.zero({ rows: dim(t.shape.rows), cols: dim(t.shape.cols) }); break;
      case 'diff': {
        const bound = b.vars.get(t.of);
        if (!bound) out = t;
        else if (differential) out = differential(bound);
        else if (bound.kind === 'sym') out = B.diff(bound);
        else throw new Error('a rule uses d() of a pattern variable outside the differential rules');
        break;
      }
      default: out = t.args.length ? B.withArgs(t, t.args.map(go)) : t;
    }
    memo.set(t, out);
    return out;
  };
  return go(template);
}
