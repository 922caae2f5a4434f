// The playground page: the editor on the left, the results on the right, updated as one types.
// The engine runs in a Web Worker with a time limit (src/web/engine.ts); everything the page
// needs is in the built files (no network), and the page also works opened from the disk.

import workerSource from 'mcalc:worker';
import examples from 'mcalc:examples';
import type { EditorView } from '@codemirror/view';
import { createEditor, setError, setProgram } from './editor.js';
import { Engine } from './engine.js';
import { decodeProgram, encodeProgram } from './permalink.js';
import { copyText, renderResults, showFormat } from './results.js';
import { FORMATS, type ErrorView, type PageFormat, type Response, type ValueView } from './protocol.js';

/** How long one run may take before the worker is stopped and started again. */
const TIME_LIMIT_MS = 10_000;
/** How long typing must pause before the program runs. */
const DEBOUNCE_MS = 250;
const FORMAT_NAMES: Record<PageFormat, string> = { latex: 'LaTeX', plain: 'plain', unicode: 'Unicode', numpy: 'NumPy' };

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const resultsPane = $('results');
const status = $('status');
const formatSelect = $<HTMLSelectElement>('format');
const exampleSelect = $<HTMLSelectElement>('examples');
const checkBox = $<HTMLInputElement>('check');

const engine = new Engine(workerSource, TIME_LIMIT_MS);
let current: { source: string; results: ReadonlyArray<ValueView | ErrorView> } = { source: '', results: [] };
let timer: ReturnType<typeof setTimeout> | undefined;

for (const f of FORMATS) formatSelect.append(new Option(FORMAT_NAMES[f], f));
exampleSelect.append(new Option('Examples…', ''));
for (const ex of examples) exampleSelect.append(new Option(ex.name, ex.name));

const format = (): PageFormat => formatSelect.value as PageFormat;

function setStatus(text: string, kind: 'busy' | 'ok' | 'warn' | 'error'): void {
  status.textContent = text;
  status.className = kind;
}

const initial = decodeProgram(location.hash) ?? examples.find((e) => e.name === 'seed-q2')?.source ?? '';
const editor: EditorView = createEditor($('editor'), initial, () => schedule());

function schedule(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void run(), DEBOUNCE_MS);
}

async function run(): Promise<void> {
  const source = editor.state.doc.toString();
  history.replaceState(null, '', source ? encodeProgram(source) : location.pathname + location.search);
  setStatus('running…', 'busy');
  const outcome = await engine.request<Extract<Response, { type: 'run' }>>({ type: 'run', source, check: checkBox.checked });
  if (!outcome.ok) {
    if (outcome.reason === 'superseded') return; // a newer run is on its way
    const why = outcome.reason === 'timeout'
      ? `stopped: the program took longer than ${TIME_LIMIT_MS / 1000} s, so the engine was stopped and restarted (the page stays usable; edit the program to run it again)`
      : `the engine failed (${outcome.message ?? 'no message'}) and was restarted`;
    setStatus(why, 'error');
    resultsPane.dataset.source = source;
    resultsPane.dataset.state = outcome.reason;
    return;
  }
  const { results, names } = outcome.response;
  current = { source, results };
  const error = results.find((r): r is ErrorView => r.kind === 'error');
  editor.dispatch({ effects: setError.of(error?.spot ? { message: error.message, spot: error.spot } : null) });
  renderResults(resultsPane, results, names, { format, graph });
  // which program the results are of, and how it went: for the end-to-end tests (test/web/)
  resultsPane.dataset.source = source;
  resultsPane.dataset.state = error ? 'error' : 'done';
  const total = results.reduce((t, r) => t + (r.kind === 'value' ? r.ms : 0), 0);
  const queries = results.filter((r) => r.kind === 'value').length;
  setStatus(error ? `error at ${error.spot ? `${error.spot.line}:${error.spot.column}` : 'the program'}` : `${queries} result${queries === 1 ? '' : 's'} in ${total.toFixed(1)} ms`, error ? 'warn' : 'ok');
}

async function graph(index: number): Promise<{ svg?: string; error?: string }> {
  const outcome = await engine.request<Extract<Response, { type: 'graph' }>>({ type: 'graph', source: current.source, index });
  if (outcome.ok) return outcome.response;
  return { error: outcome.reason === 'timeout' ? `drawing took longer than ${TIME_LIMIT_MS / 1000} s; the engine was restarted` : 'the drawing was interrupted; open the graph again' };
}

formatSelect.addEventListener('change', () => showFormat(resultsPane, current.results, format()));
checkBox.addEventListener('change', () => void run());
exampleSelect.addEventListener('change', () => {
  const ex = examples.find((e) => e.name === exampleSelect.value);
  if (ex) setProgram(editor, ex.source);
  exampleSelect.value = '';
});
$('permalink').addEventListener('click', async () => {
  const url = location.href.split('#')[0] + encodeProgram(editor.state.doc.toString());
  history.replaceState(null, '', url);
  await copyText(url);
  setStatus('permalink copied: the program is in the link itself', 'ok');
});
window.addEventListener('hashchange', () => {
  const program = decodeProgram(location.hash);
  if (program !== undefined && program !== editor.state.doc.toString()) setProgram(editor, program);
});

void run();
