// Errors below the shells are values: stages throw a MathError internally (it never leaves the
// library API) and the API turns it into a Diagnostic with line and column.

import type { Diagnostic, Span } from '../parse/ast.js';

export class MathError extends Error {
  constructor(message: string, readonly span?: Span) {
    super(message);
  }
  toDiagnostic(): Diagnostic {
    const s = this.span;
    return s ? { message: this.message, line: s.line, column: s.column, span: s } : { message: this.message, line: 0, column: 0 };
  }
}

export const fail = (message: string, span?: Span): never => {
  throw new MathError(message, span);
};
