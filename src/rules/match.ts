// Matching a rule's left side against an expression, and instantiating its right side.
// Patterns are ordinary expressions over pattern variables (the symbols declared in the rule
// file). A variable declared scalar matches scalars only, vector(n) matches columns, and
// matrix(n, n) matches square matrices; the same variable must match the same node each time.
// Argument lists match in order (sums and products of the same length), which is all the
// local identities in rules/ need.

import { isScalarShape, withArgs, diff as diffNode, type Expr, type Sym } from '../expr/index.js';

export type Bindings = Map<Sym, Expr>;

function fits(v: Sym, e: Expr): boolean {
  const { rows, cols } = v.shape;
  if (isScalarShape(v.shape)) return isScalarShape(e.shape);
  if (cols === 1) return e.shape.cols === 1;
  if (rows === cols) return e.shape.rows === e.shape.cols;
  return true;
}

export function match(pattern: Expr, e: Expr, vars: ReadonlySet<Sym>, b: Bindings = new Map()): Bindings | undefined {
  if (pattern.kind === 'sym' && vars.has(pattern)) {
    const bound = b.get(pattern);
    if (bound) return bound === e ? b : undefined;
    if (!fits(pattern, e)) return undefined;
    b.set(pattern, e);
    return b;
  }
  if (pattern.kind !== e.kind || pattern.args.length !== e.args.length) return undefined;
  if (pattern.args.length === 0) return pattern === e ? b : undefined;
  if (!sameTag(pattern, e)) return undefined;
  for (let i = 0; i < pattern.args.length; i++) if (!match(pattern.args[i]!, e.args[i]!, vars, b)) return undefined;
  return b;
}

function sameTag(p: Expr, e: Expr): boolean {
  switch (p.kind) {
    case 'fn': return e.kind === 'fn' && p.name === e.name;
    case 'mpow': return e.kind === 'mpow' && p.k === e.k;
    case 'mul': return e.kind === 'mul' && p.coef.n === e.coef.n && p.coef.d === e.coef.d && p.nScalars === e.nScalars;
    default: return true;
  }
}

/**
 * Builds the right side under the bindings. `differential` is called for d(V) of a pattern
 * variable V with V's binding (the differential rules use it for the chain rule).
 */
export function instantiate(template: Expr, b: Bindings, differential?: (e: Expr) => Expr): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (t: Expr): Expr => {
    const hit = memo.get(t);
    if (hit) return hit;
    let out: Expr;
    if (t.kind === 'sym') out = b.get(t) ?? t;
    else if (t.kind === 'diff') {
      const bound = b.get(t.of);
      if (!bound) out = t;
      else if (differential) out = differential(bound);
      else if (bound.kind === 'sym') out = diffNode(bound);
      else throw new Error('a rule uses d() of a pattern variable outside the differential rules');
    } else out = t.args.length ? withArgs(t, t.args.map(go)) : t;
    memo.set(t, out);
    return out;
  };
  return go(template);
}
