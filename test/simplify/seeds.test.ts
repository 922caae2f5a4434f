// The seed answers as the simplifier writes them (issue 14 item 4 keeps them pinned while the
// presentation's special cases for them remain: see present.ts isDefinedOuterProducts and
// common.ts commonFactors), each checked against central differences.

import { describe, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { expectAnswer } from '../support/answer.js';

const example = (name: string): string => readFileSync(new URL(`../../examples/${name}.mc`, import.meta.url), 'utf8');

describe('seed answers', () => {
  test('Q1: one term per path of W, the defined residual kept', () => expectAnswer(example('seed-q1'), "W*r*x' + W*x*r'"));
  test('Q2: alpha in each term, the outer product in the chain', () =>
    expectAnswer(example('seed-q2'), "alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x"));
});
