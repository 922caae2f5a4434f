// Matrix chains ordered for the fewest flops: dynamic programming over the chain (vectors are
// sizes of 1, so a column times a row stays two factors unless the outer product is the
// result). A factor diag(v) is applied by broadcasting, a factor inv(A) by a solve; both are
// formed explicitly only where a product with them cannot be avoided.

import type { Dim } from '../expr/shape.js';
import { shape } from '../expr/shape.js';
import { node, isVector, type PNode } from './ir.js';
import { opFlops, sizeOf, dimSize, type DimHints } from './cost.js';

/** One factor of a chain. */
export type Item =
  | { readonly kind: 'dense'; readonly n: PNode }
  | { readonly kind: 'diag'; readonly v: PNode; readonly size: Dim }
  /** inv(a); symmetric when a is, so that x' * inv(a) is solve(a, x) */
  | { readonly kind: 'inv'; readonly a: PNode; readonly symmetric: boolean };

/** A planned product of consecutive factors: either one special factor as it is, or a node. */
export interface Part {
  readonly rows: Dim;
  readonly cols: Dim;
  /** flops of this part alone (its factors' own computation excluded) */
  readonly cost: number;
  readonly item?: Item;
  readonly left?: Part;
  readonly right?: Part;
}

/** n' ; a vector's transpose is a node of its own (a row is not a column to the planner) that
 * prints as its operand (both are 1-D arrays). */
export const transposeOf = (n: PNode): PNode =>
  n.shape.rows === 1 && n.shape.cols === 1 ? n : n.op === 'T' ? n.args[0]! : node('T', [n], shape(n.shape.cols, n.shape.rows));

export class ChainPlanner {
  private readonly built = new Map<Part, PNode>();

  constructor(private readonly hints: DimHints) {}

  leaf(item: Item): Part {
    if (item.kind === 'dense') return { rows: item.n.shape.rows, cols: item.n.shape.cols, cost: 0, item };
    if (item.kind === 'diag') return { rows: item.size, cols: item.size, cost: 0, item };
    return { rows: item.a.shape.rows, cols: item.a.shape.cols, cost: 0, item };
  }

  /** The cheapest order of the whole chain (past LONG_CHAIN factors, a cheap order instead). */
  order(items: readonly Item[]): Part {
    const k = items.length;
    if (k > LONG_CHAIN) return this.longOrder(items);
    const best: Part[][] = items.map((it) => [this.leaf(it)]);
    for (let len = 2; len <= k; len++) {
      for (let i = 0; i + len <= k; i++) {
        let choice: Part | undefined;
        for (let s = 1; s < len; s++) {
          const p = this.combine(best[i]![s - 1]!, best[i + s]![len - s - 1]!);
          if (choice === undefined || p.cost < choice.cost) choice = p;
        }
        best[i]![len - 1] = choice!;
      }
    }
    return best[0]![k - 1]!;
  }

  /**
   * A long chain (the dynamic programme is cubic in its length): the cheapest of left to right,
   * right to left, and the greedy order that always multiplies the neighbours whose product is
   * smallest (so matrix-vector products spread out from a vector, never an outer product first).
   */
  private longOrder(items: readonly Item[]): Part {
    const leaves = items.map((it) => this.leaf(it));
    const fold = (parts: Part[], pick: (parts: Part[]) => number): Part => {
      while (parts.length > 1) {
        const i = pick(parts);
        parts.splice(i, 2, this.combine(parts[i]!, parts[i + 1]!));
      }
      return parts[0]!;
    };
    const smallest = (parts: Part[]): number => {
      let best = 0;
      let bestSize = Infinity;
      for (let i = 0; i + 1 < parts.length; i++) {
        const size = dimSize(parts[i]!.rows, this.hints) * dimSize(parts[i + 1]!.cols, this.hints);
        if (size < bestSize) [best, bestSize] = [i, size];
      }
      return best;
    };
    const candidates = [fold([...leaves], () => 0), fold([...leaves], (parts) => parts.length - 2), fold([...leaves], smallest)];
    return candidates.reduce((a, b) => (b.cost < a.cost ? b : a));
  }

  /** left * right, with its cost including both operands'. */
  combine(left: Part, right: Part): Part {
    const probe = this.joinNodes(left, right, this.subPart(left), this.subPart(right), probeNode);
    // a product with an inverse on the right is a transposed solve: count the solve under the T
    const own = opFlops(probe, this.hints) + (probe.op === 'T' ? opFlops(probe.args[0]!, this.hints) : 0);
    return { rows: left.rows, cols: right.cols, cost: left.cost + right.cost + own + this.materialiseCost(left, right), left, right };
  }

