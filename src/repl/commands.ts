// The REPL's `:` commands, its tab completion and the `:decls` listing. The line loop, history
// and terminal handling are in repl.ts; this file knows nothing about streams.

import { readdirSync, statSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { homedir } from 'node:os';
import { PROPERTY_NAMES, POSDEF, SYMMETRIC, INVERTIBLE, ORTHOGONAL, DIAGONAL, isScalarShape, type Expr, type Shape } from '../expr/index.js';
import { print } from '../print/index.js';
import { SHOW_FORMATS as FORMATS, type ShowFormat } from '../cli/output.js';
import type { Scope } from '../check/scope.js';
import { KNOWN_FUNCTIONS, QUERY_NAMES } from '../check/vocabulary.js';
import { GRAPH_FORMATS, type GraphFormat } from '../graph/index.js';
import type { ExportFormat } from './export.js';

// the language's own table (src/check/vocabulary.ts); d(X) is no name to complete
const FUNCTION_NAMES = KNOWN_FUNCTIONS.filter((f) => f !== 'd');
export const COMMAND_NAMES = [':help', ':format', ':decls', ':reset', ':load', ':explain', ':graph', ':latex', ':md', ':quit'];

const HELP = `Type a program a statement at a time; declarations and definitions are kept.
  x, y : vector(n)          declare (scalar, vector(d), matrix(r, c); symmetric, posdef, ...)
  K := alpha*x*x' + I       define an abbreviation
  grad(x'*K*x, x)           query: grad jacobian hessian differential derivative simplify
  explain(grad(f, x))       the derivation, rule by rule
  graph(f, x)               the computation graph of f, every path to x marked
  ans                       the last result
Commands:
  :help                     this text
  :format [FORMAT]          show or set the output format: ${FORMATS.join(', ')}
  :decls                    every name with its type and properties (inferred ones marked)
  :reset                    forget every name
  :load FILE                run a program file in this session
  :explain [on|off]         show the derivation of every query
  :graph [FORMAT [FILE]]    graph output: dot, mermaid or svg (svg needs FILE); with FILE, written there
  :latex FILE, :md FILE     write every derivation of the session to a LaTeX or Markdown file
  :quit                     leave (or Ctrl-D); Ctrl-C cancels the line
Input continues on the next line while a parenthesis is open. Tab completes names, types and
properties; Ctrl-R searches the history.`;

/** What the commands act on; repl.ts provides it. */
export interface CommandContext {
  format: ShowFormat;
  explain: boolean;
  graphFormat: GraphFormat;
  graphFile?: string;
  readonly scope: Scope;
  /** the last result, when there is one */
  readonly ans?: Expr;
  reset(): void;
  load(file: string): void | Promise<void>;
  /** writes the session's derivations to a file */
  exportDerivations(format: ExportFormat, file: string): void;
  quit(): void;
  say(text: string): void;
  /** a message for a mistake in the command; the REPL goes on */
  complain(text: string): void;
}

export function runCommand(text: string, ctx: CommandContext): void | Promise<void> {
  const [name = '', ...args] = text.trim().split(/\s+/);
  const arg = args.join(' ');
  switch (name) {
    case ':help': case ':h': case ':?': return ctx.say(HELP);
    case ':quit': case ':q': case ':exit': return ctx.quit();
    case ':decls': return ctx.say(declsText(ctx.scope, ctx.format, ctx.ans) || 'nothing declared yet');
    case ':reset':
      ctx.reset();
      return ctx.say('every name forgotten');
    case ':format':
      if (!arg) return ctx.say(`format: ${ctx.format}`);
      if (!FORMATS.includes(arg as ShowFormat)) return ctx.complain(`:format takes one of ${FORMATS.join(', ')}, not "${arg}"`);
      ctx.format = arg as ShowFormat;
      return ctx.say(`format: ${ctx.format}`);
    case ':explain':
      if (arg && arg !== 'on' && arg !== 'off') return ctx.complain(`:explain takes on or off, not "${arg}"`);
      if (arg) ctx.explain = arg === 'on';
      return ctx.say(`explain: ${ctx.explain ? 'on' : 'off'}`);
    case ':graph': {
      if (!args.length) return ctx.say(`graph: ${ctx.graphFormat}${ctx.graphFile ? ` to ${ctx.graphFile}` : ''}`);
      if (!GRAPH_FORMATS.includes(args[0] as GraphFormat)) return ctx.complain(`:graph takes one of ${GRAPH_FORMATS.join(', ')}, not "${args[0]}"`);
      const file = args.slice(1).join(' ');
      // an SVG document is for a browser, not for the terminal
      if (args[0] === 'svg' && !file) return ctx.complain(':graph svg needs a file to write to, as in :graph svg graph.svg');
      ctx.graphFormat = args[0] as GraphFormat;
      if (file) ctx.graphFile = expandHome(file);
      else delete ctx.graphFile;
      return ctx.say(`graph: ${ctx.graphFormat}${ctx.graphFile ? ` to ${ctx.graphFile}` : ''}`);
    }
    case ':latex': case ':md':
      if (!arg) return ctx.complain(`${name} needs a file name, as in ${name} derivations.${name === ':md' ? 'md' : 'tex'}`);
      return ctx.exportDerivations(name === ':md' ? 'md' : 'latex', expandHome(arg));
    case ':load':
      if (!arg) return ctx.complain(':load needs a file name, as in :load examples/seed-q1.mc');
      return ctx.load(expandHome(arg));
    default:
      return ctx.complain(`unknown command ${name}; :help lists the commands`);
  }
}

const expandHome = (path: string): string => (path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path);

/**
 * Tab completion in node:readline's form: the candidates and the part of the line they
 * replace. Commands and their arguments at the start of a line; elsewhere the word before the
 * cursor against the declared names, the functions and the queries (those with "(").
 */
export function complete(line: string, names: readonly string[]): [string[], string] {
  const command = /^\s*(:\w*)$/.exec(line);
  if (command) return [COMMAND_NAMES.filter((c) => c.startsWith(command[1]!)), command[1]!];
  const option = /^\s*:(format|explain|graph)\s+(\w*)$/.exec(line);
  if (option) {
    const choices = option[1] === 'format' ? FORMATS : option[1] === 'explain' ? ['on', 'off'] : GRAPH_FORMATS;
    return [choices.filter((c) => c.startsWith(option[2]!)), option[2]!];
  }
  const load = /^\s*:(?:load|latex|md)\s+(.*)$/.exec(line);
  if (load) return [completeFile(load[1]!), load[1]!];
  if (/^\s*:/.test(line)) return [[], line];
  const declaration = completeDeclaration(line);
  if (declaration) return declaration;
  const word = /[\p{L}_][\p{L}\p{N}_]*$/u.exec(line)?.[0] ?? '';
  if (!word) return [[], ''];
  const candidates = [...names, ...FUNCTION_NAMES.map((f) => `${f}(`), ...[...QUERY_NAMES].map((q) => `${q}(`)];
  return [[...new Set(candidates.filter((c) => c.startsWith(word)))], word];
}

const TYPE_NAMES = ['scalar', 'vector(', 'matrix('];
const PROPERTIES = PROPERTY_NAMES.map(([name]) => name);

/** In a declaration (`x : ...`, not `:=`): the types after the colon, the properties after a
 * matrix type (those not given yet). */
function completeDeclaration(line: string): [string[], string] | undefined {
  const type = /^\s*[\p{L}_][\p{L}\p{N}_]*(?:\s*,\s*[\p{L}_][\p{L}\p{N}_]*)*\s*:(?!=)\s*(\w*)$/u.exec(line);
  if (type) return [TYPE_NAMES.filter((t) => t.startsWith(type[1]!)), type[1]!];
  const props = /^[^:]*:(?!=)\s*matrix\s*\([^)]*\)([\s\w,]*?)(\w*)$/.exec(line);
  if (!props || (props[1] === '' && props[2] === '')) return undefined;
  const given = props[1]!.split(/[\s,]+/);
  return [PROPERTIES.filter((p) => p.startsWith(props[2]!) && !given.includes(p)), props[2]!];
}

