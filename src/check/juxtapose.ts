// Juxtaposed names: `xᵀAx` and `αK⁻¹yyᵀK⁻¹x` arrive as the names `Ax` and `yy`; a run of letters
// that is not itself a name is read as a product of declared names when it splits into them in
// exactly one way. `ab` with a, b and ab all declared is the name ab; with a, b, ab and abc... the
// split must be unique or it is an error that lists two readings.

import type { Span } from '../parse/ast.js';
import { fail } from './errors.js';

export interface NamePart {
  readonly name: string;
  readonly span: Span;
}

/** Up to two ways to write `run` as two or more names for which `isName` holds. */
export function splits(run: string, isName: (n: string) => boolean): string[][] {
  // ways[i]: up to two splits of run.slice(i) into names (each a list of names)
  const ways: string[][][] = Array.from({ length: run.length + 1 }, () => []);
  ways[run.length] = [[]];
  for (let i = run.length - 1; i >= 0; i--) {
    for (let j = i + 1; j <= run.length && ways[i]!.length < 2; j++) {
      const head = run.slice(i, j);
      if (!isName(head)) continue;
      for (const rest of ways[j]!) if (ways[i]!.length < 2) ways[i]!.push([head, ...rest]);
    }
  }
  return ways[0]!.filter((w) => w.length >= 2);
}

/**
 * The names a juxtaposed run stands for, each with its own span, or undefined when the run does
 * not split. `written` is the run as it stands in the source (a run is ASCII letters and digits,
 * so offsets within it are columns).
 */
export function splitRun(run: string, span: Span, written: string, isName: (n: string) => boolean): NamePart[] | undefined {
  if (written !== run) return undefined;
  const found = splits(run, isName);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    const [a, b] = found.map((w) => w.join('*'));
    return fail(`${run} is not a name; it could be read as ${a} or as ${b}: write the product with *`, span);
  }
  let at = 0;
  return found[0]!.map((name) => {
    const part: Span = { line: span.line, column: span.column + at, offset: span.offset + at, end: span.offset + at + name.length };
    at += name.length;
    return { name, span: part };
  });
}
