// Every line of an explanation is true: at random points, the two sides of each equation have
// the same value, and a continuation line ("= ...") has the value of the line before it, so the
// value never changes from d(f) to the result. Checked for every public corpus case and every
// example program, with the differentials d(part) and the names (f, G, g, H, J) replaced by
// what they stand for.

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import type { Matrix } from 'ml-matrix';
import * as B from '../../src/expr/index.js';
import type { Expr, Sym } from '../../src/expr/index.js';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { Differentiator } from '../../src/diff/differential.js';
import { explanation, type Explanation, type Side } from '../../src/explain/index.js';
import { evaluator } from '../../src/numeric/evaluate.js';
import { leavesOf, randomPoint } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { print } from '../../src/print/index.js';

interface Case {
  id: string;
  program: string;
  query: string;
  f: string;
}

const corpus: Case[] = readFileSync(new URL('../acceptance/public.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Case);

const programs: [string, string][] = [
  ...corpus.map((c): [string, string] => [c.id, `${c.program}\nexplain(${c.query.replace(/^(\w+)\(f,/, (_, q: string) => `${q}((${c.f}),`)})`]),
  ...readdirSync(new URL('../../examples/', import.meta.url))
    .filter((f) => f.endsWith('.mc'))
    .map((f): [string, string] => [f, readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8').replace(/^(grad|hessian|jacobian|differential)\((.*)\)\s*$/gm, 'explain($1($2))')]),
];

/** e with the stand-ins of the explanation replaced by what they stand for. */
function meaning(ex: Explanation, e: Expr, memo = new Map<Expr, Expr>()): Expr {
  const known = memo.get(e);
  if (known) return known;
  const name = ex.names.get(e);
  const hole = ex.holes.get(e);
  let out: Expr;
  if (name) out = name;
  else if (hole) out = differential(ex, hole);
  else out = e.args.length ? B.withArgs(e, e.args.map((a) => meaning(ex, a, memo))) : e;
  memo.set(e, out);
  return out;
}

// the meaning first: d(vec(f)) (a Jacobian by a matrix) has the stand-in f inside
const differential = (ex: Explanation, e: Expr): Expr => new Differentiator(ex.variable!).d(meaning(ex, e));

/** The relative distance of two values, in Frobenius norms. */
function distance(a: Matrix, b: Matrix): number {
  const diff = a.clone().sub(b).norm();
  return diff / Math.max(a.norm(), b.norm(), 1e-9);
}

function checkEveryLine(ex: Explanation, seed: number): void {
  const lines = ex.sections.flatMap((s) => s.lines);
  const stated = [...lines.flatMap((l) => [l.lhs, l.rhs]).flatMap((s) => ('expr' in s ? [s.expr] : 'd' in s ? [s.d] : [])), ex.result];
  const standIns = new Set<Expr>([...ex.names.keys(), ...ex.holes.keys()]);
  const symbols = leavesOf(stated.map((e) => meaning(ex, e))).symbols.filter((s: Sym) => !standIns.has(s));
  const point = randomPoint(symbols, mulberry32(seed));
  const value = evaluator(point);
  const valueOf = (s: Side): Matrix | undefined => {
    if ('blank' in s) return undefined;
    return value('d' in s ? differential(ex, s.d) : meaning(ex, s.expr));
  };
  let previous: Matrix | undefined;
  lines.forEach((line, i) => {
    const left = valueOf(line.lhs) ?? previous;
    const right = valueOf(line.rhs)!;
    const text = `line ${i}: ${'expr' in line.rhs ? print(line.rhs.expr, 'plain') : ''}`;
    expect(left, text).toBeDefined();
    expect(distance(left!, right), text).toBeLessThan(1e-8);
    previous = right;
  });
  if (previous) expect(distance(previous, value(ex.result)), 'the last line is the result').toBeLessThan(1e-8);
}

describe('every line of an explanation keeps the value', () => {
  for (const [id, program] of programs) {
    it(id, () => {
      const results = new Session().run(program).filter((r): r is ValueResult => r.kind === 'value' && r.explain === true);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) for (const seed of [1, 2]) checkEveryLine(explanation(r), seed);
    });
  }
});
