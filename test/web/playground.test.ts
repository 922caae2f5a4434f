// The playground end to end: the page served by `mcalc serve`, in headless Chromium, used as a
// person would: typing the seed problem, switching formats, picking every example, opening the
// explanation and the graph, making a syntax error, following a permalink, running a program
// too slow to finish, and opening the built page from the disk.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { editorText, launch, openPage, resultsFor, typeProgram, type Browser } from './browser.js';
import { serve, type Served } from './server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = (name: string): string => readFileSync(`${root}examples/${name}.mc`, 'utf8');
const SEED_Q2 = example('seed-q2');
const ANSWER = {
  latex: String.raw`\alpha K^{-1} y y^\top K^{-1} x - \alpha D K^{-1} x`,
  plain: "alpha*inv(K)*y*y'*inv(K)*x - alpha*D*inv(K)*x",
  unicode: 'αK⁻¹yyᵀK⁻¹x − αDK⁻¹x',
};

let server: Served;
let browser: Browser;
beforeAll(async () => {
  server = await serve();
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh page on the served playground; the test fails on any error the page itself hits. */
async function playground(fragment = ''): Promise<{ page: Page; problems: string[] }> {
  return openPage(browser, server.url + fragment);
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allInnerTexts();

describe('the playground in Chromium', () => {
  test('typing the seed Q2 program shows its gradient rendered by KaTeX', async () => {
    const { page, problems } = await playground();
    await resultsFor(page, SEED_Q2); // the page opens on the seed Q2 example: start from nothing
    await typeProgram(page, '');
    await resultsFor(page, '');
    expect(await texts(page, '#results')).toEqual([expect.stringMatching(/^No queries yet/)]);
    await typeProgram(page, SEED_Q2);
    await resultsFor(page, SEED_Q2);
    const math = page.locator('.result .math .katex').first();
    // KaTeX's HTML: K with a superscript -1, y with a superscript transpose sign
    expect((await math.innerText()).replace(/\s+/g, '')).toBe('αK−1yy⊤K−1x−αDK−1x');
    expect(await math.locator('.msupsub').count()).toBe(4);
    expect(await texts(page, '.result .meta span')).toEqual([expect.stringMatching(/^line 6 · grad · n · [\d.]+ ms$/)]);
    await page.selectOption('#format', 'unicode');
    expect(await texts(page, '.result pre.text')).toEqual([ANSWER.unicode]);
    // the names, with what is inferred of each definition
    await page.locator('details.names summary').click();
    const rows = await page.locator('details.names tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows.map((r) => r[0])).toEqual(['x', 'y', 'alpha', 'beta', 'D', 'K', 'h']);
    expect(rows[5]).toEqual(['K', 'matrix(n, n) (inferred: symmetric)', ':= αxxᵀ + I/β']);
    expect(rows[0]).toEqual(['x', 'vector(n)', '']);
    expect(problems).toEqual([]);
  }, 60_000);

  test('the format switch shows each format, and the copy button copies it', async () => {
    const { page, problems } = await playground();
    await resultsFor(page, SEED_Q2); // the page opens on the seed Q2 example
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    expect(await page.locator('#format option').allTextContents()).toEqual(['LaTeX', 'plain', 'Unicode', 'NumPy']);
    for (const [format, text] of Object.entries(ANSWER)) {
      await page.selectOption('#format', format);
      expect(await texts(page, '.result pre.text')).toEqual([text]);
      await page.locator('.result button.copy').click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    }
    await page.selectOption('#format', 'numpy');
    const numpy = (await texts(page, '.result pre.text'))[0]!;
    // a module (src/codegen): the import, then the function; inv(K) applied by solving
    expect(numpy).toMatch(/^import numpy as np\n[^]*\ndef grad_h_x\((\w+, ){4}\w+\):\n/);
    expect(numpy).toContain('np.linalg.solve(K, ');
    expect(problems).toEqual([]);
  }, 60_000);

  test('every example gives the answers in its .expected file, and --check passes', async () => {
    const { page, problems } = await playground();
    await resultsFor(page, SEED_Q2);
    await page.selectOption('#format', 'plain');
    await page.check('#check');
    const names = readdirSync(`${root}examples`).filter((f) => f.endsWith('.mc')).map((f) => f.replace(/\.mc$/, ''));
    const offered = await page.locator('#examples option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect([...offered].sort()).toEqual([...names].sort());
    for (const name of names) {
      await page.selectOption('#examples', name);
      await resultsFor(page, example(name));
      expect(await editorText(page)).toBe(example(name));
      const expected = readFileSync(`${root}examples/${name}.expected`, 'utf8').trim().split('\n');
      expect(await texts(page, '.result pre.text'), name).toEqual(expected);
      const checks = await texts(page, '.result .check');
      expect(checks.length, name).toBe(expected.length);
      for (const c of checks) expect(c, name).toMatch(/^check: largest relative error \S+ at 3 random points: ok$/);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  test('the explanation and the computation graph open under the result', async () => {
    const { page, problems } = await playground();
    await resultsFor(page, SEED_Q2);
    await page.locator('details.explanation summary').click();
    const steps = page.locator('details.explanation .steps');
    await steps.waitFor();
    const text = await steps.innerText();
    expect(text).toContain('The differential of h, rule by rule');
    expect(text).toMatch(/d-inverse \(Matrix Cookbook \(40\)/);
    expect(await steps.locator('.katex').count()).toBeGreaterThan(10);
    await page.locator('details.graph summary').click();
    const svg = page.locator('details.graph .svg-holder svg');
    await svg.waitFor({ timeout: 30_000 });
    expect(await svg.locator('g.node').count()).toBeGreaterThan(10);
    const legend = await svg.locator('text').allTextContents();
    expect(legend.filter((t) => /^path \d: h -> /.test(t))).toHaveLength(4);
    expect(problems).toEqual([]);
  }, 60_000);

  test("the editor colours mcalc's tokens as its lexer reads them", async () => {
    const { page, problems } = await playground();
    const program = 'A : matrix(n, n) symmetric  # a note\ngrad(tr(A), A)';
    await typeProgram(page, program);
    await resultsFor(page, program);
    const look = (text: string): Promise<string> =>
      page.locator('.cm-line span', { hasText: new RegExp(`^${text.replace(/[()#]/g, '\\$&')}$`) }).first().evaluate((e) => `${getComputedStyle(e).color} ${getComputedStyle(e).fontStyle}`);
    expect(await look('grad')).toBe('rgb(122, 62, 157) normal'); // a query
    expect(await look('tr')).toBe('rgb(0, 92, 197) normal'); // a function
    expect(await look('matrix')).toBe('rgb(34, 134, 58) normal'); // a type
    expect(await look('symmetric')).toBe('rgb(179, 89, 0) normal'); // a property
    expect(await look('# a note')).toBe('rgb(106, 115, 125) italic'); // a comment
    expect(problems).toEqual([]);
  }, 60_000);

  test('an error is marked under the offending spot in the editor', async () => {
    const { page, problems } = await playground();
    const program = "x : vector(n)\nf := x'*(x + )\ngrad(f, x)";
    await typeProgram(page, program);
    await resultsFor(page, program);
    expect(await texts(page, '.cm-mcalc-error')).toEqual([')']);
    const message = page.locator('.cm-mcalc-error-message');
    expect(await message.innerText()).toBe('^ 2:14: unexpected ")"; expected an expression');
    // the message is the block right under line 2, its caret under column 14
    expect(await message.evaluate((m) => m.previousElementSibling?.textContent)).toBe("f := x'*(x + )");
    expect(await message.locator('.cm-mcalc-caret').evaluate((c) => (c as HTMLElement).style.marginLeft)).toBe('13ch');
    expect(await texts(page, '.result.error')).toEqual(['error: 2:14: unexpected ")"; expected an expression']);
    // a shape error marks the whole operand; fixing the program clears the mark
    const shapes = "x : vector(n)\nA : matrix(m, n)\ngrad(x'*A*x, x)";
    await typeProgram(page, shapes);
    await resultsFor(page, shapes);
    expect(await page.locator('.cm-mcalc-error-message').innerText()).toMatch(/^\^ 3:\d+: cannot multiply x' \(1 x n\) by A \(m x n\)/);
    // an error of f marks f (issue 11)
    const notScalar = "x : vector(n)\ngrad(x*x', x)";
    await typeProgram(page, notScalar);
    await resultsFor(page, notScalar);
    expect(await texts(page, '.cm-mcalc-error')).toEqual(["x*x'"]);
    expect(await page.locator('.cm-mcalc-error-message').innerText()).toBe("^ 2:6: grad: f must be a scalar, but x*x' is n x n");
    await typeProgram(page, SEED_Q2);
    await resultsFor(page, SEED_Q2);
    expect(await page.locator('.cm-mcalc-error, .cm-mcalc-error-message').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  test('the permalink reloads the same program', async () => {
    const { page, problems } = await playground();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const program = "# a permalink, with unicode: α, ⊙\nA : matrix(n, n)\nx : vector(n)\nhessian(x'*A*x, x)";
    await typeProgram(page, program);
    await resultsFor(page, program);
    await page.locator('#permalink').click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${server.url}#code=[A-Za-z0-9_-]+$`));
    const other = await playground(link.slice(server.url.length));
    await resultsFor(other.page, program);
    expect(await editorText(other.page)).toBe(program);
    expect(await texts(other.page, '.result pre.text')).toEqual(['A + A^\\top']);
    expect([...problems, ...other.problems]).toEqual([]);
  }, 60_000);

  test('a program too slow to finish is stopped after the time limit; the page never freezes', async () => {
    // 600 Hessians of two-layer tanh networks, each in its own variable: minutes of work
    const lines = ['A : matrix(n, n)'];
    for (let i = 0; i < 600; i++) lines.push(`x${i} : vector(n)`, `hessian(sum(tanh(A*tanh(A*x${i} + x${i}) + x${i})), x${i})`);
    const slow = lines.join('\n');
    const { page, problems } = await playground(`#code=${Buffer.from(slow).toString('base64url')}`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'running…');
    // while the engine computes, the page answers at once and its controls work
    for (let i = 1; i <= 6; i++) {
      const start = Date.now();
      await page.evaluate(() => document.body.childElementCount);
      // a page whose own thread ran the engine would not answer for minutes
      expect(Date.now() - start).toBeLessThan(3000);
      expect(await page.locator('#status').textContent()).toBe('running…');
      await page.selectOption('#format', i % 2 ? 'plain' : 'unicode');
      await page.waitForTimeout(200);
    }
    await page.waitForFunction(() => document.getElementById('results')?.dataset.state === 'timeout', undefined, { timeout: 30_000 });
    expect(await page.locator('#status').innerText()).toMatch(/^stopped: the program took longer than 10 s, so the engine was stopped and restarted/);
    // the restarted engine answers the next program
    await typeProgram(page, SEED_Q2);
    await resultsFor(page, SEED_Q2);
    expect(await texts(page, '.result pre.text')).toEqual([ANSWER.unicode]);
    expect(problems).toEqual([]);
  }, 90_000);

  test('a result too large to typeset is shown as text only', async () => {
    // few terms (the engine is quick), long names (the LaTeX is long)
    const names = Array.from({ length: 60 }, (_, i) => `${'v'.repeat(300)}${i}`);
    const program = `${names.join(', ')} : vector(n)\nsimplify(${names.map((v) => `${v}'*${v}`).join(' + ')})`;
    const { page, problems } = await playground(`#code=${Buffer.from(program).toString('base64url')}`);
    await resultsFor(page, program);
    expect(await texts(page, '.result .math')).toEqual([expect.stringMatching(/^\(\d+ characters of LaTeX: too large to typeset here; the text is below\)$/)]);
    expect((await texts(page, '.result pre.text'))[0]!.length).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
  }, 60_000);

  test('the built page also works opened from the disk (file://)', async () => {
    const { page, problems } = await openPage(browser, pathToFileURL(`${root}dist/web/index.html`).href);
    await resultsFor(page, SEED_Q2);
    expect((await page.locator('.result .math .katex').first().innerText()).replace(/\s+/g, '')).toBe('αK−1yy⊤K−1x−αDK−1x');
    expect(problems).toEqual([]);
  }, 60_000);
});
