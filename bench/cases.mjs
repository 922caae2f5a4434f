// The benchmark cases: every case of the public acceptance corpus, and five families of growing
// size k. A case is a complete mcalc program (declarations, definitions, one derivative query)
// plus the same problem as a SymPy snippet that assigns `result` (bench/sympy_bench.py runs it
// with `sp` and every declared name bound, as the corpus's own verify_corpus.py does).

import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The public corpus: $MCALC_CORPUS, the copy in test/acceptance, or the shared checkout beside this one. */
export const CORPUS_PATH = process.env.MCALC_CORPUS ??
  [path.join(REPO, 'test/acceptance/public.jsonl'), path.resolve(REPO, '../shared/corpus/public.jsonl')].find(existsSync);

export const SIZES = [2, 4, 8, 16, 32, 64];

/**
 * @typedef {object} Case
 * @property {string} id
 * @property {string} group    'corpus' or a family name
 * @property {number} [k]      the family's size parameter
 * @property {'grad'|'jacobian'|'hessian'|'differential'} kind
 * @property {string} variable
 * @property {string} program  declarations and definitions, then the query on the last line
 * @property {string} [sympy]  a Python snippet that assigns `result`
 */

/** The corpus cases, each run as the acceptance check runs it: f inlined in parentheses. */
export function corpusCases(file = CORPUS_PATH) {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((line) => {
    const d = JSON.parse(line);
    const variable = /\(\s*f\s*,\s*(\w+)\s*\)/.exec(d.query)[1];
    return {
      id: d.id,
      group: 'corpus',
      kind: d.kind,
      variable,
      program: `${d.program.trimEnd()}\n${d.kind}((${d.f}), ${variable})`,
      sympy: d.sympy,
    };
  });
}

const names = (prefix, k) => Array.from({ length: k }, (_, i) => `${prefix}${i + 1}`);

/**
 * The families. `make(k)` gives the program and the SymPy snippet; `growth` is the log-log
 * exponent the issue allows (quadratic; linear for the network, whose definitions are shared).
 */
export const FAMILIES = [
  {
    name: 'trace',
    variable: 'X',
    title: 'tr(A1*X*A2*X*...*Ak*X) by X',
    growth: 2,
    make(k) {
      const as = names('A', k);
      const chain = as.map((a) => `${a}*X`).join('*');
      return {
        program: `X : matrix(n, n)\n${as.join(', ')} : matrix(n, n)\ngrad(tr(${chain}), X)`,
        sympy: `result = sp.Trace(${chain}).diff(X)`,
      };
    },
  },
  {
    name: 'chain',
    variable: 'W1',
    title: 'norm(Wk*...*W2*W1*x)^2 by W1',
    growth: 2,
    make(k) {
      const ws = names('W', k).reverse().join('*');
      return {
        program: `${names('W', k).join(', ')} : matrix(n, n)\nx : vector(n)\ngrad(norm(${ws}*x)^2, W1)`,
        sympy: `r = (${ws}*x)\nresult = (r.T*r).diff(W1)`,
      };
    },
  },
  {
    name: 'quadratic',
    variable: 'x',
    title: "x'*A1*x + ... + x'*Ak*x by x",
    growth: 2,
    make(k) {
      const as = names('A', k);
      return {
        program: `x : vector(n)\n${as.join(', ')} : matrix(n, n)\ngrad(${as.map((a) => `x'*${a}*x`).join(' + ')}, x)`,
        sympy: `result = (${as.map((a) => `x.T*${a}*x`).join(' + ')}).diff(x)`,
      };
    },
  },
  {
    name: 'inverses',
    variable: 'x',
    title: "x'*inv(A1 + inv(A2 + ... inv(Ak + x*x')))*x by x",
    growth: 2,
    make(k) {
      const as = names('A', k);
      let m = `${as[k - 1]} + x*x'`;
      let s = `${as[k - 1]} + x*x.T`;
      for (let i = k - 2; i >= 0; i--) {
        m = `${as[i]} + inv(${m})`;
        s = `${as[i]} + sp.Inverse(${s})`;
      }
      return {
        // invertible: sampled as B + n*I, so every nested sum stays well conditioned
        program: `x : vector(n)\n${as.join(', ')} : matrix(n, n) invertible\ngrad(x'*inv(${m})*x, x)`,
        sympy: `result = (x.T*sp.Inverse(${s})*x).diff(x)`,
      };
    },
  },
  {
    name: 'network',
    variable: 'W',
    title: 'v1 := tanh(W*x), v(i+1) := tanh(W*vi), grad(sum(vk), W)',
    growth: 1,
    make(k) {
      const defs = ['v1 := tanh(W*x)'];
      const py = ['v1 = (W*x).applyfunc(sp.tanh)'];
      for (let i = 2; i <= k; i++) {
        defs.push(`v${i} := tanh(W*v${i - 1})`);
        py.push(`v${i} = (W*v${i - 1}).applyfunc(sp.tanh)`);
      }
      return {
        program: `W : matrix(n, n)\nx : vector(n)\n${defs.join('\n')}\ngrad(sum(v${k}), W)`,
        sympy: `${py.join('\n')}\nresult = (sp.OneMatrix(1, n)*v${k}).diff(W)`,
      };
    },
  },
];

/** Every family at every size, smallest k first within a family. */
export function familyCases(sizes = SIZES, only = undefined) {
  return FAMILIES.filter((f) => !only || only.includes(f.name)).flatMap((fam) =>
    sizes.map((k) => ({ id: `${fam.name}-${k}`, group: fam.name, k, kind: 'grad', variable: fam.variable, ...fam.make(k) })),
  );
}

/**
 * The program with every dimension name renamed (n -> n_r3): run r then shares no interned node
 * with the runs before it, so each timed run pays for building its expressions as a new query
 * would, instead of finding them in the engine's global tables.
 */
export function freshDimensions(program, run) {
  return program.replace(/\b(vector|matrix|I|ones)\(([^)]*)\)/g, (_, head, dims) =>
    `${head}(${dims.replace(/[A-Za-z_]\w*/g, (d) => `${d}_r${run}`)})`);
}

/** The declaration lines of a program, as SymPy needs them: name -> {type, dims, props}. */
export function declarations(program) {
  const out = {};
  for (const line of program.split('\n')) {
    const m = /^\s*([\w\s,]+?)\s*:\s*(scalar|vector|matrix)\s*(?:\(([^)]*)\))?\s*(.*)$/.exec(line);
    if (!m || line.includes(':=')) continue;
    const dims = m[3] ? m[3].split(',').map((d) => (/^\d+$/.test(d.trim()) ? Number(d) : d.trim())) : [];
    const props = m[4].split(/[\s,]+/).filter(Boolean);
    for (const name of m[1].split(',').map((s) => s.trim())) out[name] = { type: m[2], dims, props };
  }
  return out;
}
