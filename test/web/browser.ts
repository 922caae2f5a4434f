// Debian's Chromium, headless, driven by playwright-core, for the playground's end-to-end tests.
// There is no fallback and no skipping: without /usr/bin/chromium these tests fail, saying how
// to install it (.ci/run installs it with apt-get).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run does this)`);
  const profile = mkdtempSync(join(tmpdir(), 'mcalc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page that records what goes wrong in it (uncaught errors, console errors). */
export async function openPage(b: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await b.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** Waits until the page shows the results of exactly this program; fails at once when the page
 * stopped it instead (past its time limit, or the engine crashed). */
export async function resultsFor(page: Page, program: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((p) => {
    const r = document.getElementById('results');
    return r?.dataset.source === p && r.dataset.state !== undefined;
  }, program, { timeout });
  const state = await page.locator('#results').getAttribute('data-state');
  if (state !== 'done' && state !== 'error') throw new Error(`the page stopped the program (${state}): ${await page.locator('#status').textContent()}`);
}

/** Replaces the editor's program by typing it, as a person would. */
export async function typeProgram(page: Page, program: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(program);
}

/** The program in the editor. */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent).join('\n'));
}
