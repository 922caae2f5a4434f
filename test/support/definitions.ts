// Random programs with definitions, for the property tests of issue 15: a random expression of
// test/support/arbitrary.ts in which random subexpressions become definitions (K := ...), every
// occurrence of each replaced by its name, inner ones first so that bodies use other
// definitions. Before that, the expression may be augmented so that a definition is used
// several times, inside powers and polynomials (U + U^2), under a norm (x/K for K := norm(x)),
// or beside a factor of its own body ((g'*r)*... for K := (g'*r)*r): the shapes that gave wrong
// answers. The value never changes: a definition evaluates to its body.

import fc from 'fast-check';
import * as B from '../../src/expr/build.js';
import { Q, isScalarShape, type Expr, type Shape } from '../../src/expr/index.js';
import { randomPoint, type Point } from '../../src/numeric/point.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { arbExpr, isTame, type Scope } from './arbitrary.js';

export interface WithDefinitions {
  /** the expression, using the definitions */
  readonly f: Expr;
  /** every definition f uses, directly or through another body */
  readonly defs: readonly Expr[];
}

const AUGMENTS = ['none', 'power', 'polynomial', 'shared-factor', 'norm', 'reuse'] as const;
type Augment = (typeof AUGMENTS)[number];

/** f with definitions at random places, after a random augmentation. */
export function arbWithDefinitions(scope: Scope, s: Shape, depth: number): fc.Arbitrary<WithDefinitions> {
  const points = [5, 6].map((seed) => randomPoint(scope.symbols, mulberry32(seed)));
  return fc
    .tuple(arbExpr(scope, s, depth), fc.constantFrom(...AUGMENTS), fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }))
    .map(([base, augment, pick, picks]) => {
      const [f, forced] = augmented(base, augment, pick);
      const candidates = subexpressions(f);
      if (candidates.length === 0) return undefined;
      const chosen = new Set<Expr>(forced ? [forced] : []);
      for (const p of picks) chosen.add(candidates[p % candidates.length]!);
      const withDefs = substitute(f, chosen);
      return { f: withDefs, defs: definitionsIn(withDefs) };
    })
    .filter((p): p is WithDefinitions => p !== undefined && p.defs.length > 0 && isTame(p.f, points) && !vanishes(p.f, points));
}

/**
 * Whether f is zero at the points up to rounding: then it is identically zero by a cancellation
 * (tr(u*u') - norm(u*u')), its derivative is rounding noise on both sides of a numeric check,
 * and the check cannot judge it.
 */
function vanishes(f: Expr, points: readonly Point[]): boolean {
  return points.every((p) => evaluate(f, p).to1DArray().every((v) => Math.abs(v) < 1e-8));
}

/** The nodes that can become a definition: no leaves, no d(X). */
function subexpressions(f: Expr): Expr[] {
  return walk(f).filter((e) => e.args.length > 0 && e.kind !== 'diff' && e.kind !== 'def');
}

/** Each distinct node reachable from e once (definition bodies included), parents first. */
function walk(e: Expr): Expr[] {
  const seen = new Set<Expr>();
  const out: Expr[] = [];
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    out.push(x);
    stack.push(...(x.kind === 'def' ? [x.body] : x.args));
  }
  return out;
}

function definitionsIn(f: Expr): Expr[] {
  return walk(f).filter((e) => e.kind === 'def');
}

/**
 * f augmented so that one of its scalar (or vector) subexpressions t is used again, and t, which
 * must then become a definition.
 */
function augmented(f: Expr, augment: Augment, pick: number): [Expr, Expr | undefined] {
  const nodes = subexpressions(f);
  const scalars = nodes.filter((e) => isScalarShape(e.shape));
  const t = scalars.length ? scalars[pick % scalars.length]! : undefined;
  switch (augment) {
    case 'none': return [f, undefined];
    case 'power': return t ? [B.mul(B.pow(t, B.num(Q.rat(2))), f), t] : [f, undefined];
    case 'polynomial': return t ? [B.mul(B.add(t, B.pow(t, B.num(Q.rat(2)))), f), t] : [f, undefined];
    case 'reuse': return t ? [B.add(f, B.mul(t, f)), t] : [f, undefined];
    case 'shared-factor': {
      // a product with a scalar factor c: c multiplies f again, beside the product's definition
      const products = nodes.filter((e) => e.kind === 'mul' && e.nScalars > 0);
      if (!products.length) return [f, undefined];
      const p = products[pick % products.length]!;
      return [B.mul(p.args[0]!, f), p];
    }
    case 'norm': {
      // f divided by the norm of one of its vectors (entries of tame vectors stay away from 0)
      const vectors = nodes.filter((e) => e.shape.cols === 1 && !isScalarShape(e.shape));
      if (!vectors.length) return [f, undefined];
      const k = B.unary('norm', vectors[pick % vectors.length]!);
      return [B.mul(f, B.pow(k, B.num(Q.rat(-1)))), k];
    }
  }
}

/** f with every node of `chosen` replaced by a definition of it, inner ones first. */
function substitute(f: Expr, chosen: ReadonlySet<Expr>): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (e: Expr): Expr => {
    const hit = memo.get(e);
    if (hit) return hit;
    const rebuilt = e.args.length ? B.withArgs(e, e.args.map(go)) : e;
    const out = chosen.has(e) && !isLeaf(rebuilt) ? B.def(`D${rebuilt.hash.toString(36)}`, rebuilt) : rebuilt;
    memo.set(e, out);
    return out;
  };
  return go(f);
}

const isLeaf = (e: Expr): boolean => e.args.length === 0;

/** The definitions in an order a program can state them: each after those its body uses. */
export function inDependencyOrder(defs: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  const placed = new Set<Expr>();
  const place = (d: Expr): void => {
    if (placed.has(d) || d.kind !== 'def') return;
    placed.add(d);
    for (const inner of definitionsIn(d.body)) if (inner !== d) place(inner);
    out.push(d);
  };
  defs.forEach(place);
  return out;
}
