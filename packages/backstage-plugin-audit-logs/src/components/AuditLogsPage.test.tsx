import { ResponseError } from '@backstage/errors';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeAuditLogsApi, SOURCES, makeEvent } from '../testing/fake-api.js';
import { renderWithApi } from '../testing/render.js';
import { AuditLogsPage } from './AuditLogsPage.js';
import { EntityHrefProvider } from './EntityLinks.js';

afterEach(cleanup);

function events(n: number) {
  return Array.from({ length: n }, (_, i) => makeEvent(i + 1));
}

async function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error: { name, message }, response: { statusCode: status } }), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

async function table() {
  return screen.findByRole('grid', { name: 'Audit events' });
}

/** The body rows of the events table, once loaded. */
async function rows() {
  const grid = await table();
  await waitFor(() => expect(within(grid).getAllByRole('row').length).toBeGreaterThan(1));
  return within(grid).getAllByRole('row').slice(1);
}

function cellTexts(row: HTMLElement) {
  return [...row.querySelectorAll('[role="rowheader"], [role="gridcell"]')].map(
    (c) => c.textContent,
  );
}

function form() {
  // `hidden`: while a select or combobox list is open, the rest of the page is aria-hidden.
  return screen.getByRole('form', { name: 'Filters', hidden: true });
}

/** Types a value into a combobox filter and closes its suggestions. */
async function typeIn(user: ReturnType<typeof userEvent.setup>, label: string, text: string) {
  const input = within(form()).getByRole('combobox', { name: label, hidden: true });
  await user.type(input, text);
  await user.keyboard('{Escape}');
  expect((input as HTMLInputElement).value).toBe(text);
}

/** Opens the suggestions of a combobox filter. */
async function openSuggestions(user: ReturnType<typeof userEvent.setup>, label: string) {
  await user.click(within(form()).getByRole('combobox', { name: label, hidden: true }));
  await user.keyboard('{ArrowDown}');
  return screen.findByRole('listbox');
}

/** Picks an option of a Backstage UI select. */
async function choose(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  // A select's button is named by its value and its label: "All sources Source".
  await user.click(screen.getByRole('button', { name: new RegExp(` ${label}$`) }));
  await user.click(await screen.findByRole('option', { name: new RegExp(`^${option}`) }));
}

describe('AuditLogsPage: table', () => {
  it('shows one row per event with time, source, actor, action, category, target and description', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(3));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const shown = await rows();
    expect(shown).toHaveLength(3);
    expect(cellTexts(shown[0]!)).toEqual([
      '2026-11-20 11:00:00 UTC',
      'Kore.ai XO Admin Console',
      'User 1',
      'bot.publish',
      'Bot Management',
      'bot: Bot 1',
      'Event number 1',
    ]);
    // Without a catalog in the app, actors are plain text.
    expect(within(shown[0]!).queryByRole('link')).toBeNull();
  });

  it('shows each source status: sync, lag, counts, oldest event, retention, quarantine, errors', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(1));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const strip = await screen.findByRole('list', { name: 'Source status' });
    const [kore, uipath] = within(strip).getAllByRole('listitem');
    const facts = (card: HTMLElement) =>
      Object.fromEntries(
        [...card.querySelectorAll('dt')].map((dt) => [
          dt.textContent,
          dt.nextElementSibling?.textContent,
        ]),
      );
    expect(facts(kore!)).toEqual({
      'Last sync': '2026-11-20 12:00:05 UTC',
      Lag: '2 min',
      Events: '1,234',
      'Oldest kept': '2026-08-22 09:15:00 UTC',
      Retention: '90 days',
      Quarantined: '0',
      Completeness: 'complete (cursor-exhausted)',
    });
    expect(kore!.textContent).toContain('Up to date');
    expect(facts(uipath!)).toMatchObject({
      'Last sync': 'never',
      'Oldest kept': '—',
      Retention: 'not set',
      Quarantined: '3',
      Completeness: '—',
    });
    expect(uipath!.textContent).toContain('Failing');
    expect(within(uipath!).getByRole('alert').textContent).toMatch(
      /AUTH_FAILED.*token request was refused \(401\).*credentials/,
    );
  });

  it('pages with the backend cursor, forward and back', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(60));
    renderWithApi(<AuditLogsPage pageSize={25} initialFilters={{ range: 'all' }} />, api);
    await rows();
    await waitFor(() => expect(screen.getByText(/^Page 1 · events 1–25 of 60$/)).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Next table page' }));
    await waitFor(() => expect(screen.getByText('Event number 26')).toBeTruthy());
    expect(api.listEventsCalls.filter((c) => c.limit === 25).at(-1)?.cursor).toBe('25');
    await user.click(screen.getByRole('button', { name: 'Next table page' }));
    await waitFor(() => expect(screen.getByText('Event number 51')).toBeTruthy());
    expect(await rows()).toHaveLength(10);
    expect(screen.getByText(/^Page 3 · events 51–60 of 60$/)).toBeTruthy();
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: 'Next table page' }).disabled,
    ).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Previous table page' }));
    await waitFor(() => expect(screen.getByText('Event number 26')).toBeTruthy());
    expect(screen.getByText(/^Page 2/)).toBeTruthy();
  });
});

