// `npm run bench`: the engine's speed, measured. In-process and warmed, several runs per case,
// medians with their spread, stage by stage, for every public-corpus case and five families of
// growing size; numeric checks of the answers; peak memory at k = 64; a one-shot `mcalc -e`
// against a bare `node -e 0`; and, when python3 has sympy, the same cases in SymPy side by side.
// Writes bench/results/bench-<time>.json (and latest.json). Exits 1 when an answer is wrong.
//
//   node bench/run.mjs [--no-sympy] [--families trace,network] [--sizes 2,4,8] [--limit 30]
//                      [--sympy-cap 30] [--sympy-budget 150]

import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProgram, numpyExpression } from '../dist/index.js';
import { REPO, CORPUS_PATH, SIZES, FAMILIES, corpusCases, familyCases, declarations } from './cases.mjs';
import { measureAll, checked, wallTimes, startupBreakdown, peakMemory } from './engine.mjs';
import { growth, engineMs, fmtMs, fmtExp, table, stageTable, problems, sympyTable, summary, spread } from './stats.mjs';

const { values: opt } = parseArgs({
  options: {
    'no-sympy': { type: 'boolean', default: false },
    families: { type: 'string' },
    sizes: { type: 'string' },
    limit: { type: 'string', default: '30' },
    'sympy-cap': { type: 'string', default: '30' },
    'sympy-budget': { type: 'string', default: '150' },
  },
});
const sizes = opt.sizes ? opt.sizes.split(',').map(Number) : SIZES;
const families = opt.families ? opt.families.split(',') : undefined;
const RESULTS = path.join(REPO, 'bench', 'results');
const VERIFY_UP_TO = 8; // families are checked numerically for k <= this
const out = (s = '') => process.stdout.write(`${s}\n`);
const heading = (s) => out(`\n== ${s}\n`);
const started = performance.now();

const git = (...args) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version, platform: `${os.platform()} ${os.release()}`, load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src', 'rules', 'grammar') ? ' + uncommitted changes' : ''}`,
};
out(`mcalc bench: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load ${machine.load}, engine at ${machine.commit}`);

// ---- the engine, in-process

const corpus = corpusCases();
if (!corpus.length) out(`(no public corpus at ${CORPUS_PATH}; set MCALC_CORPUS)`);
const fams = familyCases(sizes, families).map((c) => ({ ...c, verify: c.k <= VERIFY_UP_TO }));
const progress = (r) => process.stderr.write(r.error ? `  ${r.id}: ${r.error}\n` : `  ${r.id}: ${fmtMs(r.total.median)} ms\n`);
const limits = { limitMs: Number(opt.limit) * 1000, onResult: progress };

heading('public corpus: median ms per stage (engine = parse..simplify, the CLI\'s `ms`; +print = all four formats)');
const corpusResults = await measureAll(corpus, {}, limits);
out(stageTable(corpusResults));
const corpusEngine = summary(corpusResults.filter((r) => !r.error).map(engineMs));
const corpusTotal = summary(corpusResults.filter((r) => !r.error).map((r) => r.total.median));
out(`\ncorpus: ${corpusResults.length} cases, median engine ${fmtMs(corpusEngine.median)} ms (max ${fmtMs(corpusEngine.max)}), ` +
  `median with print ${fmtMs(corpusTotal.median)} ms`);

const familyResults = [];
const growths = {};
for (const fam of FAMILIES.filter((f) => !families || families.includes(f.name))) {
  heading(`family ${fam.name}: ${fam.title}`);
  const cases = fams.filter((c) => c.group === fam.name);
  const rs = await measureAll(cases, {}, limits);
  familyResults.push(...rs);
  out(stageTable(rs, (r) => `k = ${r.k}`));
  const g = (growths[fam.name] = { ...growth(rs), target: fam.growth });
  if (g.exponent === undefined) out(`\ngrowth: not enough sizes finished to fit (allowed k^${fam.growth})`);
  // the engine's cost (parse to simplified result) is what the target bounds; printing cannot
  // grow slower than the answer it prints (network: Theta(k^2) leaves)
  else out(`\ngrowth: engine time ~ k^${fmtExp(g.exponent)} (fitted over k = ${g.fittedOver.join(', ')}; last doubling k^${fmtExp(g.lastDoubling)}), ` +
    `with printing k^${fmtExp(g.totalExponent)}, result size ~ k^${fmtExp(g.sizeExponent)}; allowed k^${fam.growth}`);
}

