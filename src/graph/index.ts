// graph(f, X) as text: Graphviz DOT (the default), Mermaid, or SVG laid out in-process by
// @viz-js/viz. Every path from f to X is drawn in its own colour (an edge shared by several
// paths carries all their colours side by side), and a legend lists each path with the term it
// contributes to the derivative.

import type * as Viz from '@viz-js/viz';
import { print } from '../print/index.js';
import type { ValueResult } from '../engine/session.js';
import { buildGraph, type ComputationGraph, type GraphNode } from './model.js';

export { buildGraph } from './model.js';
export type { ComputationGraph, GraphNode, GraphEdge, GraphPath } from './model.js';

export type GraphFormat = 'dot' | 'mermaid' | 'svg';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['dot', 'mermaid', 'svg'];

/** One colour per listed path (cycling when there are more paths). */
const PATH_COLOURS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const colour = (path: number): string => PATH_COLOURS[(path - 1) % PATH_COLOURS.length]!;
/** for edges on a path beyond the listed ones (and, in Mermaid, edges on several paths) */
const UNLISTED = '#444444';
const VARIABLE_FILL = '#ffe08a';

function graphOf(r: ValueResult): ComputationGraph {
  if (!r.graph) throw new Error(`internal: ${r.input} is not a graph(f, X) statement`);
  return buildGraph(r.graph.f, r.graph.variable);
}

/** The graph of a graph(f, X) result as DOT or Mermaid text (for SVG see graphSvg). */
export function graphText(r: ValueResult, format: Exclude<GraphFormat, 'svg'> = 'dot'): string {
  const g = graphOf(r);
  return format === 'dot' ? dot(g, r.input) : mermaid(g, r.input);
}

/** How @viz-js/viz is loaded; a shell may provide its own way (useVizLoader). */
export type VizLoader = () => Promise<Pick<typeof Viz, 'instance'>>;

/** The default: import(), which gives Node its ES module build and a browser bundle the browser
 * build. The command line replaces it (src/cli/node-host.ts): it runs as a CommonJS bundle
 * compiled by node:vm (src/cli/load.cts), where Node 20 has no import() of packages. */
let loadViz: VizLoader = () => import('@viz-js/viz');

export function useVizLoader(loader: VizLoader): void {
  loadViz = loader;
}

/** The graph laid out by Graphviz (compiled to WebAssembly), as an SVG document. The module is
 * loaded on first use only: it is large, and nothing else needs it. */
export async function graphSvg(r: ValueResult): Promise<string> {
  const text = graphText(r, 'dot');
  const { instance } = await loadViz();
  return (await instance()).renderString(text, { format: 'svg', engine: 'dot' });
}

/** One line per listed path: the nodes it passes and the term it contributes. */
export function pathLines(g: ComputationGraph): string[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const lines = g.paths.map((p) => {
    // the root is "f" (or its definition's name), the others their operator or name
    const via = p.nodes.map((id, i) => (i === 0 && g.f.kind !== 'def' ? 'f' : byId.get(id)!.label.replace(/ :=$/, ''))).join(' -> ');
    const term = p.term ? print(p.term, 'plain') : '(no closed form here)';
    return `path ${p.index}: ${via}   contributes ${term}`;
  });
  if (g.pathCount > g.paths.length) lines.push(`... and ${g.pathCount - g.paths.length} more paths`);
  return lines;
}

function summary(g: ComputationGraph, input: string): string {
  const n = g.pathCount;
  const paths = n === 0 ? `no path: f does not depend on ${g.variable.name}` : `${n} path${n === 1 ? '' : 's'} from f to ${g.variable.name}`;
  return `${input}: ${paths}; each path contributes one term of the ${g.termKind}`;
}

const dotString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function dotNode(n: GraphNode, root: string): string {
  const attrs = [`label=${dotString(`${n.label}\n${n.shape}`)}`, `tooltip=${dotString(print(n.expr, 'plain'))}`];
  if (n.id === root && n.role !== 'definition') attrs.push('xlabel="f"');
  if (n.role === 'variable') attrs.push(`fillcolor="${VARIABLE_FILL}"`, 'penwidth=2');
  else if (n.role === 'definition') attrs.push('style="rounded,filled,bold"', 'fillcolor="#e8f0fe"');
  else if (n.onPath) attrs.push('penwidth=1.5');
  else attrs.push('color="#9e9e9e"', 'fontcolor="#616161"');
  return `  ${n.id} [${attrs.join(', ')}];`;
}

