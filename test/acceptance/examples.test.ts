// Every program in examples/ through the real command line: its output is the textbook answer
// written beside it in <name>.expected, and `--check` verifies each answer numerically.

import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const BIN = new URL('../../bin/mcalc.js', import.meta.url).pathname;
const DIR = new URL('../../examples/', import.meta.url).pathname;
const programs = readdirSync(DIR).filter((f) => f.endsWith('.mc'));

const mcalc = (...args: string[]): { status: number | null; stdout: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout };
};

describe('examples', () => {
  test('there are the seed problems and the classic ones', () => {
    expect(programs.length).toBeGreaterThanOrEqual(7);
  });
  for (const file of programs) {
    test(file, () => {
      const expected = readFileSync(DIR + file.replace(/\.mc$/, '.expected'), 'utf8');
      const plain = mcalc(DIR + file);
      expect(plain.status).toBe(0);
      expect(plain.stdout).toBe(expected);
      const checked = mcalc('--check', DIR + file);
      expect(checked.status).toBe(0);
      const verdicts = checked.stdout.split('\n').filter((l) => l.startsWith('# check:'));
      expect(verdicts).toHaveLength(expected.trim().split('\n').length);
      for (const v of verdicts) expect(v).toMatch(/: ok$/);
    });
  }
});
