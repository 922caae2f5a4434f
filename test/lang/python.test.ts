// Issue 11, item 4: the Python of the new functions evaluates (NumPy, with the reference
// evaluator of test/print/numeric_check.py) to their values, at entries of both signs; the
// written-out softmax and logsumexp are planned in forms that cannot overflow.

import { describe, expect, test } from 'vitest';
import { fn, mul, num, add, neg, ones, type Expr, type FnName } from '../../src/expr/index.js';
import { numpyExpression } from '../../src/print/index.js';
import { planExpression } from '../../src/codegen/index.js';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { arbScope } from '../support/arbitrary.js';
import { numericCheck } from '../print/python.js';

const scope = arbScope();
// entries in [-0.5, 0.5]: x - 1 with x in [0.5, 1.5]; inside (-1, 1) for arcsin and arccos
const centred = add(scope.x, neg(ones('n')));
const NEW: readonly FnName[] = ['tan', 'arcsin', 'arccos', 'arctan', 'relu', 'sign'];

describe('NumPy of the new functions', () => {
  test('numpyExpression and the planned code agree with the reference values', () => {
    const exprs: Expr[] = NEW.flatMap((f) => [fn(f, centred), mul(scope.C, fn(f, mul(num(0.25), centred)))]);
    const cases = exprs.flatMap((e, i) => [
      { id: `expr${i}`, expr: e, numpy: numpyExpression(e) },
      { id: `plan${i}`, expr: e, numpy: planExpression(e) },
    ]);
    const result = numericCheck({ symbols: scope.symbols, seed: 3, cases });
    expect(cases.flatMap((c) => (result.get(c.id)?.length ? [`${c.numpy}: ${result.get(c.id)!.join('; ')}`] : []))).toEqual([]);
  });

  test('softmax and logsumexp are planned in forms that cannot overflow (the largest entry shifted out)', () => {
    const [soft, lse] = new Session().run('v : vector(n)\nsoftmax(1000*v)\nlogsumexp(1000*v)') as ValueResult[];
    const code = [planExpression(soft!.result), planExpression(lse!.result)];
    expect(code).toEqual(['((_t1 := 1000 * v), np.exp(_t1 - np.logaddexp.reduce(_t1, axis=None)))[-1]', 'np.logaddexp.reduce(1000 * v, axis=None)']);
  });
});
