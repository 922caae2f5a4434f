// Reading a shared result back: `G where g1 := A, g2 := B` (as src/print/where.ts writes it).
// The statement is split at its top-level `where` into the expression and its definitions, each
// parsed by the grammar as it stands (an expression statement, then `name := body` statements),
// so the grammar itself does not change. The names are local to the statement: the session
// checks the bodies in order in a scope of their own (src/engine/where.ts), so two where-forms
// in one session, or one whose names the program also uses, never clash.

import type { Tok } from './lexer.js';

/** A statement's tokens cut at its where: the expression's, then each definition's. */
export interface WhereSplit {
  readonly main: Tok[];
  /** the `where` token (ends the expression's piece) */
  readonly where: Tok;
  /** each definition's tokens and the token after it (a comma, or the statement's end) */
  readonly definitions: { tokens: Tok[]; end: Tok }[];
}

const isJuxtaposition = (t: Tok | undefined): boolean => t?.type === 'mulop' && t.text === '';

/**
 * The split of a statement `G where g1 := A, ...`, or undefined when it has no where-list. `where`
 * counts only at bracket depth 0, after an operand and before `name :=`: nowhere else could the
 * grammar read that, so a name `where` used as a name keeps working.
 */
export function splitWhere(tokens: readonly Tok[], end: Tok): WhereSplit | undefined {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'lparen') depth++;
    else if (t.type === 'rparen') depth--;
    if (depth !== 0 || t.type !== 'name' || t.text !== 'where' || i === 0) continue;
    let j = i + 1;
    if (isJuxtaposition(tokens[j])) j++;
    if (tokens[j]?.type !== 'name' || tokens[j + 1]?.type !== 'assign') continue;
    const main = tokens.slice(0, isJuxtaposition(tokens[i - 1]) ? i - 1 : i);
    return { main, where: t, definitions: definitionsOf(tokens.slice(j), end) };
  }
  return undefined;
}

/** `g1 := A, g2 := B` cut at its top-level commas. */
function definitionsOf(tokens: readonly Tok[], end: Tok): { tokens: Tok[]; end: Tok }[] {
  const out: { tokens: Tok[]; end: Tok }[] = [];
  let depth = 0;
  let current: Tok[] = [];
  for (const t of tokens) {
    if (t.type === 'lparen') depth++;
    else if (t.type === 'rparen') depth--;
    if (depth === 0 && t.type === 'comma') {
      out.push({ tokens: current, end: t });
      current = [];
    } else if (!(current.length === 0 && isJuxtaposition(t))) {
      current.push(t);
    }
  }
  out.push({ tokens: current, end });
  return out;
}
