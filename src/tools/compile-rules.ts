// Build step, run before tsc: parses rules/*.rules and writes src/rules/rules.generated.ts, the
// precompiled rule tables through which the rules reach the engine (see src/rules/registry.ts).
// It runs from an esbuild bundle of this file (package.json's build script), since the
// TypeScript of the parser is not compiled yet; it must not import the registry, which imports
// the module this writes.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashString } from '../expr/node.js';
import { ExprWriter } from '../expr/serialize.js';
import { loadRules, type Rule } from '../rules/load.js';
import type { CompiledRuleSet } from '../rules/registry.js';

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

const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));
const outFile = fileURLToPath(new URL('../../src/rules/rules.generated.ts', import.meta.url));
const sets: Record<string, string> = {};
for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.rules')).sort()) {
  const source = readFileSync(`${rulesDir}${file}`, 'utf8');
  sets[file.replace(/\.rules$/, '')] = JSON.stringify(compileRules(loadRules(source, `rules/${file}`), source));
}
writeFileSync(
  outFile,
  [
    '// Generated from rules/*.rules by src/tools/compile-rules.ts during the build: never edit or commit.',
    '// One precompiled table per rule file, as JSON text (src/rules/registry.ts parses it on first use).',
    '',
    `export const COMPILED_RULES: Readonly<Record<string, string>> = ${JSON.stringify(sets, null, 2)};`,
    '',
  ].join('\n'),
);
