// Whether an expression depends on a symbol (through definitions too), and whether it contains
// the differential d(X): both memoised per node and per symbol, so a walk over a DAG with much
// sharing (a pullback through k layers) costs its number of distinct nodes, not its tree size.

import type { Expr, Sym } from '../expr/index.js';
import { DeepMemo } from '../expr/deep.js';

const depends = new WeakMap<Sym, DeepMemo<Expr, boolean>>();
const diffs = new WeakMap<Sym, DeepMemo<Expr, boolean>>();

function dependence(x: Sym): DeepMemo<Expr, boolean> {
  let m = depends.get(x);
  if (!m) {
    const compute = (e: Expr): boolean => {
      if (e === x) return true;
      if (e.kind === 'def') return m!.get(e.body);
      if (e.kind === 'diff') return e.of === x;
      return e.args.some((a) => m!.get(a));
    };
    depends.set(x, (m = new DeepMemo(compute, new WeakMap())));
  }
  return m;
}

export function dependsOn(e: Expr, x: Sym): boolean {
  return dependence(x).get(e);
}

/** Whether e contains the differential d(x) (not looking into definition bodies). */
export function containsDiff(e: Expr, x: Sym): boolean {
  let m = diffs.get(x);
  if (!m) {
    const compute = (f: Expr): boolean => {
      if (f.kind === 'diff') return f.of === x;
      if (f.kind === 'def' || f.kind === 'sym') return false;
      return dependsOn(f, x) && f.args.some((a) => m!.get(a));
    };
    diffs.set(x, (m = new DeepMemo(compute, new WeakMap())));
  }
  return m.get(e);
}
