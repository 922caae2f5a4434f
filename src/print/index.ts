// The printers, one per output format of LANGUAGE.md section 4 (json is assembled by the shell
// from these).

import { setNodeDisplay, type Expr } from '../expr/node.js';
import { printPlain } from './plain.js';
import { printUnicode } from './unicode.js';
import { printLatex } from './latex.js';
import { numpyExpression } from './numpy.js';
import { whereForm, whereText } from './where.js';

export { printPlain } from './plain.js';
export { printUnicode } from './unicode.js';
export { printLatex, texName } from './latex.js';
export { numpyExpression } from './numpy.js';
export { numpyFunction } from '../codegen/module.js';

/** The printers' formats; the shells add the Python libraries and json (src/cli/output.ts). */
export const FORMATS = ['plain', 'unicode', 'latex', 'numpy'] as const;
export type Format = (typeof FORMATS)[number];

/** e in the given format (plain unless asked otherwise); `numpy` is the single self-contained
 * expression. A result much larger as a tree than as a DAG is written `G where g1 := ...`. */
export function print(e: Expr, format: Format = 'plain'): string {
  const shared = format === 'numpy' ? undefined : whereForm(e);
  if (shared) return whereText(shared, (x) => printTree(x, format), format === 'latex');
  return printTree(e, format);
}

function printTree(e: Expr, format: Format): string {
  switch (format) {
    case 'plain':
      return printPlain(e);
    case 'unicode':
      return printUnicode(e);
    case 'latex':
      return printLatex(e);
    case 'numpy':
      return numpyExpression(e);
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}: use ${FORMATS.join(', ')}`);
    }
  }
}

// an expression prints itself in the plain form: `${e}`, console.log(e)
setNodeDisplay(printPlain);
