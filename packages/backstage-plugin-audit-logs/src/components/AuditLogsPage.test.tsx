import { ResponseError } from '@backstage/errors';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeAuditLogsApi, SOURCES, makeEvent } from '../testing/fake-api.js';
import { renderWithApi } from '../testing/render.js';
import { AuditLogsPage } from './AuditLogsPage.js';

afterEach(cleanup);

function events(n: number) {
  return Array.from({ length: n }, (_, i) => makeEvent(i + 1));
}

async function forbidden() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Unauthorized' },
        response: { statusCode: 403 },
      }),
      { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'application/json' } },
    ),
  );
}

async function table() {
  return screen.findByRole('table', { name: 'Audit events' });
}

describe('AuditLogsPage: table', () => {
  it('shows one row per event with time, source, actor, action, category, target and description', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(3));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const rows = within(await table())
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(3);
    const cells = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      '2026-11-20 11:00:00 UTC',
      'Kore.ai XO Admin Console',
      'User 1',
      'bot.publish',
      'Bot Management',
      'bot: Bot 1',
      'Event number 1',
    ]);
  });

  it('shows each source status: last sync, lag, stored count and what to do about an error', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(1));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const strip = await screen.findByRole('list', { name: 'Source status' });
    const [kore, uipath] = within(strip).getAllByRole('listitem');
    expect(kore!.textContent).toContain('2026-11-20 12:00:05 UTC');
    expect(kore!.textContent).toContain('2 min');
    expect(kore!.textContent).toContain('1,234');
    expect(uipath!.textContent).toContain('never');
    expect(within(uipath!).getByRole('alert').textContent).toMatch(
      /AUTH_FAILED: token request was refused \(401\).*credentials/,
    );
  });

  it('pages with the backend cursor, forward and back', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(60));
    renderWithApi(<AuditLogsPage pageSize={25} initialFilters={{ range: 'all' }} />, api);
    await table();
    expect(screen.getByText('Page 1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getByText('Event number 26')).toBeTruthy());
    expect(api.listEventsCalls.filter((c) => c.limit === 25).at(-1)?.cursor).toBe('25');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getByText('Event number 51')).toBeTruthy());
    expect(within(await table()).getAllByRole('row')).toHaveLength(11);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Next page' }).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() => expect(screen.getByText('Event number 26')).toBeTruthy());
    expect(screen.getByText('Page 2')).toBeTruthy();
  });

  it('charts the events of the range per day, stacked by category', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(48));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const chart = await screen.findByRole('figure', { name: 'Events per day by category' });
    expect(chart.textContent).toContain('48 events');
    const days = [...chart.querySelectorAll('g[data-day]')].map((g) => [
      g.getAttribute('data-day'),
      g.getAttribute('data-total'),
    ]);
    expect(days).toEqual([
      ['2026-11-18', '12'],
      ['2026-11-19', '24'],
      ['2026-11-20', '12'],
    ]);
    expect(within(chart).getByText('Bot Management')).toBeTruthy();
    expect(within(chart).getByText('Login/Logout')).toBeTruthy();
  });
});

