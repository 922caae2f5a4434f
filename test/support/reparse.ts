// Reading printed text back in the scope of test/support/arbitrary.ts, with the definitions of
// the expression it came from: for the round-trip properties of the plain and Unicode forms.

import type { Expr } from '../../src/expr/index.js';
import { parseExpression, parseProgram } from '../../src/parse/parse.js';
import { Scope } from '../../src/check/scope.js';
import { ExpressionChecker } from '../../src/check/expression.js';
import type { arbScope } from './arbitrary.js';

const NOWHERE = { line: 1, column: 1, offset: 0, end: 0 };

export class Reader {
  private readonly names = new Scope();

  constructor(scope: ReturnType<typeof arbScope>) {
    for (const st of parseProgram(scope.declarations).statements) if (st.k === 'decl') this.names.declare(st);
  }

  /** Defines every definition inside e (bodies first), as the program that made e would have. */
  defineAll(e: Expr, seen = new Set<Expr>()): void {
    if (seen.has(e)) return;
    seen.add(e);
    if (e.kind === 'def') {
      this.defineAll(e.body, seen);
      this.names.define(e.name, e.body, NOWHERE);
    }
    e.args.forEach((a) => this.defineAll(a, seen));
  }

  reparse(text: string): Expr {
    const p = parseExpression(text);
    if ('error' in p) throw new Error(`cannot parse ${text}: ${p.error.message}`);
    return new ExpressionChecker(this.names, text).check(p.ast);
  }
}
