// Statistics and text tables for the bench: medians with their spread, log-log growth
// exponents, the functions that take the time in a CPU profile, and the tables bench/run.mjs prints.

/** median, quartiles, extremes of a sample (ms) */
export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
  };
  return { n: s.length, median: q(0.5), p25: q(0.25), p75: q(0.75), min: s[0], max: s.at(-1) };
}

/** The spread of a summary: half the interquartile range, relative to the median. */
export const spread = (s) => (s.median > 0 ? (s.p75 - s.p25) / 2 / s.median : 0);

/** Least-squares slope of log(y) against log(x): y ~ x^slope. */
export function slope(points) {
  const p = points.filter(([x, y]) => x > 0 && y > 0);
  if (p.length < 2) return undefined;
  const lx = p.map(([x]) => Math.log(x));
  const ly = p.map(([, y]) => Math.log(y));
  const mx = lx.reduce((a, b) => a + b, 0) / p.length;
  const my = ly.reduce((a, b) => a + b, 0) / p.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

/**
 * The growth of a family: the exponent fitted over the largest sizes (k >= 16 when three of them
 * finished, else k >= 8, else all: small sizes measure fixed costs), the local exponent of the
 * last doubling, and the same fit for the result's size.
 */
export function growth(rows) {
  const done = rows.filter((r) => !r.error).sort((a, b) => a.k - b.k);
  const from = (k) => done.filter((r) => r.k >= k);
  const fitted = [from(16), from(8), done].find((rs) => rs.length >= 3) ?? done;
  const last = done.slice(-2);
  return {
    exponent: slope(fitted.map((r) => [r.k, r.engine.median])),
    lastDoubling: last.length === 2 ? slope(last.map((r) => [r.k, r.engine.median])) : undefined,
    totalExponent: slope(fitted.map((r) => [r.k, r.total.median])),
    sizeExponent: slope(fitted.map((r) => [r.k, r.sizes.result])),
    fittedOver: fitted.map((r) => r.k),
    largestK: done.at(-1)?.k,
  };
}

/**
 * The functions with the most self and inclusive time in a V8 CPU profile (a recursive function
 * counts once per sample), as [label, microseconds] pairs, and the total.
 */
export function profileTimes(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const hits = new Map();
  p.samples.forEach((id, i) => hits.set(id, (hits.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const label = ({ callFrame: f }) => {
    const file = f.url ? f.url.replace(/^.*\/(dist|node_modules)\//, '$1/') : '';
    return `${f.functionName || '(anonymous)'}  ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const [id, us] of hits) {
    total += us;
    self.set(label(byId.get(id)), (self.get(label(byId.get(id))) ?? 0) + us);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(label(byId.get(at)));
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { self: sorted(self), inclusive: sorted(inclusive), total };
}

/** Engine time of a result: the stages up to the simplified result, the CLI's `ms` (median). */
export const engineMs = (r) => r.engine.median;

// ---- text

export function fmtMs(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return '-';
  if (x >= 10000) return `${(x / 1000).toFixed(1)}s`;
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

export const fmtExp = (x) => (x === undefined ? '-' : x.toFixed(2));

/** A text table: columns are [title, width, align] with align 'l' or 'r'. */
export function table(columns, rows) {
  const cell = (text, [, width, align]) => {
    const t = String(text);
    return align === 'l' ? t.padEnd(width) : t.padStart(width);
  };
  const line = (cells) => cells.map((c, i) => cell(c, columns[i])).join('  ').trimEnd();
  const head = line(columns.map((c) => c[0]));
  return [head, '-'.repeat(head.length), ...rows.map(line)].join('\n');
}

const STAGE_COLUMNS = [['parse', 7, 'r'], ['check', 7, 'r'], ['diff', 7, 'r'], ['simplify', 8, 'r'], ['print', 7, 'r']];

/** The per-stage table: one row per case, medians in ms; failures say why. */
export function stageTable(results, label = (r) => r.id) {
  const columns = [['case', 20, 'l'], ...STAGE_COLUMNS, ['engine', 7, 'r'], ['+print', 7, 'r'], ['±', 4, 'r'],
    ['first', 7, 'r'], ['runs', 4, 'r'], ['size', 6, 'r'], ['check', 9, 'l']];
  const rows = results.map((r) => {
    if (r.error) return [label(r), r.error];
    const s = r.stages;
    return [label(r), fmtMs(s.parse.median), fmtMs(s.check.median), fmtMs(s.differentiate.median), fmtMs(s.simplify.median),
      fmtMs(s.print.median), fmtMs(engineMs(r)), fmtMs(r.total.median), `${Math.round(spread(r.total) * 100)}%`, fmtMs(r.firstMs),
      r.runs, r.sizes.result, checkText(r)];
  });
  return table(columns, rows);
}

function checkText(r) {
  if (!r.check) return r.sameAsSession === false ? 'DIFFERS' : '';
  const c = r.check.ok ? 'ok' : r.check.problem ? 'n/a' : 'WRONG';
  return r.sameAsSession === false ? `${c} DIFFERS` : c;
}

/** Cases whose answer failed its numeric check, or whose staged run differs from Session.run. */
export function problems(results) {
  return results.flatMap((r) => {
    const out = [];
    if (r.check && !r.check.ok && !r.check.problem) out.push(`WRONG ANSWER ${r.id}: relative error ${r.check.relativeError.toExponential(2)}; result ${r.plain.slice(0, 120)}`);
    if (r.check?.problem) out.push(`NOT CHECKED ${r.id}: ${r.check.problem}`);
    if (r.sameAsSession === false) out.push(`PIPELINE ${r.id}: the staged result differs from Session.run's`);
    return out;
  });
}

/** The side-by-side table: our engine time against SymPy's diff, and whose answer is right. */
export function sympyTable(results, sympy) {
  const byId = new Map(sympy.map((s) => [s.id, s]));
  const columns = [['case', 20, 'l'], ['ours ms', 8, 'r'], ['sympy ms', 9, 'r'], ['ours/sympy', 10, 'r'], ['ours', 5, 'l'], ['sympy', 32, 'l']];
  const rows = results.filter((r) => byId.has(r.id)).map((r) => {
    const s = byId.get(r.id);
    const ours = r.error ? undefined : engineMs(r);
    const ratio = ours !== undefined && s.status === 'ok' ? ours / s.ms : undefined;
    const theirs = s.status === 'ok' && s.verdict === 'ok' ? 'ok' : `${s.status === 'ok' ? s.verdict : s.status}${s.detail ? `: ${s.detail}` : ''}`;
    return [r.id, r.error ? 'failed' : fmtMs(ours), s.ms === undefined ? '-' : fmtMs(s.ms),
      ratio === undefined ? '-' : ratio < 0.001 ? ratio.toExponential(1) : ratio.toFixed(3), s.ours ?? '-', theirs.slice(0, 60)];
  });
  return table(columns, rows);
}
