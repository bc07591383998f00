// The page's server-side chart and suggestions (/stats, /facets), catalog links, keyboard use
// and light/dark themes, in Chromium against the real demo backend. (The page's error states for
// an older backend without /stats and /facets are unit-tested with the fake API.)
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../backend.js';
import {
  HAS_CHROMIUM,
  README_SCREENSHOT_DIR,
  SCREENSHOT_DIR,
  startStack,
  type Stack,
} from './stack.js';
import { cells, choose, eventRows } from './ui.js';

interface ExportedEvent {
  occurredAt: string;
  action: string;
  category: string;
  outcome: string;
  source: { id: string };
  actorEntityRef?: string;
}

/** Applies source + all time, and downloads the backend's own export of that filter. */
async function filterAndExport(page: Page, sourceName: string): Promise<ExportedEvent[]> {
  const filters = page.getByRole('form', { name: 'Filters' });
  await choose(page, filters, 'Source', sourceName);
  await choose(page, filters, 'Time range', 'All time');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect
    .poll(() =>
      // The function runs in the page: the source name goes in as its argument.
      eventRows(page).evaluateAll(
        (trs, name) => trs.every((tr) => tr.querySelectorAll('td')[1]?.textContent === name),
        sourceName,
      ),
    )
    .toBe(true);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'NDJSON' }).click(),
  ]);
  return readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ExportedEvent);
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name) });
}

