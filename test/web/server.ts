// Starting `mcalc serve` for the tests: the real command line, on a free port of 127.0.0.1.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MCALC = fileURLToPath(new URL('../../bin/mcalc.js', import.meta.url));

export interface Served {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** everything the server printed so far */
  readonly output: () => string;
  /** Ctrl-C; resolves to the exit code */
  stop(): Promise<number | null>;
}

export function serve(args: string[] = ['--port', '0']): Promise<Served> {
  const child = spawn(process.execPath, [MCALC, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mcalc serve printed no address in 20 s:\n${out}`)), 20_000);
    const check = (): void => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve({
        url: m[0],
        port: Number(m[1]),
        process: child,
        output: () => out,
        stop: () => (child.kill('SIGINT'), exited),
      });
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`mcalc serve exited (${code}) before printing its address:\n${out}`));
    });
  });
}