describe('AuditLogsPage: chart from /stats', () => {
  it('charts the server-side counts per day, stacked by category', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(48));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const chart = await screen.findByRole('figure', { name: 'Events per day by category' });
    expect(chart.textContent).toContain('48 events');
    const bars = [...chart.querySelectorAll('g[data-start]')].map((g) => [
      g.getAttribute('data-start'),
      g.getAttribute('data-total'),
    ]);
    expect(bars).toEqual([
      ['2026-11-18T00:00:00.000Z', '12'],
      ['2026-11-19T00:00:00.000Z', '24'],
      ['2026-11-20T00:00:00.000Z', '12'],
    ]);
    const legend = within(chart).getByRole('list', { name: 'Legend' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Bot Management', 'Login/Logout']);
    // Bars are coloured from the theme's variables, never fixed colours.
    const fills = [...chart.querySelectorAll('rect')].map((r) => r.style.fill);
    expect(new Set(fills)).toEqual(
      new Set([
        'var(--audit-logs-chart-series-1, var(--bui-accent-bg))',
        'var(--audit-logs-chart-series-2, var(--bui-warning-bg))',
      ]),
    );
    // The page never pages events through the browser to draw the chart.
    expect(api.listEventsCalls.every((c) => c.limit === 50 && !c.cursor)).toBe(true);
    expect(api.statsCalls).toEqual([{ groupBy: 'category' }]);
  });

  it('groups by the field and interval the user picks', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, [
      ...events(6),
      makeEvent(7, { source: { id: 'uipath-orchestrator', type: 'uipath-orchestrator-odata' } }),
    ]);
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    await screen.findByRole('figure', { name: 'Events per day by category' });
    await choose(user, 'Group by', 'Source');
    await choose(user, 'Interval', 'Hour');
    const chart = await screen.findByRole('figure', { name: 'Events per hour by source' });
    expect(api.statsCalls.at(-1)).toEqual({ groupBy: 'source', interval: 'hour' });
    expect(chart.querySelectorAll('g[data-start]')).toHaveLength(7);
    const legend = within(chart).getByRole('list', { name: 'Legend' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Kore.ai XO Admin Console', 'UiPath Orchestrator']);
  });

  it('keeps the page usable when the backend has no /stats or /facets yet', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(3));
    api.failStatsAndFacetsWith = await responseError(404, 'NotFoundError', 'Not Found');
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    expect(await rows()).toHaveLength(3);
    const alerts = await screen.findAllByRole('alert');
    const texts = alerts.map((a) => a.textContent);
    expect(texts).toContainEqual(
      expect.stringMatching(/The chart needs a newer audit-logs backend.*GET \/stats/),
    );
    expect(texts).toContainEqual(
      expect.stringMatching(/Filter suggestions need a newer audit-logs backend.*GET \/facets/),
    );
    expect(screen.queryByRole('figure')).toBeNull();
    // Typed filters still work.
    expect(within(form()).getByRole('combobox', { name: 'Action' })).toBeTruthy();
  });
});

