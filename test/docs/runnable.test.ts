// The examples of README.md and docs/*.md cannot drift from what mcalc does: every code block
// marked `<!-- runnable -->` (the line before its fence) is run and its shown output compared.
//   - a shell transcript (```console): each `$ command` is run in bash at the repository root
//     (`mcalc` is bin/mcalc.js), and the lines after it, up to the next `$`, are its output
//     (standard output and standard error together);
//   - JavaScript or TypeScript (```js, ```ts): run as an ES module importing 'mcalc' (the
//     package itself), TypeScript compiled first by tsc --strict; each `// text` comment after
//     a console.log(...), and each comment line `// prints text`, is a line the script prints.

import { describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARK = '<!-- runnable -->';

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
}

function runnableBlocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== MARK) continue;
    const fence = /^```(\w+)/.exec(lines[i + 1] ?? '');
    if (!fence) throw new Error(`${file}:${i + 1}: ${MARK} must come right before a code fence`);
    const end = lines.findIndex((l, j) => j > i + 1 && l.startsWith('```'));
    blocks.push({ file, line: i + 2, lang: fence[1]!, code: lines.slice(i + 2, end).join('\n') });
  }
  return blocks;
}

const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const blocks = files.flatMap(runnableBlocks);

/** A transcript's commands, each with the output shown under it. */
function transcript(code: string): { command: string; output: string }[] {
  const out: { command: string; output: string[] }[] = [];
  for (const l of code.split('\n')) {
    if (l.startsWith('$ ')) out.push({ command: l.slice(2), output: [] });
    else out[out.length - 1]?.output.push(l);
  }
  return out.map((c) => ({ command: c.command, output: c.output.join('\n') }));
}

function shell(command: string): string {
  const script = `mcalc() { node "${ROOT}bin/mcalc.js" "$@"; }\nexport -f mcalc\n${command.replace(/^npx mcalc/, 'mcalc')}`;
  const r = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return (r.stdout + r.stderr).replace(/\n$/, '');
}

/** The lines a script is documented to print: the comment after a console.log(...), or a
 * comment line `// prints ...` (for output of a loop). */
const shownOutput = (code: string): string[] =>
  [...code.matchAll(/console\.log\(.*?\);?\s+\/\/ (.*)$|^\s*\/\/ prints (.*)$/gm)].map((m) => (m[1] ?? m[2]!).trimEnd());

function runModule(path: string): string[] {
  return execFileSync(process.execPath, [path], { cwd: ROOT, encoding: 'utf8' }).trimEnd().split('\n');
}

describe('the documentation examples run as shown', () => {
  test('there are runnable examples in README.md, api.md, language.md, repl.md and explain-and-graph.md', () => {
    for (const f of ['README.md', 'docs/api.md', 'docs/language.md', 'docs/repl.md', 'docs/explain-and-graph.md'])
      expect(blocks.filter((b) => b.file === f).length, f).toBeGreaterThan(0);
  });

  for (const b of blocks.filter((x) => x.lang === 'console')) {
    test(`${b.file}:${b.line}`, () => {
      const commands = transcript(b.code);
      expect(commands.length).toBeGreaterThan(0);
      for (const { command, output } of commands) expect(shell(command), command).toBe(output);
    }, 60_000);
  }

  const scripts = blocks.filter((x) => x.lang === 'js' || x.lang === 'ts');
  test.runIf(scripts.length)('JavaScript and TypeScript examples compile under --strict and print what they show', () => {
    // inside the repository, so that 'mcalc' resolves to this package (its "exports")
    const dir = mkdtempSync(join(ROOT, 'test/docs/.run-'));
    try {
      const names = scripts.map((b, i) => {
        const name = `example${i}`;
        // top-level await needs a module: .mts compiles to .mjs
        writeFileSync(join(dir, `${name}.m${b.lang === 'ts' ? 'ts' : 'js'}`), b.code);
        return name;
      });
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], allowJs: true, checkJs: false, outDir: 'out', rootDir: '.', skipLibCheck: true },
        include: ['*.mts', '*.mjs'],
      }));
      const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      scripts.forEach((b, i) => {
        const printed = runModule(join(dir, 'out', `${names[i]}.mjs`));
        expect(printed, `${b.file}:${b.line}`).toEqual(shownOutput(b.code));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
