// Loading rules/*.rules. A file declares its pattern variables like a program declares symbols,
// then lists one rule a line:
//
//   id: lhs -> rhs [when guard(X) and ...] [@ "citation"]
//
// A differential rule's left side is d(pattern). The loader rejects a rule without an id, a
// duplicate id, a right side that uses a variable the left side does not bind, and sides whose
// shapes differ; each error names the file and line.

import { PROPERTY_NAMES, shapeText, type Expr, type Sym } from '../expr/index.js';
import { parseExpression, parseProgram } from '../parse/parse.js';
import type { Ast } from '../parse/ast.js';
import { Scope } from '../check/scope.js';
import { ExpressionChecker } from '../check/expression.js';
import { MathError } from '../check/errors.js';
import { RULE_LINE, ID, withoutComment } from './syntax.js';

export interface Guard {
  readonly property: number;
  readonly variable: Sym;
}

export interface Rule {
  readonly id: string;
  /** 'differential' rules have a left side d(lhs) */
  readonly kind: 'differential' | 'identity';
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly guards: readonly Guard[];
  readonly citation?: string;
  readonly vars: ReadonlySet<Sym>;
  readonly file: string;
  readonly line: number;
  /** the rule as written, for the identity table and explain */
  readonly source: { readonly lhs: string; readonly rhs: string };
}


export class RuleLoadError extends Error {}

export function loadRules(text: string, file: string): Rule[] {
  const scope = new Scope();
  const rules: Rule[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const lineNo = i + 1;
    const line = withoutComment(raw);
    if (!line.trim()) return;
    const where = `${file}:${lineNo}`;
    try {
      if (!line.includes('->')) {
        const parsed = parseProgram(line);
        if (parsed.error) throw new RuleLoadError(`${where}: ${parsed.error.message}`);
        for (const st of parsed.statements) {
          if (st.k !== 'decl') throw new RuleLoadError(`${where}: expected a declaration of pattern variables or a rule`);
          scope.declare(st);
        }
        return;
      }
      const m = RULE_LINE.exec(line);
      if (!m || !m[1]) throw new RuleLoadError(`${where}: a rule needs an id, as in "my-rule: lhs -> rhs"`);
      const [, id, lhsText, rhsText, guardText, citation] = m as unknown as [string, string, string, string, string | undefined, string | undefined];
      if (!ID.test(id)) throw new RuleLoadError(`${where}: rule id "${id}" must be kebab-case`);
      if (ids.has(id)) throw new RuleLoadError(`${where}: duplicate rule id ${id}`);
      ids.add(id);
      const checker = new ExpressionChecker(scope, line);
      const lhsAst = parseSide(lhsText, where);
      const isDifferential = lhsAst.k === 'call' && lhsAst.name === 'd' && lhsAst.args.length === 1;
      const lhs = checker.check(isDifferential ? (lhsAst as Extract<Ast, { k: 'call' }>).args[0]! : lhsAst);
      const rhs = checker.check(parseSide(rhsText, where));
      const vars = new Set(scope.symbols());
      const bound = freeVars(lhs, vars);
      for (const v of freeVars(rhs, vars)) if (!bound.has(v)) throw new RuleLoadError(`${where}: ${id}: the right side uses ${v.name}, which the left side does not bind`);
      if (lhs.shape.rows !== rhs.shape.rows || lhs.shape.cols !== rhs.shape.cols)
        throw new RuleLoadError(`${where}: ${id}: the sides differ in shape (${shapeText(lhs.shape)} and ${shapeText(rhs.shape)})`);
      rules.push({
        id, kind: isDifferential ? 'differential' : 'identity', lhs, rhs,
        guards: guardText ? parseGuards(guardText, scope, where) : [],
        ...(citation ? { citation } : {}), vars, file, line: lineNo, source: { lhs: lhsText, rhs: rhsText },
      });
    } catch (err) {
      if (err instanceof MathError) throw new RuleLoadError(`${where}: ${err.message}`);
      throw err;
    }
  });
  return rules;
}

function parseSide(text: string, where: string): Ast {
  const r = parseExpression(text);
  if ('error' in r) throw new RuleLoadError(`${where}: ${r.error.message} in "${text}"`);
  return r.ast;
}

function parseGuards(text: string, scope: Scope, where: string): Guard[] {
  return text.split(/\s+and\s+/).map((g) => {
    const m = /^(\w+)\((\w+)\)$/.exec(g.trim());
    const property = m && PROPERTY_NAMES.find(([n]) => n === m[1])?.[1];
    const variable = m && scope.lookup(m[2]!);
    if (!m || property === undefined || !variable || variable.kind !== 'sym') throw new RuleLoadError(`${where}: cannot read the guard "${g}"; write e.g. symmetric(S)`);
    return { property: property!, variable };
  });
}

function freeVars(e: Expr, vars: ReadonlySet<Sym>): Set<Sym> {
  const out = new Set<Sym>();
  const seen = new Set<Expr>();
  const visit = (x: Expr): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.kind === 'sym' && vars.has(x)) out.add(x);
    if (x.kind === 'diff' && vars.has(x.of)) out.add(x.of);
    x.args.forEach(visit);
  };
  visit(e);
  return out;
}
