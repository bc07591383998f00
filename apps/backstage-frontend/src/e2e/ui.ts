// Driving the page's Backstage UI (React Aria) controls from Playwright, as a user would.
import type { Locator, Page } from 'playwright-core';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A select's button: named by its value and then its label ("All sources Source"). */
export function selectButton(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('button', { name: new RegExp(` ${escape(label)}$`) });
}

/** Opens a select and picks the option whose name starts with `option`. */
export async function choose(page: Page, scope: Page | Locator, label: string, option: string) {
  await selectButton(scope, label).click();
  await page.getByRole('option', { name: new RegExp(`^${escape(option)}`) }).click();
}

/** Types a value into a date-time picker (segments month, day, year, hour, minute). */
export async function fillDateTime(page: Page, scope: Locator, label: string, iso: string) {
  const [, y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso)!;
  await scope.getByRole('group', { name: label }).getByRole('spinbutton').first().click();
  await page.keyboard.type(`${mo}${d}${y}${h}${mi}`);
}

/** The body rows of the events table. */
export function eventRows(page: Page): Locator {
  return page.getByRole('grid', { name: 'Audit events' }).locator('tbody [role="row"]');
}

/** The cells of a row, in column order. */
export function cells(row: Locator): Locator {
  return row.locator('[role="rowheader"], [role="gridcell"]');
}

/** The value of a field of the detail panel (`<dt>label</dt><dd>value</dd>`). */
export function detailField(detail: Locator, label: string): Locator {
  return detail
    .locator('dt', { hasText: new RegExp(`^${escape(label)}$`) })
    .locator('xpath=following-sibling::dd[1]');
}
