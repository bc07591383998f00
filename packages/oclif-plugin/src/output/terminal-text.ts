// Vendor text (bot names, descriptions, error messages) reaches the terminal through tables,
// summaries, `sources` and error lines. A terminal acts on control sequences in it: OSC 8 turns
// text into a link elsewhere, OSC 52 writes the clipboard, CSI sequences clear the screen or move
// the cursor. Everything written for a person to read goes through here first.
/* eslint-disable no-control-regex -- matching control characters is the point of this module */

/** OSC, DCS, SOS, PM, APC strings (7- and 8-bit introducers) up to their terminator. */
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
/** CSI sequences: `ESC [` or U+009B, parameters, intermediates, a final byte. */
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?/g;
/** Any other escape sequence: ESC, intermediates, a final byte. */
const ESC_SEQUENCE = /\x1b[ -/]*[0-~]?/g;
/** What is left: C0 and C1 controls, DEL, and the bidi overrides that reorder what is shown. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Removes terminal control sequences and control characters. One line (the default): tabs and
 * line breaks become spaces. `multiline`: line feeds are kept (error messages list problems on
 * lines of their own), carriage returns dropped.
 */
export function terminalText(text: string, options: { multiline?: boolean } = {}): string {
  const stripped = text
    .replace(STRING_SEQUENCE, '')
    .replace(CSI_SEQUENCE, '')
    .replace(ESC_SEQUENCE, '');
  return options.multiline
    ? stripped.replace(/\t/g, ' ').replace(CONTROL, '')
    : stripped.replace(/[\t\n\r]/g, ' ').replace(CONTROL, '');
}
