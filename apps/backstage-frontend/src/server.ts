// The dev harness's server: serves the built page (dist/web) and proxies GET /api/* to a real
// Backstage backend, adding a static externalAccess token, so the browser never holds it. In a
// real Backstage app the signed-in user's token takes this place (fetchApi adds it).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** dist/web, from the built server (dist/server) or from src when run by vitest. */
export const WEB_DIR = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../web' : '../dist/web', import.meta.url),
);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface Harness {
  url: string;
  close(): Promise<void>;
}

export async function startHarness(options: {
  /** The Backstage backend, e.g. http://127.0.0.1:7007. */
  backendUrl: string;
  /** A token the backend accepts (`backend.auth.externalAccess`). */
  token: string;
  port?: number;
  host?: string;
  webDir?: string;
}): Promise<Harness> {
  const webDir = options.webDir ?? WEB_DIR;
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error(`${webDir}/index.html is missing: build the harness first (pnpm build)`);
  const backend = options.backendUrl.replace(/\/$/, '');

  async function proxy(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { name: 'MethodNotAllowed', message: 'the harness proxies reads only' },
          response: { statusCode: 405 },
        }),
      );
      return;
    }
    const upstream = await fetch(`${backend}${req.url}`, {
      method: req.method,
      headers: { authorization: `Bearer ${options.token}`, accept: req.headers.accept ?? '*/*' },
    });
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'content-disposition', 'cache-control'])
      if (upstream.headers.has(name)) headers[name] = upstream.headers.get(name)!;
    res.writeHead(upstream.status, headers);
    if (upstream.body) Readable.fromWeb(upstream.body as never).pipe(res);
    else res.end();
  }

  function serveFile(req: IncomingMessage, res: ServerResponse) {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(webDir, path));
    if (!file.startsWith(webDir.endsWith(sep) ? webDir : webDir + sep) && file !== webDir) {
      res.writeHead(400).end();
      return;
    }
    // Every other path is the single page (e.g. /audit-logs).
    if (!existsSync(file) || !statSync(file).isFile()) file = join(webDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(302, { location: '/audit-logs' }).end();
      return;
    }
    if (req.url?.startsWith('/api/')) {
      proxy(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { name: 'BadGateway', message: `backend unreachable: ${String(error)}` },
            response: { statusCode: 502 },
          }),
        );
      });
      return;
    }
    serveFile(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
