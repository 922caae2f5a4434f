// Generates docs/identities.md from rules/*.rules: every identity with its id, both sides in
// LaTeX and Unicode, and its citation. Run by the build, so the table can never drift; a test
// checks that the committed file is what this produces.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ruleSet } from '../rules/registry.js';
import type { Rule } from '../rules/load.js';
import { print } from '../print/index.js';
import { PROPERTY_NAMES, type Expr } from '../expr/index.js';

const SETS: ReadonlyArray<readonly [string, string]> = [
  ['differentials', 'Differentials (rules/differentials.rules)'],
  ['algebra', 'Algebra of the simplifier (rules/algebra.rules)'],
];

function side(rule: Rule, e: Expr, format: 'latex' | 'unicode', isLeft: boolean): string {
  if (!isLeft || rule.kind !== 'differential') return print(e, format);
  return format === 'latex' ? `\\mathrm{d}\\left(${print(e, 'latex')}\\right)` : `d(${print(e, 'unicode')})`;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function identitiesMarkdown(): string {
  const out = [
    '# Identities',
    '',
    'Generated from `rules/*.rules` by `src/tools/identities.ts` during the build; do not edit by hand.',
    'Every identity here is checked numerically by `test/rules/rules.test.ts`. Citations are to the',
    'Matrix Cookbook (Petersen & Pedersen), version of 15 November 2012, by equation number.',
    '',
  ];
  for (const [name, title] of SETS) {
    const rules = ruleSet(name);
    out.push(`## ${title}`, '', `${rules.length} rules.`, '', '| id | identity (LaTeX) | identity (Unicode) | when | citation |', '| --- | --- | --- | --- | --- |');
    for (const r of rules) {
      const latex = `$${side(r, r.lhs, 'latex', true)} = ${side(r, r.rhs, 'latex', false)}$`;
      const unicode = `${side(r, r.lhs, 'unicode', true)} = ${side(r, r.rhs, 'unicode', false)}`;
      const guard = r.guards.map((g) => `${propertyName(g.property)}(${g.variable.name})`).join(', ');
      out.push(`| \`${r.id}\` | ${cell(latex)} | ${cell(unicode)} | ${guard} | ${cell(r.citation ?? '')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function propertyName(flag: number): string {
  return PROPERTY_NAMES.find(([, f]) => f === flag)?.[0] ?? String(flag);
}


if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(new URL('../../docs/identities.md', import.meta.url), identitiesMarkdown() + '\n');
}
