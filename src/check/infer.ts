// Shape inference (issue 11, item 1), only for a program that declares nothing at all: LANGUAGE.md
// makes an undeclared name an error, and a program with any declaration keeps that rule.
//
// Every undeclared name gets a kind by the naming convention (capitals and Greek capitals are
// matrices, Greek lowercase names scalars, other lowercase names of several letters vectors, and
// a single lowercase letter a scalar where that fits, else a vector; a letter that is transposed,
// or is the variable of a jacobian or hessian, tries vector first). For each choice of kinds the
// uses are unified over the whole program (products, sums, transposes, inverses, traces,
// function arguments, the queries' shapes) with fresh dimensions; the choice closest to the
// convention that fits wins. No fit, or two equally close fits, is an error that shows a
// declaration to write. Properties are never inferred.

import type { Ast, Span, Statement } from '../parse/ast.js';
import { GREEK_NAMES } from '../parse/lexer.js';
import type { Scope } from './scope.js';
import { fail } from './errors.js';
import { FUNCTIONS, QUERY_NAMES } from './vocabulary.js';
import { Conflict, Dims, type Shape2 } from './unify.js';
import { ShapeWalker } from './infer-walk.js';

type Kind = 'scalar' | 'vector' | 'matrix';

/** More names with a choice than this and only the conventional choice and its near neighbours are tried. */
const EXHAUSTIVE = 10;
const DIM_NAMES = ['n', 'm', 'p', 'q', 'k', 'r', 'l', 'd'];

interface Candidate {
  readonly name: string;
  readonly span: Span;
  readonly kinds: readonly Kind[];
}

/**
 * Declares the undeclared names of a program that declares nothing, and returns the
 * declarations as written (`x : vector(n)`); [] when there is nothing to infer.
 */
export function inferDeclarations(statements: readonly Statement[], scope: Scope): string[] {
  if (statements.some((s) => s.k === 'decl') || scope.symbols().length > 0) return [];
  const names = undeclaredNames(statements, scope);
  if (names.size === 0) return [];
  const vectorish = vectorEvidence(statements);
  const candidates: Candidate[] = [...names].map(([name, span]) => ({ name, span, kinds: kindsOf(name, vectorish.has(name)) }));
  let fits: ReturnType<typeof search>;
  try {
    fits = search(candidates, statements, scope);
  } catch (e) {
    if (e instanceof RangeError) return fail('the program nests too deeply to infer its shapes: declare its names', candidates[0]!.span);
    throw e;
  }
  if (fits.length !== 1) {
    const example = candidates.map((c) => `${c.name} : ${c.kinds[0] === 'scalar' ? 'scalar' : c.kinds[0] === 'vector' ? 'vector(n)' : 'matrix(n, n)'}`).join('; ');
    const why = fits.length === 0 ? 'from their use' : 'unambiguously (more than one reading fits)';
    // a run of letters is split into names only when they are declared (juxtapose.ts)
    const run = candidates.find((c) => /^[A-Za-z]{2,4}$/.test(c.name) && !GREEK_NAMES.includes(c.name));
    const hint = run ? `; if ${run.name} is a product, write ${[...run.name].join('*')}` : '';
    return fail(`cannot infer the shapes of ${candidates.map((c) => c.name).join(', ')} ${why}: declare them, for example ${example} (declaring any name switches inference off)${hint}`, candidates[0]!.span);
  }
  const { dims, shapes } = fits[0]!;
  const written = nameDimensions(candidates, shapes, dims, names);
  for (const c of candidates) {
    const [type, ...sizes] = written.get(c.name)!;
    const span = c.span;
    scope.declare({ k: 'decl', names: [{ name: c.name, span }], type: type as Kind, dims: sizes.map((value) => ({ value, span })), props: [], span });
  }
  return candidates.map((c) => {
    const [type, ...sizes] = written.get(c.name)!;
    return `${c.name} : ${type}${sizes.length ? `(${sizes.join(', ')})` : ''}`;
  });
}

function kindsOf(name: string, vectorish: boolean): Kind[] {
  if (/^[A-Z]/.test(name)) return ['matrix'];
  if (GREEK_NAMES.includes(name)) return ['scalar'];
  if (/^[a-z]$/.test(name)) return vectorish ? ['vector', 'scalar'] : ['scalar', 'vector'];
  return ['vector'];
}

/** A name's kind against the convention costs 1, a scalar name broadcast over a vector 2. */
const BROADCAST_COST = 2;

