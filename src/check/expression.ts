// The checker: surface syntax (Ast) to core expressions, resolving names, checking shapes and
// inferring the size of a bare `I` from its context. Long + and * chains arrive nested on the
// left; they are walked with a loop and built with one n-ary constructor call, so a
// 100 000-term sum costs linear time and no stack.

import * as B from '../expr/build.js';
import { Q, isScalarShape, sameShape, shapeText, type Dim, type Expr, type FnName } from '../expr/index.js';
import type { Ast, Span } from '../parse/ast.js';
import { fail } from './errors.js';
import { DeepMemo } from '../expr/deep.js';
import type { Scope } from './scope.js';
import { FUNCTIONS, QUERY_NAMES } from './vocabulary.js';
import { didYouMean } from './suggest.js';
import { allOnes, elementwisePower } from './sugar.js';
import { splitRun } from './juxtapose.js';
import { checkCallee, writtenOut } from './calls.js';

/** A checked value: an expression, or an identity whose size the context has yet to fix. */
export type Value = { readonly expr: Expr; readonly span: Span } | { readonly make: (n: Dim) => Expr; readonly span: Span };

/** Numbers stay within double precision's range (about 1e-308 to 1e308), with room to spare. */
const LARGEST_EXPONENT = 300;

export class ExpressionChecker {
  /** the value of each syntax node: nesting thousands of levels deep does not overflow the stack */
  private readonly values = new DeepMemo<Ast, Value>((ast) => this.valueOf(ast));

  constructor(readonly scope: Scope, private readonly source: string) {}

  /** Checks a whole expression; a bare `I` must have found its size by the end. */
  check(ast: Ast): Expr {
    return this.expr(this.value(ast));
  }

  text(span: Span): string {
    const t = this.source.slice(span.offset, span.end);
    return t.length > 40 ? `${t.slice(0, 37)}...` : t;
  }

