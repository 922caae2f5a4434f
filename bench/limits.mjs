// How far each bench family goes: the largest k whose answer comes within 1 s and within 10 s,
// and the peak memory there. Each (family, k) runs in a fresh node process (so no run inherits
// another's interned nodes or JIT state, and one that explodes is killed, not the bench): the
// program through Session.run, then its answer printed in plain, as `mcalc FILE` prints it, then
// the line `--format json` prints (plain, unicode, latex with their where-list, and the planned
// NumPy expression; a result too large to print is refused there with a message: src/print/size.ts). k doubles from 8 until an answer takes over 10 s or fails;
// then a few bisection steps narrow each threshold.
//
//   npm run bench:limits                      # all families (several minutes)
//   node bench/limits.mjs --families network,inverses --steps 3 --max 8192
//
// The child: node bench/limits.mjs --child FAMILY K, printing one JSON line.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FAMILIES } from './cases.mjs';

const SELF = fileURLToPath(import.meta.url);
const LIMITS_MS = [1000, 10000];

async function child(family, k) {
  const { Session, print } = await import('../dist/index.js');
  const { jsonLine } = await import('../dist/cli/output.js');
  const fam = FAMILIES.find((f) => f.name === family);
  const program = fam.make(k).program;
  const t0 = performance.now();
  const r = new Session().run(program).at(-1);
  let out;
  if (r.kind !== 'value') out = { status: 'error', message: r.diagnostic.message };
  else {
    let plain;
    try {
      plain = print(r.result, 'plain');
    } catch (e) {
      plain = `refused: ${e.message}`;
    }
    const ms = performance.now() - t0;
    let json = 'printed';
    try {
      jsonLine(r);
    } catch (e) {
      json = `refused: ${e.message}`;
    }
    out = plain.startsWith('refused: ')
      ? { status: 'refused', ms, message: plain.slice(9) }
      : { status: 'answer', ms, jsonMs: performance.now() - t0, json, plainLength: plain.length };
  }
  out.totalMs = performance.now() - t0;
  out.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(out));
}

/** One (family, k) in a fresh process, killed past the time limit. */
function run(family, k, limitMs) {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, ['--max-old-space-size=4096', SELF, '--child', family, String(k)], {
    encoding: 'utf8', timeout: limitMs + 5000, maxBuffer: 1 << 20,
  });
  const wall = performance.now() - t0;
  if (p.error?.code === 'ETIMEDOUT' || p.signal) return { k, status: 'killed', ms: wall, message: `killed after ${Math.round(wall / 1000)} s` };
  if (p.status !== 0) return { k, status: 'crashed', ms: wall, message: p.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${p.status}` };
  return { k, ...JSON.parse(p.stdout) };
}

const answersWithin = (r, limitMs) => r.status === 'answer' && r.ms <= limitMs;

/** The runs of one family: doubling, then bisection below each threshold. */
function explore(family, { steps, max, start }) {
  const runs = new Map();
  const at = (k) => {
    if (!runs.has(k)) {
      const r = run(family, k, LIMITS_MS.at(-1));
      runs.set(k, r);
      process.stderr.write(`  ${family} k=${k}: ${r.status}${r.ms !== undefined ? ` ${Math.round(r.ms)} ms` : ''}${r.message ? ` (${r.message.slice(0, 100)})` : ''}\n`);
    }
    return runs.get(k);
  };
  let k = start;
  while (k <= max && answersWithin(at(k), LIMITS_MS.at(-1))) k *= 2;
  for (const limit of LIMITS_MS) {
    const good = [...runs.values()].filter((r) => answersWithin(r, limit)).map((r) => r.k);
    let lo = good.length ? Math.max(...good) : 0;
    const bad = [...runs.values()].filter((r) => r.k > lo && !answersWithin(r, limit)).map((r) => r.k);
    let hi = bad.length ? Math.min(...bad) : undefined;
    for (let i = 0; i < steps && hi !== undefined && lo > 0 && hi - lo > 1; i++) {
      const mid = Math.round((lo + hi) / 2);
      if (answersWithin(at(mid), limit)) lo = mid;
      else hi = mid;
    }
  }
  return [...runs.values()].sort((a, b) => a.k - b.k);
}

function summarise(family, runs) {
  const best = (limit) => runs.filter((r) => answersWithin(r, limit)).at(-1);
  const [one, ten] = LIMITS_MS.map(best);
  const after = runs.find((r) => r.k > (ten?.k ?? 0) && !answersWithin(r, LIMITS_MS[1]));
  const why = !after ? 'not reached' : after.status === 'answer' ? `k=${after.k}: ${(after.ms / 1000).toFixed(1)} s` : `k=${after.k}: ${after.message?.slice(0, 70) ?? after.status}`;
  const jsonMax = runs.filter((r) => r.status === 'answer' && r.json === 'printed').at(-1);
  return [
    family,
    one ? `${one.k} (${Math.round(one.ms)} ms)` : '-',
    ten ? `${ten.k} (${(ten.ms / 1000).toFixed(1)} s)` : '-',
    ten ? `${ten.peakRssMb} MB` : '-',
    jsonMax ? String(jsonMax.k) : '-',
    why,
  ];
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], Number(process.argv[4]));
} else {
  const { values } = parseArgs({
    options: {
      families: { type: 'string' },
      steps: { type: 'string', default: '3' },
      max: { type: 'string', default: '16384' },
      start: { type: 'string', default: '8' },
    },
  });
  const only = values.families?.split(',');
  const options = { steps: Number(values.steps), max: Number(values.max), start: Number(values.start) };
  const rows = [];
  for (const fam of FAMILIES.filter((f) => !only || only.includes(f.name))) {
    process.stderr.write(`${fam.name}: ${fam.title}\n`);
    rows.push(summarise(fam.name, explore(fam.name, options)));
  }
  // a Markdown table, as docs/performance.md shows it
  const head = ['family', 'largest k, answer <= 1 s', 'largest k, answer <= 10 s', 'peak RSS there', 'json printed up to k', 'the next k tried'];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  process.stdout.write(`${[line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')}\n`);
}