function dot(g: ComputationGraph, input: string): string {
  const lines = [
    `// ${summary(g, input)}`,
    'digraph mcalc {',
    `  graph [rankdir=TB, labelloc=t, fontname="Helvetica", label=${dotString(input)}];`,
    '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica", fontsize=11];',
    '  edge [color="#9e9e9e", arrowsize=0.7, fontname="Helvetica", fontsize=9];',
    ...g.nodes.map((n) => dotNode(n, g.root)),
  ];
  for (const e of g.edges) {
    const attrs: string[] = [];
    if (e.definition) attrs.push('style=dashed', 'label=":="');
    if (e.paths.length) attrs.push(`color="${e.paths.map(colour).join(':')}"`, 'penwidth=2');
    else if (e.onPath) attrs.push(`color="${UNLISTED}"`, 'penwidth=2');
    lines.push(`  ${e.from} -> ${e.to}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  const legend = pathLines(g);
  if (legend.length) {
    // one label line per path, left-justified (\l), in the colour of its path
    const rows = legend.map((l, i) => `<tr><td align="left"><font color="${g.paths[i] ? colour(g.paths[i]!.index) : UNLISTED}">${htmlText(l)}</font></td></tr>`);
    // Courier: Graphviz has no fonts in WebAssembly and estimates text widths; monospace estimates hold
    lines.push(`  legend [shape=plain, fillcolor=none, fontname="Courier", fontsize=10, label=<<table border="1" cellborder="0" cellpadding="3" color="#9e9e9e">${rows.join('')}</table>>];`);
    lines.push('  { rank=sink; legend; }');
  }
  lines.push('}');
  return lines.join('\n');
}

const htmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Mermaid's quoted labels: quotes and angle brackets as entity codes, lines split by <br/>. */
const mermaidText = (s: string): string => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, '<br/>');

function mermaid(g: ComputationGraph, input: string): string {
  const lines = ['flowchart TD', `  %% ${summary(g, input)}`];
  for (const n of g.nodes) lines.push(`  ${n.id}["${mermaidText(`${n.label}\n${n.shape}`)}"]`);
  // linkStyle refers to links by their position in the text. A link has one colour here, so
  // an edge on several paths is drawn thick and dark, an edge on one path in that path's colour.
  const styles: string[] = [];
  g.edges.forEach((e, i) => {
    lines.push(`  ${e.from} ${e.definition ? '-.->|":="|' : '-->'} ${e.to}`);
    if (e.paths.length === 1) styles.push(`  linkStyle ${i} stroke:${colour(e.paths[0]!)},stroke-width:2.5px`);
    else if (e.onPath) styles.push(`  linkStyle ${i} stroke:${UNLISTED},stroke-width:${e.paths.length > 1 ? 4 : 2.5}px`);
  });
  lines.push(...styles);
  lines.push(`  classDef variable fill:${VARIABLE_FILL},stroke:#333,stroke-width:2px`, '  classDef definition fill:#e8f0fe,stroke:#333');
  const variable = g.nodes.find((n) => n.role === 'variable');
  if (variable) lines.push(`  class ${variable.id} variable`);
  const defs = g.nodes.filter((n) => n.role === 'definition');
  if (defs.length) lines.push(`  class ${defs.map((n) => n.id).join(',')} definition`);
  const legend = pathLines(g);
  if (legend.length) {
    lines.push(`  subgraph paths["paths from f to ${mermaidText(g.variable.name)}"]`);
    legend.forEach((l, i) => lines.push(`    p${i + 1}["${mermaidText(l)}"]`));
    lines.push('  end');
    g.paths.forEach((p) => lines.push(`  style p${p.index} stroke:${colour(p.index)},stroke-width:2px`));
  }
  return lines.join('\n');
}
