// The browser test's stack: the vendor simulator, the real demo Backstage backend, the harness
// (with a second one whose token lacks the read permission) and Debian's Chromium.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  DEMO_TOKEN,
  NO_READ_TOKEN,
  startBackend,
  waitForIngestion,
  type BackendProcess,
} from '../backend.js';
import { startHarness, type Harness } from '../server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots go (kept after the run, ignored by git). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../screenshots', import.meta.url));
/** Where `AUDIT_LOGS_README_SCREENSHOTS=1` writes the plugin README's screenshots. */
export const README_SCREENSHOT_DIR = fileURLToPath(
  new URL('../../../../packages/backstage-plugin-audit-logs/docs', import.meta.url),
);

if (!existsSync(CHROMIUM) && process.env.CI)
  throw new Error(
    `${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install chromium)`,
  );

export const HAS_CHROMIUM = existsSync(CHROMIUM);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Stack {
  sim: Simulator;
  backend: BackendProcess;
  harness: Harness;
  /** A harness whose token may sync but not read. */
  noRead: Harness;
  sources: Awaited<ReturnType<typeof waitForIngestion>>;
  /**
   * Opens the Audit Logs page in a new tab, in the light or dark theme (the app follows the
   * system preference); `errors()` are the page's uncaught errors so far.
   */
  open(
    url: string,
    options?: { colorScheme?: 'light' | 'dark'; path?: string },
  ): Promise<{ page: Page; errors: () => string[] }>;
  close(): Promise<void>;
}

export async function startStack(seed: string): Promise<Stack> {
  const sim = await startSimulator({ seed });
  let backend: BackendProcess | undefined;
  let context: BrowserContext | undefined;
  const harnesses: Harness[] = [];
  const userDataDir = mkdtempSync(join(tmpdir(), 'audit-logs-chromium-'));
  const close = async () => {
    await context?.close();
    for (const h of harnesses) await h.close();
    await backend?.stop();
    await sim.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    backend = await startBackend({
      sim,
      port: await freePort(),
      schedule: { frequency: { minutes: 30 }, initialDelay: { seconds: 0 } },
    });
    const sources = await waitForIngestion(backend.url);
    const harness = await startHarness({ backendUrl: backend.url, token: DEMO_TOKEN });
    harnesses.push(harness);
    const noRead = await startHarness({ backendUrl: backend.url, token: NO_READ_TOKEN });
    harnesses.push(noRead);
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1300 },
      locale: 'en-US',
      acceptDownloads: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = browser;
    return {
      sim,
      backend,
      harness,
      noRead,
      sources,
      async open(url, options = {}) {
        const errors: string[] = [];
        const page = await browser.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
        await page.goto(`${url}${options.path ?? '/audit-logs'}`);
        return { page, errors: () => errors };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
