import { convert } from 'html-to-text';

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
};

/** Vendor HTML (Kore `htmlText`) to one line of plain text, entities decoded. */
export function htmlToPlainText(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  return convert(html, OPTIONS).replace(/\s+/g, ' ').trim();
}