const all = [...corpusResults, ...familyResults];
const wrong = problems(all);
heading('numeric checks (verifyAt, 3 random points; corpus and families at k <= 8)');
const verified = all.filter((r) => r.check);
out(`${verified.filter((r) => r.check.ok).length}/${verified.length} answers verified`);
if (wrong.length) out(['', '!'.repeat(72), ...wrong.map((w) => `!!! ${w}`), '!'.repeat(72)].join('\n'));

// ---- memory and start-up

heading('peak memory at k = 64 (a fresh process per family: parse, derive, print all formats)');
const memory = {};
for (const fam of FAMILIES.filter((f) => !families || families.includes(f.name))) {
  const at = familyResults.find((r) => r.group === fam.name && r.k === 64);
  if (at) memory[fam.name] = at.error ? { error: 'not measured: k = 64 did not finish (see above)' } : peakMemory(fam.name, 64);
}
out(table([['family', 10, 'l'], ['peak RSS MB', 11, 'r'], ['of it node+engine', 17, 'r'], ['retained heap MB', 16, 'r']],
  Object.entries(memory).map(([name, m]) => (m.error ? [name, m.error] : [name, m.peakRssMb, m.baselineRssMb, m.retainedHeapMb]))));

heading('one-shot start-up: wall time, median of 20 (interleaved)');
const oneShotProgram = corpus.find((c) => c.id === 'seed-q1')?.program ?? "x : vector(n)\nA : matrix(n, n)\ngrad(x'*A*x, x)";
const [bare, oneShot] = wallTimes([[process.execPath, '-e', '0'], [process.execPath, 'bin/mcalc.js', '-e', oneShotProgram]]);
const inside = startupBreakdown(oneShotProgram);
const startup = { nodeMs: bare, mcalcMs: oneShot, ratio: oneShot.median / bare.median, ...inside };
const row = (what, s) => [what, fmtMs(s.median), `${Math.round(spread(s) * 100)}%`];
out(table([['command', 52, 'l'], ['median ms', 9, 'r'], ['±', 4, 'r']], [
  row('node -e 0', bare),
  row("node bin/mcalc.js -e '<seed-q1: one grad>'", oneShot),
  row('  inside it: node start-up before the first line', inside.bootMs),
  row('  inside it: loading the bundle with its code cache', inside.importMs),
  row('  inside it: running the program (cold)', inside.queryMs),
]));
out(`\nmcalc -e / node -e 0 = ${startup.ratio.toFixed(2)}`);

// ---- SymPy

let sympy;
if (opt['no-sympy']) out('\n(SymPy skipped: --no-sympy)');
else if (spawnSync('python3', ['-c', 'import sympy, numpy'], { encoding: 'utf8' }).status !== 0) out('\n(SymPy skipped: python3 with sympy and numpy not found)');
else sympy = runSympy([...corpus, ...fams], all);

