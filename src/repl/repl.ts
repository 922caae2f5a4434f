// The REPL (LANGUAGE.md section 4): one Session for the whole sitting, so declarations and
// definitions persist; `ans` is the last result; `:` commands (commands.ts); input continues
// while a statement is incomplete; history in a file; tab completion; colour on a terminal.
// Nothing typed ends it but :quit and Ctrl-D: errors print with a caret, and a bug in the
// engine prints one line and the REPL goes on.

import * as readline from 'node:readline';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Session, type ValueResult } from '../engine/session.js';
import { Scope } from '../check/scope.js';
import { isIncomplete } from '../parse/parse.js';
import type { Expr } from '../expr/index.js';
import { mentions } from '../expr/leaves.js';
import type { Diagnostic } from '../parse/ast.js';
import { print } from '../print/index.js';
import { errorText, explainedResult, fileProblem, formatResult, inferredNote, isLibrary, type ShowFormat } from '../cli/output.js';
import { PythonModule } from '../codegen/index.js';
import { graphSvg, graphText, type GraphFormat } from '../graph/index.js';
import { complete, runCommand, type CommandContext } from './commands.js';
import { addReverseSearch } from './search.js';
import { derivationsDocument, type ExportFormat } from './export.js';

/** A step that finishes at once, or later (an SVG graph is rendered asynchronously). */
type Step = void | Promise<void>;

/** f after r: at once when r finished at once. */
const then = (r: Step, f: () => Step): Step => (r ? r.then(f) : f());

export interface ReplOptions {
  format: ShowFormat;
  explain: boolean;
  /** default process.stdin */
  input?: Readable;
  /** default process.stdout; results and errors both go here, in order */
  output?: Writable;
  /** the history file: default $MCALC_HISTORY, else ~/.mcalc_history; '' keeps none */
  historyFile?: string;
}

/** Lines kept in the history file. */
const HISTORY_SIZE = 1000;

const PROMPT = 'mcalc> ';
const CONTINUE = '  ...> ';

const ANSI = { red: '\x1b[31m', cyan: '\x1b[1;36m', dim: '\x1b[2m', reset: '\x1b[0m' };

/** A scope where `ans` is the session's last result, unless the program names its own `ans`,
 * and unless the result uses a name declared or defined anew since (it would mean the old one). */
class ReplScope extends Scope {
  constructor(private readonly last: () => Expr | undefined) {
    super();
  }

  override lookup(name: string): Expr | undefined {
    return super.lookup(name) ?? (name === 'ans' && !this.ansIsStale() ? this.last() : undefined);
  }

  override whyUnknown(name: string): string | undefined {
    if (name !== 'ans') return undefined;
    return this.last() === undefined ? 'ans is the last result, and there is none yet' : 'ans is forgotten: a name in it has since been declared or defined anew';
  }

  private ansIsStale(): boolean {
    const ans = this.last();
    return ans !== undefined && [...this.replaced].some((old) => mentions(ans, old));
  }
}

class ReplSession extends Session {
  // Session.last is set after every statement, so `ans` works within one line too
  override readonly scope: ReplScope = new ReplScope(() => this.last);
}

/** Runs the REPL until :quit or the end of the input; the exit status is 0. */
export function startRepl(options: ReplOptions): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const terminal = Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  return new Repl(options, input, output, terminal).start();
}

class Repl implements CommandContext {
  format: ShowFormat;
  explain: boolean;
  graphFormat: GraphFormat = 'dot';
  graphFile?: string;
  private session = new ReplSession();
  /** the lines of a statement still open */
  private pending: string[] = [];
  /** input lines read so far, and the number of the first line of the open statement: piped
   * input reports errors at the line of the input */
  private lineNumber = 0;
  private pendingStart = 1;
  /** the derivations of the session, for :latex and :md */
  private derivations: ValueResult[] = [];
  /** steps still running (an SVG being rendered); later lines wait for them */
  private waiting?: Promise<void>;
  private closed = false;
  private readonly colour: boolean;
  private readonly historyFile: string;
  private lastHistoryLine: string | undefined;
  private readonly rl: readline.Interface;

  constructor(options: ReplOptions, input: Readable, private readonly output: Writable, private readonly terminal: boolean) {
    this.format = options.format;
    this.explain = options.explain;
    const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
    this.colour = terminal && !noColor && ((output as { hasColors?: () => boolean }).hasColors?.() ?? false);
    this.historyFile = options.historyFile ?? process.env.MCALC_HISTORY ?? join(homedir(), '.mcalc_history');
    const history = this.loadHistory();
    this.lastHistoryLine = history[0];
    this.rl = readline.createInterface({
      input,
      output,
      terminal,
      history,
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      completer: (line: string) => complete(line, this.names()),
    });
    if (terminal) addReverseSearch(this.rl, () => this.promptText());
  }

  get scope(): Scope {
    return this.session.scope;
  }

  get ans(): Expr | undefined {
    return this.session.last;
  }

