import { describe, expect, it } from 'vitest';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import { HttpError } from '../../errors/http-error.js';
import { PageSize } from './page-size.js';

const refuse =
  (max: number, body = `size should not be more than ${max}`) =>
  (size: number) =>
    size > max
      ? Promise.reject(new HttpError({ message: 'x', status: 400, url: 'u', bodyExcerpt: body }))
      : Promise.resolve(size);

describe('PageSize', () => {
  it('halves a size the server refuses, remembers what works, and says so', async () => {
    const evidence = new ReadEvidence('test', undefined, new Date(0));
    const size = new PageSize(100, 'size');
    await expect(size.request(evidence, refuse(30))).resolves.toBe(25);
    expect(size.current).toBe(25);
    expect(evidence.has('page-size-rejected')).toBe(true);
  });

  it('does not shrink for a 400 about something else', async () => {
    const evidence = new ReadEvidence('test', undefined, new Date(0));
    const size = new PageSize(100, 'top');
    await expect(size.request(evidence, refuse(30, 'Invalid fromDate'))).rejects.toMatchObject({
      status: 400,
    });
    expect(size.current).toBe(100);
  });
});
