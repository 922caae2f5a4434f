// Issue 11, item 6: in a program file a name has one meaning. Declaring it again with another
// type (or defining it again with another body) is an error naming the first; the same
// declaration twice is harmless. The REPL and the playground (Session.run without oneMeaning)
// keep allowing a new meaning while no definition uses the name.

import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Session, type ValueResult } from '../../src/engine/session.js';
import { print } from '../../src/print/index.js';

const BIN = fileURLToPath(new URL('../../bin/mcalc.js', import.meta.url));

function program(source: string): string {
  const results = new Session().run(source, { oneMeaning: true });
  const r = results[results.length - 1]!;
  return r.kind === 'error' ? `${r.diagnostic.line}:${r.diagnostic.column}: ${r.diagnostic.message}` : print(r.result, 'plain');
}

describe('a program file', () => {
  test.each([
    ['x : vector(n)\nx : matrix(n, n)\ntr(x)', '2:1: x is declared again with another type (x : matrix(n, n)); it was first declared at 1:1 as x : vector(n), and a program gives a name one meaning'],
    ['A : matrix(n, n)\nB, A : matrix(n, n) symmetric\ntr(A)', '2:4: A is declared again with another type (A : matrix(n, n) symmetric); it was first declared at 1:1 as A : matrix(n, n), and a program gives a name one meaning'],
    ["x : vector(n)\nK := x*x'\nK := 2*x*x'\ntr(K)", '3:1: K is defined again with another body; it was first defined at 2:1, and a program gives a name one meaning'],
    ["x : vector(n)\nx : vector(n)\nx'*x", 'norm(x)^2'],
  ])('%s', (source, expected) => expect(program(source)).toBe(expected));

  test('through the command line', () => {
    const r = spawnSync(process.execPath, [BIN, '-e', 'x : vector(n)', '-e', 'x : matrix(n, n)'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: 2:1: x is declared again with another type (x : matrix(n, n)); it was first declared at 1:1 as x : vector(n), and a program gives a name one meaning\n  x : matrix(n, n)\n  ^\n');
  });
});

describe('the REPL and the playground', () => {
  test('allow a new meaning while no definition uses the name', () => {
    const s = new Session();
    s.run('x : vector(n)');
    const r = s.run('x : matrix(n, n)\ntr(x)');
    expect(print((r[0] as ValueResult).result, 'plain')).toBe('tr(x)');
  });
});
