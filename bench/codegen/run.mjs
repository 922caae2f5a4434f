// npm run bench:codegen — issue 9's measurements: flops of the generated NumPy against
// hand-written optimal code (flops.py counts both on shape-only arrays) at n = 1000, and wall
// time of generated NumPy gradients and Hessians against torch.autograd (timing.py, Debian's
// python3-torch, installed here when missing; skipped with a note when it cannot be).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Session } from '../../dist/engine/session.js';
import { PythonModule } from '../../dist/codegen/index.js';
import { pythonCode } from '../../dist/cli/output.js';
import { CASES } from './cases.mjs';

const here = import.meta.dirname;
/** The cases timed against torch.autograd (gradients, and Hessians up to n = 1000). */
const TIMED = ['seed-q1.mc', 'seed-q2.mc', 'least-squares.mc grad', 'logistic-regression.mc grad', 'gaussian-loglik.mc S', 'gp-marginal-likelihood.mc X', 'ml-rayleigh', 'ml-two-layer', 'least-squares.mc hessian', 'logistic-regression.mc hessian', 'hess-ridge'];
const N = Number(process.env.BENCH_N ?? 1000);

/** The case's query: its numpy module, the generated function's name, the declared shapes. */
function generated(c) {
  const session = new Session();
  const numpy = new PythonModule('numpy');
  const torch = new PythonModule('torch');
  let k = 0;
  let out;
  for (const r of session.run(c.source)) {
    if (r.kind === 'error') throw new Error(`${c.id}: ${r.diagnostic.message}`);
    if (r.kind !== 'value' || k++ !== c.query) continue;
    const declared = session.scope.symbols();
    const text = pythonCode(r, numpy, declared);
    const f = r.derivation?.f;
    const value = f ? torch.add({ name: 'value', declared, result: f }) : undefined;
    const decls = declared.map((s) => ({ name: s.name, shape: [s.shape.rows, s.shape.cols], posdef: (s.props & 2) !== 0, symmetric: (s.props & 1) !== 0 }));
    out = { numpy: text, name: /^def ([a-z]\w*)\(/m.exec(text)?.[1], torchValue: value, kind: r.derivation?.kind, variable: r.derivation?.variable.name, decls };
  }
  return out;
}

const jobs = CASES.map((c) => ({ ...c, ...generated(c), optimalFile: resolve(here, 'optimal.py') }));
const flops = spawnSync('python3', [resolve(here, 'compare.py')], { input: JSON.stringify({ n: N, jobs }), encoding: 'utf8', stdio: ['pipe', 'inherit', 'inherit'] });
if (flops.status !== 0) process.exitCode = 1;

if (process.env.BENCH_SKIP_TORCH) process.exit();
let torchPython = '/usr/bin/python3';
const hasTorch = () => spawnSync(torchPython, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!hasTorch()) {
  console.log('torch not importable by /usr/bin/python3: installing Debian python3-torch (apt-get)');
  spawnSync('sh', ['-c', 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch'], { stdio: 'inherit' });
}
if (!hasTorch()) {
  console.log('NOTE: torch unavailable (python3-torch could not be installed): the torch.autograd comparison is skipped');
} else {
  // BENCH_CASES=id,id and BENCH_SIZES=200,1000 narrow the timed part (e.g. to re-measure one case)
  const only = process.env.BENCH_CASES?.split(',');
  const sizes = process.env.BENCH_SIZES?.split(',').map(Number) ?? [200, 1000, 2000];
  const timed = jobs.filter((j) => (only ?? TIMED).includes(j.id));
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  spawnSync(torchPython, [resolve(here, 'timing.py')], { input: JSON.stringify({ sizes, jobs: timed }), encoding: 'utf8', env, stdio: ['pipe', 'inherit', 'inherit'] });
}
