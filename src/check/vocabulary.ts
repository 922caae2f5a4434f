// The one table of the words of the language: queries, functions (with their arities), types
// and properties. The checker, the did-you-mean suggestions and the pasted-notation hints read
// it; a new function is added here, or, if it is an elementwise scalar function, in its table
// src/expr/functions.ts (with its spellings, evaluator and rule).

import { ELEMENTWISE, PROPERTY_NAMES } from '../expr/index.js';

export const QUERY_NAMES: ReadonlySet<string> = new Set(['grad', 'jacobian', 'hessian', 'differential', 'derivative', 'simplify', 'explain', 'graph']);

/** Functions written out in other functions by the checker (src/check/sugar.ts). */
export const SUGAR_NAMES = ['softmax', 'logsumexp'] as const;

/** Every function and the numbers of arguments it takes. */
export const FUNCTIONS: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ...['inv', 'det', 'logdet', 'tr', 'sum', 'diag', 'I', 'ones', 'd'].map((n) => [n, [1]] as const),
  ['norm', [1, 2]],
  ...ELEMENTWISE.map((n) => [n, [1]] as const),
  ...SUGAR_NAMES.map((n) => [n, [1]] as const),
  ['kron', [2]],
  ['vec', [1]],
  ['commutation', [2]],
]);

export const KNOWN_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys()];

export const TYPE_WORDS: readonly string[] = ['scalar', 'vector', 'matrix'];

export const PROPERTY_WORDS: readonly string[] = PROPERTY_NAMES.map(([n]) => n);

/** How to say "takes 1 or 2 arguments". */
export function arityText(arities: readonly number[]): string {
  const n = arities.join(' or ');
  return `${n} argument${arities.length === 1 && arities[0] === 1 ? '' : 's'}`;
}
