// The results pane: one card per query, in order, with its KaTeX rendering, its text in the
// chosen format (with a copy button), the numeric check, and, on request, the step-by-step
// explanation and the computation graph. Built with DOM calls; the only HTML inserted is what
// KaTeX and Graphviz produced in the worker.

import type { ErrorView, NameView, PageFormat, ValueView } from './protocol.js';

export interface ResultsHost {
  /** the format whose text the cards show */
  format(): PageFormat;
  /** asks the worker for the graph of result `index` */
  graph(index: number): Promise<{ svg?: string; error?: string }>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** Copies text, through the clipboard API where the page may use it, else a selection. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el('textarea', { class: 'offscreen' }, text);
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

export function copyButton(text: () => string, label = 'Copy'): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'copy' }, label);
  button.addEventListener('click', async () => {
    await copyText(text());
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = label), 1200);
  });
  return button;
}

function html(className: string, markup: string): HTMLDivElement {
  const div = el('div', { class: className });
  div.innerHTML = markup;
  return div;
}

function checkLine(c: NonNullable<ValueView['check']>): HTMLElement {
  const text = c.problem && !Number.isFinite(c.relativeError)
    ? `check: not made (${c.problem})`
    : `check: largest relative error ${c.relativeError.toExponential(2)} at 3 random points: ${c.ok ? 'ok' : 'WRONG'}`;
  return el('div', { class: `check ${c.ok ? 'ok' : 'bad'}` }, text);
}

/** A disclosure that fills its body the first time it is opened. */
function panel(title: string, className: string, fill: (body: HTMLElement) => void | Promise<void>): HTMLDetailsElement {
  const body = el('div', { class: 'panel-body' });
  const details = el('details', { class: className }, el('summary', {}, title), body);
  let filled = false;
  details.addEventListener('toggle', () => {
    if (!details.open || filled) return;
    filled = true;
    void fill(body);
  });
  return details;
}

function valueCard(r: ValueView, index: number, host: ResultsHost): HTMLElement {
  const format = host.format();
  const meta = [r.line ? `line ${r.line}` : '', r.query, r.shape, `${r.ms.toFixed(1)} ms`].filter(Boolean).join(' · ');
  const card = el('section', { class: 'result', 'data-index': String(index), 'data-query': r.query },
    el('div', { class: 'meta' }, el('code', {}, r.input), el('span', {}, meta)));
  card.append(html('math', r.html));
  const pre = el('pre', { class: 'text', 'data-format': format }, r.text[format]);
  card.append(el('div', { class: 'text-row' }, pre, copyButton(() => pre.textContent ?? '')));
  if (r.check) card.append(checkLine(r.check));
  if (r.explanation) card.append(panel('Explanation, step by step', 'explanation', (body) => body.append(html('steps', r.explanation!))));
  if (r.graph) {
    card.append(panel('Computation graph', 'graph', async (body) => {
      body.append(el('div', { class: 'note' }, 'drawing the graph…'));
      const g = await host.graph(index);
      body.replaceChildren(g.svg ? html('svg-holder', g.svg) : el('div', { class: 'error-text' }, `no graph: ${g.error}`));
    }));
  }
  return card;
}

function errorCard(e: ErrorView): HTMLElement {
  const where = e.spot ? `${e.spot.line}:${e.spot.column}: ` : '';
  return el('section', { class: 'result error' }, el('div', { class: 'error-text' }, `error: ${where}${e.message}`));
}

function namesTable(names: readonly NameView[]): HTMLElement {
  const rows = names.map((n) => el('tr', {}, el('td', {}, el('code', {}, n.name)), el('td', {}, n.type), el('td', {}, n.body ? el('code', {}, `:= ${n.body}`) : '')));
  return el('details', { class: 'names' }, el('summary', {}, `Names (${names.length}): types and properties, inferred ones marked`), el('table', {}, ...rows));
}

export function renderResults(target: HTMLElement, results: ReadonlyArray<ValueView | ErrorView>, names: readonly NameView[], host: ResultsHost): void {
  const cards = results.map((r, i) => (r.kind === 'value' ? valueCard(r, i, host) : errorCard(r)));
  if (!cards.length) cards.push(el('p', { class: 'note' }, 'No queries yet: write one, such as grad(f, x), or pick an example.'));
  target.replaceChildren(...cards, ...(names.length ? [namesTable(names)] : []));
}

/** Shows every card's text in another format, leaving open panels open. */
export function showFormat(target: HTMLElement, results: ReadonlyArray<ValueView | ErrorView>, format: PageFormat): void {
  for (const pre of target.querySelectorAll<HTMLElement>('section.result pre.text')) {
    const index = Number(pre.closest('section')!.getAttribute('data-index'));
    const r = results[index];
    if (r?.kind !== 'value') continue;
    pre.textContent = r.text[format];
    pre.setAttribute('data-format', format);
  }
}
