// npm run bench:shared — issue 9's shared results: networks written with definitions, whose
// gradients are small as computations (backprop adjoints) but exponential as trees. For each k:
// the engine's time, the size of every output format (plain, unicode and latex with their
// where-lists, the JSON line, the numpy/torch/jax modules), and whether python3 parses and runs
// the JSON `numpy` expression (n = 4) to the value of the generated NumPy function.
//   node bench/codegen/shared.mjs [k ...]   (default 16 64 256)
import { spawnSync } from 'node:child_process';
import { Session } from '../../dist/engine/session.js';
import { PythonModule } from '../../dist/codegen/index.js';
import { print } from '../../dist/print/index.js';
import { jsonLine, pythonCode } from '../../dist/cli/output.js';

const FAMILIES = {
  // h(i) := h(i-1) + tanh(W*h(i-1)): the residual network
  residual: (k) => ['W : matrix(n, n)', 'h0 : vector(n)', ...range(k).map((i) => `h${i} := h${i - 1} + tanh(W*h${i - 1})`), `grad(sum(h${k}), W)`],
  // v(i+1) := tanh(W*v(i)): bench/cases.mjs's network family
  network: (k) => ['W : matrix(n, n)', 'x : vector(n)', 'v1 := tanh(W*x)', ...range(k).slice(1).map((i) => `v${i} := tanh(W*v${i - 1})`), `grad(sum(v${k}), W)`],
};
const range = (k) => Array.from({ length: k }, (_, i) => i + 1);
const sizes = process.argv.slice(2).map(Number);

const kb = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} KB`;

/** python3 runs the JSON expression and the module's function at n = 4 and compares them. */
function pythonAgrees(json, module, decls) {
  const script = `
import json, sys, numpy as np
s = json.load(sys.stdin)
rng = np.random.default_rng(1)
args = [rng.uniform(-0.5, 0.5, (4, 4) if kind == "matrix" else (4,)) for name, kind in s["decls"]]
ns = {"np": np, "n": 4, **{name: a for (name, _), a in zip(s["decls"], args)}}
m = {}
exec(s["module"], m)
f = [v for k, v in m.items() if k.startswith("grad_") and not k.endswith("_and_value")][0]
print("ok" if np.allclose(eval(s["json"], ns), f(*args), rtol=1e-12, atol=1e-12) else "DIFFERENT")`;
  const p = spawnSync('python3', ['-c', script], { input: JSON.stringify({ json, module, decls }), encoding: 'utf8', maxBuffer: 1 << 28 });
  return p.status === 0 ? p.stdout.trim() : `python3 failed: ${p.stderr.trim().split('\n').pop()}`;
}

console.log('| family | k | engine (s) | plain | unicode | latex | json | numpy module | torch module | python3: json numpy = module |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const [family, make] of Object.entries(FAMILIES)) {
  for (const k of sizes.length ? sizes : [16, 64, 256]) {
    const session = new Session();
    const results = session.run(make(k).join('\n'));
    const r = results[results.length - 1];
    if (r.kind !== 'value') {
      console.log(`| ${family} | ${k} | error: ${r.diagnostic.message} |`);
      continue;
    }
    const declared = session.scope.symbols();
    const json = jsonLine(r);
    const numpy = pythonCode(r, new PythonModule('numpy'), declared);
    const torch = pythonCode(r, new PythonModule('torch'), declared);
    const decls = declared.map((s) => [s.name, s.shape.cols === 1 ? 'vector' : 'matrix']);
    const agrees = pythonAgrees(JSON.parse(json).numpy, numpy, decls);
    const texts = ['plain', 'unicode', 'latex'].map((f) => kb(print(r.result, f)));
    console.log(`| ${family} | ${k} | ${(r.ms / 1000).toFixed(2)} | ${texts.join(' | ')} | ${kb(json)} | ${kb(numpy)} | ${kb(torch)} | ${agrees} |`);
  }
}
