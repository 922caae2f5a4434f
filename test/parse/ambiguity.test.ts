// Exactly one parse for every valid input: nearley returning two results would be a grammar
// bug. Checked on every golden case and program, and on random trees printed in random
// spellings (which must also parse back to the tree they were printed from).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countParses, parseExpression, parseProgram } from '../../src/parse/parse.js';
import { GOLDEN, PROGRAMS, SPELLINGS } from './cases.js';
import { bars, bin, call, neg, norm, num, pow, print, rng, strip, tp, v, type Bare } from './helpers.js';

const leaf = fc.oneof(
  fc.constantFrom('2', '0.5', '1e-3', '10', '3').map(num),
  fc.constantFrom('a', 'b', 'x', 'y', 'A', 'W', 'alpha', 's', 'x_1', 'I').map(v),
);

const { tree } = fc.letrec<{ tree: Bare }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('+', '-', '*', '/', '.*', './', 'kron'), tie('tree'), tie('tree')).map(([op, l, r]) => bin(op, l, r)),
    // the parser folds `- -a` to `a`, so a generated negation never holds another
    tie('tree').filter((t) => t.k !== 'neg').map(neg),
    tie('tree').map(tp),
    fc.tuple(tie('tree'), tie('tree')).map(([b, e]) => pow(b, e)),
    fc.tuple(fc.constantFrom('f', 'inv', 'tr', 'grad'), fc.array(tie('tree'), { minLength: 1, maxLength: 3 })).map(([f, args]) => call(f, ...args)),
    tie('tree').map(bars),
    tie('tree').map(norm),
  ),
}));

describe('exactly one parse', () => {
  const sources = [
    ...GOLDEN.map(([source]) => source),
    ...SPELLINGS.flat(),
    ...PROGRAMS,
  ];

  test(`${sources.length} golden inputs`, () => {
    for (const source of sources) {
      const counts = countParses(source);
      expect(counts.length, source).toBeGreaterThan(0);
      expect(counts.every((c) => c === 1), `${source}: ${counts.join(', ')}`).toBe(true);
    }
  });

  test('random trees in random spellings: one parse, and it is the tree printed', () => {
    fc.assert(
      fc.property(tree, fc.integer(), (t, seed) => {
        const source = print(t, rng(seed));
        expect(countParses(source), source).toEqual([1]);
        const r = parseExpression(source);
        expect('ast' in r ? strip(r.ast) : r.error, source).toEqual(t);
      }),
      { numRuns: 1500 },
    );
  });

  test('random trees as the body of a definition', () => {
    fc.assert(
      fc.property(tree, fc.integer(), (t, seed) => {
        const source = `K := ${print(t, rng(seed))}`;
        expect(countParses(source), source).toEqual([1]);
        expect(parseProgram(source).statements.map(strip), source).toEqual([{ k: 'def', name: { name: 'K' }, body: t }]);
      }),
      { numRuns: 300 },
    );
  });

  test('the checks can fail: an ambiguous reading would be caught', () => {
    // a sanity check of the harness itself: a wrong tree is not accepted as the parse
    const r = parseExpression('a - b - c');
    expect('ast' in r && strip(r.ast)).not.toEqual(bin('-', v('a'), bin('-', v('b'), v('c'))));
    expect(countParses('a 2')).toEqual([0]);
  });
});
