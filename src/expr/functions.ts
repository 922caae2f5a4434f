// The one table of the elementwise scalar functions (LANGUAGE.md section 2): per function, how
// each printer and back end writes it, its value at a number, and the id of its differential rule.
// A new elementwise function is a row here, its rule in rules/differentials.rules (the `rule`
// field does not compile with an id the rule files lack), and its tests; the checker's vocabulary
// (src/check/vocabulary.ts), the printers, the code generator and the evaluator read this table.
// The plain and Unicode forms are the function's own name, `name(x)`, since parsing them back must
// give the same expression; `test/expr/functions.test.ts` checks every row and the docs' list.
//
// This module imports nothing at run time, so that every layer may read it (src/expr is the lowest).

import type { DifferentialsRuleId } from '../rules/rule-ids.generated.js';

/** A precedence of the printers (src/print/layout.ts), by name. */
export type Binding = 'add' | 'mul' | 'neg' | 'pow' | 'postfix' | 'atom';

/**
 * How one format writes f(a). A string is a callee, written `callee(a)` (in LaTeX
 * `callee\left(a\right)`). An object is a template: `#1` stands for the argument, bracketed when
 * it binds looser than `argAt` (default: never), and `prec` is the precedence of the whole form
 * (default: an atom, as a call is).
 */
export type Spelling = string | { readonly code: string; readonly argAt?: Binding; readonly prec?: Binding };

export interface ElementwiseSpec {
  /** LaTeX */
  readonly latex: Spelling;
  /** the generated NumPy code (`--format numpy`, src/codegen/backends.ts) */
  readonly numpy: Spelling;
  /** the one self-contained NumPy expression (src/print/numpy.ts), when it differs from `numpy` */
  readonly numpyExpression?: Spelling;
  /** PyTorch (`import torch`) */
  readonly torch: Spelling;
  /** JAX (`import jax`, `import jax.numpy as jnp`) */
  readonly jax: Spelling;
  /** the value at a number (src/numeric/evaluate.ts) */
  readonly evaluate: (x: number) => number;
  /** its differential in rules/differentials.rules, `d(name(X)) -> ...` */
  readonly rule: DifferentialsRuleId;
}

// In the order of the language's list (the checker's vocabulary and the REPL's completion keep it).
const TABLE = {
  exp: { latex: '\\exp', numpy: 'np.exp', torch: 'torch.exp', jax: 'jnp.exp', evaluate: Math.exp, rule: 'd-exp' },
  log: { latex: '\\log', numpy: 'np.log', torch: 'torch.log', jax: 'jnp.log', evaluate: Math.log, rule: 'd-log' },
  sqrt: { latex: { code: '\\sqrt{#1}' }, numpy: 'np.sqrt', torch: 'torch.sqrt', jax: 'jnp.sqrt', evaluate: Math.sqrt, rule: 'd-sqrt' },
  sin: { latex: '\\sin', numpy: 'np.sin', torch: 'torch.sin', jax: 'jnp.sin', evaluate: Math.sin, rule: 'd-sin' },
  cos: { latex: '\\cos', numpy: 'np.cos', torch: 'torch.cos', jax: 'jnp.cos', evaluate: Math.cos, rule: 'd-cos' },
  tanh: { latex: '\\tanh', numpy: 'np.tanh', torch: 'torch.tanh', jax: 'jnp.tanh', evaluate: Math.tanh, rule: 'd-tanh' },
  sigmoid: {
    latex: '\\operatorname{sigmoid}',
    // exp(-logaddexp(0, -x)) = 1/(1 + e^-x) neither overflows nor cancels
    numpy: { code: 'np.exp(-np.logaddexp(0, -#1))', argAt: 'neg' },
    numpyExpression: { code: '1 / (1 + np.exp(-#1))', argAt: 'mul', prec: 'mul' },
    torch: 'torch.sigmoid',
    jax: 'jax.nn.sigmoid',
    // both branches written so that exp never overflows
    evaluate: (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
    rule: 'd-sigmoid',
  },
  softplus: {
    latex: '\\operatorname{softplus}',
    numpy: { code: 'np.logaddexp(0, #1)' },
    // above the threshold softplus(x) = x to within e^-30 relative
    torch: { code: 'torch.nn.functional.softplus(#1, threshold=30)' },
    jax: 'jax.nn.softplus',
    evaluate: (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    rule: 'd-softplus',
  },
  abs: { latex: { code: '\\left\\lvert #1 \\right\\rvert' }, numpy: 'np.abs', torch: 'torch.abs', jax: 'jnp.abs', evaluate: Math.abs, rule: 'd-abs' },
  tan: { latex: '\\tan', numpy: 'np.tan', torch: 'torch.tan', jax: 'jnp.tan', evaluate: Math.tan, rule: 'd-tan' },
  arcsin: { latex: '\\arcsin', numpy: 'np.arcsin', torch: 'torch.arcsin', jax: 'jnp.arcsin', evaluate: Math.asin, rule: 'd-arcsin' },
  arccos: { latex: '\\arccos', numpy: 'np.arccos', torch: 'torch.arccos', jax: 'jnp.arccos', evaluate: Math.acos, rule: 'd-arccos' },
  arctan: { latex: '\\arctan', numpy: 'np.arctan', torch: 'torch.arctan', jax: 'jnp.arctan', evaluate: Math.atan, rule: 'd-arctan' },
  relu: {
    latex: '\\operatorname{relu}',
    numpy: { code: 'np.maximum(#1, 0)' },
    torch: 'torch.relu',
    jax: 'jax.nn.relu',
    evaluate: (x: number) => Math.max(x, 0),
    rule: 'd-relu',
  },
  sign: { latex: '\\operatorname{sign}', numpy: 'np.sign', torch: 'torch.sign', jax: 'jnp.sign', evaluate: Math.sign, rule: 'd-sign' },
} as const satisfies Record<string, ElementwiseSpec>;

export type FnName = keyof typeof TABLE;

/** Each elementwise function's spec, by name. */
export const FUNCTION_SPECS: Readonly<Record<FnName, ElementwiseSpec>> = TABLE;

/** The elementwise scalar functions, in the language's order. */
export const ELEMENTWISE = Object.keys(TABLE) as readonly FnName[];

/** The formats a spec spells, for the table's completeness test and the docs. */
export type SpelledFormat = 'latex' | 'numpy' | 'numpyExpression' | 'torch' | 'jax';

/** How `format` writes the function `name` (the NumPy expression falls back to the generated code's form). */
export function spellingOf(name: FnName, format: SpelledFormat): Spelling {
  const spec = FUNCTION_SPECS[name];
  return format === 'numpyExpression' ? (spec.numpyExpression ?? spec.numpy) : spec[format];
}
