// The corpus's size measure (shared/corpus/README.md): leaves of the plain form. Each name or
// number counts 1; I, I(n), ones(n) and d(X) count 1; A^-1 counts as inv(A).

import { parseExpression } from '../../src/parse/parse.js';
import type { Ast } from '../../src/parse/ast.js';

export function leafCount(plain: string): number {
  const parsed = parseExpression(plain);
  if ('error' in parsed) throw new Error(`cannot parse "${plain}": ${parsed.error.message}`);
  let count = 0;
  const stack: Ast[] = [parsed.ast];
  while (stack.length) {
    const a = stack.pop()!;
    switch (a.k) {
      case 'num': case 'name': count++; break;
      case 'call':
        if (a.name === 'I' || a.name === 'ones' || a.name === 'd') count++;
        else stack.push(...a.args);
        break;
      case 'binary': stack.push(a.left, a.right); break;
      case 'pow':
        stack.push(a.base);
        if (!(a.exp.k === 'neg' && a.exp.arg.k === 'num' && a.exp.arg.text === '1')) stack.push(a.exp);
        break;
      default: stack.push(a.arg);
    }
  }
  return count;
}
