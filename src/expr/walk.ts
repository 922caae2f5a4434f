// Memoised walks over the expression DAG that never recurse deeper than one level: a node is
// computed only once all its arguments are in the memo, in post-order on an explicit stack, so
// a 10 000-deep expression costs no call-stack depth and a shared node is visited once.

import type { Expr, Sym } from './node.js';

/** The memo of a walk: a Map or a WeakMap from nodes to results. */
export interface Memo<T> {
  has(e: Expr): boolean;
  get(e: Expr): T | undefined;
  set(e: Expr, value: T): unknown;
}

/**
 * Puts compute(x) into memo for every node x of root's DAG (children first, `children` saying
 * which: the arguments by default), and returns root's. compute may look its children up in the
 * memo, or call a memoised recursive function on them: that finds them and returns at once.
 */
export function bottomUp<T>(root: Expr, memo: Memo<T>, compute: (e: Expr) => T, children: (e: Expr) => readonly Expr[] = (e) => e.args): T {
  if (memo.has(root)) return memo.get(root)!;
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack[stack.length - 1]!;
    if (memo.has(e)) {
      stack.pop();
      continue;
    }
    const before = stack.length;
    for (const c of children(e)) if (!memo.has(c)) stack.push(c);
    if (stack.length > before) continue;
    stack.pop();
    memo.set(e, compute(e));
  }
  return memo.get(root)!;
}

/** Below this height a memoised recursion is left to recurse (its depth is harmless). */
const SHALLOW = 64;

/** Whether a memoised recursion at e should warm its parts first (callers check this before making the closures). */
export const isDeep = (e: Expr): boolean => e.height > SHALLOW;

/**
 * Makes a memoised recursive function f safe at any depth: called first thing in f(e), it
 * applies f to e's strict descendants (those `children` leads to and `isDone` does not know)
 * bottom-up on an explicit stack when e is deep, so that f(e) then finds its parts done and
 * recurses one level. A descendant's own call finds its parts done too: linear overall.
 */
export function warmParts(e: Expr, isDone: (x: Expr) => boolean, f: (x: Expr) => unknown, children: (x: Expr) => readonly Expr[] = (x) => x.args): void {
  if (!isDeep(e)) return;
  const seen = new Set<Expr>();
  const stack: Array<readonly [Expr, boolean]> = children(e).map((c) => [c, false] as const);
  while (stack.length > 0) {
    const [x, partsDone] = stack.pop()!;
    if (partsDone) {
      if (!isDone(x)) f(x);
      continue;
    }
    if (seen.has(x) || isDone(x)) continue;
    seen.add(x);
    stack.push([x, true]);
    for (const c of children(x)) if (!seen.has(c) && !isDone(c)) stack.push([c, false]);
  }
}

const ANY_DIFF = {};
const diffMemos = new WeakMap<object, WeakMap<Expr, boolean>>();

/** Whether e contains the differential d(x), or any differential when x is not given (memoised per x). */
export function containsDiff(e: Expr, x?: Sym): boolean {
  const key = x ?? ANY_DIFF;
  let memo = diffMemos.get(key);
  if (!memo) diffMemos.set(key, (memo = new WeakMap()));
  const known = memo;
  // a definition's body and a symbol hold no differential (d(K) is taken of the body by the caller)
  return bottomUp(e, known, (n) => (n.kind === 'diff' ? !x || n.of === x : n.args.some((a) => known.get(a))));
}
