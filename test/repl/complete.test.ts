// Tab completion, the :decls listing and :command parsing, tested directly; then once through a
// real terminal (util-linux `script` gives the REPL a pty): completion, history recall, Ctrl-C,
// Ctrl-D and colour.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complete, declsText, runCommand, COMMAND_NAMES, type CommandContext } from '../../src/repl/commands.js';
import { Session } from '../../src/engine/session.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcalc-complete-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('complete', () => {
  const names = ['x', 'xs', 'alpha', 'A', 'K'];

  it('offers declared names for the word before the cursor', () => {
    expect(complete("grad(x'*A*x", names)).toEqual([['x', 'xs'], 'x']);
    expect(complete('2*al', names)).toEqual([['alpha'], 'al']);
    expect(complete('K', names)).toEqual([['K'], 'K']);
  });

  it('offers functions and queries with their parenthesis', () => {
    expect(complete('gra', names)).toEqual([['grad(', 'graph('], 'gra']);
    expect(complete('x + si', names)).toEqual([['sin(', 'sigmoid(', 'sign(', 'simplify('], 'si']);
    expect(complete('lo', names)[0]).toEqual(['logdet(', 'log(', 'logsumexp(']);
    expect(complete('exp', names)[0]).toEqual(['exp(', 'explain(']);
    expect(complete('I', names)[0]).toEqual(['I(']);
  });

  it('offers nothing after an operator, a parenthesis or a space', () => {
    for (const line of ['', 'x + ', 'grad(', 'x, ']) expect(complete(line, names)).toEqual([[], '']);
  });

  it('completes : commands and their arguments', () => {
    expect(complete(':', names)).toEqual([COMMAND_NAMES, ':']);
    expect(complete(':f', names)).toEqual([[':format'], ':f']);
    expect(complete('  :ex', names)).toEqual([[':explain'], ':ex']);
    expect(complete(':format l', names)).toEqual([['latex'], 'l']);
    expect(complete(':explain o', names)).toEqual([['on', 'off'], 'o']);
    expect(complete(':graph ', names)).toEqual([['dot', 'mermaid', 'svg'], '']);
    expect(complete(':decls x', names)).toEqual([[], ':decls x']);
  });

  it('completes types after the colon of a declaration, and properties after a matrix type', () => {
    expect(complete('x : ', names)).toEqual([['scalar', 'vector(', 'matrix('], '']);
    expect(complete('x, y : v', names)).toEqual([['vector('], 'v']);
    expect(complete('A : matrix(n, n) s', names)).toEqual([['symmetric'], 's']);
    // a property already given is not offered again
    expect(complete('A : matrix(n, n) symmetric, ', names)[0]).toEqual(['posdef', 'diagonal', 'orthogonal', 'invertible']);
    // a definition is not a declaration: names and functions as anywhere else
    expect(complete('K := si', names)).toEqual([['sin(', 'sigmoid(', 'sign(', 'simplify('], 'si']);
    expect(complete(':latex ', names)[1]).toBe('');
  });

  it('completes file names after :load', () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'seed.mc'), '');
    writeFileSync(join(dir, 'second.mc'), '');
    expect(complete(`:load ${dir}/se`, names)).toEqual([[`${dir}/second.mc`, `${dir}/seed.mc`].sort(), `${dir}/se`]);
    expect(complete(`:load ${dir}/s`, names)[0]).toContain(`${dir}/sub/`);
  });
});

describe('declsText', () => {
  it('marks implied properties of symbols and all properties of definitions as inferred', () => {
    const s = new Session();
    s.run("Q : matrix(n, n) orthogonal\nD : matrix(n, n) diagonal\nW : matrix(m, n)\nG := W'*W");
    expect(declsText(s.scope, 'unicode').split('\n')).toEqual([
      'Q : matrix(n, n) orthogonal (inferred: invertible)',
      'D : matrix(n, n) diagonal (inferred: symmetric)',
      'W : matrix(m, n)',
      // the types are padded to the longest, so that the bodies line up
      `G : ${'matrix(n, n) (inferred: symmetric)'.padEnd('matrix(n, n) orthogonal (inferred: invertible)'.length)}  := WᵀW`,
    ]);
  });

  it('is empty for an empty scope', () => {
    expect(declsText(new Session().scope, 'plain')).toBe('');
  });
});

