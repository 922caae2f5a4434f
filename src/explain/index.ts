// explain(QUERY): the derivation of a query as text, in plain, unicode, latex (one `aligned`
// block that KaTeX and MathJax render) or markdown (prose with inline LaTeX math). What is said
// is built in model.ts; this file only lays it out.

import * as B from '../expr/index.js';
import type { Expr } from '../expr/index.js';
import { print, type Format } from '../print/index.js';
import { sharedForm, whereForm, type SharedName } from '../print/where.js';
import type { ValueResult } from '../engine/session.js';
import { graphText } from '../graph/index.js';
import { explanation, type Explanation, type Line, type Rule, type Section, type Side } from './model.js';

export { explanation, definitionsIn } from './model.js';
export type { Explanation, Line, Rule, Section, Side } from './model.js';

export type ExplainFormat = Format | 'markdown';

type MathFormat = 'plain' | 'unicode' | 'latex';

/** The derivation of r. numpy has no notation for a derivation and gets plain text; a graph(...)
 * statement explains itself: its DOT text lists every path and what it contributes. */
export function explainText(r: ValueResult, format: ExplainFormat): string {
  if (r.graph) return graphText(r, 'dot');
  const ex = explanation(r);
  switch (format) {
    case 'plain': case 'numpy': return textLayout(new Notation(ex, 'plain'), ex);
    case 'unicode': return textLayout(new Notation(ex, 'unicode'), ex);
    case 'latex': return latexLayout(new Notation(ex, 'latex'), ex);
    case 'markdown': return markdownLayout(new Notation(ex, 'latex'), ex);
  }
}

/** Expressions, differentials and the query in one math format, with the stand-ins of
 * model.ts printed as the differentials they stand for. */
class Notation {
  private readonly holes: [string, string][];
  /** the lines' expressions with the parts they share named once (src/print/where.ts), when large */
  private readonly shared?: { mains: Map<Expr, Expr>; where: SharedName[] };

  constructor(private readonly ex: Explanation, readonly format: MathFormat) {
    const roots = [...ex.sections.flatMap((s) => s.lines.flatMap((l) => [l.lhs, l.rhs])).flatMap(sideExpr), ex.result];
    // only where a line alone would be written with names: small derivations read as before
    if (roots.some((e) => whereForm(e) !== undefined)) this.shared = sharedForm(roots);
    this.holes = [...ex.holes].map(([h, of]) => [print(h, format), this.d(of)]);
  }

  expr(e: Expr): string {
    return this.filled(print(this.shared?.mains.get(e) ?? e, this.format));
  }

  /** The names the lines share, each with what it stands for (none when the lines are small). */
  whereList(): { name: string; body: string }[] {
    return (this.shared?.where ?? []).map((w) => ({ name: print(B.def(w.name, w.body), this.format), body: this.filled(print(w.body, this.format)) }));
  }

  private filled(printedText: string): string {
    let s = printedText;
    for (const [token, text] of this.holes) if (s.includes(token)) s = this.fill(s, token, text);
    return s;
  }

  /** A stand-in replaced by its differential, spaced from neighbouring factors as the printers
   * space dX (the stand-in is printed as a name, which the printers treat as a word). */
  private fill(s: string, token: string, text: string): string {
    if (this.format === 'unicode') s = s.split(`·${token}`).join(` ${token}`).split(`${token}·`).join(`${token} `);
    if (this.format === 'latex') {
      const t = token.replace(/[\\{}]/g, '\\$&');
      s = s.replace(new RegExp(`(?<=[^\\s{(=&+-]) ${t}`, 'g'), `\\, ${token}`).replace(new RegExp(`${t} (?=[^\\s+=&-])`, 'g'), `${token}\\, `);
    }
    return s.split(token).join(text);
  }

  /** d(e): for a name the printer's own d(X) form, otherwise d(...) around e. */
  d(e: Expr): string {
    if (e.kind === 'sym' || e.kind === 'def') return print(B.diff(B.sym(e.name, e.shape)), this.format);
    const inner = print(this.shared?.mains.get(e) ?? e, this.format);
    return this.format === 'latex' ? `\\mathrm{d}\\left(${inner}\\right)` : `d(${inner})`;
  }

  side(s: Side): string {
    if ('blank' in s) return '';
    return 'd' in s ? this.d(s.d) : this.expr(s.expr);
  }

  /** The left side of the last line: the query as written, or its mathematical name in LaTeX. */
  query(): string {
    const { ex } = this;
    if (this.format !== 'latex' || !ex.f || !ex.variable) return this.format === 'latex' ? `\\text{${texText(ex.input)}}` : ex.input;
    const f = print(ex.f, 'latex');
    const x = print(ex.variable, 'latex');
    switch (ex.kind) {
      case 'grad': return `\\nabla_{${x}} ${f}`;
      case 'hessian': return `\\nabla^2_{${x}} ${f}`;
      case 'jacobian': return `\\frac{\\partial ${f}}{\\partial ${x}}`;
      default: return this.d(ex.f);
    }
  }
}

