// Timing the engine in-process, stage by stage. Each stage is called on its own, as the session
// calls it (src/engine/session.ts, src/engine/derive.ts): parse, check (names, shapes, the
// definitions), differentiate (the differential and the gradient / Jacobian / Hessian read off
// it), simplify, print (all four formats, as `--format json` prints them). The staged result is
// compared with Session.run's, so the bench cannot drift from the engine it claims to measure.
//
// The cases run in worker threads (one per family, one for the corpus) under a watchdog and a
// heap limit: a case that explodes is stopped and reported, and cannot take the bench down.
// `node --expose-gc bench/engine.mjs --memory FAMILY K` is the child that measures peak memory.
//
// Where the time goes in one case (the diagnoses in docs/performance.md come from this):
//   node bench/engine.mjs --profile FAMILY K [RUNS] [--save FILE.cpuprofile]
//   node bench/engine.mjs --profile CORPUS-ID [RUNS]
// runs the case RUNS times (fresh dimension names, as timed) under V8's CPU profiler and prints
// the stage medians and the engine functions with the most self and inclusive time.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Session as Inspector } from 'node:inspector/promises';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  parseProgram, Scope, ExpressionChecker, Session, resolveKind, simplify, print, verifyAt,
} from '../dist/index.js';
import { checkQueryShapes } from '../dist/engine/derive.js';
import { Differentiator } from '../dist/diff/differential.js';
import { GradientReader } from '../dist/diff/gradient.js';
import { JacobianReader } from '../dist/diff/jacobian.js';
import { Normalizer } from '../dist/simplify/index.js';
import { REPO, FAMILIES, corpusCases, familyCases, freshDimensions } from './cases.mjs';
import { summary, profileTimes, table, fmtMs } from './stats.mjs';

export const STAGES = ['parse', 'check', 'differentiate', 'simplify', 'print'];
const FORMATS = ['plain', 'unicode', 'latex', 'numpy'];

/** One pass through the engine, a stage at a time. */
export function staged(source) {
  const t0 = performance.now();
  const parsed = parseProgram(source);
  if (parsed.error) throw new Error(`parse error: ${parsed.error.message}`);
  const t1 = performance.now();
  const { kind, f, x, defs } = checked(parsed, source);
  const t2 = performance.now();
  const raw = readOff(kind, f, x, defs);
  const t3 = performance.now();
  // as derive() does it: the steps are kept for explain
  const steps = [];
  const result = simplify(raw, defs, (s) => steps.push(s));
  const t4 = performance.now();
  const printed = FORMATS.map((format) => print(result, format));
  const t5 = performance.now();
  return { ms: [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4], kind, f, x, raw, result, printed };
}

/** The check stage: declarations, definitions, and f and X of the program's one query. */
export function checked(parsed, source) {
  const scope = new Scope();
  let query;
  for (const st of parsed.statements) {
    if (st.k === 'decl') scope.declare(st);
    else if (st.k === 'def') scope.define(st.name.name, new ExpressionChecker(scope, source).check(st.body), st.name.span);
    else if (st.k === 'expr') query = st.expr;
  }
  const f = new ExpressionChecker(scope, source).check(query.args[0]);
  const x = scope.lookup(query.args[1].name);
  const kind = resolveKind(query.name, f, x);
  checkQueryShapes(kind, f, x, 'f');
  return { kind, f, x, defs: scope.entries().map((e) => e.node).filter((n) => n.kind === 'def') };
}

/** derive() without its final simplify: the differential, and the derivative read off it. */
function readOff(kind, f, x, defs) {
  const differ = new Differentiator(x);
  const df = differ.d(f);
  switch (kind) {
    case 'differential': return df;
    case 'grad': return new GradientReader(x).gradient(df);
    case 'jacobian': return new JacobianReader(x).jacobian(new Normalizer().normal(df));
    case 'hessian': {
      const g = simplify(new GradientReader(x).gradient(df), defs);
      return new JacobianReader(x).jacobian(new Normalizer().normal(differ.d(g)));
    }
    default: throw new Error(`unknown query kind ${kind}`);
  }
}

