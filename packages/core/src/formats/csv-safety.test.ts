import { describe, expect, it } from 'vitest';
import { csvField, guardCsvFormula } from './csv-safety.js';

describe('CSV formula guard', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","click")', `'=HYPERLINK("https://evil.example","click")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['@SUM(1+1)*cmd|"/C calc"!A0', `'@SUM(1+1)*cmd|"/C calc"!A0`],
    ['-1+1', `'-1+1`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['＝1+1', `'＝1+1`],
  ])('neutralizes %j', (input, expected) => {
    expect(guardCsvFormula(input)).toBe(expected);
  });

  it.each(['alice@example.com', 'Login', '2026-01-01T00:00:00Z', '', 'a=b'])(
    'leaves %j alone',
    (input) => expect(guardCsvFormula(input)).toBe(input),
  );

  it('quotes fields per RFC 4180 after guarding', () => {
    expect(csvField('=1+1,"x"')).toBe(`"'=1+1,""x"""`);
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(undefined)).toBe('');
  });
});
