// Every generated function of every format (numpy, torch, jax) run in Python on the examples and
// the acceptance corpora: equal to the unplanned NumPy printer's value, and each `_and_value`
// gradient equal to central differences of the value it returns (check_functions.py). A library
// that cannot be imported is skipped with a note printed here, never silently.

import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session.js';
import { ORTHOGONAL, POSDEF, SYMMETRIC } from '../../src/expr/index.js';
import { numpyExpression } from '../../src/print/index.js';
import { PythonModule, LIBRARIES, type Library } from '../../src/codegen/index.js';
import { pythonCode } from '../../src/cli/output.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const SCRIPT = resolve(here, 'check_functions.py');

interface Case {
  id: string;
  decls: { name: string; shape: (string | number)[]; posdef: boolean; symmetric: boolean; orthogonal: boolean }[];
  modules: Record<string, string>;
  queries: { oracle: string; variable?: string; andValue: boolean }[];
}

/** The examples and the corpora's programs (program, f := ..., query). */
function programs(): { id: string; source: string }[] {
  const out = readdirSync(resolve(ROOT, 'examples'))
    .filter((f) => f.endsWith('.mc'))
    .map((f) => ({ id: f, source: readFileSync(resolve(ROOT, 'examples', f), 'utf8') }));
  for (const file of ['public.jsonl', 'extended.jsonl', 'fresh.jsonl']) {
    for (const line of readFileSync(resolve(ROOT, 'test/acceptance', file), 'utf8').split('\n').filter(Boolean)) {
      const c = JSON.parse(line) as { id: string; program: string; f: string; query: string };
      out.push({ id: `${file}:${c.id}`, source: `${c.program}\nf := ${c.f}\n${c.query}` });
    }
  }
  return out;
}

function caseOf(id: string, source: string): Case {
  const session = new Session();
  const modules = Object.fromEntries(LIBRARIES.map((l) => [l, new PythonModule(l)])) as Record<Library, PythonModule>;
  const texts: Record<string, string[]> = { numpy: [], torch: [], jax: [] };
  const queries: Case['queries'] = [];
  for (const r of session.run(source)) {
    if (r.kind === 'error') throw new Error(`${id}: ${r.diagnostic.message}`);
    if (r.kind !== 'value' || r.graph) continue;
    for (const l of LIBRARIES) texts[l]!.push(pythonCode(r, modules[l], session.scope.symbols()));
    const andValue = r.derivation?.kind === 'grad';
    queries.push({ oracle: numpyExpression(r.result), andValue, ...(andValue ? { variable: r.derivation!.variable.name } : {}) });
  }
  const decls = session.scope.symbols().map((s) => ({
    name: s.name,
    shape: [s.shape.rows, s.shape.cols],
    posdef: (s.props & POSDEF) !== 0,
    symmetric: (s.props & SYMMETRIC) !== 0,
    orthogonal: (s.props & ORTHOGONAL) !== 0,
  }));
  return { id, decls, modules: Object.fromEntries(LIBRARIES.map((l) => [l, texts[l]!.join('\n')])), queries };
}

interface Report {
  skipped: Record<string, string>;
  results: { id: string; lib: string; errors: string[] }[];
}

function run(python: string, libs: readonly string[], cases: readonly Case[]): Report | string {
  const p = spawnSync(python, [SCRIPT], { input: JSON.stringify({ libs, cases }), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (p.error || p.status !== 0) return `${python} failed: ${p.error?.message ?? p.stderr}`;
  return JSON.parse(p.stdout) as Report;
}

describe('generated functions in Python', () => {
  const cases = programs().map((p) => caseOf(p.id, p.source));

  test('numpy and jax (python3): every function equals the printer and its gradient the finite differences', () => {
    const report = run('python3', ['numpy', 'jax'], cases);
    if (typeof report === 'string') throw new Error(report);
    for (const [lib, why] of Object.entries(report.skipped)) console.log(`NOTE: ${lib} functions not checked: ${why}`);
    expect(report.skipped.numpy).toBeUndefined();
    const failed = report.results.filter((r) => r.errors.length);
    expect(failed).toEqual([]);
    expect(report.results.filter((r) => r.lib === 'numpy')).toHaveLength(cases.length);
  }, 600_000);

  test('torch (Debian python3-torch in /usr/bin/python3): the same checks', () => {
    const report = run('/usr/bin/python3', ['torch'], cases);
    if (typeof report === 'string' || report.skipped.torch) {
      console.log(`NOTE: torch functions not checked: ${typeof report === 'string' ? report : report.skipped.torch}`);
      return;
    }
    expect(report.results.filter((r) => r.errors.length)).toEqual([]);
    expect(report.results).toHaveLength(cases.length);
  }, 600_000);
});
