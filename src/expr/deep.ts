// Memoised recursion that cannot overflow the stack. Expressions may be 10 000 levels deep (a
// chain of definitions, a long nest of functions), far beyond what plain recursion survives, yet
// the walks over them (differentiate, print, evaluate) are clearest written recursively. A
// DeepMemo keeps them so: a call recurses normally while the recursion is shallow; past
// MAX_LEVELS it throws a Deferred for the value it needs, which unwinds to the outermost call.
// That call keeps an explicit stack of the values still needed: it computes the deferred one
// first (with the stack's full depth available again) and then retries the computation that
// asked for it, which now finds it in the memo. Each value is computed once; a retry repeats at
// most the MAX_LEVELS frames above the deferral. The results are those of plain recursion, in
// the same order (a side effect of a computation, such as a recorded step, happens only when it
// completes), so the recursive code stays as it is, with its recursive calls going through get().

/** The memo of a DeepMemo: a Map, or a WeakMap for values kept across calls. */
export interface MemoTable<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/** Levels of nested get() before a value is deferred; each level is a few frames of the caller. */
const MAX_LEVELS = 120;

/** The nesting of get() calls below the outermost one (0: no DeepMemo computation is running). */
let level = 0;

/** A value needed deeper than MAX_LEVELS: thrown to the outermost call, never further. */
class Deferred {
  constructor(readonly memo: DeepMemo<unknown, unknown>, readonly key: unknown) {}
}

export class DeepMemo<K, V> {
  constructor(
    private readonly compute: (key: K) => V,
    readonly memo: MemoTable<K, V> = new Map<K, V>(),
  ) {}

  /** compute(key), once per key. */
  get(key: K): V {
    const known = this.memo.get(key);
    if (known !== undefined || this.memo.has(key)) return known as V;
    if (level === 0) return this.outermost(key);
    if (level >= MAX_LEVELS) throw new Deferred(this as DeepMemo<unknown, unknown>, key);
    level++;
    let value: V;
    try {
      value = this.compute(key);
    } finally {
      level--;
    }
    this.memo.set(key, value);
    return value;
  }

  private outermost(key: K): V {
    const pending: Array<[DeepMemo<unknown, unknown>, unknown]> = [[this as DeepMemo<unknown, unknown>, key]];
    while (pending.length > 0) {
      const [m, k] = pending[pending.length - 1]!;
      if (m.memo.has(k)) {
        pending.pop();
        continue;
      }
      level = 1;
      try {
        m.memo.set(k, m.compute(k));
        pending.pop();
      } catch (err) {
        if (!(err instanceof Deferred)) throw err;
        pending.push([err.memo, err.key]);
      } finally {
        level = 0;
      }
    }
    return this.memo.get(key) as V;
  }
}
