// The page's side of the engine worker: one request at a time, each with a time limit. A
// request still running when its time is up, or when a newer program replaces it, is stopped by
// terminating the worker, and a fresh worker is started for what comes next: JavaScript cannot
// interrupt a computation any other way, and the page's own thread is never the one computing.

import type { Request, Response } from './protocol.js';

type Body<T> = T extends unknown ? Omit<T, 'id'> : never;
export type Outcome<R> = { readonly ok: true; readonly response: R } | { readonly ok: false; readonly reason: 'timeout' | 'superseded' | 'crashed'; readonly message?: string };

interface Pending {
  readonly id: number;
  readonly resolve: (o: Outcome<Response>) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class Engine {
  private worker: Worker;
  /** a worker from a blob: the page also works opened as a file:// URL, where a worker script
   * from another file is refused */
  private readonly url: string;
  private pending?: Pending;
  private nextId = 1;
  /** how many times the worker was stopped and started again */
  restarts = 0;

  constructor(source: string, readonly timeLimitMs: number) {
    this.url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    this.worker = this.start();
  }

  /** Sends a request; a request still in flight is stopped first (its outcome: superseded). */
  request<R extends Response>(body: Body<Request>): Promise<Outcome<R>> {
    if (this.pending) this.stop('superseded');
    const id = this.nextId++;
    return new Promise<Outcome<R>>((resolve) => {
      const timer = setTimeout(() => this.stop('timeout'), this.timeLimitMs);
      this.pending = { id, resolve: resolve as (o: Outcome<Response>) => void, timer };
      this.worker.postMessage({ ...body, id } as Request);
    });
  }

  private start(): Worker {
    const worker = new Worker(this.url);
    worker.onmessage = (e: MessageEvent<Response>) => {
      const p = this.pending;
      if (!p || !('id' in e.data) || e.data.id !== p.id) return;
      clearTimeout(p.timer);
      this.pending = undefined;
      p.resolve({ ok: true, response: e.data });
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.stop('crashed', e.message);
    };
    return worker;
  }

  /** Ends the request in flight and replaces the worker. */
  private stop(reason: 'timeout' | 'superseded' | 'crashed', message?: string): void {
    const p = this.pending;
    this.pending = undefined;
    this.worker.terminate();
    this.restarts++;
    this.worker = this.start();
    if (p) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, reason, message });
    }
  }
}
