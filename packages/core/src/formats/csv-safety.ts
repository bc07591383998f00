/**
 * First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) evaluate a cell as
 * a formula: `=`, `+`, `-`, `@`, tab, carriage return, line feed, and their full-width forms,
 * which some locales accept as operators.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * CSV injection guard, the one every CSV auditrelay writes goes through: a cell a spreadsheet
 * would run as a formula (a bot named `=HYPERLINK(…)`, an action `@SUM(…)`, `-1+1`) gets a
 * leading apostrophe, which spreadsheets show as text and do not evaluate. Other cells are
 * returned unchanged.
 */
export function guardCsvFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One RFC 4180 field: formula-guarded, quoted when it holds a quote, comma or line break.
 * Objects are written as JSON; `undefined` and `null` as an empty field.
 */
export function csvField(value: string | number | boolean | object | undefined | null): string {
  if (value === undefined || value === null) return '';
  const text = guardCsvFormula(typeof value === 'object' ? JSON.stringify(value) : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
