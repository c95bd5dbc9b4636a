/**
 * CSV cells that a spreadsheet would run as a formula when the file is opened (OWASP's "CSV injection"): one that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return, such as `=HYPERLINK("http://…","click")`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number or phone number ("+1 312 555 0100", "-3.5"): a spreadsheet reads it as a number, never as a call. */
const PLAIN_NUMBER = /^[+-]?[\d\s().-]*\d[\d\s().-]*$/;

/** A cell for a CSV file someone may open in a spreadsheet: a formula-like value gets a leading `'`, which shows it as text. */
export const spreadsheetSafe = (value: string): string => (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value);

/** A cell read back from a CSV file written with spreadsheetSafe: the `'` it added is taken off again. */
export const fromSpreadsheetSafe = (value: string): string => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);
