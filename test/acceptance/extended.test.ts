// Our own acceptance corpora, judged as the public corpus is: every answer right numerically
// and read back from its printed form, and no more leaves than the reference, the most compact
// textbook answer, except the few listed with their reasons.
// - extended.jsonl: SymPy's matrix-derivative tests, more Matrix Cookbook identities, ML
//   objectives, Jacobians, Hessians, definitions kept.
// - fresh.jsonl: written afterwards as an independent test of generality: other variable
//   positions and shapes (rows, integer dimensions), properties, nested definitions,
//   elementwise functions, Kronecker products, Hessians of classic losses, more ML objectives.

import { describe, expect, test } from 'vitest';
import { leafCount } from '../support/size.js';
import { loadCases, expectCorrect } from './cases.js';

/** Per corpus, the cases whose answer is right but larger than the reference, each with the reason. */
const LARGER_THAN_REFERENCE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'extended.jsonl': {},
  'fresh.jsonl': {
    'ml-attention-x-def':
      "W'*(s .* v) - W'*s*s'*v (7 leaves) for W'*(s .* v - s'*v*s) (6): a term with a 1 x 1 factor the others lack is not factored with them, or the seed answer alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x would become alpha*inv(K)*(x'*inv(K)*y*y - D*x)",
    'hess-pseudohuber':
      'the Hessian of sum(sqrt(ones(n) + x .* x)) (15 leaves) needs 1 ./ sqrt(u) - x .* x ./ u.^(3/2) over a common denominator with u - x .* x = ones(n); the normal form has no Hadamard common denominators',
  },
};

for (const [file, larger] of Object.entries(LARGER_THAN_REFERENCE)) {
  describe(`acceptance corpus ${file}`, () => {
    for (const c of loadCases(file)) {
      const reason = larger[c.id];
      test(`${c.id}: correct${reason ? '' : ' and textbook'}`, () => {
        const plain = expectCorrect(c);
        const [size, reference] = [leafCount(plain), leafCount(c.reference)];
        // a listed case that has become textbook is taken off the list
        if (reason) expect(size, `${c.id} is now textbook (${plain}): remove it from the list`).toBeGreaterThan(reference);
        else expect(size, `${plain} vs ${c.reference}`).toBeLessThanOrEqual(reference);
      });
    }
  });
}
