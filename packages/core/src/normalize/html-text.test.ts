import fc from 'fast-check';
import { convert } from 'html-to-text';
import { describe, expect, it } from 'vitest';
import { htmlToPlainText, loadHtmlToText } from './html-text.js';

// The AI for Work source loads html-to-text when it starts reading; these call the normalizer directly.
await loadHtmlToText();

/** The definition before the converter was compiled once: `convert` with the options each call. */
function reference(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  const options = {
    wordwrap: false as const,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  };
  return convert(html, options).replace(/\s+/g, ' ').trim();
}

describe('htmlToPlainText', () => {
  it('reads the markup AI for Work sends', () => {
    expect(htmlToPlainText('Update business rule <b>Answer rule - 67</b>')).toBe(
      'Update business rule Answer rule - 67',
    );
    expect(htmlToPlainText('<a href="https://x.invalid">link</a> &amp; <img src="x"> done')).toBe(
      'link & done',
    );
    expect(htmlToPlainText('Update dialog <b>Tom &amp; Jerry</b><br>Name: a &rarr; b')).toBe(
      'Update dialog Tom & Jerry Name: a \u2192 b',
    );
  });

  it('gives what converting with the options each time gave, for any markup', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<b>',
        '</b>',
        '<a href="https://a.invalid/?q=1&r=2">',
        '</a>',
        '<img src="x.png" alt="pic">',
        '<br>',
        '<p>',
        '</p>',
        '<ul><li>one</li><li>two</li></ul>',
        '&amp;',
        '&lt;script&gt;',
        '&#x1F600;',
        '<table><tr><td>cell</td></tr></table>',
        '\n\t  ',
        // What the markup read without the parser holds, and what sends it to the parser.
        '<i>',
        '</i>',
        '<em>',
        '</strong>',
        '<u>',
        '<span>',
        '</span>',
        '<br/>',
        '<br />',
        '<B>',
        '<b class="x">',
        '&rarr;',
        '&larr;',
        '&nbsp;',
        '&quot;',
        '&apos;',
        '&AMP;',
        '&amp',
        '&unknown;',
        '&#8203;',
        '\u200b',
        '\u00a0',
        ' > ',
        '<',
        '&',
        'a',
        ' ',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const html = pieces.join('');
        expect(htmlToPlainText(html)).toBe(reference(html));
      }),
      { numRuns: 2000 },
    );
  });
});
