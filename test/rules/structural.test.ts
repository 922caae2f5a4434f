// The structural rules of rules/algebra.rules (src/simplify/local-rules.ts STRUCTURAL) are
// applied by code, not by matching: each must be named by the code that applies it, and the
// ones named by no pass before (norm-scale, power-power-norm, factor-left, factor-right,
// inner-product-quotient-weighted) are recorded when they fire.

import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { STRUCTURAL } from '../../src/simplify/local-rules.js';
import { simplify, type SimplifyStep } from '../../src/simplify/index.js';
import { print } from '../../src/print/index.js';
import * as B from '../../src/expr/build.js';
import { shape, Q, type Expr } from '../../src/expr/index.js';
import { ALGEBRA_RULE_IDS } from '../../src/rules/rule-ids.generated.js';

const source = (dir: string): string => {
  const path = fileURLToPath(new URL(`../../src/${dir}/`, import.meta.url));
  return readdirSync(path).filter((f) => f.endsWith('.ts') && f !== 'local-rules.ts').map((f) => readFileSync(path + f, 'utf8')).join('\n');
};

function steps(e: Expr): SimplifyStep['rule'][] {
  const out: SimplifyStep['rule'][] = [];
  simplify(e, { note: (s) => out.push(s.rule) });
  return out;
}

const x = B.sym('x', shape('n', 1));
const y = B.sym('y', shape('n', 1));
const A = B.sym('A', shape('n', 'n'));

describe('structural rules', () => {
  test('each is named by the code that applies it: src/simplify, the transpose push-down, or the trace form explain reads off', () => {
    const code = source('simplify') + source('expr') + source('explain');
    const unnamed = [...STRUCTURAL].filter((id) => !code.includes(`'${id}'`));
    expect(unnamed).toEqual([]);
  });

  test('every rule of the file is local or structural, and the file has no s*s -> s^2 of its own', () => {
    expect(ALGEBRA_RULE_IDS).not.toContain('square-scalar');
    expect([...STRUCTURAL].every((id) => (ALGEBRA_RULE_IDS as readonly string[]).includes(id))).toBe(true);
  });

  test('norm-scale: norm(-2*x) = 2*norm(x)', () => {
    expect(steps(B.unary('norm', B.mul(B.num(-2), x)))).toContain('norm-scale');
    expect(print(simplify(B.unary('norm', B.mul(B.num(-2), x))), 'plain')).toBe('2*norm(x)');
  });

  test('power-power-norm: (norm(x)^3)^(1/2) = norm(x)^1.5, power-power for an integer exponent', () => {
    const cube = B.pow(B.unary('norm', x), B.num(3));
    expect(steps(B.pow(cube, B.num(Q.rat(1, 2))))).toContain('power-power-norm');
    const t = B.sym('t', shape(1, 1));
    expect(steps(B.pow(B.pow(B.unary('norm', x), t), B.num(2)))).toContain('power-power');
  });

  test('factor-right and factor-left are recorded by the presentation', () => {
    expect(steps(B.add(B.mul(A, x), B.mul(B.transpose(A), x)))).toContain('factor-right');
    expect(steps(B.add(B.mul(x, x, B.transpose(y)), B.mul(x, y, B.transpose(x))))).toContain('factor-left');
  });

  test('inner-product-quotient-weighted: a definition s*u cancels against u in an inner product', () => {
    const [u, v, w] = ['u', 'v', 'w'].map((name) => B.sym(name, shape('n', 1))) as [Expr, Expr, Expr];
    const s = B.sym('s', shape(1, 1));
    const e = B.mul(B.transpose(u), B.hadamard(v, B.hdiv(w, B.def('K', B.mul(s, u)))));
    expect(steps(e)).toContain('inner-product-quotient-weighted');
    expect(print(simplify(e), 'plain')).toBe("v'*w/s");
  });
});
