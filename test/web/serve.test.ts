// `mcalc serve`: the built page over HTTP on 127.0.0.1, static files only, Ctrl-C stops it, and
// a port that is taken is a clear error.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { MCALC, serve, type Served } from './server.js';

let server: Served;
beforeAll(async () => {
  server = await serve();
}, 30_000);
afterAll(async () => {
  if (server.process.exitCode === null) await server.stop();
});

/** A raw GET (fetch would normalise a path like /../x before sending it). */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('mcalc serve', () => {
  test('prints the address on 127.0.0.1 and serves the built page', async () => {
    expect(server.output()).toMatch(/^mcalc playground: http:\/\/127\.0\.0\.1:\d+\/$/m);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toBe(readFileSync(new URL('../../dist/web/index.html', import.meta.url), 'utf8'));
    const app = await get('/app.js');
    expect(app.status).toBe(200);
    expect(app.type).toBe('text/javascript; charset=utf-8');
    expect((await get('/app.css')).type).toBe('text/css; charset=utf-8');
  });

  test('nothing outside dist/web/, and only GET and HEAD', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/missing.js', '/%E0%A4%A']) expect((await get(path)).status, path).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
    const head = await get('/', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });

  test('a port that is taken is one clear error, exit status 1', () => {
    const r = spawnSync(process.execPath, [MCALC, 'serve', '--port', String(server.port)], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: port ${server.port} on 127.0.0.1 is already in use; choose another with --port N (0 picks a free one)\n`);
  });

  test('a bad port is a usage error', () => {
    const r = spawnSync(process.execPath, [MCALC, 'serve', '--port', 'http'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --port must be a number from 0 to 65535, not "http"\n/);
  });

  test('without a built page it says to build, exit status 1', () => {
    // the command line's bundle in a dist/ of its own, without web/ beside it
    const dir = mkdtempSync(join(tmpdir(), 'mcalc-serve-'));
    try {
      mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
      const bundle = join(dir, 'dist', 'bundle', 'cli.cjs');
      copyFileSync(new URL('../../dist/bundle/cli.cjs', import.meta.url), bundle);
      const loader = new URL('../../dist/cli/load.cjs', import.meta.url).pathname;
      const script = `require(${JSON.stringify(loader)}).loadCli({ bundle: ${JSON.stringify(bundle)} }).main(['serve', '--port', '0']).then((s) => { process.exitCode = s; });`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
      expect([r.status, r.stderr]).toEqual([1, 'error: the playground is not built; run npm run build\n']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Ctrl-C stops it, exit status 0', async () => {
    expect(await server.stop()).toBe(0);
  });
});
