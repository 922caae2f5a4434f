// What explain(QUERY) says, independent of the output format: the given definitions, the
// differential part by part (each line one node and the rules that produced it), the parts
// put together, the gradient / Jacobian / Hessian read off, the simplification, the result.
//
// The lines come from the engine's own Differentiator, run one node at a time: a subclass
// answers d(child) with a stand-in (a "hole", printed as d(child)) instead of recursing, so each
// line reads like a hand derivation, d(log(det(K))) = d(det(K))/det(K), and names exactly the
// rules the engine applied there.

import * as B from '../expr/index.js';
import type { Expr, Sym } from '../expr/index.js';
import { Differentiator } from '../diff/differential.js';
import { dependsOn } from '../diff/depends.js';
import { inner, ReshapeNeeded } from '../diff/gradient.js';
import { MathError } from '../check/errors.js';
import { derive, type Derivation } from '../engine/derive.js';
import type { ValueResult } from '../engine/session.js';
import { dedupe, definitionsIn, simplification, simplifySteps } from './simplification.js';
import { traceFormReading, type TraceFormReading } from './trace-form.js';

export { definitionsIn } from './simplification.js';

import type { Rule, Line, Section, Explanation } from './types.js';
import { VEC_READ_OFF, VEC_TERMS } from '../diff/identification.js';

export type { Rule, Side, Line, Section, Explanation } from './types.js';

/** Nodes whose differential is a linear rearrangement of their parts' differentials: a line of
 * their own would only restate the rule, so a parent shows them inline (when it is their only
 * parent). */
const STRUCTURAL = new Set(['add', 'mul', 'hadamard', 'transpose', 'tr', 'sum', 'diagm', 'diagv', 'kron']);

const READ_OFF: Record<'grad' | 'jacobian' | 'hessian', Rule & { title: string; name: string }> = {
  grad: { title: 'Reading the gradient off the trace form', name: 'G', id: 'gradient-from-trace-form', citation: "`df = tr(G'*d({x}))` for every `d({x})` identifies the gradient G (Magnus & Neudecker, first identification theorem)" },
  jacobian: { title: 'Reading the Jacobian off the differential', name: 'J', id: 'jacobian-from-differential', citation: '`df = J*d({x})` for every `d({x})` identifies the Jacobian J (Magnus & Neudecker, first identification theorem)' },
  hessian: { title: 'Reading the Hessian off the differential of the gradient', name: 'H', id: 'hessian-as-jacobian', citation: 'the Hessian is the Jacobian of the gradient: `d(g) = H*d({x})`' },
};

/** How the reader gets the matrix of each term (src/diff/gradient.ts, jacobian.ts). */
const TERM_BY_TERM: Record<'grad' | 'jacobian' | 'hessian', Rule> = {
  grad: { id: 'trace-form', citation: "each term brought to `tr(M[k]'*d({x}))` by the cyclic and transpose rules of the trace, Matrix Cookbook (16), (13)" },
  jacobian: { id: 'linear-form', citation: 'each term brought to `M[k]*d({x})`: a 1 x 1 factor commutes, `d({x})\'*v = v\'*d({x})`, `diag(d({x}))*v = diag(v)*d({x})`' },
  hessian: { id: 'linear-form', citation: 'each term of `d(g)` brought to `M[k]*d({x})`, as for a Jacobian' },
};

const CHAIN_RULE: Rule = { id: 'chain-rule', citation: 'the parts substituted into each other' };

/** A stand-in differentiator: the node it was made for is differentiated by the engine's rules,
 * every other node is answered by `child`. */
class OneNode extends Differentiator {
  constructor(variable: Sym, private readonly node: Expr, private readonly child: (e: Expr) => Expr) {
    super(variable);
  }

  override d(e: Expr): Expr {
    return e === this.node ? super.d(e) : this.child(e);
  }
}

/** The differential of `root`, one line per node worth a line, parents before their parts. */
class DifferentialLines {
  private readonly uses = new Map<Expr, number>();
  private readonly forms = new Map<Expr, { expr: Expr; rules: Rule[]; parts: Expr[] }>();

  /** @param holes stand-in -> the node it stands for, shared by every builder of one explanation */
  constructor(private readonly x: Sym, private readonly root: Expr, private readonly holes: Map<Expr, Expr>) {
    this.countUses(root);
  }

