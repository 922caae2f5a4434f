// The public acceptance corpus (a copy of ../shared/corpus/public.jsonl), run through the
// library: every answer is right numerically (central differences at random points honouring
// the declared properties), prints in plain text that parses back to the same value, and is
// "textbook": no more leaves than the verified reference answer.

import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { print } from '../../src/print/index.js';
import { leafCount } from '../support/size.js';

interface Case { id: string; program: string; query: string; reference: string; f: string; kind: string }

const cases: Case[] = readFileSync(new URL('public.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** The corpus runs `program` plus the query with f written out in parentheses. */
export function queryLine(c: Case): string {
  return c.query.replace(/^(\w+)\(f,/, `$1((${c.f}),`);
}

function run(c: Case): ValueResult {
  const results = new Session().run(`${c.program}\n${queryLine(c)}`);
  const last = results[results.length - 1];
  if (!last || last.kind !== 'value') throw new Error(`${c.id}: ${JSON.stringify(last)}`);
  return last;
}

describe('public acceptance corpus', () => {
  for (const c of cases) {
    test(`${c.id}: correct and textbook`, () => {
      const r = run(c);
      expect(r.query).toBe(c.kind);
      const check = checkResult(r, 3, 11);
      expect(check.ok, `relative error ${check.relativeError}`).toBe(true);
      const plain = print(r.result, 'plain');
      // the printed answer, read back in the program's context, is the same answer
      const back = new Session().run(`${c.program}\n${plain.includes('d(') ? '' : plain}`);
      if (!plain.includes('d(')) {
        const value = back[back.length - 1];
        expect(value?.kind).toBe('value');
        if (value?.kind === 'value') expect(checkResult({ ...r, result: value.result } as ValueResult, 2, 5).ok).toBe(true);
      }
      expect(leafCount(plain), `${plain} vs ${c.reference}`).toBeLessThanOrEqual(leafCount(c.reference));
    });
  }
});

describe('seed answers are written exactly as a person writes them', () => {
  const byId = (id: string): Case => cases.find((c) => c.id === id)!;
  test('Q1', () => {
    expect(print(run(byId('seed-q1')).result, 'plain')).toBe("W*r*x' + W*x*r'");
  });
  test('Q2', () => {
    const r = run(byId('seed-q2')).result;
    expect(print(r, 'plain')).toBe("alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x");
    expect(print(r, 'unicode')).toBe('αK⁻¹yyᵀK⁻¹x − αDK⁻¹x');
    expect(print(r, 'latex')).toBe('\\alpha K^{-1} y y^\\top K^{-1} x - \\alpha D K^{-1} x');
  });
});
