// The size of a node, which the simplifier minimises, is the number of leaves of its plain form
// (the corpus's measure): a reciprocal written `/s` or `/sqrt(s)` has no exponent leaf, a
// coefficient 1/2 is the one leaf of `/2`.

import { describe, expect, test } from 'vitest';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { print } from '../../src/print/index.js';
import { leafCount } from '../support/size.js';

const DECLS = 'x : vector(n)\nA : matrix(n, n)\ns, t : scalar';
const EXPRESSIONS = ['x/s', 'x/sqrt(s)', 'A/s/t', '1/s', 's^-0.5', 'x/2', '2*x/3', 'x/3', 'x/s^2', 's^(1/3)*x', '(A - A\')/2/s', 'x/(s^(1/3))'];

describe('node size is the leaves of the plain form', () => {
  for (const text of EXPRESSIONS) {
    test(text, () => {
      const results = new Session().run(`${DECLS}\n${text}`);
      const r = results[results.length - 1] as ValueResult;
      expect(r.kind).toBe('value');
      expect(r.result.size).toBe(leafCount(print(r.result, 'plain')));
    });
  }
});
