// A query's answer through the whole engine, as the golden tests of presentation check it.

import { expect } from 'vitest';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { print } from '../../src/print/index.js';

/**
 * Runs a program whose last statement is a query: its answer must agree with central
 * differences at 3 random points (from `seed`) and print as `expected` in plain.
 */
export function expectAnswer(program: string, expected: string, seed = 29): void {
  const results = new Session().run(program);
  const r = results[results.length - 1];
  expect(r?.kind, r?.kind === 'error' ? r.diagnostic.message : '').toBe('value');
  const value = r as ValueResult;
  expect(checkResult(value, 3, seed).ok).toBe(true);
  expect(print(value.result, 'plain')).toBe(expected);
}
