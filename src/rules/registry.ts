// The rule sets of rules/*.rules, loaded once and indexed by the kind of node they rewrite.
// The build precompiles each file to JSON (dist/rules-compiled/, see src/tools/compile-rules.ts)
// so that the command line does not parse rules at start-up; the JSON records a hash of the
// source, and a stale or missing one falls back to parsing the file, so it can never drift.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashString, type Expr, type Sym } from '../expr/node.js';
import { ExprWriter, readTable, type NodeRecord } from '../expr/serialize.js';
import { loadRules, type Rule } from './load.js';

const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
const COMPILED_DIR = fileURLToPath(new URL('../rules-compiled/', import.meta.url));

const cache = new Map<string, Rule[]>();

interface CompiledRule extends Omit<Rule, 'lhs' | 'rhs' | 'vars' | 'guards'> {
  lhs: number;
  rhs: number;
  vars: number[];
  guards: Array<{ property: number; variable: number }>;
}
export interface CompiledRuleSet {
  sourceHash: number;
  table: NodeRecord[];
  rules: CompiledRule[];
}

export function ruleSource(name: string): string {
  return readFileSync(`${RULES_DIR}${name}.rules`, 'utf8');
}

/** The rules of rules/<name>.rules. */
export function ruleSet(name: string): Rule[] {
  let rules = cache.get(name);
  if (!rules) {
    const source = ruleSource(name);
    rules = readCompiled(name, hashString(source)) ?? loadRules(source, `rules/${name}.rules`);
    cache.set(name, rules);
  }
  return rules;
}

function readCompiled(name: string, sourceHash: number): Rule[] | undefined {
  let compiled: CompiledRuleSet;
  try {
    compiled = JSON.parse(readFileSync(`${COMPILED_DIR}${name}.json`, 'utf8')) as CompiledRuleSet;
  } catch {
    return undefined;
  }
  if (compiled.sourceHash !== sourceHash) return undefined;
  const nodes = readTable(compiled.table);
  return compiled.rules.map((r) => ({
    ...r,
    lhs: nodes[r.lhs]!,
    rhs: nodes[r.rhs]!,
    vars: new Set(r.vars.map((i) => nodes[i] as Sym)),
    guards: r.guards.map((g) => ({ property: g.property, variable: nodes[g.variable] as Sym })),
  }));
}

export function compileRules(rules: readonly Rule[], source: string): CompiledRuleSet {
  const w = new ExprWriter();
  return {
    sourceHash: hashString(source),
    rules: rules.map((r) => ({
      ...r,
      lhs: w.add(r.lhs),
      rhs: w.add(r.rhs),
      vars: [...r.vars].map((v) => w.add(v)),
      guards: r.guards.map((g) => ({ property: g.property, variable: w.add(g.variable) })),
    })),
    table: w.table,
  };
}

/** The key a rule's left side is indexed under: its kind, and for functions the name. */
export function headKey(e: Expr): string {
  return e.kind === 'fn' ? `fn:${e.name}` : e.kind;
}

export function indexByHead(rules: readonly Rule[]): Map<string, Rule[]> {
  const index = new Map<string, Rule[]>();
  for (const r of rules) {
    const key = headKey(r.lhs);
    index.set(key, [...(index.get(key) ?? []), r]);
  }
  return index;
}

export function findRule(rules: readonly Rule[], id: string): Rule {
  const r = rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}
