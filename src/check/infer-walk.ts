// The shape rules of the checker (src/check/expression.ts), restated over open dimensions for
// shape inference (src/check/infer.ts): every use of a name constrains its dimensions, and a
// use that cannot hold throws Conflict. Long + and * chains are walked with a loop.

import type { Ast, Statement } from '../parse/ast.js';
import { ELEMENTWISE } from '../expr/index.js';
import type { Scope } from './scope.js';
import { Conflict, Dims, type Shape2 } from './unify.js';

const SAME_SHAPE: ReadonlySet<string> = new Set([...ELEMENTWISE, 'softmax', 'd']);
const TO_SCALAR: ReadonlySet<string> = new Set(['norm', 'sum', 'logsumexp']);

export class ShapeWalker {
  private readonly defs = new Map<string, Shape2>();
  /** sums where a scalar other than a number broadcasts over a vector: allowed, but a reading
   * without them is closer to what was meant (y in norm(W*x - y) is a vector, not a scalar) */
  broadcasts = 0;

  constructor(private readonly dims: Dims, private readonly names: ReadonlyMap<string, Shape2>, private readonly scope: Scope) {}

  program(statements: readonly Statement[]): void {
    for (const st of statements) {
      if (st.k === 'def') this.defs.set(st.name.name, this.shape(st.body));
      else if (st.k === 'expr') this.shape(st.expr);
    }
  }

  private get scalar(): Shape2 {
    return this.dims.scalar();
  }

  private fresh(): Shape2 {
    return { r: this.dims.fresh(), c: this.dims.fresh() };
  }

  private square(s: Shape2): Shape2 {
    this.dims.unify(s.r, s.c);
    return s;
  }

  private isScalar(s: Shape2): boolean {
    return this.dims.isScalar(s);
  }

  shape(a: Ast): Shape2 {
    switch (a.k) {
      case 'num': return this.scalar;
      case 'name': return this.name(a.name) ?? this.fresh();
      case 'neg': return this.shape(a.arg);
      case 'transpose': {
        const s = this.shape(a.arg);
        return { r: s.c, c: s.r };
      }
      case 'pow': {
        const base = this.shape(a.base);
        this.shape(a.exp);
        if (a.elementwise || this.isScalar(base)) return base;
        return this.square(base);
      }
      case 'bars': {
        const s = this.shape(a.arg);
        if (!this.isScalar(s)) this.square(s);
        return this.scalar;
      }
      case 'norm':
        this.shape(a.arg);
        return this.scalar;
      case 'binary': return this.chain(a);
      case 'call': return this.call(a);
    }
  }

  private name(name: string): Shape2 | undefined {
    const known = this.defs.get(name) ?? this.names.get(name);
    if (known) return known;
    const e = this.scope.lookup(name);
    if (e) return { r: this.dims.known(e.shape.rows), c: this.dims.known(e.shape.cols) };
    if (name === 'I') {
      const d = this.dims.fresh();
      return { r: d, c: d };
    }
    return undefined;
  }

  private size(a: Ast | undefined): number {
    if (a?.k === 'name') return this.dims.known(a.name);
    if (a?.k === 'num' && /^\d+$/.test(a.text)) return this.dims.known(Number(a.text));
    return this.dims.fresh();
  }

  private call(a: Extract<Ast, { k: 'call' }>): Shape2 {
    const [first, second] = a.args;
    const arg = (): Shape2 => (first ? this.shape(first) : this.fresh());
    switch (a.name) {
      case 'grad': case 'hessian': case 'jacobian': {
        const f = arg();
        const x = second ? this.shape(second) : this.fresh();
        // a Jacobian takes any f and X (by matrices: identification.ts); a Hessian a vector or vec(X)
        if (a.name !== 'jacobian') this.dims.unify(f.c, this.dims.one);
        if (a.name !== 'jacobian') this.dims.unify(f.r, this.dims.one);
        if (a.name === 'hessian') this.dims.unify(x.c, this.dims.one);
        return f;
      }
      case 'vec':
        arg();
        return { r: this.dims.fresh(), c: this.dims.one };
      case 'commutation': {
        const d = this.dims.fresh();
        return { r: d, c: d };
      }
      case 'I': case 'ones': {
        const d = this.size(first);
        return { r: d, c: a.name === 'I' ? d : this.dims.one };
      }
      case 'inv': return this.square(arg());
      case 'det': case 'logdet': case 'tr':
        this.square(arg());
        return this.scalar;
      case 'diag': {
        const s = arg();
        return this.dims.same(s.c, this.dims.one) ? { r: s.r, c: s.r } : { r: this.square(s).r, c: this.dims.one };
      }
      case 'kron':
        a.args.forEach((x) => this.shape(x));
        return this.fresh();
    }
    if (SAME_SHAPE.has(a.name)) return arg();
    if (TO_SCALAR.has(a.name)) {
      a.args.forEach((x) => this.shape(x));
      return this.scalar;
    }
    const named = this.name(a.name);
    if (named && a.args.length === 1) return this.product(named, arg()); // W(x + y)
    // the queries simplify, explain, differential, derivative, graph, and unknown functions
    const shapes = a.args.map((x) => this.shape(x));
    return shapes[0] ?? this.fresh();
  }

  private chain(a: Extract<Ast, { k: 'binary' }>): Shape2 {
    const steps: Array<Extract<Ast, { k: 'binary' }>> = [];
    let node: Ast = a;
    while (node.k === 'binary') {
      steps.push(node);
      node = node.left;
    }
    let acc = this.shape(node);
    const literal = (x: Ast): boolean => x.k === 'num' || (x.k === 'neg' && x.arg.k === 'num');
    let accLiteral = literal(node);
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i]!;
      const right = this.shape(step.right);
      const before = acc;
      switch (step.op) {
        case '+': case '-':
          acc = this.sum(acc, right);
          if ((this.isScalar(before) && !accLiteral) !== (this.isScalar(right) && !literal(step.right)) && !this.isScalar(acc)) this.broadcasts++;
          break;
        case '*': acc = this.product(acc, right); break;
        case '/': this.dims.unify(right.r, this.dims.one); this.dims.unify(right.c, this.dims.one); break;
        case '.*': case './': acc = this.isScalar(acc) ? right : this.isScalar(right) ? acc : this.sum(acc, right); break;
        case 'kron': acc = this.fresh(); break;
      }
      accLiteral = false;
    }
    return acc;
  }

  /** A scalar beside a vector broadcasts; beside a matrix it does not fit. */
  private sum(a: Shape2, b: Shape2): Shape2 {
    const vector = (s: Shape2): boolean => this.dims.same(s.c, this.dims.one) || this.dims.same(s.r, this.dims.one);
    if (this.isScalar(a) || this.isScalar(b)) {
      const other = this.isScalar(a) ? b : a;
      if (!vector(other)) throw new Conflict();
      return other;
    }
    this.dims.unify(a.r, b.r);
    this.dims.unify(a.c, b.c);
    return a;
  }

  private product(a: Shape2, b: Shape2): Shape2 {
    if (this.isScalar(a)) return b;
    if (this.isScalar(b)) return a;
    this.dims.unify(a.c, b.r);
    return { r: a.r, c: b.c };
  }
}
