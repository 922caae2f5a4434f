// The program editor: CodeMirror 6 with mcalc's syntax highlighted by mcalc's own lexer
// (src/parse/lexer.ts, so the colours never disagree with the parser), and an error shown under
// the offending spot: the text underlined, and below its line a caret and the message.

import { EditorState, StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, drawSelection, highlightActiveLine, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { lexer } from '../parse/lexer.js';
import { ELEMENTWISE, PROPERTY_NAMES } from '../expr/index.js';
import type { Spot } from './protocol.js';

const QUERIES = new Set(['grad', 'jacobian', 'hessian', 'differential', 'derivative', 'simplify', 'explain', 'graph']);
const FUNCTIONS = new Set<string>(['inv', 'det', 'logdet', 'tr', 'norm', 'diag', 'sum', 'kron', 'vec', 'commutation', 'I', 'ones', ...ELEMENTWISE]);
const TYPES = new Set(['scalar', 'vector', 'matrix']);
const PROPERTIES = new Set(PROPERTY_NAMES.map(([p]) => p));

/** The style of a token of the lexer (mc- names: StreamLanguage has built-in meanings for
 * names like `property` or `number`, which would win over the tokenTable below). */
function styleOf(type: string, value: string): string | null {
  switch (type) {
    case 'name':
      if (QUERIES.has(value)) return 'mc-query';
      if (FUNCTIONS.has(value)) return 'mc-fn';
      if (TYPES.has(value)) return 'mc-type';
      if (PROPERTIES.has(value)) return 'mc-property';
      return 'mc-name';
    case 'number': case 'sup': return 'mc-number';
    case 'comment': return 'mc-comment';
    case 'command': return 'mc-command';
    case 'error': return 'mc-invalid';
    case 'assign': case 'colon': return 'mc-definition';
    case 'ws': case 'nl': return null;
    default: return 'mc-operator';
  }
}

interface LineTokens {
  /** [end offset in the line, style] per token of the current line */
  tokens: Array<[number, string | null]>;
  next: number;
}

/** Lexes each line whole when the stream reaches it (a REPL command is only a command at the
 * start of a line, which a lexer started mid-line could not tell). */
const mcalcLanguage = StreamLanguage.define<LineTokens>({
  name: 'mcalc',
  startState: () => ({ tokens: [], next: 0 }),
  token(stream, state) {
    if (stream.sol()) {
      state.tokens = [];
      state.next = 0;
      lexer.reset(stream.string);
      for (let t = lexer.next(); t; t = lexer.next()) state.tokens.push([t.offset + t.text.length, styleOf(t.type ?? '', t.value)]);
    }
    const tok = state.tokens[state.next++];
    if (!tok || tok[0] <= stream.pos) {
      stream.skipToEnd();
      return null;
    }
    stream.pos = tok[0];
    return tok[1];
  },
  tokenTable: {
    'mc-query': tags.keyword,
    'mc-fn': tags.function(tags.variableName),
    'mc-type': tags.typeName,
    'mc-property': tags.modifier,
    'mc-name': tags.variableName,
    'mc-number': tags.number,
    'mc-comment': tags.lineComment,
    'mc-command': tags.meta,
    'mc-invalid': tags.invalid,
    'mc-definition': tags.definitionOperator,
    'mc-operator': tags.operator,
  },
});

const mcalcColours = HighlightStyle.define([
  { tag: tags.keyword, color: '#7a3e9d', fontWeight: 'bold' },
  { tag: tags.function(tags.variableName), color: '#005cc5' },
  { tag: tags.typeName, color: '#22863a' },
  { tag: tags.modifier, color: '#b35900' },
  { tag: tags.number, color: '#098658' },
  { tag: tags.lineComment, color: '#6a737d', fontStyle: 'italic' },
  { tag: tags.meta, color: '#6a737d' },
  { tag: tags.invalid, color: '#d73a49' },
  { tag: tags.definitionOperator, color: '#d73a49' },
  { tag: tags.operator, color: '#444' },
]);

/** The message under the offending line, its caret at the column. */
class ErrorWidget extends WidgetType {
  constructor(readonly message: string, readonly spot: Spot, readonly indent: number) {
    super();
  }

  override eq(other: ErrorWidget): boolean {
    return other.message === this.message && other.spot.from === this.spot.from && other.indent === this.indent;
  }

  toDOM(): HTMLElement {
    const div = document.createElement('div');
    div.className = 'cm-mcalc-error-message';
    div.setAttribute('role', 'alert');
    const caret = document.createElement('span');
    caret.className = 'cm-mcalc-caret';
    caret.style.marginLeft = `${this.indent}ch`;
    caret.textContent = '^';
    div.append(caret, ` ${this.spot.line}:${this.spot.column}: ${this.message}`);
    return div;
  }
}

export const setError = StateEffect.define<{ message: string; spot: Spot } | null>();

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setError)) continue;
      if (!e.value) {
        value = Decoration.none;
        continue;
      }
      const doc = tr.state.doc;
      const from = Math.min(e.value.spot.from, doc.length);
      const line = doc.lineAt(from);
      const to = Math.min(Math.max(e.value.spot.to, from), line.to);
      const decos: Range<Decoration>[] = [];
      if (to > from) decos.push(Decoration.mark({ class: 'cm-mcalc-error' }).range(from, to));
      // tabs are drawn 4 wide (see the page's CSS); the caret lines up with a monospace font
      const indent = [...line.text.slice(0, from - line.from)].reduce((n, c) => n + (c === '\t' ? 4 : 1), 0);
      decos.push(Decoration.widget({ widget: new ErrorWidget(e.value.message, e.value.spot, indent), block: true, side: 1 }).range(line.to));
      value = Decoration.set(decos, true);
    }
    return value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function createEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void): EditorView {
  const extensions: Extension[] = [
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    bracketMatching(),
    mcalcLanguage,
    syntaxHighlighting(mcalcColours),
    errorField,
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    EditorState.tabSize.of(4),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': 'mcalc program', spellcheck: 'false' }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange(u.state.doc.toString());
    }),
  ];
  return new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
}

/** Replaces the whole program (an example, a permalink). */
export function setProgram(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: setError.of(null) });
}