  /** The lines; the root's differential is written d(name). */
  lines(name: Expr): Line[] {
    const order: Expr[] = [];
    const seen = new Set<Expr>();
    // reverse post-order of a depth-first walk: every node comes after all its parents
    const visit = (e: Expr): void => {
      if (seen.has(e)) return;
      seen.add(e);
      for (const p of [...this.form(e).parts].reverse()) visit(p);
      order.push(e);
    };
    visit(this.root);
    return order.reverse().map((e) => {
      const f = this.form(e);
      return { lhs: { d: e === this.root ? name : e }, rhs: { expr: f.expr }, rules: f.rules };
    });
  }

  private countUses(root: Expr): void {
    const stack = [root];
    const done = new Set<Expr>();
    while (stack.length) {
      const e = stack.pop()!;
      if (done.has(e)) continue;
      done.add(e);
      const children = e.kind === 'def' ? [e.body] : e.args;
      for (const c of children) {
        if (!dependsOn(c, this.x)) continue;
        this.uses.set(c, (this.uses.get(c) ?? 0) + 1);
        stack.push(c);
      }
    }
  }

  /** Shown inside its parent's line rather than on its own: a definition's body, and the
   * structural nodes with one parent. */
  private inline(parent: Expr, e: Expr): boolean {
    if (parent.kind === 'def' && parent.body === e) return true;
    return STRUCTURAL.has(e.kind) && this.uses.get(e) === 1;
  }

  private form(e: Expr): { expr: Expr; rules: Rule[]; parts: Expr[] } {
    const known = this.forms.get(e);
    if (known) return known;
    const rules: Rule[] = [];
    const parts: Expr[] = [];
    const child = (c: Expr): Expr => {
      if (!dependsOn(c, this.x)) return B.zero(c.shape);
      if (c === this.x) return B.diff(this.x);
      if (this.inline(e, c)) return this.local(c, child, rules);
      parts.push(c);
      return this.hole(c);
    };
    const expr = this.local(e, child, rules);
    // the two cases no rule covers: f is X itself, or f does not depend on X
    if (!rules.length) rules.push(e === this.x ? { id: 'd-variable', citation: '`d({x})` is the direction itself' } : { id: 'd-constant', citation: `f does not depend on ${this.x.name}` });
    const out = { expr, rules: dedupe(rules), parts };
    this.forms.set(e, out);
    return out;
  }

  /** d(e) by the engine's rule for e, with `child` answering for its parts. */
  private local(e: Expr, child: (c: Expr) => Expr, rules: Rule[]): Expr {
    const one = new OneNode(this.x, e, child);
    const at = rules.length;
    const expr = one.d(e);
    // the node's own rule goes before those of the parts shown inline with it
    rules.splice(at, 0, ...one.steps.map((s) => ({ id: s.rule, ...(s.citation ? { citation: s.citation } : {}) })));
    return expr;
  }

  private hole(c: Expr): Expr {
    let h = [...this.holes].find(([, of]) => of === c)?.[0];
    if (!h) {
      // letters only, so that no printer turns part of the name into a subscript
      h = B.sym(`Qzq${letters(this.holes.size)}Z`, c.shape, c.props & (B.SYMMETRIC | B.DIAGONAL));
      this.holes.set(h, c);
    }
    return h;
  }
}

function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

/** The query text without the explain(...) around it. */
function queryText(input: string): string {
  return /^explain\s*\(([\s\S]*)\)$/.exec(input.trim())?.[1]?.trim() ?? input;
}

function givens(f: Expr, name: Expr): Line[] {
  const lines: Line[] = f === name ? [] : [{ lhs: { expr: name }, rhs: { expr: f }, rules: [] }];
  for (const d of definitionsIn(f)) lines.push({ lhs: { expr: d }, rhs: { expr: d.body }, rules: [], defines: true });
  return lines;
}

/** How the lines name f: a definition by its name, an expression as a symbol `f`. */
function nameOf(f: Expr): Expr {
  if (f.kind === 'def' || f.kind === 'sym') return f;
  const taken = new Set(definitionsIn(f).map((d) => d.name));
  return B.sym(taken.has('f') ? 'F' : 'f', f.shape);
}

