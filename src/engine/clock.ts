// The clock that times statements (ValueResult.ms). Each shell may provide its own: the library
// has no Node-only call, so that it runs in a browser. The default is performance.now() where it
// exists (browsers, workers, Node), else Date.now(). The command line sets process.hrtime
// instead (src/cli/node-host.ts): in Node the first use of performance.now() loads
// node:perf_hooks, about a millisecond of a one-shot run (docs/architecture.md, start-up).

/** Milliseconds from an arbitrary origin. */
export type Clock = () => number;

const defaultClock: Clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

let current: Clock = defaultClock;

/** Replaces the clock (a shell calls this once at start-up); no argument restores the default. */
export function setClock(clock: Clock = defaultClock): void {
  current = clock;
}

export function now(): number {
  return current();
}
