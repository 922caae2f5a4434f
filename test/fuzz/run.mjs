// Long fuzz runs: npm run fuzz -- --runs 20000 --seed 7
// Runs test/fuzz/fuzz.test.ts under vitest with FUZZ_RUNS and FUZZ_SEED set (CI runs the test
// with its defaults); the summary (answers checked, refusals by message) is printed at the end,
// and a failure prints the program fast-check found, shrunk.

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string', default: String(Date.now() % 1e9) } } });
process.stdout.write(`fuzzing ${values.runs} programs at seed ${values.seed}\n`);
const p = spawnSync('npx', ['vitest', 'run', 'test/fuzz/fuzz.test.ts', '--silent=false'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: values.seed },
});
process.exit(p.status ?? 1);
