// Runs test/print/numeric_check.py on printed expressions. python3 with numpy is required: a
// missing interpreter or module fails the calling test with a message that says so.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POSDEF, SYMMETRIC, type Expr, type Sym } from '../../src/expr/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = resolve(here, 'numeric_check.py');
/** The acceptance corpus's independent parser of LANGUAGE.md (a copy of ../shared/corpus/mcalc_lang.py). */
export const CORPUS = resolve(here, '../acceptance');

interface NodeJson {
  k: string;
  a: number[];
  shape: (string | number)[];
  [extra: string]: unknown;
}

/** The node table of e: every distinct node once, keyed by id. */
export function nodeTable(e: Expr): { nodes: Record<number, NodeJson>; root: number } {
  const nodes: Record<number, NodeJson> = {};
  const visit = (n: Expr): void => {
    if (nodes[n.id]) return;
    const j: NodeJson = { k: n.kind, a: n.args.map((c) => c.id), shape: [n.shape.rows, n.shape.cols] };
    nodes[n.id] = j;
    switch (n.kind) {
      case 'num': j.v = [Number(n.value.n), Number(n.value.d)]; break;
      case 'sym': j.name = n.name; break;
      case 'def': j.body = n.body.id; visit(n.body); break;
      case 'diff': j.of = n.of.name; break;
      case 'mul': j.coef = [Number(n.coef.n), Number(n.coef.d)]; break;
      case 'mpow': j.kk = n.k; break;
      case 'fn': j.fn = n.name; break;
      default: break;
    }
    n.args.forEach(visit);
  };
  visit(e);
  return { nodes, root: e.id };
}

export interface NumericCase {
  id: string;
  expr: Expr;
  /** the most leaves the plain text may have (default: the node's size) */
  leaves?: number;
  numpy: string;
  plain?: string;
  fn?: { name: string; params: string[]; code: string };
  /** an independent numpy formula for the value, checked against the reference evaluator */
  formula?: string;
  /** values of names beyond the standard ones (scalars or 1-D lists) */
  values?: Record<string, number | number[]>;
}

export interface NumericJob {
  /** every symbol the expressions use; values are drawn for them and for their directions dX */
  symbols: readonly Sym[];
  /** the mcalc program declaring every name a plain text uses (checked with mcalc_lang.py) */
  program?: string;
  seed?: number;
  cases: NumericCase[];
}

/** The errors per case id (empty lists when all agree). */
export function numericCheck(job: NumericJob): Map<string, string[]> {
  if (job.program !== undefined && !existsSync(resolve(CORPUS, 'mcalc_lang.py'))) {
    throw new Error(`the corpus parser ${resolve(CORPUS, 'mcalc_lang.py')} is missing: plain output cannot be checked`);
  }
  const input = JSON.stringify({
    corpus: job.program === undefined ? null : CORPUS,
    program: job.program ?? '',
    seed: job.seed ?? 0,
    decls: job.symbols.map((x) => ({
      name: x.name, shape: [x.shape.rows, x.shape.cols], posdef: (x.props & POSDEF) !== 0, symmetric: (x.props & SYMMETRIC) !== 0,
    })),
    cases: job.cases.map((c) => ({
      id: c.id, ...nodeTable(c.expr), size: c.leaves ?? c.expr.size, numpy: c.numpy, plain: c.plain ?? null, function: c.fn ?? null,
      formula: c.formula ?? null, values: c.values ?? null,
    })),
  });
  const run = spawnSync('python3', [SCRIPT], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.error) throw new Error(`python3 is required for the numpy checks and could not be run: ${run.error.message}`);
  if (run.status !== 0) {
    const missing = /No module named '?numpy/.test(run.stderr) ? 'numpy is not installed for python3. ' : '';
    throw new Error(`${missing}numeric_check.py failed (status ${run.status}):\n${run.stderr}`);
  }
  const out = JSON.parse(run.stdout) as { id: string; errors: string[] }[];
  return new Map(out.map((r) => [r.id, r.errors]));
}