/** Distinct nodes reachable from e (bodies of definitions included): the size as a DAG. */
function dagSize(e) {
  const seen = new Set();
  const stack = [e];
  while (stack.length) {
    const n = stack.pop();
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind === 'def') stack.push(n.body);
    stack.push(...n.args);
  }
  return seen.size;
}

/**
 * Times one case. The first run is the program as written, new to this worker (none of its nodes
 * interned yet): its result is the one reported, compared with Session.run's and checked
 * numerically (unless c.verify is false). Then warm-ups and as many runs as fit in budgetMs
 * (minRuns to maxRuns), each with the dimensions renamed (freshDimensions), so that no run finds
 * its expressions already interned by an earlier one. A first run over slowMs is the only sample.
 */
export function measureCase(c, { budgetMs = 1000, minRuns = 5, maxRuns = 100, warmups = 2, slowMs = 5000 } = {}) {
  const r = staged(c.program);
  const firstMs = r.ms.reduce((a, b) => a + b, 0);
  const samples = [r.ms];
  if (firstMs <= slowMs) {
    for (let i = 0; i < warmups; i++) staged(freshDimensions(c.program, `w${i}`));
    const runs = Math.min(maxRuns, Math.max(minRuns, Math.floor(budgetMs / firstMs)));
    samples.length = 0;
    for (let i = 0; i < runs; i++) samples.push(staged(freshDimensions(c.program, i)).ms);
  }
  const stages = Object.fromEntries(STAGES.map((s, j) => [s, summary(samples.map((m) => m[j]))]));
  const total = summary(samples.map((m) => m.reduce((a, b) => a + b, 0)));
  // the CLI's `ms`: parse to simplified result, without printing
  const engine = summary(samples.map((m) => m.slice(0, 4).reduce((a, b) => a + b, 0)));
  const session = firstMs <= slowMs ? new Session().run(c.program).at(-1) : undefined;
  const check = c.verify !== false ? verifyAt(r.kind, r.f, r.x, r.result, { points: 3 }) : undefined;
  return {
    id: c.id, group: c.group, k: c.k, kind: r.kind, runs: samples.length, firstMs, stages, engine, total,
    sizes: { raw: r.raw.size, result: r.result.size, resultDag: dagSize(r.result) },
    plain: r.printed[0].length > 400 ? `${r.printed[0].slice(0, 400)}...` : r.printed[0],
    numpy: r.printed[3],
    ...(session ? { sameAsSession: session.kind === 'value' && session.result === r.result } : {}),
    ...(check ? { check: { ok: check.ok, relativeError: check.relativeError, ...(check.problem ? { problem: check.problem } : {}) } } : {}),
  };
}

/**
 * The time the next size of a family should take, from the sizes before it: at least quadratic
 * growth, or the growth of the last step when that was steeper.
 */
export function expectedMs(done, k) {
  const last = done.at(-1);
  const prev = done.at(-2);
  if (!last) return 0;
  let power = 2;
  if (prev && last.k > prev.k) power = Math.max(power, Math.log(last.total.median / prev.total.median) / Math.log(last.k / prev.k));
  return last.total.median * (k / last.k) ** power;
}

const describe = (e) => `${e?.name ?? 'Error'}: ${String(e?.message ?? e).split('\n')[0].slice(0, 160)}`;

/**
 * Measures the cases in worker threads, one worker per group. A case over limitMs is stopped
 * (the worker is terminated), and so is one that runs out of heap; the larger cases of the same
 * family are then skipped. onResult sees every result as it arrives.
 */
