// The names a program has declared and defined, in order. Declarations become symbols,
// definitions become `def` atoms that know their body.

import { PROPERTY_NAMES, shape, SCALAR, sym, def, dimProduct, type Dim, type Expr, type Sym } from '../expr/index.js';
import { mentions } from '../expr/leaves.js';
import type { Statement } from '../parse/ast.js';
import { fail } from './errors.js';

export interface DeclaredName {
  readonly name: string;
  readonly node: Sym | Expr; // a symbol, or a def atom
}

export class Scope {
  private readonly names = new Map<string, Sym | Expr>();
  /** each declared name's shape as LANGUAGE.md's JSON writes it: vector(1) is [1], not [] */
  private readonly jsonShapes = new Map<string, Dim[]>();
  /** the nodes that a new declaration or definition of their name has replaced */
  protected readonly replaced = new Set<Expr>();
  /** where each name was first declared or defined, and how, for the error of a conflicting one */
  private readonly first = new Map<string, { span: Stmt['span']; text: string }>();
  /**
   * In a program file a name means one thing: declaring it again with another type, or defining
   * it again with another body, is an error naming the first (set by the command line). The
   * REPL and the playground allow a new meaning while no definition uses the name.
   */
  oneMeaning = false;

  lookup(name: string): Sym | Expr | undefined {
    return this.names.get(name);
  }

  /** Why a name the scope lacks is unknown, where there is more to say than that. */
  whyUnknown(_name: string): string | undefined {
    return undefined;
  }

  /** Every declared and defined name, in declaration order. */
  entries(): DeclaredName[] {
    return [...this.names].map(([name, node]) => ({ name, node }));
  }

  /** The declared symbols (not definitions), in declaration order. */
  symbols(): Sym[] {
    return [...this.names.values()].filter((n): n is Sym => n.kind === 'sym');
  }

  /** A declared symbol's shape in JSON form, as its declaration wrote it. */
  declaredShape(name: string): Dim[] | undefined {
    return this.jsonShapes.get(name);
  }

  /** Whether a declaration introduced the dimension (a size such as ones(m) must name one). */
  hasDimension(dim: Dim): boolean {
    // a factor of a product dimension (vector(m*n)) is a dimension too
    const has = (d: Dim): boolean => d === dim || String(d).split('*').includes(String(dim));
    return typeof dim === 'number' || this.symbols().some((s) => has(s.shape.rows) || has(s.shape.cols));
  }

  clear(): void {
    this.names.clear();
    this.jsonShapes.clear();
    this.replaced.clear();
    this.first.clear();
  }

  declare(stmt: Extract<Statement, { k: 'decl' }>): void {
    const dims = stmt.dims.map((d) => checkDim(d.value, d.span));
    let s;
    if (stmt.type === 'scalar') {
      if (dims.length) fail('scalar takes no dimensions', stmt.dims[0]!.span);
      s = SCALAR;
    } else if (stmt.type === 'vector') {
      if (dims.length !== 1) fail('vector needs one dimension, as in vector(n)', stmt.span);
      s = shape(dims[0]!, 1);
    } else {
      if (dims.length !== 2) fail('matrix needs two dimensions, as in matrix(m, n)', stmt.span);
      s = shape(dims[0]!, dims[1]!);
    }
    let props = 0;
    for (const p of stmt.props) {
      const flag = PROPERTY_NAMES.find(([n]) => n === p.name)?.[1];
      if (flag === undefined) fail(`unknown property ${p.name}; expected one of ${PROPERTY_NAMES.map(([n]) => n).join(', ')}`, p.span);
      if (s.rows !== s.cols && stmt.type !== 'scalar') fail(`${p.name} needs a square matrix, but the type is ${s.rows} x ${s.cols}`, p.span);
      props |= flag!;
    }
    const written = `${stmt.type}${dims.length ? `(${dims.join(', ')})` : ''}${stmt.props.map((p) => ` ${p.name}`).join('')}`;
    for (const n of stmt.names) {
      const old = this.names.get(n.name);
      if (old?.kind === 'def') fail(`${n.name} is already defined with :=`, n.span);
      this.rename(n.name, old, sym(n.name, s, props), n.span, `${n.name} : ${written}`);
      this.jsonShapes.set(n.name, dims);
    }
  }

  define(name: string, body: Expr, nameSpan: Stmt['span']): Expr {
    const old = this.names.get(name);
    if (old?.kind === 'sym') fail(`${name} is declared as a symbol; a definition needs a new name`, nameSpan);
    const node = def(name, body);
    this.rename(name, old, node, nameSpan, `${name} := ...`);
    return node;
  }

  /**
   * Gives a name its node. Declaring or defining a name again the same way changes nothing; a new
   * type or body is allowed only while no definition uses the old one: that definition would
   * keep the old meaning while its results are printed with the name, which now means the new.
   */
  private rename(name: string, old: Expr | undefined, node: Expr, span: Stmt['span'], text: string): void {
    if (old === node) return;
    const first = this.first.get(name);
    if (old !== undefined && first && this.oneMeaning) {
      const what = node.kind === 'def' ? `${name} is defined again with another body` : `${name} is declared again with another type (${text})`;
      const at = `${first.span.line}:${first.span.column}`;
      const was = first.text.endsWith(':= ...') ? `first defined at ${at}` : `first declared at ${at} as ${first.text}`;
      fail(`${what}; it was ${was}, and a program gives a name one meaning`, span);
    }
    if (!first) this.first.set(name, { span, text });
    if (old !== undefined) {
      for (const [other, n] of this.names)
        if (n.kind === 'def' && other !== name && mentions(n, old))
          fail(`${name} cannot be ${node.kind === 'def' ? 'redefined' : 'redeclared'}: the definition of ${other} uses it (in the REPL, :reset starts over)`, span);
      this.replaced.add(old);
    }
    this.names.set(name, node);
  }
}

type Stmt = Extract<Statement, { k: 'def' }>;

function checkDim(value: string | number, span: Stmt['span']): Dim {
  if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) fail(`a dimension must be a name or a positive integer, not ${value}`, span);
  // a product m*n in canonical order (numbers first, names sorted), as kron and vec write it
  return typeof value === 'string' && value.includes('*') ? dimProduct(value, 1) : value;
}
