// The REPL (LANGUAGE.md section 4): one Session for the whole sitting, so declarations and
// definitions persist; `ans` is the last result; `:` commands (commands.ts); input continues
// while a statement is incomplete; history in a file; tab completion; colour on a terminal.
// Nothing typed ends it but :quit and Ctrl-D: errors print with a caret, and a bug in the
// engine prints one line and the REPL goes on.

import * as readline from 'node:readline';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Session, type ValueResult } from '../engine/session.js';
import { Scope } from '../check/scope.js';
import { isIncomplete } from '../parse/parse.js';
import type { Expr } from '../expr/index.js';
import { mentions } from '../expr/leaves.js';
import type { Diagnostic } from '../parse/ast.js';
import { errorText, formatResult, isLibrary, type ShowFormat } from '../cli/output.js';
import { PythonModule } from '../codegen/index.js';
import { explainText } from '../explain/index.js';
import { graphSvg, graphText, type GraphFormat } from '../graph/index.js';
import { complete, runCommand, type CommandContext } from './commands.js';

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
  }

  get scope(): Scope {
    return this.session.scope;
  }

  get ans(): Expr | undefined {
    return this.session.last;
  }

  start(): Promise<number> {
    return new Promise((resolve) => {
      // lines are handled strictly in order, each after the previous one's output (an SVG
      // graph is rendered asynchronously)
      let queue = Promise.resolve();
      this.rl.on('line', (line) => {
        queue = queue.then(() => this.line(line)).then(() => this.prompt());
      });
      this.rl.on('close', () => {
        queue = queue.then(async () => {
          // piped input that ends inside a statement still gets its error (on a terminal,
          // Ctrl-D just leaves)
          if (this.pending.length && !this.closed && !this.terminal) await this.run(this.pending.join('\n'));
          if (this.terminal) this.output.write('\n');
          resolve(0);
        });
      });
      this.rl.on('SIGINT', () => this.cancel());
      if (this.terminal) this.say('mcalc: symbolic matrix calculus. :help for help, Ctrl-D to leave.');
      this.prompt();
    });
  }

  reset(): void {
    this.session = new ReplSession();
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

  async load(file: string): Promise<void> {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      return this.complain(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    await this.run(source, file);
  }

  private async line(text: string): Promise<void> {
    if (this.closed) return;
    if (!this.pending.length) {
      if (!text.trim()) return;
      if (/^\s*:/.test(text)) {
        this.remember(text);
        return this.guard(() => runCommand(text, this));
      }
    }
    this.pending.push(text);
    const source = this.pending.join('\n');
    if (isIncomplete(source)) return;
    const lines = this.pending;
    this.pending = [];
    for (const l of this.historyEntries(lines)) this.remember(l);
    await this.run(source);
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

  /** Runs statements: a `:` line inside them is an error here, as in a program file. */
  private async run(source: string, file?: string): Promise<void> {
    await this.guard(async () => {
      for (const r of this.session.run(source)) {
        if (r.kind === 'error') this.error(r.diagnostic, source, file);
        else if (r.kind === 'value') await this.guard(() => this.show(r));
      }
    });
  }

  private async show(r: ValueResult): Promise<void> {
    if (r.graph) return this.showGraph(r);
    if (!(this.explain || r.explain)) return this.say(formatResult(r, this.format, 'dot', this.pythonTarget()));
    const text = explainText(r, isLibrary(this.format) ? 'numpy' : this.format);
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

  private async showGraph(r: ValueResult): Promise<void> {
    const text = this.graphFormat === 'svg' ? await graphSvg(r) : graphText(r, this.graphFormat);
    if (!this.graphFile) return this.say(text);
    try {
      writeFileSync(this.graphFile, `${text}\n`);
      this.say(`wrote ${this.graphFile}`);
    } catch (err) {
      this.complain(`cannot write ${this.graphFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  /** The message, the line and a caret under the spot, in red on a terminal. */
  private error(d: Diagnostic, source: string, file?: string): void {
    let lines = errorText(d, source).split('\n');
    if (file) lines[0] = lines[0]!.replace(/^error: /, d.line ? `error: ${file}:` : `error: ${file}: `);
    if (this.colour) lines = lines.map((l, i) => (i === 1 ? l : this.paint(ANSI.red, l)));
    this.say(lines.join('\n'));
  }

  /** Runs f; an exception that is not a MathError (those are values by now) is a bug in mcalc:
   * one line, and the REPL goes on. */
  private async guard(f: () => void | Promise<void>): Promise<void> {
    try {
      await f();
    } catch (err) {
      this.complain(`internal error: ${(err as Error)?.message ?? String(err)} (a bug in mcalc; MCALC_DEBUG=1 shows where)`);
      if (process.env.MCALC_DEBUG) this.say(String((err as Error)?.stack));
    }
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
    this.rl.setPrompt(this.paint(ANSI.cyan, this.pending.length ? CONTINUE : PROMPT));
    this.rl.prompt();
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