describe.skipIf(!HAS_CHROMIUM)(
  'the Audit Logs page: chart, suggestions, catalog, keyboard, themes',
  () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack('backstage-frontend-insights-e2e');
    });
    afterAll(async () => {
      await stack?.close();
    });

    it('charts /stats and suggests /facets exactly as the backend stores the events', async () => {
      const { page, errors } = await stack.open(stack.harness.url);
      await page.getByRole('grid', { name: 'Audit events' }).waitFor();
      const events = await filterAndExport(page, 'UiPath Orchestrator');
      expect(events.length).toBeGreaterThan(100);

      // The chart: every stored event of the filter, in buckets of the interval it names.
      const chart = page.getByRole('figure', { name: /^Events per (hour|day) by category$/ });
      await expect
        .poll(() => chart.locator('figcaption').textContent(), { timeout: 30_000 })
        .toBe(`${events.length.toLocaleString('en-US')} events`);
      const name = (await chart.getAttribute('aria-label'))!;
      const size = name.includes('per day') ? 86_400_000 : 3_600_000;
      const bars = await chart
        .locator('g[data-start]')
        .evaluateAll((gs) =>
          gs.map((g) => [g.getAttribute('data-start')!, Number(g.getAttribute('data-total'))]),
        );
      const expected = countBy(events, (e) =>
        new Date(Math.floor(Date.parse(e.occurredAt) / size) * size).toISOString(),
      );
      expect(new Map(bars as [string, number][])).toEqual(expected);
      // Its colours come from the theme: a bar's fill is the computed theme variable.
      // (the largest series is the first; a probe in the figure resolves the variable).
      const fill = await chart
        .locator('rect[style*="--audit-logs-chart-series-1,"]')
        .first()
        .evaluate((r) => {
          const probe = document.createElement('span');
          probe.style.color = 'var(--bui-accent-bg)';
          r.closest('figure')!.appendChild(probe);
          const accent = getComputedStyle(probe).color;
          probe.remove();
          return { bar: getComputedStyle(r).fill, accent };
        });
      expect(fill.bar).toBe(fill.accent);

      // Grouped by outcome, as the user picks.
      await choose(page, page, 'Group by', 'Outcome');
      const byOutcome = page.getByRole('figure', { name: /by outcome$/ });
      const legend = byOutcome.getByRole('list', { name: 'Legend' }).getByRole('listitem');
      await expect
        .poll(() => legend.allTextContents())
        .toEqual(
          [...countBy(events, (e) => e.outcome).entries()]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .map(([outcome]) => outcome),
        );

      // The Action suggestions: the most frequent actions of the filter, with their counts.
      const actions = countBy(events, (e) => e.action);
      const input = page.getByRole('combobox', { name: 'Action' });
      await input.click();
      await page.keyboard.press('ArrowDown');
      // Each option: the value as its label, the count as its description.
      const options = await page
        .getByRole('listbox')
        .getByRole('option')
        .evaluateAll((os) =>
          os.map((o) => {
            const text = (attr: string) =>
              (o.getAttribute(attr) ?? '')
                .split(' ')
                .map((id) => document.getElementById(id)?.textContent ?? '')
                .join(' ');
            return [text('aria-labelledby'), text('aria-describedby')] as const;
          }),
        );
      await page.keyboard.press('Escape');
      expect(options.length).toBe(Math.min(50, actions.size));
      const shown = new Map(
        options.map(([value, description]) => {
          const [, count] = /^([\d,]+) events?$/.exec(description)!;
          return [value, Number(count!.replace(/,/g, ''))];
        }),
      );
      for (const [value, count] of shown) expect(actions.get(value), value).toBe(count);
      const smallestShown = Math.min(...shown.values());
      for (const [value, count] of actions)
        if (!shown.has(value)) expect(count, value).toBeLessThanOrEqual(smallestShown);

      await screenshot(page, 'audit-logs-chart.png');
      await page.close();
      expect(errors()).toEqual([]);
    });

    it('links actors to their catalog entity and filters by user and by group', async () => {
      const { page, errors } = await stack.open(stack.harness.url);
      const filters = page.getByRole('form', { name: 'Filters' });
      await choose(page, filters, 'Time range', 'All time');
      await filters.getByRole('button', { name: 'Apply' }).click();
      const links = page.getByRole('grid', { name: 'Audit events' }).locator('a[data-entity-ref]');
      await expect
        .poll(() => links.count(), { timeout: 30_000, message: 'an actor resolved to a User' })
        .toBeGreaterThan(0);
      const userRef = (await links.first().getAttribute('data-entity-ref'))!;
      const [kind, namespace, name] = /^([^:]+):([^/]+)\/(.+)$/.exec(userRef)!.slice(1);
      expect(await links.first().getAttribute('href')).toBe(
        `/catalog/${namespace}/${kind}/${name}`,
      );

      // The catalog knows the user and its groups (the harness proxies to the real catalog).
      const catalog = async (path: string) => {
        const res = await fetch(`${stack.backend.url}/api/catalog${path}`, {
          headers: { authorization: `Bearer ${DEMO_TOKEN}` },
        });
        expect(res.status, path).toBe(200);
        return (await res.json()) as {
          metadata: { name: string; title?: string };
          spec?: { profile?: { displayName?: string } };
          relations?: { type: string; targetRef: string }[];
        };
      };
      const user = await catalog(`/entities/by-name/${kind}/${namespace}/${name}`);
      const groupRef = user.relations?.find((r) => r.type === 'memberOf')?.targetRef;

      // User filter: every row is that user's.
      await filters.getByRole('textbox', { name: 'User or group' }).fill(userRef);
      await filters.getByRole('button', { name: 'Apply' }).click();
      const rows = eventRows(page);
      await expect
        .poll(async () => {
          const refs = await rows.evaluateAll((trs) =>
            trs.map((tr) =>
              tr.querySelector('a[data-entity-ref]')?.getAttribute('data-entity-ref'),
            ),
          );
          return refs.length > 0 && refs.every((r) => r === userRef);
        })
        .toBe(true);

      // Group filter: every row is one of the group's members'.
      expect(groupRef, `${userRef} is a member of a group in the e2e catalog`).toBeDefined();
      const [gKind, gNamespace, gName] = /^([^:]+):([^/]+)\/(.+)$/.exec(groupRef!)!.slice(1);
      const group = await catalog(`/entities/by-name/${gKind}/${gNamespace}/${gName}`);
      const members = new Set(
        group.relations?.filter((r) => r.type === 'hasMember').map((r) => r.targetRef),
      );
      await filters.getByRole('textbox', { name: 'User or group' }).fill(groupRef!);
      await filters.getByRole('button', { name: 'Apply' }).click();
      await expect
        .poll(async () => {
          const refs = await rows.evaluateAll((trs) =>
            trs.map((tr) =>
              tr.querySelector('a[data-entity-ref]')?.getAttribute('data-entity-ref'),
            ),
          );
          return (
            refs.length > 0 && refs.every((r) => r !== undefined && r !== null && members.has(r))
          );
        })
        .toBe(true);

      // The link opens the catalog's entity page, which shows the entity from the real catalog.
      const first = rows.locator('a[data-entity-ref]').first();
      const shownRef = (await first.getAttribute('data-entity-ref'))!;
      const [sKind, sNamespace, sName] = /^([^:]+):([^/]+)\/(.+)$/.exec(shownRef)!.slice(1);
      const shownEntity = await catalog(`/entities/by-name/${sKind}/${sNamespace}/${sName}`);
      await first.click();
      await expect
        .poll(() => new URL(page.url()).pathname)
        .toBe(`/catalog/${sNamespace}/${sKind}/${sName}`);
      const names = [
        shownEntity.metadata.title,
        shownEntity.spec?.profile?.displayName,
        shownEntity.metadata.name,
      ].filter((n): n is string => Boolean(n));
      await expect
        .poll(
          async () => {
            const text = (await page.locator('body').textContent()) ?? '';
            // An error page may name the entity too: it must have loaded.
            return !/not found/i.test(text) && names.some((n) => text.includes(n));
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await screenshot(page, 'audit-logs-catalog-entity.png');
      await page.close();
      expect(errors()).toEqual([]);
    });

    it('works with the keyboard: arrows through rows, Enter opens the detail, Escape returns', async () => {
      const { page, errors } = await stack.open(stack.harness.url);
      const grid = page.getByRole('grid', { name: 'Audit events' });
      await expect.poll(() => eventRows(page).count(), { timeout: 30_000 }).toBeGreaterThan(2);
      const inGrid = () =>
        grid.evaluate((g) => g.contains(document.activeElement) && document.activeElement !== g);
      // Tab from the chart's controls reaches the table.
      await page.getByRole('button', { name: / Interval$/ }).focus();
      for (let i = 0; i < 10 && !(await inGrid()); i++) await page.keyboard.press('Tab');
      expect(await inGrid()).toBe(true);

      const focusedRow = () =>
        page.evaluate(() =>
          document.activeElement?.closest('[role="row"]')?.getAttribute('data-key'),
        );
      await page.keyboard.press('ArrowDown');
      const second = await focusedRow();
      const action = await cells(grid.locator(`[role="row"][data-key="${second}"]`))
        .nth(3)
        .textContent();
      await page.keyboard.press('Enter');
      const detail = page.getByRole('complementary', { name: 'Event detail' });
      await detail.waitFor();
      // The detail takes the focus: its heading, the event's action.
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        action?.replace(/\s*failure$/, ''),
      );
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
        'Close detail',
      );
      await screenshot(page, 'audit-logs-keyboard-detail.png');
      // Escape closes it and gives the focus back to the row.
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'detached' });
      expect(await focusedRow()).toBe(second);
      // The next row opens with Space too.
      await page.keyboard.press('ArrowDown');
      const third = await focusedRow();
      expect(third).not.toBe(second);
      await page.keyboard.press('Space');
      await detail.waitFor();
      expect(
        await grid.locator(`[role="row"][data-key="${third}"]`).getAttribute('aria-selected'),
      ).toBe('true');
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'detached' });
      await page.close();
      expect(errors()).toEqual([]);
    });

    it('follows the light and dark themes, with no colour of its own', async () => {
      const colours: Record<string, { text: string; background: string }> = {};
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page, errors } = await stack.open(stack.harness.url, { colorScheme });
        await expect.poll(() => eventRows(page).count(), { timeout: 30_000 }).toBeGreaterThan(2);
        expect(await page.evaluate(() => document.body.getAttribute('data-theme-mode'))).toBe(
          colorScheme,
        );
        const root = page.locator('[data-audit-logs-page]');
        // Nothing in the plugin's page sets a literal colour: only theme variables.
        const literal = await root.evaluate((el) =>
          [el, ...el.querySelectorAll('[style]')]
            .map((e) => e.getAttribute('style') ?? '')
            .filter((s) =>
              /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|(?<![-\w])(white|black)(?![-\w])/i.test(s),
            ),
        );
        expect(literal).toEqual([]);
        colours[colorScheme] = await page
          .getByRole('list', { name: 'Source status' })
          .getByRole('listitem')
          .first()
          .evaluate((card) => ({
            text: getComputedStyle(card).color,
            background: getComputedStyle(card).backgroundColor,
          }));

        await page.getByRole('grid', { name: 'Audit events' }).locator('tbody td').first().click();
        await page.getByRole('complementary', { name: 'Event detail' }).waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `audit-logs-${colorScheme}.png`);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({
          path: join(SCREENSHOT_DIR, `audit-logs-${colorScheme}-full.png`),
          fullPage: true,
        });
        if (process.env.AUDIT_LOGS_README_SCREENSHOTS === '1') {
          // What a user sees first: status, filters, the /stats chart, the table and the open
          // detail, in one README-sized viewport (pngquant then shrinks it).
          mkdirSync(README_SCREENSHOT_DIR, { recursive: true });
          await page.setViewportSize({ width: 1440, height: 1700 });
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({
            path: join(README_SCREENSHOT_DIR, `audit-logs-${colorScheme}.png`),
            animations: 'disabled',
          });
        }
        await page.close();
        expect(errors()).toEqual([]);
      }
      expect(colours.dark).not.toEqual(colours.light);
    });
  },
);