  start(): Promise<number> {
    return new Promise((done) => {
      this.rl.on('line', (line) => this.enqueue(() => then(this.line(line), () => this.prompt())));
      this.rl.on('close', () =>
        this.enqueue(() => {
          if (this.terminal) this.output.write('\n');
          // input that ends inside a statement (Ctrl-D at the "...>" prompt, or the end of
          // piped input) still gets the statement run, and its error
          const last = this.pending.length && !this.closed ? this.run(this.pending.join('\n'), { firstLine: this.pendingStart }) : undefined;
          return then(last, () => done(0));
        }),
      );
      this.rl.on('SIGINT', () => this.cancel());
      if (this.terminal) this.say('mcalc: symbolic matrix calculus. :help for help, Ctrl-D to leave.');
      this.prompt();
    });
  }

  /**
   * Lines are handled strictly in order, each after the previous one's output; at once when
   * nothing is still running, so that the results of pasted lines come before the next prompt
   * (readline echoes the next pasted line as soon as this one's handler returns).
   */
  private enqueue(step: () => Step): void {
    const started = this.waiting ? this.waiting.then(step) : step();
    if (!started) return;
    const waiting: Promise<void> = started.then(() => {
      if (this.waiting === waiting) this.waiting = undefined;
    });
    this.waiting = waiting;
  }

  reset(): void {
    this.session = new ReplSession();
    this.derivations = [];
  }

  quit(): void {
    this.closed = true;
    this.rl.close();
  }

  say(text: string): void {
    this.output.write(`${text}\n`);
  }

  complain(text: string): void {
    this.say(this.paint(ANSI.red, `error: ${text}`));
  }

