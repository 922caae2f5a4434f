// The library runs in a browser: bundling src/index.ts for the browser finds no Node builtin,
// and the rules it uses are the build's precompiled tables of rules/*.rules, current and equal
// to what parsing the files gives.

import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { compiledSourceHash, ruleSet, ruleSetNames, useRuleSources } from '../../src/rules/registry.js';
import { loadRules } from '../../src/rules/load.js';
import { hashString } from '../../src/expr/node.js';
import { Session } from '../../src/engine/session.js';
import { setClock } from '../../src/engine/clock.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NODE_BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);

/** Bundles an entry for the browser and returns every Node builtin it imports, with the importer. */
async function nodeImports(entry: string): Promise<string[]> {
  const found: string[] = [];
  const record: Plugin = {
    name: 'record-node-builtins',
    setup(b) {
      b.onResolve({ filter: NODE_BUILTIN }, (args) => {
        found.push(`${args.path} imported by ${args.importer.replace(root, '')}`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', plugins: [record] });
  expect(result.errors).toEqual([]);
  return found;
}

describe('the library in a browser', () => {
  test('src/index.ts bundles for the browser without any Node builtin', async () => {
    expect(await nodeImports(`${root}src/index.ts`)).toEqual([]);
  }, 60_000);

  test('the check finds a Node builtin where there is one (the command line)', async () => {
    const found = await nodeImports(`${root}src/cli/main.ts`);
    expect(found.some((f) => f.startsWith('node:fs imported by src/cli/main.ts'))).toBe(true);
  }, 60_000);

  test('statements are timed by the clock the shell provides', () => {
    let t = 1000;
    setClock(() => (t += 7));
    try {
      const [r] = new Session().run("x : vector(n)\ngrad(x'*x, x)");
      expect(r?.kind === 'value' && r.ms).toBe(7);
    } finally {
      setClock();
    }
  });
});

describe('the precompiled rules', () => {
  const files = readdirSync(`${root}rules`).filter((f) => f.endsWith('.rules')).map((f) => f.replace(/\.rules$/, '')).sort();

  test('every rule file was compiled, from its current text (else: npm run build)', () => {
    expect(ruleSetNames().sort()).toEqual(files);
    for (const name of files) {
      const hash = hashString(readFileSync(`${root}rules/${name}.rules`, 'utf8'));
      expect(compiledSourceHash(name), `rules/${name}.rules changed since the build: run npm run build`).toBe(hash);
    }
  });

  test.each(files)('rules/%s.rules: the tables give the very rules the loader parses', (name) => {
    const parsed = loadRules(readFileSync(`${root}rules/${name}.rules`, 'utf8'), `rules/${name}.rules`);
    const compiled = ruleSet(name);
    expect(compiled.map((r) => r.id)).toEqual(parsed.map((r) => r.id));
    compiled.forEach((r, i) => {
      const p = parsed[i]!;
      // nodes are interned: the same expression is the same object
      expect(r.lhs === p.lhs && r.rhs === p.rhs, r.id).toBe(true);
      expect([...r.vars]).toEqual([...p.vars]);
      expect(r.guards).toEqual(p.guards);
      expect({ ...r, lhs: 0, rhs: 0, vars: 0, guards: 0 }).toEqual({ ...p, lhs: 0, rhs: 0, vars: 0, guards: 0 });
    });
  });

  test('where a shell can read the rule files, an edited file is parsed, never its stale table', () => {
    const source = readFileSync(`${root}rules/algebra.rules`, 'utf8');
    const first = ruleSet('algebra')[0]!;
    const edited = source.split('\n').filter((_, i) => i !== first.line - 1).join('\n');
    try {
      useRuleSources((name) => (name === 'algebra' ? edited : undefined));
      expect(ruleSet('algebra').map((r) => r.id)).toEqual(loadRules(edited, 'rules/algebra.rules').map((r) => r.id));
      expect(ruleSet('algebra').some((r) => r.id === first.id)).toBe(false);
      // the current text: the table is used
      useRuleSources((name) => (name === 'algebra' ? source : undefined));
      expect(ruleSet('algebra')[0]!.id).toBe(first.id);
    } finally {
      useRuleSources();
    }
  });
});
