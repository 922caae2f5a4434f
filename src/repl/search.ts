// Ctrl-R: reverse incremental search of the history, as in bash. node:readline has none, so the
// key handler of the readline interface is wrapped: while searching, typed characters build
// the query and the line shows the newest history entry containing it; Ctrl-R again goes to
// the next older one; Backspace shortens the query; Ctrl-G (or Ctrl-C) gives the line back as
// it was; any other key takes the match as the line and then acts (Enter runs it, arrows and
// Ctrl-E/Ctrl-A edit it).
//
// The handler and the line refresh are readline internals (_ttyWrite and _refreshLine); if
// they are missing the REPL simply has no Ctrl-R.

import type * as readline from 'node:readline';

interface Key {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  sequence?: string;
}

interface Internals {
  line: string;
  cursor: number;
  history: string[];
}

type KeyHandler = (s: string | undefined, key: Key | undefined) => void;

/** The internal method `name` of a readline Interface: the public Interface (node:readline)
 * calls its methods by these legacy names (Node 20); else by the symbol of that name. */
function internalKey(rl: readline.Interface, name: string): symbol | string | undefined {
  if (typeof (rl as unknown as Record<string, unknown>)[name] === 'function') return name;
  for (let p = Object.getPrototypeOf(rl) as object | null; p; p = Object.getPrototypeOf(p) as object | null) {
    const found = Object.getOwnPropertySymbols(p).find((s) => s.description === name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Adds Ctrl-R to `rl`. `prompt` is the REPL's own prompt, put back after a search. Returns
 * false when this Node's readline does not allow it.
 */
export function addReverseSearch(rl: readline.Interface, prompt: () => string): boolean {
  const writeKey = internalKey(rl, '_ttyWrite');
  const refreshKey = internalKey(rl, '_refreshLine');
  if (!writeKey || !refreshKey) return false;
  const self = rl as unknown as Internals & Record<string | symbol, unknown>;
  const original = (self[writeKey] as KeyHandler).bind(rl);
  const refresh = (): void => (self[refreshKey] as () => void).call(rl);
  let search: { query: string; index: number; saved: string; failed: boolean } | undefined;

  /** The newest entry at or after `from` (history is newest first) that contains the query. */
  const find = (from: number): void => {
    const s = search!;
    const at = self.history.findIndex((h, i) => i >= from && h.includes(s.query));
    s.failed = at < 0;
    if (!s.failed) s.index = at;
    show();
  };
  const show = (): void => {
    const s = search!;
    const match = s.index >= 0 ? self.history[s.index]! : s.saved;
    rl.setPrompt(`(${s.failed ? 'failed ' : ''}reverse-i-search)'${s.query}': `);
    self.line = match;
    const at = s.query ? match.indexOf(s.query) : -1;
    self.cursor = at >= 0 ? at : match.length;
    refresh();
  };
  const leave = (line: string): void => {
    search = undefined;
    self.line = line;
    self.cursor = line.length;
    rl.setPrompt(prompt());
    refresh();
  };

  self[writeKey] = (s: string | undefined, key: Key | undefined): void => {
    if (key?.ctrl && key.name === 'r') {
      if (!search) search = { query: '', index: -1, saved: self.line, failed: false };
      return search.query ? find(search.index + 1) : show();
    }
    if (!search) return original(s, key);
    if (key?.ctrl && (key.name === 'g' || key.name === 'c')) return leave(search.saved);
    if (key?.name === 'backspace') {
      search.query = search.query.slice(0, -1);
      return find(0);
    }
    if (s && !key?.ctrl && !key?.meta && key?.name !== 'return' && key?.name !== 'enter' && key?.name !== 'escape' && key?.name !== 'tab' && !/[\x00-\x1f\x7f]/.test(s)) {
      search.query += s;
      return find(Math.max(0, search.index));
    }
    const match = search.index >= 0 ? self.history[search.index]! : search.saved;
    leave(match);
    if (key?.name !== 'escape') original(s, key);
  };
  return true;
}
