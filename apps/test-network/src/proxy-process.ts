import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ProxyRequest {
  method: string;
  /** `host:port` for CONNECT, the absolute URL for a forward request. */
  target: string;
  authorized: boolean;
  /** Header names the proxy received (never values). */
  headers: string[];
}

export interface ProxyProcess {
  /** `http://127.0.0.1:<port>`, without credentials. */
  url: string;
  pid: number;
  requests(): ProxyRequest[];
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./connect-proxy.mjs', import.meta.url));

/** Starts the CONNECT proxy as a separate process on loopback. */
export async function startProxyProcess(options: { auth?: string } = {}): Promise<ProxyProcess> {
  const child = spawn(process.execPath, [SCRIPT], {
    env: { PATH: process.env.PATH, ...(options.auth ? { PROXY_AUTH: options.auth } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const requests: ProxyRequest[] = [];
  let buffer = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited (${code}) before listening`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const listening = /^listening (\d+)$/.exec(line);
        if (listening) resolve(Number(listening[1]));
        else if (line) requests.push(JSON.parse(line) as ProxyRequest);
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    requests: () => [...requests],
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
