/**
 * The one rule for text that reaches Centinela (every REST body, query, route parameter and multipart field):
 * text that PostgreSQL cannot store, or that would display differently from what was typed, is refused with a
 * 400 that names the field — never stored altered, never a 500. Refused:
 * - NUL and the other C0/C1 control characters (tab, line feed and carriage return are fine);
 * - lone UTF-16 surrogates (half of an emoji: not a character, and not storable as UTF-8);
 * - bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which can make a
 *   dispatcher read a street name or a number in another order than it was written ("Trojan Source").
 *   Right-to-left text itself (Arabic, Hebrew) and the plain direction marks U+200E/U+200F are fine.
 * - Unicode noncharacters (U+FDD0–U+FDEF, and U+FFFE/U+FFFF of every plane): never text, and XML 1.0 forbids
 *   U+FFFE/U+FFFF, so one of them in an alert would break every public feed.
 * Object keys follow the same rule, and JSON nested deeper than MAX_JSON_DEPTH is refused before parsing.
 */
export const MAX_JSON_DEPTH = 32;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF of all 17 planes (`u` flag: whole code points). */
const NONCHARACTER = new RegExp(
  `[\\uFDD0-\\uFDEF${Array.from({ length: 17 }, (_, plane) => `\\u{${(plane * 0x10000 + 0xfffe).toString(16)}}\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`).join('')}]`,
  'u',
);
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, or null when it is fine. */
export function textProblem(value: string): string | null {
  const control = CONTROL.exec(value);
  if (control) return `must not contain control characters (found U+${codePoint(control[0])})`;
  if (LONE_SURROGATE.test(value)) return 'must not contain a lone UTF-16 surrogate (half of a character)';
  const nonCharacter = NONCHARACTER.exec(value);
  if (nonCharacter) return `must not contain Unicode noncharacters (found U+${codePoint(nonCharacter[0])})`;
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) return `must not contain bidirectional override characters (found U+${codePoint(bidi[0])})`;
  return null;
}

const codePoint = (char: string) => char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

export type TextIssue = { path: string; message: string };

/** The first string (value or key) in `value` that breaks the rule, with its dotted path; null when all are fine. */
export function findTextProblem(value: unknown, path: string[] = [], depth = 0): TextIssue | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: path.join('.'), message: problem } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_JSON_DEPTH) return { path: path.join('.'), message: `must not be nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findTextProblem(value[i], [...path, String(i)], depth + 1);
      if (issue) return issue;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { path: [...path, key.replace(/[^\x20-\x7E]/gu, '?')].join('.'), message: `field name ${keyProblem}` };
    const issue = findTextProblem(item, [...path, key], depth + 1);
    if (issue) return issue;
  }
  return null;
}

/**
 * How deeply `json` nests arrays and objects, found by scanning its text (outside strings) before parsing it,
 * so a hostile body of 100,000 `[` never reaches the parser's recursion.
 */
export function jsonDepthExceeds(json: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to at most `max` UTF-16 code units (what the contracts' `.max()` counts) without splitting a character:
 * whole grapheme clusters only (an emoji with its modifiers, a letter with its accents), so a cut text always passes
 * the rule above. Every truncation of someone's text goes through here, never `.slice(0, n)`.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return text.slice(0, end);
}
