import { describe, expect, it } from 'vitest';
import { terminalText } from './terminal-text.js';

const ESC = '\x1b';

describe('terminalText', () => {
  it.each([
    [`${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
    [`${ESC}]8;;https://evil.example\x07click${ESC}]8;;\x07`, 'click'],
    [`copy ${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07 me`, 'copy  me'],
    [`${ESC}[2J${ESC}[Hcleared`, 'cleared'],
    [`\x9b31mred\x9b0m`, 'red'],
    [`\x9d52;c;AAAA\x9cok`, 'ok'],
    [`bell\x07 back\x08space del\x7f`, 'bell backspace del'],
    [`tab\there\r\nnext`, 'tab here  next'],
    [`${ESC}(0box${ESC}(B`, 'box'],
    [`unterminated ${ESC}]52;c;QUJD`, 'unterminated '],
    ['rtl \u202eevil\u202c', 'rtl evil'],
    ['plain café ✓', 'plain café ✓'],
  ])('strips %j', (input, expected) => {
    expect(terminalText(input)).toBe(expected);
  });

  it('keeps line feeds in multi-line text', () => {
    expect(terminalText(`a\r\n  b${ESC}[2K\tc`, { multiline: true })).toBe('a\n  b c');
  });
});
