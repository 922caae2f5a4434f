// Turning statement results into the text the command line prints, per format.

import type { Diagnostic } from '../parse/ast.js';
import { print, FORMATS, type Format } from '../print/index.js';
import { planExpression, PythonModule, LIBRARIES, type Library, type DimHints } from '../codegen/index.js';
import type { Sym } from '../expr/node.js';
import type { ValueResult } from '../engine/session.js';
import { graphText, type GraphFormat } from '../graph/index.js';
import { freeSymbols } from '../expr/leaves.js';
import { explainText, type ExplainFormat } from '../explain/index.js';
import { whereForm, type WhereForm } from '../print/where.js';
import { shapeJson } from '../expr/index.js';

/** What a result can be shown as: a printer's format or a Python library's code. */
export type ShowFormat = Format | Library;
export type OutputFormat = ShowFormat | 'json';
/** What a result can be shown as, in the order of the help texts: plain, unicode, latex, numpy, torch, jax. */
export const SHOW_FORMATS: readonly ShowFormat[] = [...new Set<ShowFormat>([...FORMATS, ...LIBRARIES])];
export const OUTPUT_FORMATS: readonly OutputFormat[] = [...SHOW_FORMATS, 'json'];
export const isLibrary = (f: string): f is Library => (LIBRARIES as readonly string[]).includes(f);

/** The Python function(s) for a result, added to a module (which prints its imports once). */
export function pythonCode(r: ValueResult, module: PythonModule, declared: readonly Sym[]): string {
  const f = /^\w+\(\s*(\w+)\s*,/.exec(r.input)?.[1] ?? 'f';
  const variable = r.derivation?.variable;
  const name = r.query === 'simplify' ? 'value' : `${r.query}_${f}${variable ? `_${variable.name}` : ''}`;
  const value = r.derivation?.kind === 'grad' ? r.derivation.f : undefined;
  return module.add({ name, declared, result: r.result, ...(value ? { value } : {}), ...(variable ? { variable } : {}) });
}

/** A NumPy module of one result alone (the playground shows it beside the other formats). */
export function numpyDefinition(r: ValueResult): string {
  return pythonCode(r, new PythonModule('numpy'), freeSymbols(r.result));
}

/** Where Python functions go: the module of this run and the program's symbols in declaration order. */
export interface PythonTarget {
  readonly module: PythonModule;
  readonly declared: readonly Sym[];
}

/** One JSON line per result. A derivation asked for (explain(...), --explain) is kept in
 * `explain`, in every format; a graph(f, X) result has its graph in `graph` (DOT and Mermaid). */
export function jsonLine(r: ValueResult, check?: { relativeError: number; ok: boolean }, hints: DimHints = {}, options: { explain?: boolean } = {}): string {
  const explained = (options.explain || r.explain) && !r.graph;
  const shared = whereForm(r.result);
  const main = shared?.main ?? r.result;
  return JSON.stringify({
    input: r.input,
    shape: r.shape,
    plain: print(main, 'plain'),
    unicode: print(main, 'unicode'),
    latex: print(main, 'latex'),
    ...(shared ? { where: whereJson(shared) } : {}),
    numpy: numpyJson(r, hints),
    ms: Math.round(r.ms * 1000) / 1000,
    ...(r.inferred ? { inferred: r.inferred } : {}),
    ...(check ? { check: { relativeError: check.relativeError, ok: check.ok } } : {}),
    ...(explained ? { explain: Object.fromEntries(EXPLAIN_FORMATS.map((f) => [f, explainText(r, f)])) } : {}),
    ...(r.graph ? { graph: { dot: graphText(r, 'dot'), mermaid: graphText(r, 'mermaid') } } : {}),
  });
}

/** The names a large shared result introduces, in order; each entry may use the earlier ones. */
function whereJson(w: WhereForm): object[] {
  return w.where.map((s) => ({ name: s.name, shape: shapeJson(s.body.shape), plain: print(s.body, 'plain'), unicode: print(s.body, 'unicode'), latex: print(s.body, 'latex') }));
}

/** The line that reports shape inference (src/check/infer.ts), on stderr and in the REPL. */
export function inferredNote(declarations: readonly string[]): string {
  return `note: inferred ${declarations.join('; ')} (declare names to fix them yourself; declaring any switches inference off)`;
}

const EXPLAIN_FORMATS: readonly ExplainFormat[] = ['plain', 'unicode', 'latex', 'markdown'];

/** An explained result: the derivation; for Python (numpy, torch, jax) the code, with the
 * derivation above it as comments (Python has no notation for a derivation). */
export function explainedResult(r: ValueResult, format: ShowFormat, python?: PythonTarget): string {
  if (!isLibrary(format) || r.graph) return explainText(r, isLibrary(format) ? 'plain' : format);
  const comments = explainText(r, 'plain').split('\n').map((l) => `# ${l}`.trimEnd());
  return `${comments.join('\n')}\n${formatResult(r, format, 'dot', python)}`;
}

/** The json numpy field: one expression; a jacobian is a matrix, so a 1 x n one stays 2-D. */
function numpyJson(r: ValueResult, hints: DimHints): string {
  const e = planExpression(r.result, hints);
  // a 1 x 1 result of a vector(1) or matrix(1, 1) shape: its code may mix 1-D and 2-D arrays of
  // one entry, so it takes the declared shape explicitly
  if (r.shape.length > 0 && r.result.shape.rows === 1 && r.result.shape.cols === 1) return `np.reshape(${e}, (${r.shape.join(', ')},))`;
  return r.query === 'jacobian' && r.result.shape.rows === 1 ? `np.reshape(${e}, (1, -1))` : e;
}

/** The printed result; a graph(f, X) statement prints its graph (Graphviz DOT unless asked otherwise). */
export function formatResult(r: ValueResult, format: ShowFormat, graphFormat: Exclude<GraphFormat, 'svg'> = 'dot', python?: PythonTarget): string {
  if (r.graph) return graphText(r, graphFormat);
  if (!isLibrary(format)) return print(r.result, format);
  return pythonCode(r, python?.module ?? new PythonModule(format), python?.declared ?? freeSymbols(r.result));
}

/** `error: 2:9: message`, then the source line and a caret under the spot. */
export function errorText(d: Diagnostic, source: string): string {
  if (!d.line) return `error: ${d.message}`;
  const line = source.split('\n')[d.line - 1] ?? '';
  const shown = line.length > 200 ? line.slice(Math.max(0, d.column - 100), d.column + 100) : line;
  const caretAt = line.length > 200 ? Math.min(d.column - 1, 100) : d.column - 1;
  const width = d.span && d.span.line === d.line ? Math.max(1, Math.min(d.span.end - d.span.offset, shown.length - caretAt)) : 1;
  return `error: ${d.line}:${d.column}: ${d.message}\n  ${printable(shown)}\n  ${' '.repeat(Math.max(0, caretAt))}${'^'.repeat(width)}`;
}

/** Control characters shown as a visible placeholder so the caret line stays aligned. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, '\u2426');
}

export function jsonError(d: Diagnostic): string {
  return JSON.stringify({ error: { message: d.message, line: d.line, column: d.column } });
}

/** Why a file could not be read or written, in words: `no such file` rather than ENOENT. */
export function fileProblem(err: unknown): string {
  switch ((err as { code?: string } | undefined)?.code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    default: return err instanceof Error ? err.message : String(err);
  }
}
