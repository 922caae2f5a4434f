// The explanation as HTML, from explainText's `markdown` layout (prose with inline LaTeX math):
// one block per line, `$...$` rendered by KaTeX, `code` and *emphasis* as such, everything else
// escaped. Only this small subset of Markdown is read, the subset that layout writes.

import katex from 'katex';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function math(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'html' });
}

/** Inline markup: math, code, strong, emphasis; the rest as text. */
function inline(text: string): string {
  const token = /\$([^$]+)\$|`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let out = '';
  let last = 0;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    out += escape(text.slice(last, m.index));
    if (m[1] !== undefined) out += math(m[1], false);
    else if (m[2] !== undefined) out += `<code>${escape(m[2])}</code>`;
    else if (m[3] !== undefined) out += `<strong>${escape(m[3])}</strong>`;
    else out += `<em>${escape(m[4]!)}</em>`;
    last = token.lastIndex;
  }
  return out + escape(text.slice(last));
}

/** A list item `- $equation$ — why` becomes the equation, displayed, with its rules under it. */
function item(text: string): string {
  const step = /^\$([^$]+)\$(?: — (.*))?$/.exec(text);
  if (!step) return `<div class="step">${inline(text)}</div>`;
  const why = step[2] ? `<div class="why">${inline(step[2])}</div>` : '';
  return `<div class="step"><div class="eq">${math(step[1]!, true)}</div>${why}</div>`;
}

export function explanationHtml(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (line.startsWith('- ') ? item(line.slice(2)) : `<div class="prose">${inline(line)}</div>`))
    .join('\n');
}
