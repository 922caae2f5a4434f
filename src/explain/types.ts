// The shapes of an explanation, shared by the model that builds it (model.ts), its pieces
// (simplification.ts, trace-form.ts) and the renderers (index.ts), so that none of them imports
// another for its types alone.

import type { Expr, Sym } from '../expr/index.js';
import type { DerivativeKind } from '../engine/derive.js';

export interface Rule {
  readonly id: string;
  readonly citation?: string;
}

/** One side of a displayed equation. */
export type Side =
  | { readonly expr: Expr }
  /** d(e), the differential of e */
  | { readonly d: Expr }
  /** nothing: the line continues the one above ("= ...") */
  | { readonly blank: true };

export interface Line {
  readonly lhs: Side;
  readonly rhs: Side;
  /** empty only for the given definitions */
  readonly rules: readonly Rule[];
  /** `:=` rather than `=` */
  readonly defines?: boolean;
}

export interface Section {
  readonly title: string;
  readonly lines: readonly Line[];
}

export interface Explanation {
  /** the query as written, without explain(...) */
  readonly input: string;
  readonly kind: DerivativeKind | 'simplify';
  /** f as the lines name it: a definition's atom, or a symbol `f` standing for the expression */
  readonly f?: Expr;
  readonly variable?: Sym;
  readonly sections: readonly Section[];
  /** stand-ins inside right-hand sides, each printed as d(e) for its e */
  readonly holes: ReadonlyMap<Expr, Expr>;
  /** what each name the lines introduce stands for: f, the read-off G (J, H), the gradient g */
  readonly names: ReadonlyMap<Expr, Expr>;
  readonly result: Expr;
}
