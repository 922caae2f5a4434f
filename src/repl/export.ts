// `:latex FILE` and `:md FILE`: the session's derivations written out as a document, each query
// with its derivation rule by rule (explain/index.ts lays them out): a LaTeX article that
// compiles with amsmath, or Markdown with inline math for notebooks and READMEs.

import type { ValueResult } from '../engine/session.js';
import { explainText, texText } from '../explain/index.js';

export type ExportFormat = 'latex' | 'md';

export function derivationsDocument(results: readonly ValueResult[], format: ExportFormat): string {
  return format === 'latex' ? latexDocument(results) : markdownDocument(results);
}

function markdownDocument(results: readonly ValueResult[]): string {
  const parts = results.map((r) => explainText(r, 'markdown'));
  return `# mcalc session\n\n${parts.join('\n\n---\n\n')}\n`;
}

function latexDocument(results: readonly ValueResult[]): string {
  const parts = results.map((r) => `\\subsection*{\\texttt{${texText(r.input)}}}\n\\[\n${explainText(r, 'latex')}\n\\]`);
  return [
    '\\documentclass{article}',
    '\\usepackage{amsmath,amssymb}',
    '\\usepackage[margin=2cm,landscape]{geometry}',
    '\\begin{document}',
    '\\section*{mcalc session}',
    ...parts,
    '\\end{document}',
    '',
  ].join('\n');
}
