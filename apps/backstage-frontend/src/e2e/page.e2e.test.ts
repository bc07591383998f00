// The Audit Logs page in a real browser (Debian's Chromium via playwright-core), inside an app
// made with @backstage/frontend-defaults' createApp, against the real demo backend and the
// simulator: apply filters, page, open an event, export, compare with the simulator's data.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, SCREENSHOT_DIR, startStack, type Stack } from './stack.js';
import { cells, choose, detailField, eventRows, fillDateTime } from './ui.js';

describe.skipIf(!HAS_CHROMIUM)('the Audit Logs page in Chromium against the real backend', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('backstage-frontend-e2e');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('is a page of the app, in its navigation', async () => {
    const { page, errors } = await stack.open(stack.harness.url, { path: '/' });
    // The app's standard navigation lists the plugin's page (PageBlueprint title and icon).
    await page.getByRole('link', { name: 'Audit logs' }).first().click();
    await page.getByRole('grid', { name: 'Audit events' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit-logs');
    expect(await page.getByRole('heading', { level: 1, name: 'Audit logs' }).count()).toBe(1);
    await page.close();
    expect(errors()).toEqual([]);
  });

  it('filters by source, opens an event and shows exactly the simulator record', async () => {
    const { page, errors } = await stack.open(stack.harness.url);
    const table = page.getByRole('grid', { name: 'Audit events' });
    await table.waitFor();

    // The status strip: one card per source, with the backend's stored counts.
    const strip = page.getByRole('list', { name: 'Source status' });
    for (const s of stack.sources) {
      const card = strip.locator(`[data-source-id="${s.id}"]`);
      await expect.poll(() => card.textContent()).toContain(s.name);
      expect(await card.textContent()).toContain(s.storedCount.toLocaleString('en-US'));
    }

    // Filter: UiPath Orchestrator, all time.
    const orchestrator = stack.sources.find((s) => s.id === 'uipath-orchestrator')!;
    const truth = stack.sim.groundTruth('uipath-orchestrator-odata', {
      to: orchestrator.watermark!,
    });
    expect(truth.length).toBeGreaterThan(100);
    const filters = page.getByRole('form', { name: 'Filters' });
    await choose(page, filters, 'Source', 'UiPath Orchestrator');
    await choose(page, filters, 'Time range', 'All time');
    await filters.getByRole('button', { name: 'Apply' }).click();

    const rows = eventRows(page);
    await expect
      .poll(async () => {
        const sources = await rows.evaluateAll((trs) =>
          trs.map((tr) => tr.querySelectorAll('td')[1]?.textContent),
        );
        return sources.length === 50 && sources.every((s) => s === 'UiPath Orchestrator');
      })
      .toBe(true);

    // Page 2 through the cursor, then open its first event.
    await page.getByRole('button', { name: 'Next table page' }).click();
    await expect.poll(() => page.getByText(/^Page 2 · events 51–100/).count()).toBe(1);
    await expect.poll(() => rows.count()).toBe(50);
    const row = rows.first();
    const rowCells = await cells(row).allTextContents();
    await cells(row).first().click();
    const detail = page.getByRole('complementary', { name: 'Event detail' });
    const raw = JSON.parse((await detail.getByLabel('Raw record').textContent())!) as unknown;
    // The raw record is one of the simulator's records, byte for byte.
    const match = truth.filter((r) => JSON.stringify(r) === JSON.stringify(raw));
    expect(match).toHaveLength(1);
    const vendorId = (await detailField(detail, 'Vendor event id').textContent())!;
    expect(JSON.stringify(raw)).toContain(vendorId);
    expect(await detailField(detail, 'Time').textContent()).toBe(rowCells[0]);
    expect(await detailField(detail, 'Action').textContent()).toBe(rowCells[3]);

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
    expect(errors()).toEqual([]);
  });

  it('shows the change delta (from → to) of a Kore.ai AI for Work event, as the simulator recorded it', async () => {
    const aiForWork = stack.sources.find((s) => s.id === 'kore-ai-for-work')!;
    type Delta = { from?: Record<string, unknown>; to?: Record<string, unknown> };
    const truth = stack.sim.groundTruth('kore-ai-for-work', { to: aiForWork.watermark! }) as {
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

    const { page, errors } = await stack.open(stack.harness.url);
    await page.getByRole('grid', { name: 'Audit events' }).waitFor();
    const filters = page.getByRole('form', { name: 'Filters' });
    await choose(page, filters, 'Source', 'Kore.ai AI for Work');
    await choose(page, filters, 'Time range', 'Custom range');
    await fillDateTime(page, filters, 'From (UTC)', minute);
    await fillDateTime(page, filters, 'To (UTC)', next);
    await filters.getByRole('button', { name: 'Apply' }).click();

    const rows = eventRows(page);
    // The filtered page has loaded: rows, all of them in that minute (an empty table while the
    // new page loads would pass `every` vacuously).
    await expect
      .poll(
        async () => {
          const times = await rows.evaluateAll((trs) =>
            trs.map((tr) => tr.querySelectorAll('td')[0]?.textContent ?? ''),
          );
          return times.length > 0 && times.every((t) => t.startsWith(minute.replace('T', ' ')));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const detail = page.getByRole('complementary', { name: 'Event detail' });
    let found = false;
    for (let i = 0; i < (await rows.count()) && !found; i++) {
      const time = await cells(rows.nth(i)).first().textContent();
      await cells(rows.nth(i)).first().click();
      await expect.poll(() => detailField(detail, 'Time').textContent()).toBe(time);
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
      .getByRole('grid', { name: 'Changes' })
      .locator('tbody [role="row"]')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      );
    expect(shown).toEqual(expected);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-logs-change-delta.png') });
    await page.close();
    expect(errors()).toEqual([]);
  });

  it('says the read permission is missing when the backend denies it', async () => {
    const { page, errors } = await stack.open(stack.noRead.url);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('You do not have permission to view audit logs');
    expect(await page.getByRole('grid').count()).toBe(0);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-logs-no-permission.png') });
    await page.close();
    expect(errors()).toEqual([]);
  });
});
