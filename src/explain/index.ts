// explain(QUERY): the derivation as a list of steps, each naming its rule and citation.

import { print, type Format } from '../print/index.js';
import type { Expr } from '../expr/index.js';
import type { ValueResult } from '../engine/session.js';

const READ_OFF: Record<string, string> = {
  grad: 'gradient-from-trace-form: df = tr(G\'*d(X)) gives the gradient G (Magnus & Neudecker; Matrix Cookbook sec. 2)',
  jacobian: 'jacobian-from-differential: df = J*d(x) gives the Jacobian J',
  hessian: 'hessian-as-jacobian: the Hessian is the Jacobian of the gradient',
  differential: 'the differential itself',
};

export function explainText(r: ValueResult, format: Format): string {
  const p = (e: Expr): string => print(e, format === 'numpy' ? 'plain' : format);
  const lines: string[] = [`${r.input}`];
  const d = r.derivation;
  if (d) {
    lines.push(`  f = ${p(d.f)}`, '  differential, rule by rule:');
    for (const s of d.steps) lines.push(`    d(${p(s.of)}) = ${p(s.result)}    [${s.rule}${s.citation ? `: ${s.citation}` : ''}]`);
    lines.push(`  ${READ_OFF[d.kind]}:`, `    ${p(d.raw)}`);
  }
  const simplifySteps = d ? d.simplifySteps : (r.simplifySteps ?? []);
  if (simplifySteps.length) {
    lines.push('  simplification:');
    for (const s of simplifySteps) lines.push(`    ${p(s.before)} = ${p(s.after)}    [${s.rule}]`);
  }
  lines.push(`  result: ${p(r.result)}`);
  return lines.join('\n');
}
