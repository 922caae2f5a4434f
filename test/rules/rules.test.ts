// Every rule of rules/*.rules, checked numerically: both sides evaluated on random values of
// fitting shapes (honouring the guards) agree. A differential rule d(lhs) -> rhs is checked
// against the central difference of lhs with every pattern variable moving along its
// direction, rhs taking d(V) = that direction.

import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import { ruleSet } from '../../src/rules/registry.js';
import { evaluate } from '../../src/numeric/evaluate.js';
import { randomPoint, type Point } from '../../src/numeric/point.js';
import { mulberry32 } from '../../src/numeric/random.js';
import { normaliseProps } from '../../src/expr/props.js';
import { sym, INVERTIBLE, type Sym } from '../../src/expr/index.js';
import type { Rule } from '../../src/rules/load.js';

const files = readdirSync(new URL('../../rules/', import.meta.url)).filter((f) => f.endsWith('.rules')).map((f) => f.replace(/\.rules$/, ''));

/** The rule's variables with the guards' properties, so that random values honour them. */
function guardedPoint(rule: Rule, seed: number): { point: Point; rename: Map<Sym, Sym> } {
  const rename = new Map<Sym, Sym>();
  for (const v of rule.vars) {
    // square variables are sampled invertible (B + size*I) so that inverses and logdets exist
    const square = v.shape.rows === v.shape.cols && v.shape.rows !== 1 ? INVERTIBLE : 0;
    const extra = rule.guards.filter((g) => g.variable === v).reduce((p, g) => p | g.property, square);
    rename.set(v, extra ? sym(`${v.name}_guarded`, v.shape, normaliseProps(v.props | extra)) : v);
  }
  const point = randomPoint([...rename.values()], mulberry32(seed));
  // evaluate the rule's own symbols with the guarded symbols' values
  const values = new Map(point.values);
  const directions = new Map(point.directions);
  for (const [v, g] of rename) {
    values.set(v, point.values.get(g)!);
    directions.set(v, point.directions.get(g)!);
  }
  return { point: { dims: point.dims, values, directions }, rename };
}

/** arcsin and arccos need entries in (-1, 1): the values (sampled in [0.5, 1.5]) are halved. */
function inDomain(rule: Rule, point: Point): { point: Point } {
  if (rule.id !== 'd-arcsin' && rule.id !== 'd-arccos') return { point };
  const values = new Map([...point.values].map(([s, v]) => [s, Matrix.mul(v, 0.5)]));
  return { point: { ...point, values } };
}

function shifted(point: Point, h: number): Point {
  const values = new Map(point.values);
  for (const [s, v] of point.values) values.set(s, Matrix.add(v, Matrix.mul(point.directions.get(s)!, h)));
  return { ...point, values };
}

const relErr = (a: Matrix, b: Matrix): number => Matrix.sub(a, b).norm() / Math.max(1, a.norm(), b.norm());

for (const file of files) {
  describe(`rules/${file}.rules`, () => {
    const rules = ruleSet(file);
    test('has rules with unique ids', () => {
      expect(rules.length).toBeGreaterThan(5);
      expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    });
    for (const rule of rules) {
      test(`${rule.id}: both sides agree numerically`, () => {
        for (let seed = 1; seed <= 3; seed++) {
          const { point } = inDomain(rule, guardedPoint(rule, seed * 7919 + rule.line).point);
          const rhs = evaluate(rule.rhs, point);
          let lhs: Matrix;
          if (rule.kind === 'differential') {
            // central differences at h and h/2, Richardson-extrapolated to O(h^4)
            const central = (h: number): Matrix => Matrix.sub(evaluate(rule.lhs, shifted(point, h)), evaluate(rule.lhs, shifted(point, -h))).div(2 * h);
            lhs = Matrix.sub(central(5e-4).mul(4), central(1e-3)).div(3);
          } else lhs = evaluate(rule.lhs, point);
          expect(relErr(lhs, rhs)).toBeLessThan(rule.kind === 'differential' ? 1e-6 : 1e-10);
        }
      });
    }
  });
}