describe('runCommand', () => {
  function context(): CommandContext & { said: string[]; complaints: string[] } {
    const said: string[] = [];
    const complaints: string[] = [];
    return {
      format: 'plain', explain: false, graphFormat: 'dot', scope: new Session().scope, said, complaints,
      reset: () => said.push('<reset>'), load: async (f) => void said.push(`<load ${f}>`), quit: () => said.push('<quit>'),
      say: (t) => said.push(t), complain: (t) => complaints.push(t),
    };
  }

  it('sets the format, explain and graph settings, and refuses bad values', async () => {
    const ctx = context();
    await runCommand(':format numpy', ctx);
    await runCommand(':explain on', ctx);
    await runCommand(':graph svg out.svg', ctx);
    expect([ctx.format, ctx.explain, ctx.graphFormat, ctx.graphFile]).toEqual(['numpy', true, 'svg', 'out.svg']);
    await runCommand(':format json', ctx);
    await runCommand(':explain maybe', ctx);
    await runCommand(':graph png', ctx);
    expect(ctx.complaints).toHaveLength(3);
    expect(ctx.format).toBe('numpy');
  });

  it('expands ~ in file names and dispatches :load, :reset and :quit', async () => {
    const ctx = context();
    await runCommand(':load ~/a.mc', ctx);
    await runCommand(':reset', ctx);
    await runCommand(':q', ctx);
    expect(ctx.said[0]).toMatch(/^<load \/.*\/a\.mc>$/);
    expect(ctx.said).toContain('<reset>');
    expect(ctx.said.at(-1)).toBe('<quit>');
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;
const BIN = new URL('../../bin/mcalc.js', import.meta.url).pathname;
const COLOUR_SWITCHES = ['CI', 'NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'TMUX', 'COLORTERM'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the REPL on a pty, typing each key string after the previous output has settled. */
async function terminal(keys: string[], env: Record<string, string>): Promise<string> {
  // Node decides colour support from the environment too (CI=1 alone means a 2-colour terminal),
  // so the REPL starts in a known one: an xterm, none of the colour switches, then the test's own.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !COLOUR_SWITCHES.includes(name)));
  const child = spawn('script', ['-qfec', `${process.execPath} ${BIN}`, '/dev/null'], { env: { ...inherited, TERM: 'xterm-256color', ...env } });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  for (let i = 0; i < 100 && !out.includes('mcalc> '); i++) await sleep(50);
  for (const k of keys) {
    child.stdin.write(k);
    await sleep(250);
  }
  child.stdin.end();
  await Promise.race([exited, sleep(5000)]);
  child.kill();
  return out;
}

/** The text a terminal would show, without the escape sequences. */
const visible = (s: string): string => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('in a real terminal (through util-linux script, a pseudo-terminal)', () => {
  it('has script(1) to run the REPL in a pseudo-terminal', () => {
    expect(hasScript, 'the script command (util-linux) is needed for the terminal tests').toBe(true);
  });

  it('completes a declared name, recalls history, cancels with Ctrl-C, leaves with Ctrl-D', async () => {
    const history = join(dir, 'history');
    const first = visible(await terminal(['xylophone, xyz : scalar\r', 'xyl\t', ' + 1\r', '\x04'], { MCALC_HISTORY: history }));
    expect(first).toContain('1 + xylophone');
    expect(first).not.toContain('unknown name');
    // the second session has no declarations: only the recalled line can declare xyz
    const second = visible(await terminal(['\x1b[A', '\x1b[A', '\r', 'xyz + (', '\x03', 'xyz\r', '\x04'], { MCALC_HISTORY: history }));
    expect(second).toContain('xyz + (^C');
    expect(second).toMatch(/\nxyz\n/);
    expect(second).not.toContain('error');
  }, 20000);

  it('Ctrl-D at the "...>" prompt runs the open statement, so its error shows', async () => {
    const out = visible(await terminal(['x : vector(n)\r', "grad(x'*x,\r", '\x04'], { MCALC_HISTORY: '' }));
    expect(out).toContain('  ...> ');
    expect(out).toMatch(/\n {2}\.\.\.> \nerror: 1:11: unexpected end of input/);
  }, 20000);

  it('pasted lines print each result before the next prompt', async () => {
    const out = visible(await terminal(["x : vector(n)\rx'*x\r3*x\r", '\x04'], { MCALC_HISTORY: '' }));
    expect(out).toContain("mcalc> x'*x\nnorm(x)^2\nmcalc> 3*x\n3*x\nmcalc> ");
  }, 20000);

  it('Ctrl-R searches the history backwards; Enter runs the match', async () => {
    const history = join(dir, 'history');
    writeFileSync(history, "x : vector(n)\ngrad(x'*x, x)\nx : vector(m)\n");
    // the newest line with "vec" is the vector(m) one; Ctrl-R again goes to the older vector(n)
    const out = visible(await terminal(['\x12', 'vec', '\x12', '\r', '\x12', 'gra', '\r', '\x04'], { MCALC_HISTORY: history }));
    expect(out).toContain("(reverse-i-search)'vec': x : vector(m)");
    expect(out).toContain("(reverse-i-search)'vec': x : vector(n)");
    expect(out).toContain("(reverse-i-search)'gra': grad(x'*x, x)");
    // 2*x, not 2*x of an m-vector or an error: the n one was run
    expect(out).toMatch(/\n2\*x\n/);
    expect(out).not.toContain('error');
  }, 20000);

  it('colours the prompt and errors, unless NO_COLOR is set', async () => {
    // (an undeclared name would have its shape inferred in a fresh session: issue 11)
    const coloured = await terminal(['1/0\r', '\x04'], { MCALC_HISTORY: '' });
    expect(coloured).toContain('\x1b[1;36mmcalc> ');
    expect(coloured).toContain('\x1b[31merror: 1:3: division by zero');
    const plain = await terminal(['1/0\r', '\x04'], { MCALC_HISTORY: '', NO_COLOR: '1' });
    expect(visible(plain)).toContain('error: 1:3: division by zero');
    expect(plain).not.toContain('\x1b[31m');
    expect(plain).not.toContain('\x1b[1;36m');
  }, 20000);
});
