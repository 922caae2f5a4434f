// The rule sets of rules/*.rules, loaded once and indexed by the kind of node they rewrite.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Expr } from '../expr/index.js';
import { loadRules, type Rule } from './load.js';

const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

const cache = new Map<string, Rule[]>();

/** The rules of rules/<name>.rules. */
export function ruleSet(name: string): Rule[] {
  let rules = cache.get(name);
  if (!rules) {
    const file = `rules/${name}.rules`;
    rules = loadRules(readFileSync(RULES_DIR + `${name}.rules`, 'utf8'), file);
    cache.set(name, rules);
  }
  return rules;
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
