// A minimal HTTP CONNECT proxy, run as its own process by the end-to-end tests (see
// proxy-process.ts). Prints `listening <port>` once, then one JSON line per request it receives:
// `{ "method", "target", "authorized", "headers" }` (header names only, never values).
// With PROXY_AUTH=user:password it answers 407 to a request without those Basic credentials.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { connect } from 'node:net';

const expected = process.env.PROXY_AUTH
  ? `Basic ${Buffer.from(process.env.PROXY_AUTH).toString('base64')}`
  : undefined;

function log(req, authorized) {
  process.stdout.write(
    `${JSON.stringify({ method: req.method, target: req.url, authorized, headers: Object.keys(req.headers) })}\n`,
  );
}

const server = createServer((req, res) => {
  // Plain forward proxying is never expected from auditrelay: every request must tunnel.
  log(req, false);
  res.writeHead(405, { 'content-type': 'text/plain' }).end('CONNECT only\n');
});

server.on('connect', (req, client, head) => {
  const authorized = !expected || req.headers['proxy-authorization'] === expected;
  log(req, authorized);
  if (!authorized) {
    client.end(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
    );
    return;
  }
  const [host, port] = req.url.split(/:(?=\d+$)/);
  const upstream = connect(Number(port), host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
  const end = () => {
    client.destroy();
    upstream.destroy();
  };
  upstream.on('error', end);
  client.on('error', end);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
