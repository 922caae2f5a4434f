// The messages between the page (src/web/main.ts) and the engine's Web Worker (src/web/worker.ts).

/** The output formats the page offers: those mcalc's printers have (LANGUAGE.md section 4). */
export const FORMATS = ['latex', 'plain', 'unicode', 'numpy'] as const;
export type PageFormat = (typeof FORMATS)[number];

export type Request =
  | { readonly type: 'run'; readonly id: number; readonly source: string; readonly check: boolean }
  /** the SVG graph of statement `index` of the program `source` (run again if need be) */
  | { readonly type: 'graph'; readonly id: number; readonly source: string; readonly index: number };

/** Where a diagnostic points: 1-based line and column, and the offsets of the offending text. */
export interface Spot {
  readonly line: number;
  readonly column: number;
  readonly from: number;
  readonly to: number;
}

export interface ValueView {
  readonly kind: 'value';
  /** the statement as written, and the line it starts on */
  readonly input: string;
  readonly line: number;
  /** grad, jacobian, hessian, differential, simplify or graph */
  readonly query: string;
  /** `n`, `m x n` or `scalar` */
  readonly shape: string;
  readonly ms: number;
  /** the result's text in each format (numpy: the Python function the command line prints) */
  readonly text: Readonly<Record<PageFormat, string>>;
  /** the LaTeX result (for graph(f, X): f) rendered by KaTeX, as HTML */
  readonly html: string;
  /** the derivation rendered by KaTeX, when there is one */
  readonly explanation?: string;
  /** --check: the largest relative error against finite differences */
  readonly check?: { readonly relativeError: number; readonly ok: boolean; readonly problem?: string };
  /** whether a computation graph can be drawn (a derivative, or graph(f, X)) */
  readonly graph: boolean;
}

export interface ErrorView {
  readonly kind: 'error';
  readonly message: string;
  readonly spot?: Spot;
}

/** A declared or defined name: its type, properties (inferred ones marked) and body. */
export interface NameView {
  readonly name: string;
  readonly type: string;
  readonly body?: string;
}

export type Response =
  | { readonly type: 'ready' }
  | { readonly type: 'run'; readonly id: number; readonly results: ReadonlyArray<ValueView | ErrorView>; readonly names: readonly NameView[] }
  | { readonly type: 'graph'; readonly id: number; readonly svg?: string; readonly error?: string };