/** File names starting with `partial` (directories with a trailing slash). */
function completeFile(partial: string): string[] {
  const dir = partial.endsWith('/') ? partial : dirname(partial);
  const start = partial.endsWith('/') ? '' : basename(partial);
  try {
    return readdirSync(expandHome(dir) || '.')
      .filter((f) => f.startsWith(start) && !f.startsWith('.'))
      .map((f) => {
        const path = dir === '.' && !partial.startsWith('./') ? f : join(dir, f);
        return statSync(expandHome(path)).isDirectory() ? `${path}/` : path;
      });
  } catch {
    return [];
  }
}

/** A flag implied by another one present (posdef gives symmetric and invertible, ...). */
const IMPLIED: ReadonlyArray<readonly [number, number]> = [
  [POSDEF, SYMMETRIC | INVERTIBLE],
  [ORTHOGONAL, INVERTIBLE],
  [DIAGONAL, SYMMETRIC],
];

function typeText(s: Shape): string {
  if (isScalarShape(s)) return 'scalar';
  return s.cols === 1 ? `vector(${s.rows})` : `matrix(${s.rows}, ${s.cols})`;
}

/** The properties of a node: those declared, then the inferred ones marked. For a symbol the
 * inferred ones are those another declared property implies; for a definition or a result
 * (`allInferred`), all of them. */
function propsText(e: Expr, allInferred = e.kind !== 'sym'): string {
  if (isScalarShape(e.shape) || e.shape.rows !== e.shape.cols) return '';
  const implied = IMPLIED.reduce((m, [flag, gives]) => (e.props & flag ? m | gives : m), 0);
  const inferred = (flag: number): boolean => allInferred || (implied & flag) !== 0;
  const present = PROPERTY_NAMES.filter(([, flag]) => e.props & flag);
  const declared = present.filter(([, flag]) => !inferred(flag)).map(([n]) => n);
  const derived = present.filter(([, flag]) => inferred(flag)).map(([n]) => n);
  return [...declared, ...(derived.length ? [`(inferred: ${derived.join(', ')})`] : [])].join(' ');
}

/** Every name: type and properties; a definition also its body; the last line `ans`. */
export function declsText(scope: Scope, format: ShowFormat, ans?: Expr): string {
  // bodies are program text, so latex and numpy show them in the plain language
  const show = (e: Expr): string => print(e, format === 'unicode' ? 'unicode' : 'plain');
  const rows = scope.entries().map(({ name, node }) => ({
    name,
    type: [typeText(node.shape), propsText(node)].filter(Boolean).join(' '),
    body: node.kind === 'def' ? `:= ${show(node.body)}` : '',
  }));
  if (ans && !rows.some((r) => r.name === 'ans')) rows.push({ name: 'ans', type: [typeText(ans.shape), propsText(ans, true)].filter(Boolean).join(' '), body: `= ${show(ans)}` });
  const nameWidth = Math.max(0, ...rows.map((r) => r.name.length));
  const typeWidth = Math.max(0, ...rows.map((r) => r.type.length));
  return rows.map((r) => `${r.name.padEnd(nameWidth)} : ${r.body ? `${r.type.padEnd(typeWidth)}  ${r.body}` : r.type}`).join('\n');
}
