// Build step: precompiles rules/*.rules to dist/rules-compiled/*.json (see src/rules/registry.ts).

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../rules/load.js';
import { compileRules, ruleSource } from '../rules/registry.js';

const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));
const outDir = fileURLToPath(new URL('../rules-compiled/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.rules'))) {
  const name = file.replace(/\.rules$/, '');
  const source = ruleSource(name);
  const compiled = compileRules(loadRules(source, `rules/${file}`), source);
  writeFileSync(`${outDir}${name}.json`, JSON.stringify(compiled));
}
