// The scope of a statement with a where-list (`G where g1 := A, g2 := B`, src/parse/where.ts):
// the program's names, and the where-names over them, each standing for its body (checked in
// order, so a body may use the names before it). Nothing is added to the session: the names
// end with the statement, so where-forms never clash with each other or with the program.

import type { Expr, Sym, Dim } from '../expr/index.js';
import type { WhereDefinition } from '../parse/ast.js';
import { Scope, type DeclaredName } from '../check/scope.js';
import { ExpressionChecker } from '../check/expression.js';
import { MathError } from '../check/errors.js';
import { mentionsName } from './session.js';

class LocalScope extends Scope {
  readonly local = new Map<string, Expr>();

  constructor(private readonly parent: Scope) {
    super();
  }

  override lookup(name: string): Sym | Expr | undefined {
    return this.local.get(name) ?? this.parent.lookup(name);
  }
  override whyUnknown(name: string): string | undefined {
    return this.parent.whyUnknown(name);
  }
  override entries(): DeclaredName[] {
    return this.parent.entries();
  }
  override symbols(): Sym[] {
    return this.parent.symbols();
  }
  override declaredShape(name: string): Dim[] | undefined {
    return this.parent.declaredShape(name);
  }
  override hasDimension(dim: Dim): boolean {
    return this.parent.hasDimension(dim);
  }
}

/** The scope in which a where-statement's expression is checked. */
export function whereScope(parent: Scope, where: readonly WhereDefinition[], source: string): Scope {
  const scope = new LocalScope(parent);
  for (const d of where) {
    const name = d.name.name;
    if (scope.local.has(name)) throw new MathError(`${name} is defined twice in this where-list`, d.name.span);
    if (mentionsName(d.body, name)) throw new MathError(`${name} is used in its own definition`, d.name.span);
    scope.local.set(name, new ExpressionChecker(scope, source).check(d.body));
  }
  return scope;
}