function runSympy(cases, results) {
  heading(`SymPy ${spawnSync('python3', ['-c', 'import sympy; print(sympy.__version__)'], { encoding: 'utf8' }).stdout.trim()}: ` +
    `diff per case in a subprocess, cache cleared, cap ${opt['sympy-cap']} s, budget ${opt['sympy-budget']} s`);
  const byId = new Map(results.map((r) => [r.id, r]));
  // the corpus first, then the families by size: a budget that runs out stops the largest cases
  const bySize = [...cases].sort((a, b) => (a.k ?? 0) - (b.k ?? 0));
  const input = bySize.map((c) => ({
    id: c.id, group: c.group, k: c.k, kind: c.kind, variable: c.variable, decls: declarations(c.program), sympy: c.sympy,
    fNumpy: fNumpyOf(c.program), numpy: byId.get(c.id)?.numpy,
  }));
  mkdirSync(RESULTS, { recursive: true });
  const inFile = path.join(RESULTS, 'sympy-cases.json');
  const outFile = path.join(RESULTS, 'sympy-results.json');
  writeFileSync(inFile, JSON.stringify({ cases: input }));
  const p = spawnSync('python3', [path.join(REPO, 'bench', 'sympy_bench.py'), inFile, outFile, '--cap', opt['sympy-cap'], '--budget', opt['sympy-budget']],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  if (p.status !== 0) return void out(`(sympy_bench.py exited ${p.status})`);
  const rows = JSON.parse(readFileSync(outFile, 'utf8')).results;
  out(`\n${sympyTable(results, rows)}`);
  const both = rows.filter((s) => s.status === 'ok' && byId.get(s.id) && !byId.get(s.id).error);
  const ratios = summary(both.map((s) => engineMs(byId.get(s.id)) / s.ms));
  const sympyWrong = rows.filter((s) => s.verdict === 'WRONG');
  out(`\nratio ours/SymPy over ${both.length} cases both finished: median ${ratios.median?.toExponential(2)}, worst ${ratios.max?.toExponential(2)}`);
  out(`SymPy wrong (numerically, against finite differences): ${sympyWrong.map((s) => s.id).join(', ') || 'none'}`);
  out(`SymPy failed (raised, timed out, unevaluated): ${rows.filter((s) => !['ok', 'skipped'].includes(s.status)).map((s) => s.id).join(', ') || 'none'}`);
  // our `numpy` field, evaluated in Python: what the acceptance check reads
  for (const s of rows.filter((x) => x.ours === 'WRONG' || x.ours === 'error')) {
    wrong.push(`WRONG NUMPY ${s.id}: our numpy expression ${s.ours === 'error' ? 'does not evaluate' : 'disagrees with finite differences'} in Python`);
    out(`!!! ${wrong.at(-1)}`);
  }
  return rows;
}

/** f itself as a NumPy expression (definitions inlined): the truth SymPy's answers are checked against. */
function fNumpyOf(program) {
  return numpyExpression(checked(parseProgram(program), program).f);
}

// ---- targets

heading('targets');
const at64 = Object.fromEntries(FAMILIES.map((f) => [f.name, familyResults.find((r) => r.group === f.name && r.k === 64)]).filter(([, r]) => r));
const targets = [
  ['median engine ms per corpus query <= 1', corpusEngine.median <= 1, `${fmtMs(corpusEngine.median)} ms`],
  ...Object.entries(at64).map(([name, r]) => [`${name} at k = 64 < 100 ms`, !r.error && r.total.median < 100, r.error ?? `${fmtMs(r.total.median)} ms`]),
  // the fitted exponent, with 0.1 of slack for timing noise
  ...Object.entries(growths).filter(([name]) => at64[name]).map(([name, g]) => [`${name} engine growth <= k^${g.target}`, g.largestK === 64 && g.exponent <= g.target + 0.1,
    g.largestK === 64 ? `k^${fmtExp(g.exponent)} (last doubling k^${fmtExp(g.lastDoubling)})` : `stopped after k = ${g.largestK}`]),
  ...Object.entries(memory).map(([name, m]) => [`${name} peak memory at k = 64 < 200 MB`, !m.error && m.peakRssMb < 200, m.error ? 'n/a' : `${m.peakRssMb} MB`]),
  ['mcalc -e (one grad) <= 1.5 x node -e 0', startup.ratio <= 1.5, `${startup.ratio.toFixed(2)} x`],
];
out(table([['target', 44, 'l'], ['', 6, 'l'], ['measured', 40, 'l']], targets.map(([t, ok, m]) => [t, ok ? 'met' : 'MISSED', m])));

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const strip = ({ numpy, ...r }) => r;
const report = {
  date: new Date().toISOString(), machine, options: { sizes, families: families ?? FAMILIES.map((f) => f.name), ...opt },
  corpus: { results: corpusResults.map(strip), engineMs: corpusEngine, totalMs: corpusTotal },
  families: { results: familyResults.map(strip), growth: growths }, memory, startup, sympy,
  targets: targets.map(([target, met, measured]) => ({ target, met, measured })), problems: wrong,
  wallSeconds: Math.round((performance.now() - started) / 1000),
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, `bench-${stamp}.json`), JSON.stringify(report, null, 1));
writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(report, null, 1));
out(`\nwrote bench/results/bench-${stamp}.json (${report.wallSeconds} s)`);
if (wrong.some((w) => !w.startsWith('NOT CHECKED'))) process.exitCode = 1;