  load(file: string): Step {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      const where = resolve(file) === file ? '' : ` (${resolve(file)})`;
      return this.complain(`cannot read ${file}${where}: ${fileProblem(err)}`);
    }
    return this.run(source, { file });
  }

  exportDerivations(format: ExportFormat, file: string): void {
    if (!this.derivations.length) return this.complain('no derivations to write yet: ask for a grad, jacobian, hessian or differential first');
    try {
      writeFileSync(file, derivationsDocument(this.derivations, format));
    } catch (err) {
      return this.complain(`cannot write ${file}: ${fileProblem(err)}`);
    }
    const n = this.derivations.length;
    this.say(`wrote ${file}: ${n} derivation${n === 1 ? '' : 's'}`);
  }

  private line(text: string): Step {
    this.lineNumber++;
    if (this.closed) return;
    if (!this.pending.length) {
      if (!text.trim()) return;
      if (/^\s*:/.test(text)) {
        this.remember(text);
        return this.guard(() => runCommand(text, this));
      }
      this.pendingStart = this.lineNumber;
    }
    this.pending.push(text);
    const source = this.pending.join('\n');
    if (isIncomplete(source)) return;
    const lines = this.pending;
    this.pending = [];
    for (const l of this.historyEntries(lines)) this.remember(l);
    return this.run(source, { firstLine: this.pendingStart });
  }

  /**
   * A statement typed over several lines is one history entry, so that Up recalls all of it:
   * its lines joined by spaces, the same statement (it continued inside brackets or after an
   * operator). Not when a line has a comment, which would swallow the lines after it.
   */
  private historyEntries(lines: string[]): string[] {
    if (lines.length === 1 || lines.some((l) => l.includes('#'))) return lines;
    const joined = lines.map((l) => l.trim()).filter(Boolean).join(' ');
    // readline has added each line (newest first, blank ones not): they give way to the whole
    const history = (this.rl as unknown as { history: string[] }).history;
    for (const l of [...lines].reverse()) if (history[0] === l) history.shift();
    history.unshift(joined);
    return [joined];
  }

  /** Runs statements: a `:` line inside them is an error here, as in a program file. Errors
   * name the file, or, for piped input, the line of the input (`firstLine` is where the
   * statements start). */
  private run(source: string, where: { file?: string; firstLine?: number } = {}): Step {
    return this.guard(() => {
      const results = this.session.run(source, { inferShapes: true });
      if (this.session.inferred.length) this.say(inferredNote(this.session.inferred));
      const shift = !where.file && !this.terminal ? (where.firstLine ?? 1) - 1 : 0;
      const each = (i: number): Step => {
        for (; i < results.length; i++) {
          const r = results[i]!;
          if (r.kind === 'error') this.error(r.diagnostic, source, where.file, shift);
          else {
            if (r.derivation) this.derivations.push(r);
            const shown = this.guard(() => this.show(r));
            if (shown) return shown.then(() => each(i + 1));
          }
        }
      };
      return each(0);
    });
  }

  private show(r: ValueResult): Step {
    if (r.graph) return this.showGraph(r);
    const defined = r.query === 'simplify' && !r.explain ? this.scope.lookup(r.input) : undefined;
    // a defined name typed alone shows what it stands for
    if (defined?.kind === 'def') return this.say(`${defined.name} := ${print(defined.body, isLibrary(this.format) ? 'plain' : this.format)}`);
    if (!(this.explain || r.explain)) return this.say(formatResult(r, this.format, 'dot', this.pythonTarget()));
    const text = explainedResult(r, this.format, this.pythonTarget());
    // the rule column of plain and unicode derivations, dimmed
    this.say(this.colour ? text.replace(/^(.*\S)(\s+)(\[.*\])$/gm, `$1$2${ANSI.dim}$3${ANSI.reset}`) : text);
  }

  /** The session's Python module (imports printed once, function names unique), per library. */
  private python?: PythonModule;

  private pythonTarget() {
    if (!isLibrary(this.format)) return undefined;
    if (this.python?.library !== this.format) this.python = new PythonModule(this.format);
    return { module: this.python, declared: this.session.scope.symbols() };
  }

  private showGraph(r: ValueResult): Step {
    if (this.graphFormat !== 'svg') return this.writeGraph(graphText(r, this.graphFormat));
    return graphSvg(r).then((svg) => this.writeGraph(svg));
  }

  private writeGraph(text: string): void {
    if (!this.graphFile) return this.say(text);
    try {
      writeFileSync(this.graphFile, `${text}\n`);
      this.say(`wrote ${this.graphFile}`);
    } catch (err) {
      this.complain(`cannot write ${this.graphFile}: ${fileProblem(err)}`);
    }
  }

  /** The message, the line and a caret under the spot, in red on a terminal; `shift` lines
   * further down when the statement did not start at the top of the input. */
  private error(d: Diagnostic, source: string, file: string | undefined, shift: number): void {
    let lines = errorText(d, source).split('\n');
    // the error's line, and any position its message names ("(" at 1:5 is never closed)
    if (shift && d.line) lines[0] = lines[0]!.replace(/^error: \d+:/, `error: ${d.line + shift}:`).replace(/\bat (\d+):(\d+)/g, (_, l: string, c: string) => `at ${Number(l) + shift}:${c}`);
    if (file) lines[0] = lines[0]!.replace(/^error: /, d.line ? `error: ${file}:` : `error: ${file}: `);
    if (this.colour) lines = lines.map((l, i) => (i === 1 ? l : this.paint(ANSI.red, l)));
    this.say(lines.join('\n'));
  }

  /** Runs f; an exception that is not a MathError (those are values by now) is a bug in mcalc:
   * one line, and the REPL goes on. */
  private guard(f: () => Step): Step {
    try {
      const r = f();
      return r ? r.catch((err: unknown) => this.bug(err)) : undefined;
    } catch (err) {
      this.bug(err);
    }
  }

  private bug(err: unknown): void {
    this.complain(`internal error: ${(err as Error)?.message ?? String(err)} (a bug in mcalc; MCALC_DEBUG=1 shows where)`);
    if (process.env.MCALC_DEBUG) this.say(String((err as Error)?.stack));
  }

  /** Ctrl-C: the line (and any statement still open) is dropped. */
  private cancel(): void {
    this.pending = [];
    // "^C" after what was typed, as a shell shows it; then readline's own line editing empties
    // its buffer (Ctrl-E, Ctrl-U), redrawing the prompt on the new line
    this.output.write('^C\n');
    this.rl.write(null, { ctrl: true, name: 'e' });
    this.rl.write(null, { ctrl: true, name: 'u' });
    this.prompt();
  }

  private prompt(): void {
    if (this.closed || !this.terminal) return;
    this.rl.setPrompt(this.promptText());
    this.rl.prompt();
  }

  private promptText(): string {
    return this.paint(ANSI.cyan, this.pending.length ? CONTINUE : PROMPT);
  }

  private paint(code: string, text: string): string {
    return this.colour ? `${code}${text}${ANSI.reset}` : text;
  }

  /** The names tab completion offers: declared, defined, and `ans` once there is a result. */
  private names(): string[] {
    const names = this.scope.entries().map((e) => e.name);
    return this.ans && !names.includes('ans') ? [...names, 'ans'] : names;
  }

  /** The history file's lines, newest first (readline's order). */
  private loadHistory(): string[] {
    if (!this.historyFile) return [];
    try {
      const lines = readFileSync(this.historyFile, 'utf8').split('\n').filter((l) => l.trim());
      // keep the file from growing without end: rewrite it with the newest lines
      if (lines.length > 2 * HISTORY_SIZE) writeFileSync(this.historyFile, `${lines.slice(-HISTORY_SIZE).join('\n')}\n`);
      return lines.slice(-HISTORY_SIZE).reverse();
    } catch {
      return [];
    }
  }

  /** Appends a line to the history file at once, so that a crash or a kill loses nothing. */
  private remember(line: string): void {
    if (!this.historyFile || !line.trim() || line === this.lastHistoryLine) return;
    this.lastHistoryLine = line;
    try {
      appendFileSync(this.historyFile, `${line}\n`);
    } catch {
      // an unwritable history file (read-only home, say) must not stop the REPL
    }
  }
}
