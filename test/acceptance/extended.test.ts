// The extended acceptance corpus (extended.jsonl: SymPy's matrix-derivative tests, more Matrix
// Cookbook identities, ML objectives, Jacobians, Hessians, definitions kept), judged as the
// public corpus is: every answer right numerically and read back from its printed form, and no
// more leaves than the reference, the most compact textbook answer, except the few listed below.

import { describe, expect, test } from 'vitest';
import { leafCount } from '../support/size.js';
import { loadCases, expectCorrect } from './cases.js';

const cases = loadCases('extended.jsonl');

/** Cases whose answer is right but larger than the reference, each with the reason. */
const LARGER_THAN_REFERENCE: Readonly<Record<string, string>> = {};

describe('extended acceptance corpus', () => {
  for (const c of cases) {
    const larger = LARGER_THAN_REFERENCE[c.id];
    test(`${c.id}: correct${larger ? '' : ' and textbook'}`, () => {
      const plain = expectCorrect(c);
      const [size, reference] = [leafCount(plain), leafCount(c.reference)];
      // a listed case that has become textbook is taken off the list
      if (larger) expect(size, `${c.id} is now textbook (${plain}): remove it from the list`).toBeGreaterThan(reference);
      else expect(size, `${plain} vs ${c.reference}`).toBeLessThanOrEqual(reference);
    });
  }
});
