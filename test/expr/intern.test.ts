// Interning: one node per structure while anything holds it; a node nobody holds any more can be
// collected (a long REPL session must not keep every query's nodes). The collection is run in a
// child `node --expose-gc` on the built modules, between turns of the event loop as in the REPL.

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';

const EXPR = new URL('../../dist/expr/index.js', import.meta.url).href;

const script = `
const { sym, add, mul, transpose, shape } = await import(${JSON.stringify(EXPR)});
const v = shape('n', 1);
const build = () => mul(transpose(add(sym('x', v), sym('y', v))), sym('x', v));
const held = build();
const sameWhileHeld = build() === held;
let dropped = add(sym('p', v), sym('q', v));
const ref = new WeakRef(dropped);
const droppedId = dropped.id;
dropped = undefined;
const turn = () => new Promise((r) => setTimeout(r, 5));
await turn(); globalThis.gc(); await turn(); globalThis.gc(); await turn();
const rebuilt = add(sym('p', v), sym('q', v));
process.stdout.write(JSON.stringify({
  sameWhileHeld,
  heldSurvives: build() === held,
  collected: ref.deref() === undefined,
  rebuiltIsNew: rebuilt.id !== droppedId,
  rebuiltIsInterned: rebuilt === add(sym('p', v), sym('q', v)),
}));`;

describe('the intern table', () => {
  test('shares nodes while they are held, and lets go of the rest', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ sameWhileHeld: true, heldSurvives: true, collected: true, rebuiltIsNew: true, rebuiltIsInterned: true });
  });
});
