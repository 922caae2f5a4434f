// What a call `f(args)` is before its arguments are checked: a function of the vocabulary, a
// query in the wrong place, a product written as a call (`W(x + y)` with W declared, `Wx(y)`
// for juxtaposed names), or an unknown function with a did-you-mean. And the functions the
// checker writes out in core operations (src/check/sugar.ts).

import type { Ast, Span } from '../parse/ast.js';
import type { Expr } from '../expr/index.js';
import { fail } from './errors.js';
import { FUNCTIONS, KNOWN_FUNCTIONS, QUERY_NAMES, arityText } from './vocabulary.js';
import { didYouMean } from './suggest.js';
import { logsumexp, pNorm, softmax } from './sugar.js';
import type { ExpressionChecker, Value } from './expression.js';

/** 'function' for a call of a known function with a fitting number of arguments; the product
 * for a declared name (or juxtaposed names) before "("; otherwise an error. */
export function checkCallee(c: ExpressionChecker, name: string, argAsts: readonly Ast[], nameSpan: Span, span: Span): 'function' | Value {
  if (QUERY_NAMES.has(name)) return fail(`${name}(...) is a query: write it as a statement of its own`, nameSpan);
  const arities = FUNCTIONS.get(name);
  if (arities) {
    if (!arities.includes(argAsts.length)) fail(`${name} takes ${arityText(arities)}, not ${argAsts.length}`, span);
    return 'function';
  }
  const names = c.scope.lookup(name) ? [{ name, span: nameSpan }] : c.run(name, nameSpan);
  if (names) {
    if (argAsts.length !== 1) return fail(`${name} is not a function`, nameSpan);
    return c.product([...names.map((n) => c.value({ k: 'name', name: n.name, span: n.span })), c.value(argAsts[0]!)]);
  }
  return fail(`unknown function ${name}${didYouMean(name, [...KNOWN_FUNCTIONS, ...QUERY_NAMES], true)}`, nameSpan);
}

/** softmax, logsumexp and the two-argument norm in core operations; undefined for the rest. */
export function writtenOut(name: string, args: readonly Expr[], texts: readonly string[], spans: readonly Span[]): Expr | undefined {
  switch (name) {
    case 'softmax': return softmax(args[0]!, texts[0]!, spans[0]!);
    case 'logsumexp': return logsumexp(args[0]!);
    case 'norm': return args.length === 2 ? pNorm(args[0]!, args[1]!, texts[0]!, spans[1]!) : undefined;
    default: return undefined;
  }
}
