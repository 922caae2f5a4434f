// The rule sets of rules/*.rules, loaded once and indexed by the kind of node they rewrite.
// The rules reach the engine as a module made by the build: src/tools/compile-rules.ts parses
// every rule file before tsc runs and writes src/rules/rules.generated.ts (never committed), one
// precompiled table per file with a hash of the file it came from. The library reads no file,
// so the engine runs in a browser as it does in Node.
//
// Stale tables are never used: a shell that can read the rule files (the command line and the
// REPL, src/cli/node-host.ts) says how, and a file whose text no longer hashes to its table's is
// parsed instead. In a browser the build's tables are the only rules there are.

import { hashString, type Expr, type Sym } from '../expr/node.js';
import { readTable, type NodeRecord } from '../expr/serialize.js';
import { loadRules, type Rule } from './load.js';
import { COMPILED_RULES } from './rules.generated.js';

const cache = new Map<string, Rule[]>();

interface CompiledRule extends Omit<Rule, 'lhs' | 'rhs' | 'vars' | 'guards'> {
  lhs: number;
  rhs: number;
  vars: number[];
  guards: Array<{ property: number; variable: number }>;
}
export interface CompiledRuleSet {
  /** hashString of the rule file's text */
  sourceHash: number;
  table: NodeRecord[];
  rules: CompiledRule[];
}

/** The names of the rule files the build compiled (rules/<name>.rules). */
export function ruleSetNames(): string[] {
  return Object.keys(COMPILED_RULES);
}

/** The hash of rules/<name>.rules as the build read it. */
export function compiledSourceHash(name: string): number {
  return compiledSet(name).sourceHash;
}

/** The current text of rules/<name>.rules, where a shell can read it (undefined: it cannot). */
export type RuleSourceReader = (name: string) => string | undefined;
let readSource: RuleSourceReader | undefined;

/** Lets the registry check each table against its rule file's current text; no argument: none. */
export function useRuleSources(read?: RuleSourceReader): void {
  readSource = read;
  cache.clear();
}

/** The rules of rules/<name>.rules. */
export function ruleSet(name: string): Rule[] {
  let rules = cache.get(name);
  if (!rules) {
    const compiled = compiledSet(name);
    const source = readSource?.(name);
    rules = source !== undefined && hashString(source) !== compiled.sourceHash ? loadRules(source, `rules/${name}.rules`) : decode(compiled);
    cache.set(name, rules);
  }
  return rules;
}

function decode(compiled: CompiledRuleSet): Rule[] {
  const nodes = readTable(compiled.table);
  return compiled.rules.map((r) => ({
    ...r,
    lhs: nodes[r.lhs]!,
    rhs: nodes[r.rhs]!,
    vars: new Set(r.vars.map((i) => nodes[i] as Sym)),
    guards: r.guards.map((g) => ({ property: g.property, variable: nodes[g.variable] as Sym })),
  }));
}

/** The tables are kept as JSON text and parsed on first use: a one-shot run that needs only
 * one set (or none, for a parse error) pays for no other. */
function compiledSet(name: string): CompiledRuleSet {
  const json = COMPILED_RULES[name];
  if (json === undefined) throw new Error(`no rule file rules/${name}.rules was compiled by the build`);
  return JSON.parse(json) as CompiledRuleSet;
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
