// The fuzzer: generated programs (test/fuzz/programs.ts) run through Session as the command line
// runs them. Every answer must be numerically right (a derivative against central differences;
// a simplified expression against the expression itself, at random points honouring the
// declared properties), must print in every format (or be refused as too large), and every
// refusal must be a clean diagnostic, never a thrown exception or an internal error.
//
// CI runs a fixed seed; long runs: npm run fuzz -- --runs 20000 --seed 7 (test/fuzz/run.mjs),
// which sets FUZZ_RUNS and FUZZ_SEED and prints the summary.

import { expect, test } from 'vitest';
import fc from 'fast-check';
import { Session, type StatementResult, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { ExpressionChecker } from '../../src/check/expression.js';
import { parseProgram } from '../../src/parse/parse.js';
import { print, numpyFunction, type Format } from '../../src/print/index.js';
import { PrintedTooLarge } from '../../src/print/size.js';
import { leavesOf } from '../../src/expr/leaves.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint } from '../../src/numeric/point.js';
import { relativeError } from '../../src/numeric/check.js';
import { mulberry32 } from '../../src/numeric/random.js';
import type { Expr } from '../../src/expr/index.js';
import { programs, type Program } from './programs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const FORMATS: readonly Format[] = ['plain', 'unicode', 'latex', 'numpy'];

interface Tally {
  checked: number;
  /** answers whose check could not be made at the points drawn (a value not finite, ...) */
  uncheckable: number;
  refused: Map<string, number>;
  byFamily: Map<string, number>;
}

const tally: Tally = { checked: 0, uncheckable: 0, refused: new Map(), byFamily: new Map() };
const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

/** The simplified value against the value of the expression as written, at 2 random points. */
function simplifiedAgrees(session: Session, p: Program, r: ValueResult): { ok: boolean; error: number } {
  const last = parseProgram(p.text).statements.at(-1)!;
  if (last.k !== 'expr') throw new Error('the last statement is not an expression');
  const ast = last.expr.k === 'call' && last.expr.name === 'simplify' ? last.expr.args[0]! : last.expr;
  const e: Expr = new ExpressionChecker(session.scope, p.text).check(ast);
  const rng = mulberry32(SEED);
  let worst = 0;
  for (let i = 0; i < 2; i++) {
    const point = randomPoint(leavesOf([e, r.result]).symbols, rng);
    const truth = evaluate(e, point);
    worst = Math.max(worst, relativeError(evaluate(r.result, point), truth, 1e-6));
  }
  return { ok: worst < 1e-7, error: worst };
}

function runOne(p: Program): void {
  const session = new Session();
  let results: StatementResult[] = [];
  expect(() => (results = session.run(p.text)), p.text).not.toThrow();
  const mutated = p.family === 'typing mistakes';
  for (const e of results) if (e.kind === 'error') expect(e.diagnostic.message, p.text).not.toMatch(/internal error|bug in mcalc/);
  // a mistake may leave a program whose last statement is no query, or a query of another kind
  const r = mutated ? results.find((x) => x.kind === 'error') ?? results.at(-1) : results.at(-1);
  if (mutated && (!r || r.kind === 'none' || (r.kind === 'value' && !r.derivation))) return void tally.uncheckable++;
  if (!r || r.kind === 'none') throw new Error(`no result for\n${p.text}`);
  if (r.kind === 'error') {
    const m = r.diagnostic.message;
    // an error in the program's text points into it
    if (mutated) expect(r.diagnostic.line, `${m}\n${p.text}`).toBeGreaterThan(0);
    bump(tally.refused, m.replace(/\d+/g, 'N').slice(0, 90));
    return;
  }
  bump(tally.byFamily, `${p.family}: ${mutated ? 'answered' : p.kind}`);
  for (const format of FORMATS) {
    try {
      expect(print(r.result, format).length, `${format} of\n${p.text}`).toBeGreaterThan(0);
    } catch (err) {
      if (!(err instanceof PrintedTooLarge)) throw err;
    }
  }
  expect(numpyFunction('f', leavesOf([r.result]).symbols.map((s) => s.name), r.result)).toContain('return ');
  if (p.kind === 'simplify' && !mutated) {
    const { ok, error } = simplifiedAgrees(session, p, r);
    expect(ok, `simplify changed the value (relative error ${error}):\n${p.text}\n=> ${print(r.result, 'plain')}`).toBe(true);
    tally.checked++;
    return;
  }
  const check = checkResult(r, 2, SEED);
  if (check.problem) {
    tally.uncheckable++;
    return;
  }
  expect(check.ok, `wrong answer (relative error ${check.relativeError}):\n${p.text}\n=> ${print(r.result, 'plain')}`).toBe(true);
  tally.checked++;
}

// Each program ends its own job (the await): the interning tables hold nodes by WeakRef, and V8
// keeps every WeakRef's target alive to the end of the job, so one synchronous loop over 20 000
// programs kept all their nodes and ran out of heap.
const nextJob = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test(`fuzz: ${RUNS} programs at seed ${SEED}`, { timeout: Math.max(60_000, RUNS * 2_000) }, async () => {
  await fc.assert(fc.asyncProperty(programs, async (p) => { runOne(p); await nextJob(); }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  const lines = [
    `fuzz: ${RUNS} programs, seed ${SEED}: ${tally.checked} answers checked numerically, ${tally.uncheckable} not checkable at the points drawn, ${[...tally.refused.values()].reduce((a, b) => a + b, 0)} refused cleanly`,
    ...[...tally.byFamily].sort().map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`),
    ...(tally.refused.size ? ['refusals:', ...[...tally.refused].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`)] : []),
  ];
  console.log(lines.join('\n'));
  // the generator must reach every family and query kind, or the fuzzer tests less than it says
  if (RUNS >= 100) expect(tally.byFamily.size).toBeGreaterThan(20);
});