/** The choices of kinds that fit at the least cost (distance from the convention, broadcasts). */
function search(candidates: readonly Candidate[], statements: readonly Statement[], scope: Scope): { dims: Dims; shapes: Map<string, Shape2> }[] {
  const flexible = candidates.filter((c) => c.kinds.length > 1);
  const maxLevel = flexible.length > EXHAUSTIVE ? 1 : flexible.length;
  let best = Infinity;
  let fits: { dims: Dims; shapes: Map<string, Shape2> }[] = [];
  for (let level = 0; level <= maxLevel && level <= best; level++) {
    for (const flipped of subsets(flexible.length, level)) {
      const kinds = new Map(candidates.map((c) => [c.name, c.kinds[0]!]));
      for (const i of flipped) kinds.set(flexible[i]!.name, flexible[i]!.kinds[1]!);
      const dims = new Dims();
      const shapes = new Map<string, Shape2>();
      for (const [name, kind] of kinds) {
        shapes.set(name, kind === 'scalar' ? dims.scalar() : kind === 'vector' ? { r: dims.fresh(true), c: dims.one } : { r: dims.fresh(true), c: dims.fresh(true) });
      }
      try {
        const walker = new ShapeWalker(dims, shapes, scope);
        walker.program(statements);
        const cost = level + BROADCAST_COST * walker.broadcasts;
        if (cost < best) [best, fits] = [cost, []];
        if (cost === best) fits.push({ dims, shapes });
      } catch (e) {
        if (!(e instanceof Conflict)) throw e;
      }
    }
  }
  return fits;
}

/** The k-element subsets of 0..n-1, in order. */
function* subsets(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= n - k; i++) for (const rest of subsets(n, k - 1, i + 1)) yield [i, ...rest];
}

/** Each name's type word and sizes, the open dimensions named n, m, p, ... (vectors first, in order of appearance). */
function nameDimensions(candidates: readonly Candidate[], shapes: Map<string, Shape2>, dims: Dims, used: Map<string, Span>): Map<string, (string | number)[]> {
  const names = new Map<number, string | number>();
  const pool = DIM_NAMES.filter((d) => !used.has(d));
  let extra = 1;
  const nameOf = (d: number): string | number => {
    const known = dims.sizeOf(d);
    if (known !== undefined) return known;
    const root = dims.find(d);
    if (!names.has(root)) names.set(root, pool.shift() ?? `n${extra++}`);
    return names.get(root)!;
  };
  const kind = (s: Shape2): Kind => (dims.isScalar(s) ? 'scalar' : dims.same(s.c, dims.one) ? 'vector' : 'matrix');
  const order = [...candidates].sort((a, b) => Number(kind(shapes.get(a.name)!) !== 'vector') - Number(kind(shapes.get(b.name)!) !== 'vector'));
  const out = new Map<string, (string | number)[]>();
  for (const c of order) {
    const s = shapes.get(c.name)!;
    const k = kind(s);
    out.set(c.name, k === 'scalar' ? [k] : k === 'vector' ? [k, nameOf(s.r)] : [k, nameOf(s.r), nameOf(s.c)]);
  }
  return out;
}

/** The names the program uses without a declaration or definition, with their first place. */
function undeclaredNames(statements: readonly Statement[], scope: Scope): Map<string, Span> {
  const defined = new Set<string>();
  const out = new Map<string, Span>();
  for (const st of statements) {
    if (st.k !== 'def' && st.k !== 'expr') continue;
    for (const a of nodes(st.k === 'def' ? st.body : st.expr)) {
      if (a.k !== 'name' || out.has(a.name)) continue;
      // a name the scope has something to say about (the REPL's ans) is not inferred
      const known = defined.has(a.name) || scope.lookup(a.name) !== undefined || scope.whyUnknown(a.name) !== undefined;
      if (!known && a.name !== 'I' && !FUNCTIONS.has(a.name) && !QUERY_NAMES.has(a.name)) out.set(a.name, a.span);
    }
    if (st.k === 'def') defined.add(st.name.name);
  }
  return out;
}

/** Names with a hint of being vectors: transposed as written (x'), or the variable of a jacobian or hessian. */
function vectorEvidence(statements: readonly Statement[]): Set<string> {
  const out = new Set<string>();
  for (const st of statements) {
    if (st.k !== 'def' && st.k !== 'expr') continue;
    for (const a of nodes(st.k === 'def' ? st.body : st.expr)) {
      if (a.k === 'transpose' && a.arg.k === 'name') out.add(a.arg.name);
      if (a.k === 'call' && (a.name === 'jacobian' || a.name === 'hessian') && a.args[1]?.k === 'name') out.add(a.args[1].name);
    }
  }
  return out;
}

/** Every node of a tree, in source order (a loop, not recursion: trees may nest thousands deep). */
function* nodes(root: Ast): Generator<Ast> {
  const stack = [root];
  while (stack.length) {
    const a = stack.pop()!;
    yield a;
    stack.push(...[...children(a)].reverse());
  }
}

/** The sub-trees of a node, except the sizes of I(n) and ones(n), which are no names to infer. */
export function children(a: Ast): readonly Ast[] {
  switch (a.k) {
    case 'num': case 'name': return [];
    case 'call': return a.name === 'I' || a.name === 'ones' ? [] : a.args;
    case 'neg': case 'transpose': case 'bars': case 'norm': return [a.arg];
    case 'binary': return [a.left, a.right];
    case 'pow': return [a.base, a.exp];
  }
}