  /** The node of a part (built once). */
  nodeOf(p: Part, scale?: (n: PNode) => PNode, target?: Part): PNode {
    const withScale = (n: PNode): PNode => (p === target && scale ? scale(n) : n);
    if (!p.left || !p.right) return withScale(this.materialise(p.item!));
    const key = p === target ? undefined : this.built.get(p);
    if (key && !target) return key;
    const l = this.subPart(p.left, scale, target);
    const r = this.subPart(p.right, scale, target);
    const n = withScale(this.joinNodes(p.left, p.right, l, r));
    if (!target) this.built.set(p, n);
    return n;
  }

  /** Every part of a planned tree with its size, for placing a scalar on the smallest. */
  parts(p: Part): Part[] {
    return p.left && p.right ? [p, ...this.parts(p.left), ...this.parts(p.right)] : [p];
  }

  /** The cost of a part used as a matrix: a lone inverse is then formed. */
  costAsNode(p: Part): number {
    return !p.left && p.item?.kind === 'inv' ? 2 * dimSize(p.rows, this.hints) ** 3 : p.cost;
  }

  size(p: Part): number {
    return sizeOf(shape(p.rows, p.cols), this.hints);
  }

  /** A special factor passed to its neighbour as it is; anything else as a node. */
  private subPart(p: Part, scale?: (n: PNode) => PNode, target?: Part): PNode | Item {
    if (!p.left && p.item && p.item.kind !== 'dense' && p !== target) return p.item;
    if (!p.left && p.item?.kind === 'diag' && p === target && scale) return { ...p.item, v: scale(p.item.v) };
    return this.nodeOf(p, scale, target);
  }

  private materialiseCost(left: Part, right: Part): number {
    // an inverse next to another special factor is formed explicitly
    const both = !left.left && !right.left && left.item?.kind === 'inv' && right.item?.kind === 'inv';
    return both ? 2 * dimSize(right.rows, this.hints) ** 3 : 0;
  }

  private materialise(item: Item): PNode {
    if (item.kind === 'dense') return item.n;
    if (item.kind === 'diag') return node('diag', [item.v], shape(item.size, item.size));
    return node('inv', [item.a], item.a.shape);
  }

  /** The node of l * r where each side is a node or a special factor; `make` builds the
   * operation's own node (a throwaway probe while the order is searched). */
  private joinNodes(lp: Part, rp: Part, l: PNode | Item, r: PNode | Item, make: NodeMaker = node): PNode {
    const out = shape(lp.rows, rp.cols);
    const isItem = (x: PNode | Item): x is Item => 'kind' in x;
    if (isItem(l) && isItem(r) && l.kind === 'inv' && r.kind === 'inv') return this.joinNodes(lp, rp, this.materialise(l), r, make);
    if (isItem(l) && l.kind === 'inv') {
      const rhs = isItem(r) ? this.materialise(r) : r;
      return make('solve', [l.a, rhs], out);
    }
    if (isItem(r) && r.kind === 'inv') {
      const lhs = isItem(l) ? this.materialise(l) : l;
      const a = r.symmetric ? r.a : transposeOf(r.a);
      if (isVector(lhs)) return make('solve', [a, lhs], out);
      return make('T', [make('solve', [a, transposeOf(lhs)], shape(rp.cols, lp.rows))], out);
    }
    if (isItem(l) && l.kind === 'diag') {
      const rhs = isItem(r) ? this.materialise(r) : r;
      return isVector(rhs) ? make('mul', [l.v, rhs], out) : make('rowscale', [l.v, rhs], out);
    }
    if (isItem(r) && r.kind === 'diag') {
      const lhs = isItem(l) ? this.materialise(l) : l;
      return make('mul', [lhs, r.v], out);
    }
    const a = isItem(l) ? this.materialise(l) : l;
    const b = isItem(r) ? this.materialise(r) : r;
    if (b.shape.rows === 1 && a.shape.cols === 1 && a.shape.rows !== 1 && b.shape.cols !== 1) return make('outer', [a, b], out);
    if (a.shape.rows === 1 && a.shape.cols === 1) return make('mul', [a, b], out);
    if (b.shape.rows === 1 && b.shape.cols === 1) return make('mul', [b, a], out);
    return make('matmul', [a, b], out);
  }
}

/** Chains longer than this are not ordered by the (cubic) dynamic programme. */
const LONG_CHAIN = 96;

type NodeMaker = (op: PNode['op'], args: readonly PNode[], s: PNode['shape']) => PNode;

/** A node that is only costed, never kept: the order search probes O(k^3) products of a k-factor
 * chain, and interning each (a key string, a weak table entry) made a 250-factor chain take 20 s. */
const probeNode: NodeMaker = (op, args, s) => ({ id: 0, op, args, shape: s, attr: '' });
