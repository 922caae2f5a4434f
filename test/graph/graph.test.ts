// graph(f, X): the seed problems' graphs lay out in Graphviz, Q1 shows W reaching f along two
// paths, shared subexpressions are drawn once, and the paths' terms add up to the gradient.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instance } from '@viz-js/viz';
import { Session, type ValueResult } from '../../src/engine/session.js';
import * as B from '../../src/expr/index.js';
import { simplify } from '../../src/simplify/index.js';
import { print } from '../../src/print/index.js';
import { buildGraph, graphSvg, graphText, pathLines } from '../../src/graph/index.js';
import { definitionsIn, explainText } from '../../src/explain/index.js';
import { formatResult } from '../../src/cli/output.js';

const seed = (n: 1 | 2): string => readFileSync(new URL(`../../examples/seed-q${n}.mc`, import.meta.url), 'utf8');

/** Runs a program and returns the value of its last statement, and the results of the others. */
function run(program: string): { last: ValueResult; all: ValueResult[] } {
  const all = new Session().run(program).filter((r): r is ValueResult => r.kind === 'value');
  if (!all.length) throw new Error(`no result from ${program}`);
  return { last: all[all.length - 1]!, all };
}

const q1 = run(`${seed(1)}\ngraph(1/2*norm(r)^2, W)`);
const q2 = run(`${seed(2)}\ngraph(h, x)`);

/** The edges drawn in a path colour (and only those), by "from -> to". */
function colouredEdges(dot: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of dot.matchAll(/^ {2}(n\d+) -> (n\d+) \[.*?color="(#[0-9a-f]{6}(?::#[0-9a-f]{6})*)"/gm)) out.set(`${m[1]} -> ${m[2]}`, m[3]!.split(':'));
  return out;
}

