// A compact JSON form of expressions: a table of nodes, each naming its arguments by index.
// Reading it back goes through the constructors, so the nodes are the interned ones. Used to
// precompile the rule files at build time, so the command line need not parse them at start-up.

import * as B from './build.js';
import { Q } from './index.js';
import type { Expr, Sym, UnaryKind, FnName } from './node.js';
import type { Dim } from './shape.js';

export type NodeRecord =
  | { k: 'num'; v: string }
  | { k: 'sym'; name: string; rows: Dim; cols: Dim; props: number }
  | { k: 'def'; name: string; body: number }
  | { k: 'diff'; of: number }
  | { k: 'identity' | 'ones'; n: Dim }
  | { k: 'commutation'; m: Dim; n: Dim }
  | { k: 'zero'; rows: Dim; cols: Dim }
  | { k: 'mul'; coef: string; a: number[] }
  | { k: 'mpow'; p: number; a: number[] }
  | { k: 'fn'; name: FnName; a: number[] }
  | { k: 'add' | 'pow' | 'kron' | 'hadamard' | 'hdiv' | UnaryKind; a: number[] };

export class ExprWriter {
  readonly table: NodeRecord[] = [];
  private readonly index = new Map<Expr, number>();

  add(e: Expr): number {
    const known = this.index.get(e);
    if (known !== undefined) return known;
    const a = e.args.map((x) => this.add(x));
    let rec: NodeRecord;
    switch (e.kind) {
      case 'num': rec = { k: 'num', v: Q.toString(e.value) }; break;
      case 'sym': rec = { k: 'sym', name: e.name, rows: e.shape.rows, cols: e.shape.cols, props: e.props }; break;
      case 'def': rec = { k: 'def', name: e.name, body: this.add(e.body) }; break;
      case 'diff': rec = { k: 'diff', of: this.add(e.of) }; break;
      case 'identity': case 'ones': rec = { k: e.kind, n: e.shape.rows }; break;
      case 'commutation': rec = { k: 'commutation', m: e.m, n: e.n }; break;
      case 'zero': rec = { k: 'zero', rows: e.shape.rows, cols: e.shape.cols }; break;
      case 'mul': rec = { k: 'mul', coef: Q.toString(e.coef), a }; break;
      case 'mpow': rec = { k: 'mpow', p: e.k, a }; break;
      case 'fn': rec = { k: 'fn', name: e.name, a }; break;
      default: rec = { k: e.kind, a };
    }
    this.table.push(rec);
    this.index.set(e, this.table.length - 1);
    return this.table.length - 1;
  }
}

function rational(text: string): Q.Rational {
  const [n, d = '1'] = text.split('/');
  return Q.rat(BigInt(n!), BigInt(d));
}

/** Rebuilds every node of a table (records only refer to earlier ones). */
export function readTable(table: readonly NodeRecord[]): Expr[] {
  const out: Expr[] = [];
  for (const r of table) {
    const args = 'a' in r ? r.a.map((i) => out[i]!) : [];
    let e: Expr;
    switch (r.k) {
      case 'num': e = B.num(rational(r.v)); break;
      case 'sym': e = B.sym(r.name, { rows: r.rows, cols: r.cols }, r.props); break;
      case 'def': e = B.def(r.name, out[r.body]!); break;
      case 'diff': e = B.diff(out[r.of] as Sym); break;
      case 'identity': e = B.identity(r.n); break;
      case 'ones': e = B.ones(r.n); break;
      case 'commutation': e = B.commutation(r.m, r.n); break;
      case 'zero': e = B.zero({ rows: r.rows, cols: r.cols }); break;
      case 'mul': e = B.mul(B.num(rational(r.coef)), ...args); break;
      case 'mpow': e = B.mpow(args[0]!, r.p); break;
      case 'fn': e = B.fn(r.name, args[0]!); break;
      case 'add': e = B.add(...args); break;
      case 'pow': e = B.pow(args[0]!, args[1]!); break;
      case 'kron': e = B.kron(args[0]!, args[1]!); break;
      case 'hadamard': e = B.hadamard(...args); break;
      case 'hdiv': e = B.hdiv(args[0]!, args[1]!); break;
      default: e = B.unary(r.k, args[0]!);
    }
    out.push(e);
  }
  return out;
}