export async function measureAll(cases, options, { limitMs = 30000, heapMb = 2048, onResult = () => {} } = {}) {
  const results = [];
  const groups = [...new Set(cases.map((c) => c.group))];
  for (const g of groups) {
    let todo = cases.filter((c) => c.group === g);
    while (todo.length) {
      const done = await new Promise((resolve) => {
        const got = [];
        let current;
        let timer;
        let ended = false;
        const record = (r) => { got.push(r); results.push(r); onResult(r); };
        const arm = (c) => {
          current = c;
          timer = setTimeout(() => stop(`stopped: over the ${limitMs / 1000} s limit`), limitMs);
        };
        const stop = (why) => {
          if (ended) return;
          ended = true;
          clearTimeout(timer);
          if (current) record({ id: current.id, group: current.group, k: current.k, kind: current.kind, error: why });
          current = undefined;
          worker.terminate();
        };
        const worker = new Worker(fileURLToPath(import.meta.url), {
          workerData: { cases: todo, options, limitMs }, resourceLimits: { maxOldGenerationSizeMb: heapMb },
        });
        // the JIT warm-up before the first case counts against the first case's limit
        arm(todo[0]);
        worker.on('message', (m) => {
          clearTimeout(timer);
          if (m.type === 'start') arm(todo[m.i]);
          else {
            current = undefined;
            record(m.result);
          }
        });
        worker.on('error', (e) => stop(describe(e)));
        worker.on('exit', () => { ended = true; clearTimeout(timer); resolve(got); });
      });
      const failed = done.find((r) => r.error);
      todo = todo.slice(done.length);
      if (failed && g !== 'corpus') {
        for (const c of todo) {
          const r = { id: c.id, group: c.group, k: c.k, kind: c.kind, error: `skipped after ${failed.id}` };
          results.push(r);
          onResult(r);
        }
        todo = [];
      }
    }
  }
  return results;
}

/** Wall time of a command, median of `runs`, interleaved with the others to share any drift. */
export function wallTimes(commands, runs = 20) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++)
    commands.forEach((argv, j) => {
      const t = performance.now();
      const p = spawnSync(argv[0], argv.slice(1), { cwd: REPO, encoding: 'utf8' });
      times[j].push(performance.now() - t);
      if (p.status !== 0) throw new Error(`${argv.join(' ')} exited ${p.status}: ${p.stderr.slice(0, 200)}`);
    });
  return times.map(summary);
}

/**
 * Where a one-shot `mcalc -e` spends its time, from inside the process: node's start-up before
 * the first line runs, loading the command line (the bundle and its code cache, as bin/mcalc.js
 * does), and the program (one cold query).
 */
export function startupBreakdown(program, runs = 20) {
  const loader = fileURLToPath(new URL('../dist/cli/load.cjs', import.meta.url));
  const probe = `const t0 = performance.now(); const cli = require(${JSON.stringify(loader)}).loadCli(); const t1 = performance.now();
    cli.main(['-e', process.argv[1]]).then(() => { const t2 = performance.now(); process.stderr.write(JSON.stringify([t0, t1 - t0, t2 - t1])); });`;
  const parts = [];
  for (let i = 0; i < runs; i++) {
    const p = spawnSync(process.execPath, ['-e', probe, program], { cwd: REPO, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`start-up probe exited ${p.status}: ${p.stderr.slice(0, 200)}`);
    parts.push(JSON.parse(p.stderr));
  }
  const [bootMs, importMs, queryMs] = [0, 1, 2].map((j) => summary(parts.map((x) => x[j])));
  return { bootMs, importMs, queryMs };
}

/** Peak memory of one family case in a fresh process (the child side is below). */
export function peakMemory(family, k, timeoutMs = 60000) {
  const p = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=2048', fileURLToPath(import.meta.url), '--memory', family, String(k)],
    { encoding: 'utf8', timeout: timeoutMs });
  if (p.status !== 0) return { error: p.error ? describe(p.error) : `exit ${p.status ?? p.signal}: ${p.stderr.trim().split('\n').at(-1)}` };
  return JSON.parse(p.stdout);
}

const MB = 1024 * 1024;