describe('AuditLogsPage: filters', () => {
  it('sends source, actor, action, category, outcome and free text, and shows the result', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(20));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    await rows();
    await choose(user, 'Source', 'Kore.ai XO Admin Console');
    await typeIn(user, 'Actor', 'user1@example.com');
    await typeIn(user, 'Action', 'bot.publish');
    await typeIn(user, 'Category', 'Bot Management');
    await choose(user, 'Outcome', 'success');
    await user.type(within(form()).getByRole('searchbox', { name: 'Search' }), 'number 1');
    await user.click(within(form()).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(api.listEventsCalls.at(-1)).toMatchObject({
        source: ['kore-xo'],
        actor: 'user1@example.com',
        action: 'bot.publish',
        category: 'Bot Management',
        outcome: 'success',
        q: 'number 1',
      }),
    );
    // Events 1, 13 and 19 match: actor u1 ⇔ n % 3 = 1, odd n, text "number 1…".
    await waitFor(() =>
      expect(screen.getAllByText(/^Event number/).map((c) => c.textContent)).toEqual([
        'Event number 1',
        'Event number 13',
        'Event number 19',
      ]),
    );
    // The chart counts the same filters on the server.
    expect(api.statsCalls.at(-1)).toMatchObject({ source: ['kore-xo'], q: 'number 1' });
  });

  it('suggests values with counts from /facets, each field without its own filter', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(20));
    renderWithApi(
      <AuditLogsPage initialFilters={{ range: 'all', category: 'Bot Management' }} />,
      api,
    );
    await rows();
    await waitFor(() => expect(api.facetsCalls).toHaveLength(2));
    expect(api.facetsCalls).toEqual([
      {
        category: 'Bot Management',
        field: ['action', 'actor', 'source', 'outcome'],
        limit: 50,
      },
      { field: ['category'], limit: 50 },
    ]);
    const categories = await openSuggestions(user, 'Category');
    expect(
      within(categories)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Bot Management10 events', 'Login/Logout10 events']);
    // The value is the option's name, its count the description (the browser test reads both).
    const option = within(categories).getByRole('option', { name: 'Bot Management' });
    const description = document.getElementById(option.getAttribute('aria-describedby')!);
    expect(description?.textContent).toBe('10 events');
    await user.keyboard('{Escape}');
    const actors = await openSuggestions(user, 'Actor');
    // Within the category filter (the odd events): u1 acts in 1, 7, 13, 19; u0 and u2 in three.
    expect(
      within(actors)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'user1@example.com4 events',
      'user0@example.com3 events',
      'user2@example.com3 events',
    ]);
    await user.click(within(actors).getByRole('option', { name: /^user2@example.com/ }));
    await user.click(within(form()).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(api.listEventsCalls.at(-1)).toMatchObject({ actor: 'user2@example.com' }),
    );
  });

  it('filters by a catalog user or group, and says what a valid entity ref is', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(12));
    api.groupMembers = { 'group:default/team-a': ['user:default/user2'] };
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    await rows();
    const field = within(form()).getByRole('textbox', { name: 'User or group' });
    await user.type(field, 'jane.doe');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(form().textContent).toContain('Enter an entity ref with its kind');
    const calls = api.listEventsCalls.length;
    await user.click(within(form()).getByRole('button', { name: 'Apply' }));
    expect(api.listEventsCalls).toHaveLength(calls);

    await user.clear(field);
    await user.type(field, 'Group:team-a');
    await user.click(within(form()).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(api.listEventsCalls.at(-1)).toMatchObject({ group: 'group:default/team-a' }),
    );
    await waitFor(async () =>
      expect((await rows()).map((r) => cellTexts(r)[2])).toEqual([
        'User 2',
        'User 2',
        'User 2',
        'User 2',
      ]),
    );
    await user.clear(field);
    await user.type(field, 'user:default/user1{Enter}');
    await waitFor(() =>
      expect(api.listEventsCalls.at(-1)).toMatchObject({ user: 'user:default/user1' }),
    );
    expect(api.listEventsCalls.at(-1)).not.toHaveProperty('group');
  });

  it('turns a custom UTC range into from/to bounds', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(48));
    renderWithApi(
      <AuditLogsPage
        initialFilters={{ range: 'custom', from: '2026-11-19T00:00', to: '2026-11-20T00:00' }}
      />,
      api,
    );
    await rows();
    expect(api.listEventsCalls.at(-1)).toMatchObject({
      from: '2026-11-19T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
    });
    // The date pickers load on demand.
    const from = await within(form()).findByRole('group', { name: 'From (UTC)' });
    expect(
      within(from)
        .getAllByRole('spinbutton')
        .map((s) => s.textContent),
    ).toEqual(['11', '19', '2026', '00', '00']);
    const chart = await screen.findByRole('figure', { name: 'Events per hour by category' });
    expect(chart.textContent).toContain('24 events');
  });

  it('says when nothing matches and resets the filters', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(5));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all', q: 'no such thing' }} />, api);
    const empty = (await screen.findByText('No events match these filters')).closest<HTMLElement>(
      '[role="status"]',
    )!;
    expect(empty.textContent).toContain('Widen the time range or reset the filters.');
    await user.click(within(empty).getByRole('button', { name: 'Reset filters' }));
    await rows();
  });
});

