// How long a printed result would be, known before any string is built. An expression is a DAG:
// a result of a few thousand distinct nodes can stand for a tree of billions (the NumPy form
// inlines every definition, so a k-layer network's gradient prints k^3 characters). The printers
// ask here first and refuse, at once and with a clear message, a text they could only build
// after minutes and gigabytes, or not at all (V8's strings end at 2^29 characters).

import type { Expr } from '../expr/node.js';
import { DeepMemo } from '../expr/deep.js';
import { MathError } from '../check/errors.js';
import type { Format } from './index.js';

/** The longest text a printer builds, in characters (16 MB of ASCII). */
export const MAX_PRINTED_LENGTH = 16_000_000;

/** A printed result would be longer than MAX_PRINTED_LENGTH. */
export class PrintedTooLarge extends MathError {}

/**
 * Characters a node adds around its arguments' text, per format (plain, unicode, latex, numpy):
 * operators, the usual brackets, function names. An estimate: on the corpus and the bench
 * families it is within a factor of about two of the real length, mostly above it.
 */
const OWN: Record<string, readonly [number, number, number, number]> = {
  diff: [3, 1, 9, 1],
  identity: [4, 1, 1, 9],
  ones: [7, 1, 9, 10],
  zero: [8, 1, 1, 12],
  transpose: [1, 1, 6, 2],
  inv: [5, 2, 5, 15],
  mpow: [2, 1, 4, 25],
  pow: [2, 1, 4, 4],
  det: [5, 2, 18, 16],
  logdet: [8, 5, 22, 24],
  tr: [4, 4, 30, 10],
  sum: [5, 5, 30, 8],
  norm: [6, 2, 18, 16],
  diagm: [6, 6, 32, 9],
  diagv: [6, 6, 32, 9],
  fn: [9, 9, 26, 14],
  vec: [5, 5, 26, 14],
  commutation: [20, 10, 24, 70],
};

function ownLength(e: Expr, format: Format): number {
  const f = FORMAT_INDEX[format];
  const n = e.args.length;
  switch (e.kind) {
    case 'num': return e.order.length + (format === 'numpy' ? 2 : 0);
    case 'sym': case 'def': return e.name.length;
    case 'add': return 3 * (n - 1) + [2, 2, 6, 2][f]!;
    case 'mul': return [1, 0.5, 1, 3][f]! * n + 2;
    case 'hadamard': case 'hdiv': case 'kron': return [6, 5, 13, 5][f]! * n;
    default: return OWN[e.kind]![f]!;
  }
}

const FORMAT_INDEX: Record<Format, number> = { plain: 0, unicode: 1, latex: 2, numpy: 3 };

/** Per format, the estimated printed length of each node (definitions inlined in NumPy). */
const lengths = new Map<Format, DeepMemo<Expr, number>>();

export function printedLength(e: Expr, format: Format): number {
  let m = lengths.get(format);
  if (!m) {
    const memo: DeepMemo<Expr, number> = new DeepMemo((x) => {
      if (x.kind === 'def' && format === 'numpy') return memo.get(x.body);
      let total = ownLength(x, format);
      for (const a of x.args) total += memo.get(a);
      return total;
    }, new WeakMap());
    lengths.set(format, (m = memo));
  }
  return m.get(e);
}

const FORMAT_NAMES: Record<Format, string> = { plain: 'plain', unicode: 'Unicode', latex: 'LaTeX', numpy: 'NumPy' };

/** Throws PrintedTooLarge when e's text in this format would exceed MAX_PRINTED_LENGTH. */
export function assertPrintable(e: Expr, format: Format): void {
  const length = printedLength(e, format);
  if (length <= MAX_PRINTED_LENGTH) return;
  const millions = (x: number): string => (x >= 1e7 ? `${Math.round(x / 1e6)}` : (x / 1e6).toFixed(1));
  const inlined = format === 'numpy' ? ' (definitions inlined)' : '';
  throw new PrintedTooLarge(
    `the result is too large to print: its ${FORMAT_NAMES[format]} form${inlined} would be about ${millions(length)} million characters, ` +
      `over the limit of ${millions(MAX_PRINTED_LENGTH)} million`,
  );
}