describe('AuditLogsPage: filters', () => {
  it('sends source, actor, action, category and free text to the backend and shows the result', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(20));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    await table();
    const form = screen.getByRole('form', { name: 'Filters' });
    fireEvent.change(within(form).getByLabelText('Source'), { target: { value: 'kore-xo' } });
    fireEvent.change(within(form).getByLabelText('Actor'), {
      target: { value: 'user1@example.com' },
    });
    fireEvent.change(within(form).getByLabelText('Action'), { target: { value: 'bot.publish' } });
    fireEvent.change(within(form).getByLabelText('Category'), {
      target: { value: 'Bot Management' },
    });
    fireEvent.change(within(form).getByLabelText('Search'), { target: { value: 'number 1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Audit events' })).getAllByRole('row'),
      ).toHaveLength(4),
    );
    expect(api.listEventsCalls.at(-1)).toMatchObject({
      source: ['kore-xo'],
      actor: 'user1@example.com',
      action: 'bot.publish',
      category: 'Bot Management',
      q: 'number 1',
    });
    // Events 1, 13 and 19 match: actor u1 ⇔ n % 3 = 1, odd n, text "number 1…".
    const shown = screen.getAllByText(/^Event number/).map((c) => c.textContent);
    expect(shown).toEqual(['Event number 1', 'Event number 13', 'Event number 19']);
  });

  it('turns a time range into from/to bounds (custom range read as UTC)', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(48));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    await table();
    const form = screen.getByRole('form', { name: 'Filters' });
    fireEvent.change(within(form).getByLabelText('Time range'), { target: { value: 'custom' } });
    fireEvent.change(within(form).getByLabelText('From (UTC)'), {
      target: { value: '2026-11-19T00:00' },
    });
    fireEvent.change(within(form).getByLabelText('To (UTC)'), {
      target: { value: '2026-11-20T00:00' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(api.listEventsCalls.at(-1)).toMatchObject({
        from: '2026-11-19T00:00:00.000Z',
        to: '2026-11-20T00:00:00.000Z',
      }),
    );
    const chart = await screen.findByRole('figure', { name: 'Events per day by category' });
    await waitFor(() => expect(chart.textContent).toContain('24 events'));
  });

  it('says when nothing matches and resets the filters', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(5));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all', q: 'no such thing' }} />, api);
    expect(await screen.findByText('No events match these filters')).toBeTruthy();
    expect(screen.getByText('Widen the time range or reset the filters.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset filters' }));
    await table();
  });
});

describe('AuditLogsPage: export', () => {
  it('downloads every event matching the applied filters', async () => {
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
    await table();
    fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(api.exportCalls).toEqual([{ query: { category: 'Login/Logout' }, format: 'csv' }]);
  });
});

describe('AuditLogsPage: detail', () => {
  it('opens an event with its change delta and raw record, and closes it', async () => {
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
    fireEvent.click(within(await table()).getByText('Event number 7'));
    const detail = await screen.findByRole('complementary', { name: 'Event detail' });
    expect(within(detail).getByText('10.0.0.7')).toBeTruthy();
    expect(within(detail).getByText('vendor-7')).toBeTruthy();
    const changes = within(within(detail).getByRole('table', { name: 'Changes' })).getAllByRole(
      'row',
    );
    expect(changes.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent))).toEqual([
      [],
      ['role', 'viewer', 'admin'],
      ['enabled', '—', 'true'],
    ]);
    const raw = within(detail).getByLabelText('Raw record').textContent;
    expect(JSON.parse(raw)).toEqual({ id: 'vendor-7', nested: { role: 'admin' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Close detail' }));
    expect(screen.queryByRole('complementary', { name: 'Event detail' })).toBeNull();
  });

  it('says when the vendor recorded no changes', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(2));
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    fireEvent.keyDown(within(await table()).getByText('Event number 2'), { key: 'Enter' });
    expect(
      await screen.findByText('The vendor recorded no field changes for this event.'),
    ).toBeTruthy();
  });
});

describe('AuditLogsPage: states', () => {
  it('says the read permission is missing instead of failing', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(2));
    api.failWith = await forbidden();
    renderWithApi(<AuditLogsPage />, api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission to view audit logs');
    expect(alert.textContent).toContain('audit-logs.event.read');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('explains an unreachable backend and retries', async () => {
    const api = new FakeAuditLogsApi(SOURCES, events(2));
    api.failWith = new TypeError('Failed to fetch');
    renderWithApi(<AuditLogsPage initialFilters={{ range: 'all' }} />, api);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts[0]!.textContent).toContain('Could not reach the audit-logs backend');
    expect(alerts[0]!.textContent).toContain('check the Backstage backend logs');
    api.failWith = undefined;
    fireEvent.click(screen.getAllByRole('button', { name: 'Try again' })[0]!);
    await table();
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
    expect(screen.getByRole('progressbar', { name: 'Loading events' })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Loading sources' })).toBeTruthy();
    await screen.findByText('No events in this time range');
  });
});