describe('AuditLogsPage: export', () => {
  it('downloads every event matching the applied filters', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(3));
    const created: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:x';
    };
    renderWithApi(
      <AuditLogsPage initialFilters={{ range: 'all', category: 'Login/Logout' }} />,
      api,
    );
    await rows();
    await user.click(screen.getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(api.exportCalls).toEqual([{ query: { category: 'Login/Logout' }, format: 'csv' }]);
  });
});

describe('AuditLogsPage: detail', () => {
  it('opens an event with its change delta and raw record, and closes it', async () => {
    const user = userEvent.setup({ delay: null });
    const changed = makeEvent(7, {
      changes: [
        { field: 'role', from: 'viewer', to: 'admin' },
        { field: 'enabled', to: true },
      ],
      raw: { id: 'vendor-7', nested: { role: 'admin' } },
      sourceIp: '10.0.0.7',
    });
    const api = new FakeAuditLogsApi(SOURCES, [...events(6), changed]);
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    await rows();
    await user.click(screen.getByText('Event number 7'));
    const detail = await screen.findByRole('complementary', { name: 'Event detail' });
    expect(within(detail).getByText('10.0.0.7')).toBeTruthy();
    expect(within(detail).getByText('vendor-7')).toBeTruthy();
    expect(within(detail).getByText('user:default/user1')).toBeTruthy();
    const changes = within(within(detail).getByRole('grid', { name: 'Changes' })).getAllByRole(
      'row',
    );
    expect(changes.map(cellTexts)).toEqual([
      [],
      ['role', 'viewer', 'admin'],
      ['enabled', '—', 'true'],
    ]);
    const raw = within(detail).getByLabelText('Raw record').textContent;
    expect(JSON.parse(raw)).toEqual({ id: 'vendor-7', nested: { role: 'admin' } });
    await user.click(within(detail).getByRole('button', { name: 'Close detail' }));
    expect(screen.queryByRole('complementary', { name: 'Event detail' })).toBeNull();
  });

  it('is operable with the keyboard: arrows, Enter opens and focuses it, Escape returns to the row', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(3));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const [, second] = await rows();
    second!.focus();
    await user.keyboard('{ArrowUp}{ArrowDown}{Enter}');
    const detail = await screen.findByRole('complementary', { name: 'Event detail' });
    await waitFor(() =>
      expect(document.activeElement).toBe(within(detail).getByRole('heading', { level: 2 })),
    );
    expect(document.activeElement?.textContent).toBe('user.login');
    expect(second!.getAttribute('aria-selected')).toBe('true');
    await user.tab();
    expect(document.activeElement).toBe(
      within(detail).getByRole('button', { name: 'Close detail' }),
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Event detail' })).toBeNull();
    expect(document.activeElement).toBe(second);
    // Escape in the table clears the open row too.
    await user.keyboard('{Enter}');
    await screen.findByRole('complementary', { name: 'Event detail' });
    second!.focus();
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('complementary', { name: 'Event detail' })).toBeNull(),
    );
  });

  it('links actors resolved to catalog users to their entity page', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(3));
    renderWithApi(
      <EntityHrefProvider
        value={(ref) => `/catalog/${ref.replace(':', '/').split('/').reverse().join('~')}`}
      >
        <AuditLogsPage initialFilters={{ range: 'all' }} />
      </EntityHrefProvider>,
      api,
    );
    const [first, second, third] = await rows();
    const link = within(first!).getByRole('link', { name: 'User 1' });
    expect(link.getAttribute('href')).toBe('/catalog/user1~default~user');
    expect(link.getAttribute('data-entity-ref')).toBe('user:default/user1');
    expect(within(second!).getByRole('link', { name: 'User 2' })).toBeTruthy();
    // Event 3's actor (u0) is not in the catalog: no link.
    expect(within(third!).queryByRole('link')).toBeNull();
    await user.click(screen.getByText('Event number 2'));
    const detail = await screen.findByRole('complementary', { name: 'Event detail' });
    expect(within(detail).getByRole('link', { name: 'User 2' }).getAttribute('href')).toBe(
      '/catalog/user2~default~user',
    );
  });

  it('says when the vendor recorded no changes', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(2));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    await rows();
    await user.click(screen.getByText('Event number 2'));
    expect(
      await screen.findByText('The vendor recorded no field changes for this event.'),
    ).toBeTruthy();
  });
});

