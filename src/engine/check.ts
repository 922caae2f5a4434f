// The numeric check of a derivative result (`mcalc --check`, and the API): the result against
// central finite differences of f at random points that honour the declared properties.

import { verifyAt, type CheckResult } from '../numeric/check.js';
import type { ValueResult } from './session.js';

export function checkResult(r: ValueResult, points = 3, seed = 1): CheckResult {
  const d = r.derivation;
  if (!d) throw new Error('only derivative results can be checked');
  return verifyAt(d.kind, d.f, d.variable, d.result, { points, seed });
}
