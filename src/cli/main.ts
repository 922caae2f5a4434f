// The mcalc command line (LANGUAGE.md section 4): a thin shell over the library.
// Exit status: 0 success, 1 an error in the program (or a failed --check), 2 bad usage.

import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { Session, type ValueResult } from '../engine/session.js';
import { GRAPH_FORMATS, graphSvg, type GraphFormat } from '../graph/index.js';
import { OUTPUT_FORMATS, errorText, explainedResult, fileProblem, formatResult, inferredNote, isLibrary, jsonError, jsonLine, type OutputFormat } from './output.js';
import { PythonModule, parseDimHints, type DimHints } from '../codegen/index.js';
import { MathError } from '../check/errors.js';
import { useNodeHost } from './node-host.js';

const VERSION = '0.1.0';

const HELP = `mcalc ${VERSION}: symbolic matrix calculus

usage:
  mcalc FILE | -          run a program; print one result per query, in order
  mcalc -e 'PROGRAM'...   the same, from the argument (several -e are lines of one program)
  mcalc                   the REPL when standard input is a terminal
  mcalc serve [--port N]  the playground in a browser, on http://127.0.0.1:N/

options:
  -f, --format FORMAT     ${OUTPUT_FORMATS.slice(0, -1).join(', ').replace('plain', 'plain (default)')} or ${OUTPUT_FORMATS[OUTPUT_FORMATS.length - 1]}
      --dims n=1000,m=10  sizes the code planner assumes (default: every dimension large)
      --check             verify each derivative numerically against finite differences
      --explain           print each query's derivation
      --graph-format F    how graph(f, X) prints: dot (default), mermaid or svg
      --repl              the REPL even when standard input is not a terminal
  -h, --help              this help
  -v, --version           the version

example:
  mcalc -e "x : vector(n); A : matrix(n, n); grad(x'*A*x, x)"
`;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  useNodeHost();
  // the playground's web server (src/cli/serve.ts); a program file named serve runs as ./serve
  if (argv[0] === 'serve') return (await import('./serve.js')).serve(argv.slice(1));
  let opts;
  try {
    opts = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        eval: { type: 'string', short: 'e', multiple: true },
        format: { type: 'string', short: 'f', default: 'plain' },
        check: { type: 'boolean', default: false },
        explain: { type: 'boolean', default: false },
        'graph-format': { type: 'string', default: 'dot' },
        dims: { type: 'string', default: '' },
        repl: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    if (!OUTPUT_FORMATS.includes(opts.values.format as OutputFormat))
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not "${opts.values.format}"`);
    if (!GRAPH_FORMATS.includes(opts.values['graph-format'] as GraphFormat))
      throw new UsageError(`--graph-format must be one of ${GRAPH_FORMATS.join(', ')}, not "${opts.values['graph-format']}"`);
    if (typeof parseDimHints(opts.values.dims ?? '') === 'string') throw new UsageError(parseDimHints(opts.values.dims ?? '') as string);
    if (opts.positionals.length > 1) throw new UsageError(`expected one program file, got ${opts.positionals.length}`);
    if (opts.values.eval !== undefined && opts.positionals.length) throw new UsageError('give either -e PROGRAM or a FILE, not both');
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\nTry 'mcalc --help'.\n`);
    return 2;
  }
  const v = opts.values;
  if (v.help) return write(HELP), 0;
  if (v.version) return write(`mcalc ${VERSION}\n`), 0;
  const format = v.format as OutputFormat;
  const file = opts.positionals[0];
  if (v.repl || (v.eval === undefined && file === undefined && process.stdin.isTTY)) {
    const { startRepl } = await import('../repl/repl.js');
    return startRepl({ format: format === 'json' ? 'plain' : format, explain: v.explain });
  }
  let source: string;
  try {
    // several -e join as lines of one program, as sed -e and perl -e do
    source = v.eval?.join('\n') ?? readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    process.stderr.write(`error: cannot read ${file}: ${fileProblem(err)}\n`);
    return 1;
  }
  // the numeric check needs ml-matrix, which is slow to load: only when asked for
  const checker = v.check ? (await import('../engine/check.js')).checkResult : undefined;
  const hints = parseDimHints(v.dims ?? '') as DimHints;
  return runProgram(source, format, { checker, explain: v.explain, graphFormat: v['graph-format'] as GraphFormat, hints });
}

function write(s: string): void {
  process.stdout.write(s);
}

export interface RunOptions {
  /** verifies a derivative result numerically (--check) */
  readonly checker?: (r: ValueResult) => { relativeError: number; ok: boolean };
  readonly explain: boolean;
  readonly graphFormat?: GraphFormat;
  /** dimension sizes for the code planner (--dims) */
  readonly hints?: DimHints;
}

export async function runProgram(source: string, format: OutputFormat, options: RunOptions): Promise<number> {
  const session = new Session();
  const module = isLibrary(format) ? new PythonModule(format, options.hints) : undefined;
  let status = 0;
  const results = session.run(source, { oneMeaning: true, inferShapes: true });
  if (session.inferred.length && format !== 'json') process.stderr.write(`${inferredNote(session.inferred)}\n`);
  for (const r of results) {
    if (r.kind === 'error') {
      if (format === 'json') write(jsonError(r.diagnostic) + '\n');
      else process.stderr.write(errorText(r.diagnostic, source) + '\n');
      return 1;
    }
    if (r.kind !== 'value') continue;
    const check = options.checker && r.derivation ? options.checker(r) : undefined;
    if (check && !check.ok) status = 1;
    try {
      if (format === 'json') {
        write(jsonLine(r, check, options.hints, { explain: options.explain }) + '\n');
        continue;
      }
      if (options.explain || r.explain) write(explainedResult(r, format, module && { module, declared: session.scope.symbols() }) + '\n');
      else if (r.graph && options.graphFormat === 'svg') write((await graphSvg(r)) + '\n');
      else {
        const python = module && { module, declared: session.scope.symbols() };
        write(formatResult(r, format, options.graphFormat === 'svg' ? 'dot' : options.graphFormat, python) + '\n');
      }
    } catch (err) {
      // a result too large to print (src/print/size.ts) is refused like any error in the program
      if (!(err instanceof MathError)) throw err;
      const d = { message: `${r.input.length > 60 ? `${r.input.slice(0, 57)}...` : r.input}: ${err.message}`, line: 0, column: 0 };
      if (format === 'json') write(jsonError(d) + '\n');
      else process.stderr.write(errorText(d, source) + '\n');
      return 1;
    }
    if (check) write(`# check: largest relative error ${check.relativeError.toExponential(2)} at 3 random points: ${check.ok ? 'ok' : 'WRONG'}\n`);
  }
  return status;
}
