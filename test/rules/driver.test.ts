// The one rule driver (src/rules/driver.ts): the local rules of rules/algebra.rules are run by
// matching, each rewrite recorded as a step with its rule's id, and a budget stops any set of
// rules that would loop.

import { describe, expect, test } from 'vitest';
import { ruleSet, indexByHead, findRule } from '../../src/rules/registry.js';
import { RuleDriver } from '../../src/rules/driver.js';
import { STRUCTURAL } from '../../src/simplify/local-rules.js';
import { Normalizer, type SimplifyStep } from '../../src/simplify/index.js';
import * as B from '../../src/expr/build.js';
import { shape, type Expr } from '../../src/expr/index.js';
import type { AlgebraRuleId } from '../../src/rules/rule-ids.generated.js';

const algebra = ruleSet('algebra');
const local = algebra.filter((r) => !STRUCTURAL.has(r.id as AlgebraRuleId));

describe('the local rules of rules/algebra.rules', () => {
  test('are the rules no structural pass claims', () => {
    expect(local.map((r) => r.id)).toEqual([
      'inverse-inverse', 'trace-transpose', 'det-transpose', 'det-inverse', 'logdet-transpose', 'logdet-inverse', 'log-det',
      'diag-ones', 'diag-identity', 'diag-diag', 'diag-transpose', 'kron-trace', 'kron-sum', 'kron-inverse',
      'kron-identity', 'vec-norm', 'vec-sum',
    ]);
  });

  for (const rule of local) {
    test(`${rule.id} is applied by the driver and recorded with its id`, () => {
      // the left side over fresh symbols, so that the rule meets it as the normal form does
      const steps: SimplifyStep[] = [];
      const out = new Normalizer((s) => steps.push(s)).normal(rule.lhs);
      expect(steps.map((s) => s.rule)).toContain(rule.id);
      // the same normal form as the right side (whose value test/rules/rules.test.ts checks)
      expect(out).toBe(new Normalizer().normal(rule.rhs));
    });
  }
});

describe('RuleDriver', () => {
  const A = B.sym('A', shape('m', 'm'));
  test('matches I, ones and 0 of any size in a pattern', () => {
    const driver = new RuleDriver(indexByHead(local));
    expect(driver.rewrite(B.unary('diagv', B.identity('m')))?.expr).toBe(B.ones('m'));
    expect(driver.rewrite(B.unary('diagm', B.ones(3)))?.expr).toBe(B.identity(3));
  });

  test('stops rewriting once its budget is spent, so a looping rule set ends', () => {
    const commute = findRule(algebra, 'hadamard-commute');
    const driver = new RuleDriver(indexByHead([commute]), 5);
    let e: Expr = B.hadamard(A, B.transpose(A));
    let rewrites = 0;
    for (let r = driver.rewrite(e); r; r = driver.rewrite(e)) {
      e = r.expr;
      rewrites++;
    }
    expect(rewrites).toBe(5);
  });

  test('honours guards', () => {
    const symmetric = findRule(algebra, 'transpose-symmetric');
    const driver = new RuleDriver(indexByHead([symmetric]));
    expect(driver.rewrite(B.transpose(A))).toBeUndefined();
    // A'*A is symmetric (the constructors infer it), so the guard holds
    const gram = B.mul(B.transpose(A), A);
    expect(driver.rewrite(B.transpose(gram))?.expr).toBe(gram);
  });
});