function memoryChild(family, k) {
  const c = familyCases([k], [family])[0];
  globalThis.gc();
  const before = { maxRss: process.resourceUsage().maxRSS * 1024, heap: process.memoryUsage().heapUsed };
  const results = new Session().run(c.program);
  const last = results.at(-1);
  if (last.kind !== 'value') throw new Error(last.diagnostic?.message ?? 'no result');
  for (const format of FORMATS) print(last.result, format);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  globalThis.gc();
  const retained = process.memoryUsage().heapUsed;
  const mb = (x) => Math.round((x / MB) * 10) / 10;
  process.stdout.write(JSON.stringify({
    peakRssMb: mb(peakRss), baselineRssMb: mb(before.maxRss), retainedHeapMb: mb(retained - before.heap),
  }));
}

async function profileChild([name, ...rest]) {
  const save = rest.indexOf('--save') >= 0 ? rest.splice(rest.indexOf('--save'), 2)[1] : undefined;
  const isFamily = FAMILIES.some((f) => f.name === name);
  const c = isFamily ? familyCases([Number(rest[0])], [name])[0] : corpusCases().find((x) => x.id === name);
  if (!c) throw new Error(`no case ${name}; give FAMILY K (${FAMILIES.map((f) => f.name).join(', ')}) or a corpus id`);
  const runs = Number((isFamily ? rest[1] : rest[0]) ?? 20);
  for (let i = 0; i < 2; i++) staged(freshDimensions(c.program, 1000 + i)); // warm the JIT first
  const inspector = new Inspector();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
  await inspector.post('Profiler.start');
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(staged(freshDimensions(c.program, i)).ms);
  const { profile } = await inspector.post('Profiler.stop');
  inspector.disconnect();
  if (save) writeFileSync(save, JSON.stringify(profile));
  const { self, inclusive, total } = profileTimes(profile);
  const columns = [['time', 10, 'r'], ['share', 6, 'r'], ['function', 60, 'l']];
  const rows = (list) => list.slice(0, 20).map(([k, us]) => [`${fmtMs(us / 1000)} ms`, `${((100 * us) / total).toFixed(1)}%`, k]);
  process.stdout.write(`${c.id}, ${runs} runs, median ms per stage:\n` +
    `${table(STAGES.map((s) => [s, 13, 'r']), [STAGES.map((s, j) => fmtMs(summary(samples.map((m) => m[j])).median))])}\n` +
    `\nself time\n${table(columns, rows(self))}\n` +
    // the engine's own frames only: the harness's would all read 100%
    `\ninclusive time\n${table(columns, rows(inclusive.filter(([k]) => k.includes('dist/'))))}\n`);
}

/** Warms the JIT on the small cases of a batch (k <= 8), so the first cases timed are not its warm-up. */
function warmUp(cases, rounds = 5) {
  for (const c of cases.filter((x) => !(x.k > 8)))
    for (let j = 0; j < rounds; j++) {
      try {
        staged(freshDimensions(c.program, `j${j}`));
      } catch {
        break; // the timed run reports it
      }
    }
}

if (!isMainThread && workerData?.cases) {
  const { cases, options, limitMs } = workerData;
  warmUp(cases);
  const done = [];
  for (const [i, c] of cases.entries()) {
    parentPort.postMessage({ type: 'start', i });
    let result;
    const expected = c.group === 'corpus' ? 0 : expectedMs(done, c.k);
    if (expected > limitMs) result = { id: c.id, group: c.group, k: c.k, kind: c.kind, error: `skipped: the growth so far predicts ${Math.round(expected / 1000)} s` };
    else {
      try {
        result = measureCase(c, options);
      } catch (e) {
        result = { id: c.id, group: c.group, k: c.k, kind: c.kind, error: describe(e) };
      }
    }
    parentPort.postMessage({ type: 'done', i, result });
    if (result.error && c.group !== 'corpus') break;
    done.push(result);
  }
} else if (isMainThread && process.argv[2] === '--memory') {
  memoryChild(process.argv[3], Number(process.argv[4]));
} else if (isMainThread && process.argv[2] === '--profile') {
  await profileChild(process.argv.slice(3));
}
