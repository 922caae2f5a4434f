// The closed set of expression kinds, and interning: structurally equal expressions are the
// same object, so equality is `===`, and per-node results can be memoised in WeakMaps.
// Construct nodes through build.ts, which normalises; `intern` here only shares.

import type { Rational } from './rational.js';
import { toString as ratString } from './rational.js';
import type { Dim, Shape } from './shape.js';
import { nodeLeaves } from './leaf-count.js';
import type { FnName } from './functions.js';

/** Property flags (bit set). posdef and orthogonal imply invertible; posdef implies symmetric. */
export const SYMMETRIC = 1;
export const POSDEF = 2;
export const DIAGONAL = 4;
export const ORTHOGONAL = 8;
export const INVERTIBLE = 16;
export const PROPERTY_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['symmetric', SYMMETRIC],
  ['posdef', POSDEF],
  ['diagonal', DIAGONAL],
  ['orthogonal', ORTHOGONAL],
  ['invertible', INVERTIBLE],
];

/** Elementwise scalar functions of LANGUAGE.md section 2: their table is src/expr/functions.ts. */
export { ELEMENTWISE, type FnName } from './functions.js';

/** Unary operators whose node carries just one argument. */
export type UnaryKind = 'transpose' | 'inv' | 'det' | 'logdet' | 'tr' | 'norm' | 'sum' | 'diagm' | 'diagv' | 'vec';

interface Base {
  readonly id: number;
  readonly shape: Shape;
  readonly props: number;
  /** structural hash (stable across runs) */
  readonly hash: number;
  /** a short readable prefix of the structure, for a natural deterministic order */
  readonly order: string;
  /** leaves in the printed form, names and numbers counting 1 (leaf-count.ts, stored by intern) */
  readonly size: number;
  /** height of the tree (atoms are 1) */
  readonly height: number;
  readonly args: readonly Expr[];
}

export interface Num extends Base { readonly kind: 'num'; readonly value: Rational }
export interface Sym extends Base { readonly kind: 'sym'; readonly name: string }
/** A defined name (K := body): an atom that knows its body. */
export interface Def extends Base { readonly kind: 'def'; readonly name: string; readonly body: Expr }
/** The differential d(X) of a declared symbol X. */
export interface Diff extends Base { readonly kind: 'diff'; readonly of: Sym }
export interface Identity extends Base { readonly kind: 'identity' }
export interface Zero extends Base { readonly kind: 'zero' }
export interface Ones extends Base { readonly kind: 'ones' }
/** The commutation matrix K(m, n) (mn x mn): K(m, n)*vec(A) = vec(A') for A m x n (Magnus & Neudecker sec. 3.7). */
export interface Commutation extends Base { readonly kind: 'commutation'; readonly m: Dim; readonly n: Dim }
export interface Add extends Base { readonly kind: 'add' }
/**
 * coef * scalars... * chain...: the scalar factors (1 x 1, sorted: they commute) and the ordered
 * matrix chain. args = [...scalars, ...chain] for the generic walks; nScalars = scalars.length.
 * Code reads scalars and chain (build.ts passes them; intern makes them from args and nScalars
 * for a product built by hand).
 */
export interface Mul extends Base {
  readonly kind: 'mul';
  readonly coef: Rational;
  readonly scalars: readonly Expr[];
  readonly chain: readonly Expr[];
  readonly nScalars: number;
}
/** scalar power base^exponent; args = [base, exponent] */
export interface Pow extends Base { readonly kind: 'pow' }
/** integer matrix power A^k, |k| >= 2 */
export interface MPow extends Base { readonly kind: 'mpow'; readonly k: number }
export interface Unary extends Base { readonly kind: UnaryKind }
export interface Kron extends Base { readonly kind: 'kron' }
/** elementwise product, commutative; args sorted */
export interface Hadamard extends Base { readonly kind: 'hadamard' }
/** elementwise division; args = [numerator, denominator] */
export interface HDiv extends Base { readonly kind: 'hdiv' }
export interface Fn extends Base { readonly kind: 'fn'; readonly name: FnName }

