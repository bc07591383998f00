// The Audit Logs page in a real browser (Debian's Chromium via playwright-core) against the real
// demo backend and the simulator: apply a filter, open an event, compare with the simulator's data.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NO_READ_TOKEN,
  DEMO_TOKEN,
  startBackend,
  waitForIngestion,
  type BackendProcess,
} from '../backend.js';
import { startHarness, type Harness } from '../server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots go (kept after the run, ignored by git). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../screenshots', import.meta.url));

if (!existsSync(CHROMIUM) && process.env.CI)
  throw new Error(
    `${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install chromium)`,
  );

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

describe.skipIf(!existsSync(CHROMIUM))(
  'the Audit Logs page in Chromium against the real backend',
  () => {
    let sim: Simulator;
    let backend: BackendProcess;
    let harness: Harness;
    let noRead: Harness;
    let context: BrowserContext;
    let userDataDir: string;
    let sources: Awaited<ReturnType<typeof waitForIngestion>>;

    beforeAll(async () => {
      sim = await startSimulator({ seed: 'backstage-frontend-e2e' });
      backend = await startBackend({
        sim,
        port: await freePort(),
        schedule: { frequency: { minutes: 30 }, initialDelay: { seconds: 0 } },
      });
      sources = await waitForIngestion(backend.url);
      harness = await startHarness({ backendUrl: backend.url, token: DEMO_TOKEN });
      noRead = await startHarness({ backendUrl: backend.url, token: NO_READ_TOKEN });
      userDataDir = mkdtempSync(join(tmpdir(), 'audit-logs-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1600, height: 1300 },
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
    });
    afterAll(async () => {
      await context?.close();
      await noRead?.close();
      await harness?.close();
      await backend?.stop();
      await sim?.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    });

    /** Uncaught errors of the page opened last, checked at the end of each test. */
    let errors: string[] = [];
    async function open(url: string): Promise<Page> {
      errors = [];
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}/audit-logs`);
      return page;
    }

    it('filters by source, opens an event and shows exactly the simulator record', async () => {
      const page = await open(harness.url);
      const table = page.getByRole('table', { name: 'Audit events' });
      await table.waitFor();

      // The status strip: one card per source, with the backend's stored counts.
      const strip = page.getByRole('list', { name: 'Source status' });
      for (const s of sources) {
        const card = strip.locator(`[data-source-id="${s.id}"]`);
        await expect.poll(() => card.textContent()).toContain(s.name);
        expect(await card.textContent()).toContain(s.storedCount.toLocaleString('en-US'));
      }

      // Filter: UiPath Orchestrator, all time.
      const orchestrator = sources.find((s) => s.id === 'uipath-orchestrator')!;
      const truth = sim.groundTruth('uipath-orchestrator-odata', { to: orchestrator.watermark! });
      expect(truth.length).toBeGreaterThan(100);
      const filters = page.getByRole('form', { name: 'Filters' });
      await filters.getByLabel('Source').selectOption('uipath-orchestrator');
      await filters.getByLabel('Time range').selectOption('all');
      await filters.getByRole('button', { name: 'Apply' }).click();

      const chart = page.getByRole('figure', { name: 'Events per day by category' });
      await expect
        .poll(() => chart.locator('figcaption').textContent(), { timeout: 30_000 })
        .toContain(`(${truth.length.toLocaleString('en-US')} events)`);
      const dayTotals = await chart
        .locator('g[data-day]')
        .evaluateAll((gs) => gs.reduce((n, g) => n + Number(g.getAttribute('data-total')), 0));
      expect(dayTotals).toBe(truth.length);

      const rows = table.locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(50);
      const sourceCells = await rows.locator('td:nth-child(2)').allTextContents();
      expect(new Set(sourceCells)).toEqual(new Set(['UiPath Orchestrator']));

      // Page 2 through the cursor, then open its first event.
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => page.getByText('Page 2').count()).toBe(1);
      await expect.poll(() => rows.count()).toBe(50);
      const row = rows.first();
      const cells = await row.locator('td').allTextContents();
      await row.click();
      const detail = page.getByRole('complementary', { name: 'Event detail' });
      const raw = JSON.parse((await detail.getByLabel('Raw record').textContent())!) as unknown;
      // The raw record is one of the simulator's records, byte for byte.
      const match = truth.filter((r) => JSON.stringify(r) === JSON.stringify(raw));
      expect(match).toHaveLength(1);
      // …and it is the 51st newest of the source: page 2, row 1.
      const vendorId = (await detail.locator('dt:text-is("Vendor event id") + dd').textContent())!;
      expect(JSON.stringify(raw)).toContain(vendorId);
      expect(await detail.locator('dt:text-is("Time") + dd').textContent()).toBe(cells[0]);
      expect(await detail.locator('dt:text-is("Action") + dd').textContent()).toBe(cells[3]);

      // The NDJSON download holds every event of the filter: exactly the simulator's records.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'NDJSON' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^audit-events-.*\.ndjson$/);
      const lines = readFileSync(await download.path(), 'utf8')
        .trim()
        .split('\n');
      const exported = lines.map((l) => JSON.stringify((JSON.parse(l) as { raw: unknown }).raw));
      expect(exported.sort()).toEqual(truth.map((r) => JSON.stringify(r)).sort());

      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-logs-page.png'), fullPage: true });
      await page.close();
      expect(errors).toEqual([]);
    });

    it('shows the change delta (from → to) of a Kore.ai AI for Work event, as the simulator recorded it', async () => {
      const aiForWork = sources.find((s) => s.id === 'kore-ai-for-work')!;
      type Delta = { from?: Record<string, unknown>; to?: Record<string, unknown> };
      const truth = sim.groundTruth('kore-ai-for-work', { to: aiForWork.watermark! }) as {
        cOn: string;
        delta?: Delta;
      }[];
      // The newest record whose delta changes a field on both sides.
      const record = truth
        .filter((r) => Object.keys(r.delta?.from ?? {}).some((k) => k in (r.delta?.to ?? {})))
        .sort((a, b) => b.cOn.localeCompare(a.cOn))[0]!;
      expect(record, 'the simulator has AI for Work records with a delta').toBeDefined();
      const minute = new Date(record.cOn).toISOString().slice(0, 16);
      const next = new Date(Date.parse(`${minute}:00Z`) + 60_000).toISOString().slice(0, 16);

      const page = await open(harness.url);
      await page.getByRole('table', { name: 'Audit events' }).waitFor();
      const filters = page.getByRole('form', { name: 'Filters' });
      await filters.getByLabel('Source').selectOption('kore-ai-for-work');
      await filters.getByLabel('Time range').selectOption('custom');
      await filters.getByLabel('From (UTC)').fill(minute);
      await filters.getByLabel('To (UTC)').fill(next);
      await filters.getByRole('button', { name: 'Apply' }).click();

      const rows = page.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
      // The filtered page has loaded: rows, all of them in that minute (an empty table while the
      // new page loads would pass `every` vacuously).
      await expect
        .poll(
          async () => {
            const times = await rows.locator('td:first-child').allTextContents();
            return times.length > 0 && times.every((t) => t.startsWith(minute.replace('T', ' ')));
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      const detail = page.getByRole('complementary', { name: 'Event detail' });
      let found = false;
      for (let i = 0; i < (await rows.count()) && !found; i++) {
        await rows.nth(i).click();
        await expect
          .poll(() => detail.locator('dt:text-is("Time") + dd').textContent())
          .toBe(await rows.nth(i).locator('td').first().textContent());
        const raw = (await detail.getByLabel('Raw record').textContent())!;
        found = JSON.stringify(JSON.parse(raw)) === JSON.stringify(record);
      }
      expect(found, 'the simulator record is on the page').toBe(true);

      const from = record.delta?.from ?? {};
      const to = record.delta?.to ?? {};
      const show = (v: unknown) =>
        v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
      const expected = [...new Set([...Object.keys(from), ...Object.keys(to)])]
        .sort()
        .map((field) => [field, show(from[field]), show(to[field])]);
      const shown = await detail
        .getByRole('table', { name: 'Changes' })
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
        );
      expect(shown).toEqual(expected);

      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-logs-change-delta.png') });
      await page.close();
      expect(errors).toEqual([]);
    });

    it('says the read permission is missing when the backend denies it', async () => {
      const page = await open(noRead.url);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('You do not have permission to view audit logs');
      expect(await page.getByRole('table').count()).toBe(0);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-logs-no-permission.png') });
      await page.close();
      expect(errors).toEqual([]);
    });
  },
);
