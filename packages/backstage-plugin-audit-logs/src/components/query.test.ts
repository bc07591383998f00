import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, readEntityFilter, toQuery } from './query.js';

describe('toQuery', () => {
  const now = new Date('2026-11-22T12:00:00.000Z');
  it('turns a preset into a lower bound and drops blank fields', () => {
    expect(toQuery({ ...EMPTY_FILTERS, range: '7d', actor: '  ' }, now)).toEqual({
      from: '2026-11-15T12:00:00.000Z',
    });
    expect(toQuery({ ...EMPTY_FILTERS, range: 'all', source: 'kore-xo', q: ' bot ' }, now)).toEqual(
      {
        source: ['kore-xo'],
        q: 'bot',
      },
    );
  });
  it('reads a custom range as UTC', () => {
    expect(
      toQuery({ ...EMPTY_FILTERS, range: 'custom', from: '2026-11-01T08:30', to: '' }, now),
    ).toEqual({
      from: '2026-11-01T08:30:00.000Z',
    });
  });
  it('sends the outcome, and an entity ref as user or group', () => {
    expect(
      toQuery({ ...EMPTY_FILTERS, range: 'all', outcome: 'failure', entity: 'User:jane.doe' }, now),
    ).toEqual({ outcome: 'failure', user: 'user:default/jane.doe' });
    expect(toQuery({ ...EMPTY_FILTERS, range: 'all', entity: ' group:ops/Team-A ' }, now)).toEqual({
      group: 'group:ops/team-a',
    });
    expect(toQuery({ ...EMPTY_FILTERS, range: 'all', entity: 'jane.doe' }, now)).toEqual({});
  });
});

describe('readEntityFilter', () => {
  it('says what it accepts', () => {
    expect(readEntityFilter('')).toBeUndefined();
    expect(readEntityFilter('jane.doe')).toEqual({
      error: 'Enter an entity ref with its kind: user:default/jane.doe or group:default/team-a',
    });
    expect(readEntityFilter('component:default/api')).toEqual({
      error: 'Only User and Group entities can filter events, not component',
    });
  });
});