export function explanation(r: ValueResult): Explanation {
  const input = queryText(r.input);
  const d = r.derivation;
  if (!d) {
    const lines = simplifySteps(r.simplifySteps ?? []);
    return { input, kind: 'simplify', sections: lines.length ? [{ title: 'Simplifying', lines }] : [], holes: new Map(), names: new Map(), result: r.result };
  }
  const name = nameOf(d.f);
  const holes = new Map<Expr, Expr>();
  const names = new Map<Expr, Expr>([[name, d.f]]);
  const sections: Section[] = [];
  const given = givens(d.f, name);
  if (given.length) sections.push({ title: 'where', lines: given });
  let gName = B.sym('g', d.variable.shape);
  if (d.kind === 'hessian') {
    const g = hessianGradient(d.f, d.variable);
    sections.push(...differentialSections(d.f, name, d.variable, g.differential, holes));
    gName = B.sym('g', g.result.shape);
    names.set(gName, g.result);
    const tidy = simplification(g.raw, g.result).flatMap((l) => l.rules);
    sections.push({ title: 'The gradient', lines: [{ lhs: { expr: gName }, rhs: { expr: g.result }, rules: dedupe([READ_OFF.grad, ...tidy]) }] });
    sections.push(...differentialSections(g.result, gName, d.variable, new Differentiator(d.variable).d(g.result), holes));
  } else sections.push(...differentialSections(d.f, name, d.variable, d.differential, holes));
  let readOff = d.raw;
  if (d.kind !== 'differential') {
    // by a matrix, or of a matrix: d(vec(f)) = J*vec(d(X)) (identification.ts)
    const byVec = d.kind !== 'grad' && (d.variable.shape.cols !== 1 || d.f.shape.cols !== 1);
    const read = byVec ? VEC_READ_OFF[d.kind] : READ_OFF[d.kind];
    const m = B.sym(read.name, d.raw.shape);
    const byTerms = d.kind === 'grad' ? traceForm(d.differential, d.variable, name, m, read) : undefined;
    if (byTerms) readOff = byTerms.gradient;
    names.set(m, readOff);
    const lhs = d.kind === 'hessian' ? gName : name;
    const df = d.kind === 'grad' ? inner(m, B.diff(d.variable)) : B.mul(m, byVec ? B.unary('vec', B.diff(d.variable)) : B.diff(d.variable));
    const lines = byTerms?.lines ?? [{ lhs: { d: byVec ? B.unary('vec', lhs) : lhs }, rhs: { expr: df }, rules: [read] }, { lhs: { expr: m }, rhs: { expr: d.raw }, rules: [byVec ? VEC_TERMS : TERM_BY_TERM[d.kind]] }];
    sections.push({ title: read.title, lines });
  }
  const simplified = simplification(readOff, d.result);
  if (simplified.length) sections.push({ title: 'Simplifying', lines: simplified });
  return { input, kind: d.kind, f: name, variable: d.variable, sections, holes, names, result: d.result };
}

/** The gradient a Hessian differentiates: by vec(X), through a kron it keeps, its vec form (derive.ts). */
function hessianGradient(f: Expr, x: Sym): Derivation {
  try {
    return derive('grad', f, x, definitionsIn(f));
  } catch (err) {
    if (!(err instanceof ReshapeNeeded) || x.shape.cols === 1) throw err;
    return derive('grad', f, x, definitionsIn(f), true);
  }
}

/** The gradient read off term by term; undefined where the reader cannot take the terms one by
 * one (through kron(...) it needs the normal form of the whole), and the raw G is shown. */
function traceForm(df: Expr, x: Sym, name: Expr, gName: Sym, readOff: Rule): TraceFormReading | undefined {
  try {
    return traceFormReading(df, x, name, gName, readOff);
  } catch (err) {
    if (err instanceof MathError) return undefined;
    throw err;
  }
}

/** The differential of f rule by rule, and (when it took several lines) put together. */
function differentialSections(f: Expr, name: Expr, x: Sym, combined: Expr, holes: Map<Expr, Expr>): Section[] {
  const lines = new DifferentialLines(x, f, holes).lines(name);
  const out: Section[] = [{ title: `The differential of ${nameText(name)}, rule by rule`, lines }];
  if (lines.length > 1) out.push({ title: 'Putting the parts together', lines: [{ lhs: { d: name }, rhs: { expr: combined }, rules: [CHAIN_RULE] }] });
  return out;
}

const nameText = (e: Expr): string => (e.kind === 'def' || e.kind === 'sym' ? e.name : 'f');