export type Expr = Num | Sym | Def | Diff | Identity | Zero | Ones | Commutation | Add | Mul | Pow | MPow | Unary | Kron | Hadamard | HDiv | Fn;
export type Kind = Expr['kind'];

// Weak: a node nobody holds any more (an old query's, in a long REPL session) can be collected,
// and the registry then drops its entry, unless the key has been taken again since. Within one
// synchronous run nothing is collected (V8 keeps a WeakRef's target alive to the end of the
// job), so a computation always sees one node per structure.
const table = new Map<string, WeakRef<Expr>>();
const collected = new FinalizationRegistry<string>((key) => {
  if (table.get(key)?.deref() === undefined) table.delete(key);
});
let nextId = 1;

const ORDER_LENGTH = 40;

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return (h ^ (h >>> 15)) >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The kind-specific data that, with the kind and the argument ids, identifies a node. */
export interface NodeData {
  kind: Kind;
  shape: Shape;
  props: number;
  args: readonly Expr[];
  /** name, number text, exponent or other kind-specific key part */
  tag?: string;
  extra?: Record<string, unknown>;
  /** the stable part of the tag for the structural hash, when the tag holds node ids */
  hashTag?: string;
  /** readable order prefix; computed from the args when absent */
  order?: string;
}

/** How a node prints itself (`String(e)`, `${e}`, console.log): the printers set it to the plain
 * form (print/index.ts), so that this module needs no printer; until then the order prefix. */
let display = (e: Expr): string => e.order;
export function setNodeDisplay(f: (e: Expr) => string): void {
  display = f;
}
const NODE_PROTOTYPE = {
  toString(this: Expr): string {
    return display(this);
  },
  [Symbol.for('nodejs.util.inspect.custom')](this: Expr): string {
    return display(this);
  },
};

/** Returns the unique node with these contents. Callers are the constructors in build.ts. */
export function intern(data: NodeData): Expr {
  const { kind, args, tag = '' } = data;
  let key = `${kind}|${tag}|${data.shape.rows}x${data.shape.cols}|${data.props}`;
  for (const a of args) key += `|${a.id}`;
  const found = table.get(key)?.deref();
  if (found) return found;
  let hash = hashString(kind + (data.hashTag ?? tag));
  let height = 0;
  for (const a of args) {
    hash = mix(hash, a.hash);
    if (a.height > height) height = a.height;
  }
  const order = (data.order ?? `${kind}(${tag}${args.map((a) => a.order).join(',')})`).slice(0, ORDER_LENGTH);
  const node = {
    __proto__: NODE_PROTOTYPE,
    kind,
    id: nextId++,
    shape: data.shape,
    props: data.props,
    hash,
    order,
    height: height + 1,
    size: 0,
    args,
    ...data.extra,
  } as unknown as Expr;
  if (node.kind === 'mul' && !node.chain) splitProduct(node);
  // the measure is leaf-count.ts's, not the constructors': computed here from the arguments' sizes
  (node as { size: number }).size = nodeLeaves(node);
  table.set(key, new WeakRef(node));
  collected.register(node, key);
  return node;
}

/** A product's args split at nScalars into its scalar factors and its chain, when not given. */
function splitProduct(node: Mul): void {
  const w = node as { scalars: readonly Expr[]; chain: readonly Expr[] };
  w.scalars = node.args.slice(0, node.nScalars);
  w.chain = node.args.slice(node.nScalars);
}

/** A deterministic total order: readable first (case-insensitive), then structural. */
export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  const la = a.order.toLowerCase();
  const lb = b.order.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.hash !== b.hash) return a.hash - b.hash;
  return a.id - b.id;
}

export const numText = (e: Num): string => ratString(e.value);
