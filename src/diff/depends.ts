// Whether an expression depends on a symbol (through definitions too), memoised per node.

import type { Expr, Sym } from '../expr/index.js';

const cache = new WeakMap<Sym, WeakMap<Expr, boolean>>();

export function dependsOn(e: Expr, x: Sym): boolean {
  let memo = cache.get(x);
  if (!memo) cache.set(x, (memo = new WeakMap()));
  const known = memo.get(e);
  if (known !== undefined) return known;
  let r: boolean;
  if (e === x) r = true;
  else if (e.kind === 'def') r = dependsOn(e.body, x);
  else if (e.kind === 'diff') r = e.of === x;
  else r = e.args.some((a) => dependsOn(a, x));
  memo.set(e, r);
  return r;
}

/** Whether e contains the differential d(x) (one memoised walk for the whole engine). */
export { containsDiff } from '../expr/walk.js';
