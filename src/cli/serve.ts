// `mcalc serve [--port N]`: serves the playground (dist/web/, made by the build) on 127.0.0.1
// with node:http, until Ctrl-C. Static files only; the engine runs in the browser.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_PORT = 8765;
const HOST = '127.0.0.1';
/** The built page; the command line's bundle (dist/bundle/) and dist/cli/ are both one level below dist/. */
const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

export const SERVE_HELP = `usage: mcalc serve [--port N]

Serves the mcalc playground on http://${HOST}:N/ (default port ${DEFAULT_PORT}; 0 picks a free
port) and prints the address. The page needs no network: the engine runs in the browser.
Ctrl-C stops the server.
`;

/** Runs the server; resolves to the exit status once it stops (Ctrl-C) or fails to start. */
export async function serve(argv: string[]): Promise<number> {
  let port: number;
  try {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string', short: 'p' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) return process.stdout.write(SERVE_HELP), 0;
    port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!/^\d+$/.test(values.port ?? '0') || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\nTry 'mcalc serve --help'.\n`);
    return 2;
  }
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    process.stderr.write('error: the playground is not built; run npm run build\n');
    return 1;
  }
  const server = createServer((req, res) => void respond(req, res));
  return new Promise<number>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? `port ${port} on ${HOST} is already in use; choose another with --port N (0 picks a free one)`
        : err.code === 'EACCES' ? `not allowed to listen on port ${port}; choose another with --port N`
        : `cannot serve on ${HOST}:${port}: ${err.message}`;
      process.stderr.write(`error: ${why}\n`);
      resolve(1);
    });
    server.listen(port, HOST, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      process.stdout.write(`mcalc playground: http://${HOST}:${actual}/\n(Ctrl-C stops it)\n`);
      process.once('SIGINT', () => {
        server.closeAllConnections();
        server.close(() => resolve(0));
      });
    });
  });
}

async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
  const file = fileFor(req.url ?? '/');
  if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  try {
    const body = await readFile(file);
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', req.method === 'HEAD' ? undefined : body);
  } catch {
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }
}

/** The file under WEB_DIR a request path names, or undefined for a path that leaves it. */
function fileFor(url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return undefined;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(WEB_DIR, path));
  return file.startsWith(WEB_DIR.endsWith(sep) ? WEB_DIR : WEB_DIR + sep) && !path.includes('\0') ? file : undefined;
}

function send(res: ServerResponse, status: number, type: string, body?: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