describe('seed Q1: W contributes to two paths', () => {
  const g = buildGraph(q1.last.graph!.f, q1.last.graph!.variable);
  const dot = graphText(q1.last, 'dot');

  it('is a graph(f, W) result with f as its result', () => {
    expect(q1.last.query).toBe('graph');
    expect(q1.last.graph!.variable.name).toBe('W');
    expect(q1.last.result).toBe(q1.last.graph!.f);
  });

  it('finds exactly two paths from f to W, one through W\' and one through W', () => {
    expect(g.pathCount).toBe(2);
    expect(g.paths).toHaveLength(2);
    const labels = g.paths.map((p) => p.nodes.map((id) => g.nodes.find((n) => n.id === id)!.label));
    expect(labels.map((l) => l.at(-1))).toEqual(['W', 'W']);
    expect(labels.map((l) => l.at(-2)).sort()).toEqual(['*', 'transpose']);
    for (const l of labels) expect(l).toContain('r :=');
  });

  it('gives each path its term, and the terms add up to the gradient', () => {
    const terms = g.paths.map((p) => print(p.term!, 'plain')).sort();
    expect(terms).toEqual(["W*r*x'", "W*x*r'"]);
    const grad = run(`${seed(1)}`).last.result;
    expect(simplify(B.add(...g.paths.map((p) => p.term!)), definitionsIn(q1.last.graph!.f))).toBe(grad);
  });

  it('draws every node once: x is shared by W\'*W*x and -x', () => {
    const xs = g.nodes.filter((n) => n.expr.kind === 'sym' && n.label === 'x');
    expect(xs).toHaveLength(1);
    expect(g.edges.filter((e) => e.to === xs[0]!.id)).toHaveLength(2);
    expect(new Set(g.nodes.map((n) => n.expr)).size).toBe(g.nodes.length);
  });

  it('highlights the two paths in DOT: shared edges carry both colours, the last edges one each', () => {
    const edges = colouredEdges(dot);
    const w = g.nodes.find((n) => n.role === 'variable')!.id;
    const intoW = [...edges].filter(([k]) => k.endsWith(`-> ${w}`));
    expect(intoW).toHaveLength(2);
    expect(new Set(intoW.map(([, c]) => c.join()))).toHaveProperty('size', 2);
    expect([...edges.values()].filter((c) => c.length === 2).length).toBeGreaterThanOrEqual(4);
    expect(dot).toMatch(/path 1: f -&gt; .* contributes /);
    expect(dot).toMatch(/path 2: f -&gt; .* contributes /);
  });

  it('draws the definition r as its own node with a dashed edge to its body', () => {
    expect(dot).toMatch(/n\d+ \[label=<r :=<br\/><font point-size="8" color="#757575">n x 1<\/font>>/);
    // ":=" off to the side of the edge's start, where the edge's lines cannot draw over it
    expect(dot).toMatch(/ -> n\d+ \[style=dashed, taillabel=":=", labelangle=-60, labeldistance=1.6/);
  });
});

describe('seed Q2: four paths to x through K', () => {
  const g = buildGraph(q2.last.graph!.f, q2.last.graph!.variable);

  it('draws inv(beta) as one node "inv" over beta, and a transpose as "transpose"', () => {
    const inv = g.nodes.filter((n) => n.label === 'inv' && n.expr.kind === 'pow');
    expect(inv).toHaveLength(1);
    expect(g.edges.filter((e) => e.from === inv[0]!.id).map((e) => g.nodes.find((n) => n.id === e.to)!.label)).toEqual(['beta']);
    expect(g.nodes.some((n) => n.label === '-1')).toBe(false);
    expect(g.nodes.filter((n) => n.expr.kind === 'transpose').every((n) => n.label === 'transpose')).toBe(true);
  });

  it('lays out in a reasonable height (it was 955 pt)', async () => {
    const svg = await graphSvg(q2.last);
    const height = Number(/<svg[^>]* height="(\d+)pt"/.exec(svg)![1]);
    expect(height).toBeLessThan(650);
  });

  it('draws K once although log(det(K)) and inv(K) both use it', () => {
    const k = g.nodes.filter((n) => n.label === 'K :=');
    expect(k).toHaveLength(1);
    expect(g.edges.filter((e) => e.to === k[0]!.id)).toHaveLength(2);
  });

  it('has four paths, whose terms add up to the seed answer', () => {
    expect(g.pathCount).toBe(4);
    const sum = simplify(B.add(...g.paths.map((p) => p.term!)), definitionsIn(q2.last.graph!.f));
    expect(print(sum, 'plain')).toBe("alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x");
  });

  it('lists the paths in the legend', () => {
    expect(pathLines(g)).toHaveLength(4);
    expect(pathLines(g)[0]).toMatch(/^path 1: h -> \+ -> .* -> K -> .* -> x {3}contributes /);
  });
});

describe('Graphviz lays the DOT out', () => {
  it.each([
    ['Q1', q1.last],
    ['Q2', q2.last],
  ])('%s renders to SVG without errors or warnings', async (_, r) => {
    const viz = await instance();
    const out = viz.render(graphText(r, 'dot'), { format: 'svg' });
    expect(out.errors).toEqual([]);
    expect(out.status).toBe('success');
    expect(out.output).toContain('<svg');
  });

  it('graphSvg renders in-process, with the path colours in the drawing', async () => {
    const svg = await graphSvg(q1.last);
    expect(svg).toMatch(/^<\?xml|^<svg/);
    expect(svg).toContain('stroke="#d62728"');
    expect(svg).toContain('stroke="#1f77b4"');
  });

  it('rejects what is not DOT, so the checks above can fail', async () => {
    const viz = await instance();
    expect(viz.render('digraph { a -> }', { format: 'svg' }).status).toBe('failure');
  });
});

describe('Mermaid', () => {
  const text = graphText(q1.last, 'mermaid');

  it('is a top-down flowchart with every node and edge', () => {
    const g = buildGraph(q1.last.graph!.f, q1.last.graph!.variable);
    expect(text.split('\n')[0]).toBe('flowchart TD');
    expect(text.match(/^ {2}n\d+\["/gm)).toHaveLength(g.nodes.length);
    expect(text.match(/^ {2}n\d+ (-->|-\.->\|":="\|) n\d+$/gm)).toHaveLength(g.edges.length);
  });

  it('styles the path edges by position and marks the variable', () => {
    const links = [...text.matchAll(/^ {2}n\d+ (?:-->|-\.->\|":="\|) n\d+$/gm)].map((m) => m[0]);
    for (const m of text.matchAll(/^ {2}linkStyle (\d+) stroke:#/gm)) expect(links[Number(m[1])]).toBeDefined();
    expect(text).toMatch(/^ {2}class n\d+ variable$/m);
    expect(text).toContain('p2["path 2: f -#gt; ');
  });
});

describe('graph results in the shells', () => {
  it('print as DOT through formatResult and explainText', () => {
    expect(formatResult(q1.last, 'plain')).toBe(graphText(q1.last, 'dot'));
    expect(explainText(q1.last, 'latex')).toBe(graphText(q1.last, 'dot'));
  });

  it('a function that does not depend on X has no path and no highlighted edge', () => {
    const r = run("x, y : vector(n)\ngraph(y'*y, x)").last;
    expect(buildGraph(r.graph!.f, r.graph!.variable).pathCount).toBe(0);
    expect(graphText(r, 'dot')).toContain('no path: f does not depend on x');
    expect(colouredEdges(graphText(r, 'dot')).size).toBe(0);
  });

  it('lists 16 paths, counts the rest, and still highlights every edge on a path', () => {
    // each definition uses the one before twice: 2^5 paths from f to x
    const r = run("x : vector(n)\nA : matrix(n, n)\ns := x'*A*x\nu := s*log(s)\nv := u*exp(u)\nw := v*sin(v)\ngraph(w*cos(w), x)").last;
    const g = buildGraph(r.graph!.f, r.graph!.variable);
    expect(g.pathCount).toBe(32);
    expect(g.paths).toHaveLength(16);
    expect(pathLines(g).at(-1)).toBe('... and 16 more paths');
    expect(g.edges.filter((e) => e.onPath && e.paths.length === 0).length).toBeGreaterThan(0);
    expect(graphText(r, 'dot')).toContain('color="#444444"');
  });

  it('a non-scalar f contributes terms of the differential', () => {
    const r = run("x : vector(n)\nA : matrix(n, n)\ngraph(A*x*x', x)").last;
    const g = buildGraph(r.graph!.f, r.graph!.variable);
    expect(g.termKind).toBe('differential');
    expect(g.paths.map((p) => print(p.term!, 'plain')).sort()).toEqual(["A*d(x)*x'", "A*x*d(x)'"]);
  });
});

describe('the CLI loads @viz-js/viz only for SVG', () => {
  // a preloaded script that makes requiring @viz-js/viz fail, so that any load of it shows
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcalc-lazy-'));
    writeFileSync(join(dir, 'refuse-viz.cjs'), `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@viz-js/viz') throw new Error('viz-js was loaded');
  return resolve.call(this, request, ...rest);
};
`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const BIN = new URL('../../bin/mcalc.js', import.meta.url).pathname;
  const mcalc = (args: string[], input?: string): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, ['--require', join(dir, 'refuse-viz.cjs'), BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, MCALC_HISTORY: '' } });

  it('prints DOT without it', () => {
    const r = mcalc(['-e', `${seed(1)}\ngraph(1/2*norm(r)^2, W)`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('digraph mcalc {');
  });

  it('loads it when SVG is asked for (which the hook refuses: the check can fail)', () => {
    const r = mcalc(['--repl'], `${seed(1)}\n:graph svg ${join(dir, 'g.svg')}\ngraph(1/2*norm(r)^2, W)\n`);
    expect(r.stdout).toContain('viz-js was loaded');
  });
});
