// The public acceptance corpus (a copy of ../shared/corpus/public.jsonl), run through the
// library: every answer is right numerically (central differences at random points honouring
// the declared properties), prints in plain text that parses back to the same value, and is
// "textbook": no more leaves than the verified reference answer.

import { describe, expect, test } from 'vitest';
import { print } from '../../src/print/index.js';
import { leafCount } from '../support/size.js';
import { loadCases, expectCorrect, runCase as run, type Case } from './cases.js';

const cases = loadCases('public.jsonl');

describe('public acceptance corpus', () => {
  for (const c of cases) {
    test(`${c.id}: correct and textbook`, () => {
      const plain = expectCorrect(c);
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
