// Whether an expression depends on a symbol (through definitions too), memoised per node and
// symbol, at any depth (DeepMemo).

import type { Expr, Sym } from '../expr/index.js';
import { DeepMemo } from '../expr/deep.js';

const depends = new WeakMap<Sym, DeepMemo<Expr, boolean>>();

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

/** Whether e contains the differential d(x) (one memoised walk for the whole engine). */
export { containsDiff } from '../expr/walk.js';
