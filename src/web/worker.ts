// The playground's engine, in a Web Worker so that a slow query never freezes the page (the page
// stops and restarts this worker past its time limit: src/web/engine.ts). It runs a program
// with the library, prints every result in each format, renders the LaTeX with KaTeX (here,
// off the page's thread), and draws computation graphs with viz-js on request.

import katex from 'katex';
import { Session, type StatementResult, type ValueResult } from '../engine/session.js';
import { checkResult } from '../engine/check.js';
import { explainText } from '../explain/index.js';
import { graphSvg, graphText } from '../graph/index.js';
import { print } from '../print/index.js';
import { numpyDefinition } from '../cli/output.js';
import { PROPERTY_NAMES, type Shape } from '../expr/index.js';
import type { Diagnostic } from '../parse/ast.js';
import { explanationHtml } from './markdown.js';
import type { ErrorView, NameView, Request, Response, Spot, ValueView } from './protocol.js';

interface Run {
  readonly source: string;
  readonly results: StatementResult[];
  readonly session: Session;
}
let last: Run | undefined;

const post = (m: Response): void => (self as unknown as { postMessage(m: Response): void }).postMessage(m);

self.onmessage = async (event: MessageEvent<Request>) => {
  const req = event.data;
  if (req.type === 'run') {
    const run = runProgram(req.source);
    let from = 0; // statements are found in the source in order, by their text
    const results = run.results.map((r) => {
      if (r.kind === 'error') return errorView(r.diagnostic, req.source);
      const at = req.source.indexOf((r as ValueResult).input, from);
      if (at >= 0) from = at + 1;
      return valueView(r as ValueResult, lineAt(req.source, at), req.check);
    });
    post({ type: 'run', id: req.id, results, names: namesOf(run.session) });
  } else {
    try {
      const run = last?.source === req.source ? last : runProgram(req.source);
      const r = run.results[req.index];
      if (r?.kind !== 'value') throw new Error('no such result');
      const graphed = r.graph ? r : r.derivation ? { ...r, graph: { f: r.derivation.f, variable: r.derivation.variable } } : undefined;
      if (!graphed) throw new Error('this result has no computation graph');
      post({ type: 'graph', id: req.id, svg: await graphSvg(graphed) });
    } catch (err) {
      post({ type: 'graph', id: req.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
};

function runProgram(source: string): Run {
  const session = new Session();
  last = { source, results: session.run(source), session };
  return last;
}

/** Past this many characters of LaTeX a result is not typeset: its HTML would be megabytes,
 * slow for the page to lay out (the text in the chosen format is still shown). */
const TYPESET_LIMIT = 20_000;

function tex(latex: string): string {
  if (latex.length > TYPESET_LIMIT) return `<p class="note">(${latex.length} characters of LaTeX: too large to typeset here; the text is below)</p>`;
  return katex.renderToString(latex, { displayMode: true, throwOnError: false, output: 'html' });
}

function valueView(r: ValueResult, line: number, check: boolean): ValueView {
  const graph = r.graph !== undefined || r.derivation !== undefined;
  if (r.graph) {
    // a graph(f, X) statement: f typeset, its text the DOT graph; the picture comes on request
    const dot = graphText(r, 'dot');
    return { kind: 'value', input: r.input, line, query: 'graph', shape: shapeText(r.result.shape), ms: r.ms, text: { latex: dot, plain: dot, unicode: dot, numpy: dot }, html: tex(print(r.result, 'latex')), graph };
  }
  const latex = print(r.result, 'latex');
  let explanation: string | undefined;
  try {
    const markdown = explainText(r, 'markdown');
    explanation = markdown.length > 2 * TYPESET_LIMIT ? `<p class="note">(the derivation is ${markdown.length} characters long: too large to typeset here; mcalc --explain prints it)</p>` : explanationHtml(markdown);
  } catch {
    explanation = undefined; // a result with nothing to explain
  }
  return {
    kind: 'value',
    input: r.input,
    line,
    query: r.query,
    shape: shapeText(r.result.shape),
    ms: r.ms,
    text: { latex, plain: print(r.result, 'plain'), unicode: print(r.result, 'unicode'), numpy: numpyDefinition(r) },
    html: tex(latex),
    explanation,
    check: check && r.derivation ? checkView(r) : undefined,
    graph,
  };
}

function checkView(r: ValueResult): ValueView['check'] {
  try {
    const c = checkResult(r);
    return { relativeError: c.relativeError, ok: c.ok, problem: c.problem };
  } catch (err) {
    return { relativeError: Infinity, ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
}

/** The 1-based line of an offset (0 when the statement was not found). */
function lineAt(source: string, offset: number): number {
  return offset < 0 ? 0 : source.slice(0, offset).split('\n').length;
}

function errorView(d: Diagnostic, source: string): ErrorView {
  if (!d.line) return { kind: 'error', message: d.message };
  const lineStart = source.split('\n').slice(0, d.line - 1).reduce((n, l) => n + l.length + 1, 0);
  const from = d.span?.line === d.line ? d.span.offset : lineStart + d.column - 1;
  // without a span, the word at the spot (a query's name: `grad: f must be a scalar...`)
  const word = /^[\p{L}\p{N}_]+/u.exec(source.slice(from))?.[0].length ?? 1;
  const to = d.span?.line === d.line ? Math.max(d.span.end, from + 1) : from + word;
  const spot: Spot = { line: d.line, column: d.column, from: Math.min(from, source.length), to: Math.min(to, source.length) };
  return { kind: 'error', message: d.message, spot };
}

function shapeText(s: Shape): string {
  if (s.rows === 1 && s.cols === 1) return 'scalar';
  return s.cols === 1 ? `${s.rows}` : `${s.rows} x ${s.cols}`;
}

/** Every declared and defined name; a definition's properties are all inferred from its body. */
function namesOf(session: Session): NameView[] {
  return session.scope.entries().map(({ name, node }) => {
    const s = node.shape;
    const type = s.rows === 1 && s.cols === 1 ? 'scalar' : s.cols === 1 ? `vector(${s.rows})` : `matrix(${s.rows}, ${s.cols})`;
    const props = s.rows === s.cols && s.rows !== 1 ? PROPERTY_NAMES.filter(([, flag]) => node.props & flag).map(([p]) => p) : [];
    const shown = node.kind === 'def' && props.length ? `${type} (inferred: ${props.join(', ')})` : [type, ...props].join(' ');
    return { name, type: shown, body: node.kind === 'def' ? print(node.body, 'unicode') : undefined };
  });
}

post({ type: 'ready' });
