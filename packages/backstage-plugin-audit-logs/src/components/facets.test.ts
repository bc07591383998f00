import { describe, expect, it } from 'vitest';
import { facetRequests } from './facets.js';

describe('facetRequests', () => {
  it('asks the open fields with every filter, and each filtered field without its own', () => {
    expect(
      facetRequests({ from: '2026-11-01T00:00:00.000Z', category: 'Login', source: ['kore-xo'] }),
    ).toEqual([
      {
        from: '2026-11-01T00:00:00.000Z',
        category: 'Login',
        source: ['kore-xo'],
        field: ['action', 'actor', 'outcome'],
        limit: 50,
      },
      {
        from: '2026-11-01T00:00:00.000Z',
        source: ['kore-xo'],
        field: ['category'],
        limit: 50,
      },
      { from: '2026-11-01T00:00:00.000Z', category: 'Login', field: ['source'], limit: 50 },
    ]);
  });
  it('asks once when nothing is filtered', () => {
    expect(facetRequests({ q: 'bot' })).toEqual([
      { q: 'bot', field: ['action', 'category', 'actor', 'source', 'outcome'], limit: 50 },
    ]);
  });
});