  /** A literal, exact; out of double precision's range it is an error (and 1e999999999 would
   * take minutes to hold exactly), since NumPy code and numeric checks compute in floats. */
  private number(text: string, span: Span): Expr {
    const [, whole = '', frac = '', exp = '0'] = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text) ?? [];
    const lead = (whole + frac).search(/[1-9]/);
    const magnitude = whole.length - 1 - lead + Number(exp); // the power of ten of the first digit
    if (lead >= 0 && Math.abs(magnitude) > LARGEST_EXPONENT)
      fail(`the number ${this.text(span)} is out of range: mcalc takes numbers from 1e-${LARGEST_EXPONENT} to 1e${LARGEST_EXPONENT} in size`, span);
    return B.num(Q.parseRational(text));
  }

  describe(v: Value): string {
    return 'expr' in v ? `${this.text(v.span)} (${shapeText(v.expr.shape)})` : this.text(v.span);
  }

  expr(v: Value): Expr {
    if ('expr' in v) return v.expr;
    return fail(`cannot tell the size of I in ${this.text(v.span)}; write I(n)`, v.span);
  }

  value(ast: Ast): Value {
    // names and numbers never nest: they skip the memo (a 100 000-term sum has 100 000 of them)
    return ast.k === 'name' || ast.k === 'num' ? this.valueOf(ast) : this.values.get(ast);
  }

  private valueOf(ast: Ast): Value {
    const span = ast.span;
    switch (ast.k) {
      case 'num': return { expr: this.number(ast.text, span), span };
      case 'name': return this.name(ast.name, span);
      case 'neg': return this.scale(this.value(ast.arg), B.MINUS_ONE, span);
      case 'binary': return this.chain(ast);
      case 'transpose': return this.postfix(ast.arg, span, (v) => this.map(v, B.transpose, span));
      case 'pow': return this.postfix(ast.base, span, (v) => this.power(v, ast.exp, span, ast.elementwise === true));
      case 'bars': return this.bars(ast.arg, span);
      case 'norm': return { expr: B.unary('norm', this.expr(this.value(ast.arg))), span };
      case 'call': return this.call(ast.name, ast.args, ast.nameSpan, span);
    }
  }

  private name(name: string, span: Span): Value {
    const found = this.scope.lookup(name);
    if (found) return { expr: found, span };
    if (name === 'I') return { make: (n) => B.identity(n), span };
    if (QUERY_NAMES.has(name) || FUNCTIONS.has(name)) return fail(`${name} is a function; call it as ${name}(...)`, span);
    const parts = this.run(name, span);
    if (parts) return this.product(parts.map((p) => this.name(p.name, p.span)));
    return fail(this.scope.whyUnknown(name) ?? `unknown name ${name}${didYouMean(name, this.knownNames())}`, span);
  }

  /** The declared and defined names, and I: what a misspelt name may have meant. */
  knownNames(): string[] {
    return [...this.scope.entries().map((d) => d.name), 'I'];
  }

  /** The names a juxtaposed run of letters (`Ax` in `xᵀAx`) stands for, if it is not a name. */
  run(name: string, span: Span): { name: string; span: Span }[] | undefined {
    if (this.scope.lookup(name) || name === 'I') return undefined;
    return splitRun(name, span, this.source.slice(span.offset, span.end), (n) => this.scope.lookup(n) !== undefined || n === 'I');
  }

  /** A postfix ' or ^ on a juxtaposed run applies to its last name: `yyᵀ` is y*y', `DK⁻¹` D*inv(K).
   * (A run in parentheses, `(yy)'`, starts after its postfix's span does and is left whole.) */
  private postfix(arg: Ast, span: Span, apply: (v: Value) => Value): Value {
    const values = this.postfixFactors(arg, span, apply);
    return values.length === 1 ? values[0]! : this.product(values);
  }

  /**
   * The factors a juxtaposition stands for, to be multiplied in the product around it: [x, y]
   * for the run `xy`, [x, A'] for `xAᵀ` (the postfixes of a run on its last name), [W, x + y]
   * for `W(x + y)`; a single value otherwise. `within` is the span of the enclosing postfix or
   * product: a run that starts later was in parentheses and stays whole.
   */
  private factors(ast: Ast, within: Span = ast.span): Value[] {
    if (ast.span.offset !== within.offset) return [this.value(ast)];
    if (ast.k === 'name') {
      const parts = this.run(ast.name, ast.span);
      return parts ? parts.map((p) => this.name(p.name, p.span)) : [this.value(ast)];
    }
    if (ast.k === 'transpose') return this.postfixFactors(ast.arg, ast.span, (v) => this.map(v, B.transpose, ast.span));
    if (ast.k === 'pow') return this.postfixFactors(ast.base, ast.span, (v) => this.power(v, ast.exp, ast.span, ast.elementwise === true));
    if (ast.k === 'call' && ast.args.length === 1 && !FUNCTIONS.has(ast.name) && !QUERY_NAMES.has(ast.name)) {
      const names = this.scope.lookup(ast.name) ? [{ name: ast.name, span: ast.nameSpan }] : this.run(ast.name, ast.nameSpan);
      if (names) return [...names.map((n) => this.name(n.name, n.span)), this.value(ast.args[0]!)];
    }
    return [this.value(ast)];
  }

  private postfixFactors(arg: Ast, span: Span, apply: (v: Value) => Value): Value[] {
    const values = this.factors(arg, span);
    values.push(apply(values.pop()!));
    return values;
  }

  /** |a|: the absolute value of a scalar, the determinant of a square matrix. */
  private bars(arg: Ast, span: Span): Value {
    if (arg.k === 'bars' && !isScalarShape(this.expr(this.value(arg.arg)).shape)) {
      const inner = this.text(arg.arg.span);
      fail(`||${inner}|| is not a norm in mcalc (it reads as |(|${inner}|)|, a determinant); write norm(${inner}) or ‖${inner}‖`, span);
    }
    const a = this.expr(this.value(arg));
    if (isScalarShape(a.shape)) return { expr: B.fn('abs', a), span };
    const text = this.text(arg.span);
    if (a.shape.rows === 1 || a.shape.cols === 1) fail(`|${text}| is a determinant, but ${text} is ${shapeText(a.shape)}, a vector: write its norm as norm(${text}), or abs(${text}) for the entries' absolute values`, span);
    if (a.shape.rows !== a.shape.cols) fail(`|${text}| is a determinant, but ${text} is ${shapeText(a.shape)}, not square`, span);
    return { expr: B.unary('det', a), span };
  }

  private map(v: Value, f: (e: Expr) => Expr, span: Span): Value {
    return 'expr' in v ? { expr: f(v.expr), span } : { make: (n) => f(v.make(n)), span };
  }

  private scale(v: Value, s: Expr, span: Span): Value {
    return this.map(v, (e) => B.mul(s, e), span);
  }

  /**
   * Walks a left-nested chain of binary operators iteratively. Parentheses leave no node, so
   * every step applies to everything below it on the spine: ((a + b) * c) is +, then *.
   * Runs of + and - (or * and /) are collected and built by one n-ary constructor call.
   */
  private chain(ast: Extract<Ast, { k: 'binary' }>): Value {
    const steps: Array<Extract<Ast, { k: 'binary' }>> = [];
    let node: Ast = ast;
    while (node.k === 'binary') {
      steps.push(node);
      node = node.left;
    }
    // juxtaposed factors (xᵀAx, W(x + y)) join the product around them, so that a 1 x 1 part
    // of it scales the rest as written out with * would
    const isProduct = (op: string | undefined): boolean => op === '*' || op === '/';
    let leftFactors = isProduct(steps[steps.length - 1]?.op) ? this.factors(node) : undefined;
    let acc = leftFactors ? leftFactors[0]! : this.value(node);
    let run: { kind: 'sum' | 'product'; items: Value[] } | undefined;
    const flush = (): void => {
      if (run) acc = run.kind === 'sum' ? this.sum(run.items, spanOf(run.items[0]!.span, acc.span)) : this.product(run.items);
      run = undefined;
    };
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      const op = step.op;
      if (op === '.*' || op === './' || op === 'kron') {
        flush();
        acc = this.elementwise(op, acc, this.value(step.right), step.opSpan);
        continue;
      }
      const kind = op === '+' || op === '-' ? 'sum' : 'product';
      if (run?.kind !== kind) {
        flush();
        run = { kind, items: leftFactors ?? [acc] };
      }
      leftFactors = undefined;
      const rights = op === '*' ? this.factors(step.right) : [this.value(step.right)];
      for (const right of rights) {
        const item = op === '-' ? this.scale(right, B.MINUS_ONE, right.span) : op === '/' ? this.divisor(right, step.opSpan) : right;
        run.items.push(item);
        acc = { ...item, span: spanOf(run.items[0]!.span, right.span) } as Value;
      }
    }
    flush();
    return acc;
  }

  private divisor(v: Value, opSpan: Span): Value {
    const d = this.expr(v);
    if (!isScalarShape(d.shape)) fail(`cannot divide by ${this.describe(v)}: the divisor must be a scalar (use ./ for elementwise division)`, opSpan);
    if (d.kind === 'num' && Q.isZero(d.value)) fail('division by zero', v.span);
    return { expr: B.pow(d, B.MINUS_ONE), span: v.span };
  }

  private sum(terms: Value[], span: Span): Value {
    const exprTerms = terms.filter((t): t is Extract<Value, { expr: Expr }> => 'expr' in t && !isLiteralZero(t.expr));
    // the shape of the sum: a non-scalar term's if there is one (a scalar beside a vector broadcasts)
    const known = exprTerms.find((t) => !isScalarShape(t.expr.shape)) ?? exprTerms[0];
    if (!known) return { make: (n) => B.add(...terms.map((t) => ('expr' in t ? t.expr : t.make(n)))), span };
    const s = known.expr.shape;
    const exprs = terms.map((t) => {
      if ('expr' in t) {
        if (isLiteralZero(t.expr)) return B.zero(s);
        if (isScalarShape(t.expr.shape) && !isScalarShape(s)) return this.broadcast(t, known);
        if (!sameShape(t.expr.shape, s)) fail(`cannot add ${this.describe(known)} and ${this.describe(t)}: shapes differ`, t.span);
        return t.expr;
      }
      if (s.rows !== s.cols) fail(`cannot add I to ${this.describe(known)}, which is not square`, t.span);
      return t.make(s.rows);
    });
    return { expr: B.add(...exprs), span };
  }

  /** A scalar added to a vector is the scalar times ones (x .* x + 1); beside a matrix it is
   * ambiguous, and the error names both readings. */
  private broadcast(scalar: Extract<Value, { expr: Expr }>, other: Extract<Value, { expr: Expr }>): Expr {
    const s = other.expr.shape;
    if (s.rows === 1 || s.cols === 1) return B.mul(scalar.expr, allOnes(s));
    const t = this.text(scalar.span);
    const c = /^[\w.]+$/.test(t) ? t : `(${t})`;
    const square = s.rows === s.cols ? `${c}*I for a multiple of the identity, or ` : '';
    return fail(`cannot add the scalar ${t} to the matrix ${this.describe(other)}: write ${square}${c}*ones(${s.rows})*ones(${s.cols})' to add it to every entry`, scalar.span);
  }

  /** A run of * and / factors, shape-checked left to right, built with one mul call. */
  product(factors: Value[]): Value {
    const span = spanOf(factors[0]!.span, factors[factors.length - 1]!.span);
    const exprs: Expr[] = [];
    let rows: Dim | undefined; // shape of the product so far, when it is not a scalar
    let cols: Dim | undefined;
    let pendingLead: ((n: Dim) => Expr) | undefined; // an I before any matrix factor
    const scalars: Expr[] = [];
    // a 1 x 1 product so far (x'*y) is from here on a scalar factor: x'*y*A, and a'*x*I with
    // I sized by the context
    const liftOneByOne = (): void => {
      if (rows !== 1 || cols !== 1) return;
      scalars.push(B.mul(...exprs.splice(0)));
      rows = cols = undefined;
    };
    for (const f of factors) {
      if (!('expr' in f)) {
        liftOneByOne();
        if (cols === undefined) {
          if (pendingLead) fail('cannot tell the size of I; write I(n)', f.span);
          pendingLead = f.make;
        } else exprs.push(f.make(cols));
        continue;
      }
      const e = f.expr;
      if (isScalarShape(e.shape)) {
        scalars.push(e);
        continue;
      }
      liftOneByOne();
      if (cols === undefined) {
        if (pendingLead) {
          exprs.push(pendingLead(e.shape.rows));
          pendingLead = undefined;
        }
        rows = e.shape.rows;
      } else if (cols !== e.shape.rows) {
        fail(`cannot multiply ${this.text(spanOf(factors[0]!.span, prevSpan(factors, f)))} (${rows} x ${cols}) by ${this.describe(f)}: inner dimensions ${cols} and ${e.shape.rows} differ`, f.span);
      }
      cols = e.shape.cols;
      exprs.push(e);
    }
    const lead = pendingLead;
    if (lead) return { make: (n) => B.mul(...scalars, lead(n)), span };
    return { expr: B.mul(...scalars, ...exprs), span };
  }

  private elementwise(op: '.*' | './' | 'kron', l: Value, r: Value, opSpan: Span): Value {
    const a = this.expr(l);
    const b = this.expr(r);
    const span = spanOf(l.span, r.span);
    if (op === 'kron') return { expr: B.kron(a, b), span };
    const scalarSide = isScalarShape(a.shape) || isScalarShape(b.shape);
    if (!scalarSide && !sameShape(a.shape, b.shape)) fail(`cannot apply ${op} to ${this.describe(l)} and ${this.describe(r)}: shapes differ`, opSpan);
    if (op === '.*') return { expr: B.hadamard(a, b), span };
    if (isScalarShape(b.shape) && b.kind === 'num' && Q.isZero(b.value)) fail('division by zero', r.span);
    return { expr: B.hdiv(a, b), span };
  }

  private power(baseValue: Value, expAst: Ast, span: Span, elementwise: boolean): Value {
    const base = this.expr(baseValue);
    const exp = this.expr(this.value(expAst));
    if (elementwise) return { expr: elementwisePower(base, exp, this.text(expAst.span), expAst.span), span };
    if (!isScalarShape(exp.shape)) fail(`the exponent ${this.text(expAst.span)} must be a scalar`, expAst.span);
    if (isScalarShape(base.shape)) return { expr: B.pow(base, exp), span };
    // the base's own span: in `Kx²` the base is x (a juxtaposed run's postfix is on its last name)
    if (base.shape.rows !== base.shape.cols) fail(`cannot raise ${this.text(baseValue.span)} (${shapeText(base.shape)}) to a power: it is not square (use .^ for an elementwise power)`, spanOf(baseValue.span, span));
    if (exp.kind !== 'num' || !Q.isInteger(exp.value)) fail(`a matrix power needs an integer exponent, not ${this.text(expAst.span)}`, expAst.span);
    const k = Number((exp as Extract<Expr, { kind: 'num' }>).value.n);
    if (Math.abs(k) > 1000) fail(`the matrix power ${k} is too large`, expAst.span);
    // A^-1 is inv(A) as written (K⁻¹⁻¹ is inv(inv(K)), as the plain form writes it)
    return { expr: k === -1 ? B.inv(base) : B.mpow(base, k), span };
  }

  private call(name: string, argAsts: readonly Ast[], nameSpan: Span, span: Span): Value {
    const spec = checkCallee(this, name, argAsts, nameSpan, span);
    if (spec !== 'function') return spec;
    if (name === 'I' || name === 'ones') return { expr: (name === 'I' ? B.identity : B.ones)(this.dim(argAsts[0]!)), span };
    if (name === 'd') return this.differential(argAsts[0]!, span);
    if (name === 'commutation') return { expr: B.commutation(this.dim(argAsts[0]!), this.dim(argAsts[1]!)), span };
    const args = argAsts.map((a) => this.expr(this.value(a)));
    const a = args[0]!;
    const written = writtenOut(name, args, argAsts.map((x) => this.text(x.span)), argAsts.map((x) => x.span));
    if (written) return { expr: written, span };
    const square = (): void => {
      if (a.shape.rows !== a.shape.cols) fail(`${name}: ${this.text(argAsts[0]!.span)} is ${shapeText(a.shape)}, not square`, argAsts[0]!.span);
    };
    switch (name) {
      case 'inv': square(); return { expr: B.inv(a), span };
      case 'det': case 'logdet': case 'tr': square(); return { expr: B.unary(name, a), span };
      case 'norm': case 'sum': return { expr: B.unary(name, a), span };
      case 'diag':
        if (a.shape.cols === 1) return { expr: B.unary('diagm', a), span };
        square();
        return { expr: B.unary('diagv', a), span };
      case 'kron': return { expr: B.kron(a, args[1]!), span };
      case 'vec': return { expr: B.unary('vec', a), span };
      default: return { expr: B.fn(name as FnName, a), span };
    }
  }

  private dim(ast: Ast): Dim {
    // a product of sizes, as in I(m*n) or commutation(m*n, p)
    if (ast.k === 'binary' && ast.op === '*') return B.dimProduct(this.dim(ast.left), this.dim(ast.right));
    if (ast.k === 'name') {
      if (!this.scope.hasDimension(ast.name)) fail(`unknown dimension ${ast.name}: a size must be a dimension of a declaration (as in x : vector(${ast.name})) or a positive integer`, ast.span);
      return ast.name;
    }
    if (ast.k === 'num' && /^\d+$/.test(ast.text) && Number(ast.text) >= 1) return Number(ast.text);
    return fail(`a size must be a dimension name or a positive integer, not ${this.text(ast.span)}`, ast.span);
  }

  private differential(ast: Ast, span: Span): Value {
    const x = ast.k === 'name' ? this.scope.lookup(ast.name) : undefined;
    if (!x || x.kind !== 'sym') return fail(`d(...) takes a declared symbol, not ${this.text(ast.span)}`, ast.span);
    return { expr: B.diff(x), span };
  }
}

const isLiteralZero = (e: Expr): boolean => e.kind === 'num' && Q.isZero(e.value);

export function spanOf(a: Span, b: Span): Span {
  return { line: a.line, column: a.column, offset: a.offset, end: Math.max(a.end, b.end) };
}

function prevSpan(factors: Value[], f: Value): Span {
  const i = factors.indexOf(f);
  return factors[Math.max(0, i - 1)]!.span;
}