const sideExpr = (s: Side): Expr[] => ('blank' in s ? [] : 'd' in s ? [s.d] : [s.expr]);

/**
 * A rule's citation as shown: `{x}` is the query's variable, and a formula is marked `like
 * this` (plain text drops the marks, LaTeX sets it in \texttt, Markdown keeps it as code).
 * Formulas in citations name their own placeholders M[k], which no program can declare, so
 * they never read as the user's names.
 */
function citationText(citation: string, ex: Explanation, format: ExplainFormat): string {
  const c = citation.replace(/\{x\}/g, ex.variable?.name ?? 'X');
  if (format === 'markdown') return c;
  if (format !== 'latex') return c.replace(/`/g, '');
  return c.split('`').map((part, i) => (i % 2 ? `\\texttt{${texText(part)}}` : texText(part))).join('');
}
const rulesText = (rules: readonly Rule[], ex: Explanation, format: ExplainFormat): string =>
  rules.map((r) => (r.citation ? `${format === 'latex' ? texText(r.id) : r.id}: ${citationText(r.citation, ex, format)}` : format === 'latex' ? texText(r.id) : r.id)).join('; ');
const relation = (l: Line): string => (l.defines ? ':=' : '=');

/** The rule column starts after the longest equation of a section, up to this width. */
const RULE_COLUMN = 64;

function textLayout(n: Notation, ex: Explanation): string {
  const out = [`explain ${ex.input}`];
  const lhsWidth = { value: 0 };
  for (const section of ex.sections) {
    out.push(section.title);
    const rows = equations(n, section, lhsWidth);
    const width = Math.min(RULE_COLUMN, Math.max(...rows.map((r) => r.text.length)));
    for (const { text, line } of rows) out.push(line.rules.length ? `${text.padEnd(width)}   [${rulesText(line.rules, ex, n.format)}]` : text);
  }
  out.push(`${n.query()} = ${n.expr(ex.result)}`);
  const where = n.whereList();
  if (where.length) out.push('where', ...where.map((w) => `  ${w.name} := ${w.body}`));
  return out.join('\n');
}

/** A section's equations as text; a continuation line puts its "=" under the one above (which
 * may end the previous section: `lhsWidth` carries over). */
function equations(n: Notation, section: Section, lhsWidth: { value: number }): { text: string; line: Line }[] {
  return section.lines.map((line) => {
    const lhs = n.side(line.lhs);
    if (lhs) lhsWidth.value = [...lhs].length;
    const left = lhs || ' '.repeat(lhsWidth.value);
    return { text: `  ${left} ${relation(line)} ${n.side(line.rhs)}`, line };
  });
}

function latexLayout(n: Notation, ex: Explanation): string {
  const rows = [`&\\textbf{explain } ${n.query()}`];
  for (const section of ex.sections) {
    rows.push(`&\\textit{${texText(section.title)}}`);
    for (const line of section.lines) {
      const eq = `${n.side(line.lhs)} &${relation(line)} ${n.side(line.rhs)}`;
      rows.push(line.rules.length ? `${eq} && \\text{${rulesText(line.rules, ex, 'latex')}}` : eq);
    }
  }
  rows.push(`${n.query()} &= ${n.expr(ex.result)}`);
  const where = n.whereList();
  if (where.length) rows.push('&\\textit{where}', ...where.map((w) => `${w.name} &:= ${w.body}`));
  return ['\\begin{aligned}', rows.join(' \\\\\n'), '\\end{aligned}'].join('\n');
}

function markdownLayout(n: Notation, ex: Explanation): string {
  const out = [`**explain** \`${ex.input}\``];
  for (const section of ex.sections) {
    out.push('', `*${section.title}*`, '');
    section.lines.forEach((line) => {
      const lhs = n.side(line.lhs);
      const math = `$${lhs ? `${lhs} ` : ''}${relation(line)} ${n.side(line.rhs)}$`;
      const why = line.rules.map((r) => `\`${r.id}\`${r.citation ? ` (${citationText(r.citation, ex, 'markdown')})` : ''}`).join(', ');
      out.push(`- ${math}${why ? ` — ${why}` : ''}`);
    });
  }
  out.push('', `**Result:** $${n.query()} = ${n.expr(ex.result)}$`);
  const where = n.whereList();
  if (where.length) out.push('', '*where*', '', ...where.map((w) => `- $${w.name} := ${w.body}$`));
  return out.join('\n');
}

/** Text for \text{...}: the characters TeX treats specially, escaped. */
export function texText(s: string): string {
  return s.replace(/[\\{}#$%&_^~]/g, (c) => {
    switch (c) {
      case '\\': return '\\textbackslash{}';
      case '^': return '\\textasciicircum{}';
      case '~': return '\\textasciitilde{}';
      default: return `\\${c}`;
    }
  });
}
