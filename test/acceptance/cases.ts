// Acceptance corpus cases (the format of ../shared/corpus/public.jsonl) run through the library,
// as the checker runs them: the program, then the query with f written out in parentheses.

import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { checkResult } from '../../src/engine/check.js';
import { print } from '../../src/print/index.js';

export interface Case { id: string; program: string; query: string; reference: string; f: string; kind: string }

export function loadCases(file: string): Case[] {
  return readFileSync(new URL(file, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Case);
}

/** The corpus runs `program` plus the query with f written out in parentheses. */
export function queryLine(c: Case): string {
  return c.query.replace(/^(\w+)\(f,/, `$1((${c.f}),`);
}

export function runCase(c: Case): ValueResult {
  const results = new Session().run(`${c.program}\n${queryLine(c)}`);
  const last = results[results.length - 1];
  if (!last || last.kind !== 'value') throw new Error(`${c.id}: ${JSON.stringify(last)}`);
  return last;
}

/**
 * Runs a case and asserts it is right: the derivative against central differences at random
 * points honouring the declared properties, and the printed answer, read back in the program's
 * context, is the same answer. Returns the printed answer.
 */
export function expectCorrect(c: Case): string {
  const r = runCase(c);
  expect(r.query).toBe(c.kind);
  const check = checkResult(r, 3, 11);
  expect(check.ok, `relative error ${check.relativeError}`).toBe(true);
  const plain = print(r.result, 'plain');
  if (!plain.includes('d(')) {
    const back = new Session().run(`${c.program}\n${plain}`);
    const value = back[back.length - 1];
    expect(value?.kind).toBe('value');
    if (value?.kind === 'value') expect(checkResult({ ...r, result: value.result } as ValueResult, 2, 5).ok).toBe(true);
  }
  return plain;
}
