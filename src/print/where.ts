// Results as shared computations: `G where g1 := ..., g2 := ...`. An expression is a DAG, and a
// result such as a k-layer network's gradient (backprop adjoints reused by every earlier layer)
// is small as a DAG yet exponential as a tree. When the tree would be more than twice the DAG
// and the printed text is long, the subexpressions it repeats get names, introduced in the
// order they are needed (each may use the earlier ones and the program's definitions), with
// names that no name of the result uses. Small results, the textbook answers among them, print
// as before. Reading the plain form back (src/parse/where.ts) gives the same value.

import type { Expr } from '../expr/node.js';
import { add, def, withArgs } from '../expr/build.js';
import { dimNames } from '../expr/leaves.js';
import { printedLength } from './size.js';

/** A name introduced for a shared subexpression; its body shows earlier names as atoms. */
export interface SharedName {
  readonly name: string;
  /** the subexpression, with the shared parts named before it as `def` atoms */
  readonly body: Expr;
}

export interface WhereForm {
  /** the result, with the shared parts as `def` atoms */
  readonly main: Expr;
  readonly where: readonly SharedName[];
}

/** Printed results shorter than this (characters, estimated) are never split. */
const MIN_LENGTH = 600;
/** Tree nodes a subexpression needs to be worth a name (tanh(W*h) has 4). */
const MIN_NODES = 4;

const known = new WeakMap<Expr, WhereForm | null>();

/** The where-form of e, or undefined when e prints well as a tree (memoised: printers ask often). */
export function whereForm(e: Expr): WhereForm | undefined {
  let w = known.get(e);
  if (w === undefined) known.set(e, (w = computeWhereForm(e) ?? null));
  return w ?? undefined;
}

function computeWhereForm(e: Expr): WhereForm | undefined {
  if (e.args.length === 0 || printedLength(e, 'plain') < MIN_LENGTH) return undefined;
  const shared = sharedForm([e]);
  return shared && { main: shared.mains.get(e)!, where: shared.where };
}

/**
 * Several expressions written with one list of names (explain's lines): each root rebuilt with
 * its named parts as `def` atoms, or undefined when their trees are not over twice their DAG.
 * The caller decides whether the text is long enough to be worth it.
 */
export function sharedForm(roots: readonly Expr[]): { mains: Map<Expr, Expr>; where: SharedName[] } | undefined {
  const order = parentsFirst(roots);
  const treeNodes = new Map<Expr, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const x = order[i]!;
    let n = 1;
    for (const a of x.args) n += treeNodes.get(a)!;
    treeNodes.set(x, n);
  }
  const rootSet = new Set(roots);
  let total = 0;
  for (const r of rootSet) total += treeNodes.get(r)!;
  if (total <= 2 * order.length) return undefined;

  // occurrences in the text being built: a named node's body is written once
  const occurrences = new Map<Expr, number>([...rootSet].map((r) => [r, 1]));
  const named = new Set<Expr>();
  const partial = partialSums(order);
  for (const y of partial.values()) named.add(y);
  for (const x of order) {
    const occ = occurrences.get(x)!;
    if (!rootSet.has(x) && occ >= 2 && treeNodes.get(x)! >= MIN_NODES) named.add(x);
    const passed = named.has(x) ? 1 : occ;
    for (const a of x.args) occurrences.set(a, (occurrences.get(a) ?? 0) + passed);
  }
  if (named.size === 0) return undefined;

  const taken = namesIn(roots);
  let k = 0;
  const fresh = (): string => {
    let name = '';
    while (!name || taken.has(name)) name = `g${++k}`;
    return name;
  };
  // children before parents, so that each body refers only to names already introduced
  const rebuilt = new Map<Expr, Expr>();
  const where: SharedName[] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    const x = order[i]!;
    const part = partial.get(x);
    const rest = part ? x.args.filter((a) => !part.args.includes(a)) : x.args;
    const args = rest.map((a) => rebuilt.get(a)!);
    const body = part ? add(rebuilt.get(part)!, ...args) : withArgs(x, args);
    if (!named.has(x)) {
      rebuilt.set(x, body);
      continue;
    }
    const name = fresh();
    where.push({ name, body });
    rebuilt.set(x, def(name, body));
  }
  return { mains: new Map([...rootSet].map((r) => [r, rebuilt.get(r)!])), where };
}

/** The where-form printed with a printer: `G where g1 := A, g2 := B` (LaTeX spaced, `:=` kept). */
export function whereText(w: WhereForm, show: (e: Expr) => string, latex = false): string {
  const entries = w.where.map((s) => `${show(def(s.name, s.body))} := ${show(s.body)}`);
  if (latex) return `${show(w.main)} \\quad \\text{where} \\quad ${entries.join(',\\; ')}`;
  return `${show(w.main)} where ${entries.join(', ')}`;
}

/**
 * For a sum, the largest other sum of the DAG made of some of its terms (at least two, not
 * all): the sum is then written as that one's name plus the rest. Adjoints accumulated layer
 * by layer are such nested sums (a_k = a_(k-1) + t_k), and written out in full each would
 * repeat all earlier terms: quadratic text where this is linear.
 */
function partialSums(order: readonly Expr[]): Map<Expr, Expr> {
  const sums = order.filter((x) => x.kind === 'add');
  // a partial sum must be written before the sum that uses it: later in parents-first order
  const place = new Map<Expr, number>(sums.map((x, i) => [x, i]));
  const containing = new Map<Expr, Expr[]>();
  for (const y of sums) for (const t of y.args) containing.set(t, [...(containing.get(t) ?? []), y]);
  const found = new Map<Expr, Expr>();
  for (const x of sums) {
    if (x.args.length < 3) continue;
    const shared = new Map<Expr, number>();
    for (const t of new Set(x.args)) for (const y of containing.get(t)!) if (y !== x) shared.set(y, (shared.get(y) ?? 0) + 1);
    let best: Expr | undefined;
    for (const [y, n] of shared) {
      if (n === y.args.length && n >= 2 && n < x.args.length && n > (best?.args.length ?? 0) && place.get(y)! > place.get(x)!) best = y;
    }
    if (best) found.set(x, best);
  }
  return found;
}

/** The DAG's nodes, every node after all its parents (definitions are atoms: not entered). */
function parentsFirst(roots: readonly Expr[]): Expr[] {
  const post: Expr[] = [];
  const seen = new Set<Expr>();
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: { x: Expr; i: number }[] = [{ x: root, i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = top.x.args[top.i++];
      if (next === undefined) {
        post.push(top.x);
        stack.pop();
      } else if (!seen.has(next)) {
        seen.add(next);
        stack.push({ x: next, i: 0 });
      }
    }
  }
  return post.reverse();
}

/** Every name the result uses: symbols, definitions (and what their bodies use), dimensions. */
function namesIn(roots: readonly Expr[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<Expr>();
  const stack = [...roots];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.kind === 'sym' || x.kind === 'def') names.add(x.name);
    if (x.kind === 'def') stack.push(x.body);
    if (x.kind === 'diff') names.add(x.of.name);
    for (const d of [x.shape.rows, x.shape.cols]) for (const n of dimNames(d)) names.add(n);
    stack.push(...x.args);
  }
  return names;
}
