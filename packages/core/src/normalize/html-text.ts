import type { compile } from 'html-to-text';

// html-to-text is loaded when a source that needs it starts reading (`loadHtmlToText`), not with
// the core: about 5 MiB of the process's memory (its parser and selector libraries) that every
// other source, and a CLI streaming their events, would carry for nothing.
type Compile = typeof compile;
let compileHtml: Compile | undefined;

/** Loads html-to-text once; `htmlToPlainText` needs it to have resolved first. */
export async function loadHtmlToText(): Promise<void> {
  compileHtml ??= (await import('html-to-text')).compile;
}

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
};

/**
 * The converter, built once on first use: `convert(html, options)` merges the options and
 * compiles their selectors on every call, which cost about 0.4 ms per AI for Work record (90% of
 * that source's CPU). `compile` is the library's own way to reuse them; the output is the same.
 */
let converter: ((html: string) => string) | undefined;

/**
 * The markup AI for Work sends (inline emphasis, line breaks, a few named entities) read without
 * the HTML parser, which was most of that source's CPU per record. Anything else (another tag, an
 * attribute, a numeric or unlisted entity, a stray `<` or `&`) goes to html-to-text. A property
 * test holds both to the same text for any markup.
 */
// One pass: the last alternative takes a `<` or `&` where no simple token starts (a stray one).
const SIMPLE_MARKUP =
  /<\/?(?:b|i|u|em|strong|span)>|<br\s*\/?>|&(amp|lt|gt|quot|apos|nbsp|rarr|larr);|[<&]/g;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  rarr: '\u2192',
  larr: '\u2190',
};

function simpleMarkupToText(html: string): string | undefined {
  let stray = false;
  const text = html.replace(SIMPLE_MARKUP, (token: string, entity?: string) => {
    if (entity) return ENTITIES[entity]!;
    if (token.length === 1) stray = true;
    return token.startsWith('<br') ? ' ' : '';
  });
  if (stray) return undefined;
  // html-to-text also takes the zero-width space for a word break.
  return text.replace(/[\s\u200b]+/g, ' ').trim();
}

/** Vendor HTML (Kore `htmlText`) to one line of plain text, entities decoded. */
export function htmlToPlainText(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  const simple = simpleMarkupToText(html);
  if (simple !== undefined) return simple;
  if (!converter) {
    if (!compileHtml)
      throw new Error(
        'htmlToPlainText: html-to-text is not loaded yet (await loadHtmlToText() first)',
      );
    converter = compileHtml(OPTIONS);
  }
  return converter(html).replace(/\s+/g, ' ').trim();
}
