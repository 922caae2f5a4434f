// The generated RuleId types (src/tools/rule-ids.ts, run by the build before tsc) list exactly
// the ids of rules/*.rules, and an id that no rule has does not compile.

import { describe, expect, test } from 'vitest';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { ruleSet } from '../../src/rules/registry.js';
import { ALGEBRA_RULE_IDS, DIFFERENTIALS_RULE_IDS } from '../../src/rules/rule-ids.generated.js';

describe('generated rule ids', () => {
  test('are the ids of the rule files, in order', () => {
    expect([...ALGEBRA_RULE_IDS]).toEqual(ruleSet('algebra').map((r) => r.id));
    expect([...DIFFERENTIALS_RULE_IDS]).toEqual(ruleSet('differentials').map((r) => r.id));
  });

  test('an unknown id is a type error, a known one is not', () => {
    const file = fileURLToPath(new URL('./rule-ids-check.ts', import.meta.url));
    const source = [
      "import type { AlgebraRuleId } from '../../src/rules/rule-ids.generated.js';",
      "export const known: AlgebraRuleId = 'trace-cyclic';",
      "export const unknown: AlgebraRuleId = 'trace-cyclical';",
    ].join('\n');
    const options: ts.CompilerOptions = { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [] };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (f) => (f === file ? source : read(f));
    const exists = host.fileExists.bind(host);
    host.fileExists = (f) => f === file || exists(f);
    const getSource = host.getSourceFile.bind(host);
    host.getSourceFile = (f, v) => (f === file ? ts.createSourceFile(f, source, v) : getSource(f, v));
    const program = ts.createProgram([file], options, host);
    const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
    expect(errors.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1)).toEqual([3]);
    expect(ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n')).toContain('"trace-cyclical"');
  }, 30_000);
});
