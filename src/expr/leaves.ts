// Free symbols and dimension names of expressions: pure structure, no numerics, so that the
// printers and the command line can use them without loading the numeric library.

import type { Expr, Sym } from './node.js';
import type { Dim } from './shape.js';

/** The names inside a dimension: "n" -> [n], "m*p" (a kron shape) -> [m, p], 3 -> []. */
export function dimNames(d: Dim): string[] {
  if (typeof d === 'number') return [];
  return d.split('*').map((t) => t.trim()).filter((t) => !/^\d+$/.test(t));
}


export interface Leaves {
  /** free symbols, sorted by name, including those inside definition bodies and d(X) */
  readonly symbols: Sym[];
  /** every dimension name in the shapes of the nodes */
  readonly dims: string[];
}

/** The free symbols and dimension names of some expressions (a shared DAG is walked once). */
export function leavesOf(exprs: readonly Expr[]): Leaves {
  const symbols = new Set<Sym>();
  const dims = new Set<string>();
  for (const e of nodesOf(exprs)) {
    for (const d of [e.shape.rows, e.shape.cols]) for (const name of dimNames(d)) dims.add(name);
    if (e.kind === 'sym') symbols.add(e);
  }
  const sorted = [...symbols].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  return { symbols: sorted, dims: [...dims].sort() };
}

export const freeSymbols = (e: Expr): Sym[] => leavesOf([e]).symbols;

/** Whether `node` occurs in e, inside definition bodies and d(X) too. */
export function mentions(e: Expr, node: Expr): boolean {
  for (const x of nodesOf([e])) if (x === node) return true;
  return false;
}

/** Whether e holds a differential d(X) (of any X), inside definition bodies too. */
export function hasDifferential(e: Expr): boolean {
  for (const x of nodesOf([e])) if (x.kind === 'diff') return true;
  return false;
}

/** Every name an expression uses: its symbols and its definitions (with theirs). */
export function namesIn(e: Expr): Set<string> {
  const names = new Set<string>();
  for (const x of nodesOf([e])) if (x.kind === 'sym' || x.kind === 'def') names.add(x.name);
  return names;
}

/** Each distinct node reachable from the roots once, definition bodies and d(X) included. */
function* nodesOf(roots: readonly Expr[]): Generator<Expr> {
  const seen = new Set<Expr>();
  const stack = [...roots];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    yield e;
    stack.push(...(e.kind === 'def' ? [e.body] : e.kind === 'diff' ? [e.of] : e.args));
  }
}