describe('AuditLogsPage: states', () => {
  it('says the read permission is missing instead of failing', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(2));
    api.failWith = await responseError(403, 'NotAllowedError', 'Unauthorized');
    renderWithApi(<AuditLogsPage />, api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission to view audit logs');
    expect(alert.textContent).toContain('audit-logs.event.read');
    expect(screen.queryByRole('grid')).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('explains an unreachable backend and retries', async () => {
    const user = userEvent.setup({ delay: null });
    const api = new FakeAuditLogsApi(SOURCES, events(2));
    api.failWith = new TypeError('Failed to fetch');
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts[0]!.textContent).toContain('Could not reach the audit-logs backend');
    expect(alerts[0]!.textContent).toContain('check the Backstage backend logs');
    api.failWith = undefined;
    await user.click(screen.getAllByRole('button', { name: 'Try again' })[0]!);
    await rows();
  });

  it('tells how to configure sources when there are none', async () => {
    renderWithApi(
      <AuditLogsPage initialFilters={{ range: 'all' }} />,
      new FakeAuditLogsApi([], []),
    );
    expect(await screen.findByText('No audit-log sources are configured')).toBeTruthy();
    expect(screen.getByText('auditLogs.sources')).toBeTruthy();
    expect(
      await screen.findByText(
        'No events are stored yet. Each source syncs every few minutes; check the source status above for errors.',
      ),
    ).toBeTruthy();
  });

  it('shows loading states while requests are in flight', async () => {
    renderWithApi(<AuditLogsPage />, new FakeAuditLogsApi(SOURCES, []));
    expect(screen.getByRole('status', { name: 'Loading events' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Loading sources' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Loading chart' })).toBeTruthy();
    await screen.findByText('No events in this time range');
  });
});
