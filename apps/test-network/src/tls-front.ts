import { connect, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';

export interface TlsFront {
  /** `https://localhost:<port>`: the same paths as the plain-HTTP target. */
  url: string;
  /** TLS connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A TLS-terminating front for a plain-HTTP server (the simulator): every byte in both directions
 * is passed on unchanged, so the target sees exactly the requests the client sent.
 */
export async function startTlsFront(options: {
  target: string;
  certPem: string;
  keyPem: string;
}): Promise<TlsFront> {
  const target = new URL(options.target);
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer({ cert: options.certPem, key: options.keyPem }, (tls: TLSSocket) => {
    accepted++;
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [tls, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        tls.destroy();
        upstream.destroy();
      });
    }
    tls.pipe(upstream).pipe(tls);
  });
  // A handshake the client refuses (an untrusted CA) is expected in the tests: not an error here.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://localhost:${port}`,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
