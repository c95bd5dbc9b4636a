import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { languageFor, languages, phoneLanguage } from '../../apps/web/src/shared/i18n/languages.js';
import { notificationTexts } from '../../apps/web/src/shared/i18n/notifications.js';

/**
 * Every language is complete: each locale file has every key English has (plural keys in the forms the
 * language's own rules need, by Intl.PluralRules), nothing English lacks, no empty text, and the same
 * {{placeholders}}. A key added in English or Spanish without its translations fails here, by name.
 */
const DIR = path.resolve(import.meta.dirname, '../../apps/web/src/shared/i18n/locales');
type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
};
const load = (code: string) => flatten(JSON.parse(readFileSync(path.join(DIR, `${code}.json`), 'utf8')) as Tree);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** The keys a language must have for English's keys: each plural base in that language's categories. */
function expectedKeys(english: Map<string, string>, code: string): Set<string> {
  const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of english.keys()) {
    if (PLURAL.test(key)) for (const c of categories) keys.add(key.replace(PLURAL, `_${c}`));
    else keys.add(key);
  }
  return keys;
}

const english = load('en');

describe('locales', () => {
  it('has one locale file per language the app offers, and no other', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace('.json', ''))
      .sort();
    expect(files).toEqual(languages.map((l) => l.code).sort());
    expect(languages.length).toBeGreaterThanOrEqual(7);
    expect(languages.find((l) => l.code === 'ar')?.dir).toBe('rtl');
  });

  describe.each(languages.filter((l) => l.code !== 'en').map((l) => l.code))('%s', (code) => {
    const locale = load(code);
    const expected = expectedKeys(english, code);

    it('has every key, in the plural forms its language needs, and nothing else', () => {
      expect({ missing: [...expected].filter((k) => !locale.has(k)), extra: [...locale.keys()].filter((k) => !expected.has(k)) }).toEqual({
        missing: [],
        extra: [],
      });
    });

    it('has no empty text and the same placeholders as English', () => {
      const problems: string[] = [];
      for (const [key, text] of locale) {
        if (!text.trim()) problems.push(`${key}: empty`);
        const source = english.get(key) ?? english.get(key.replace(PLURAL, '_other'));
        if (source === undefined) continue;
        // A plural form may leave out {{count}} where the language names the number in words ("one day").
        const need = placeholders(source).filter((p) => !(PLURAL.test(key) && p === 'count'));
        const have = placeholders(text);
        for (const p of need) if (!have.includes(p)) problems.push(`${key}: lacks {{${p}}}`);
        for (const p of have) if (!placeholders(source).includes(p)) problems.push(`${key}: unknown {{${p}}}`);
      }
      expect(problems).toEqual([]);
    });
  });

  it('English itself has both plural forms of every plural key', () => {
    const bases = new Set([...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    for (const base of bases) expect([base, english.has(`${base}_one`), english.has(`${base}_other`)]).toEqual([base, true, true]);
  });

  it('has push notification texts in every language', () => {
    expect(Object.keys(notificationTexts).sort()).toEqual(languages.map((l) => l.code).sort());
    for (const { code } of languages) {
      for (const kind of ['ping', 'covered', 'cancelled'] as const) {
        const text = notificationTexts[code]![kind];
        expect([code, kind, text.title.trim().length > 0, text.body.trim().length > 0]).toEqual([code, kind, true, true]);
      }
    }
  });

  it('picks the phone’s language, by its primary tag', () => {
    expect(phoneLanguage(['pt-BR', 'en-US'])).toBe('pt');
    expect(phoneLanguage(['zh-Hant-TW'])).toBe('zh');
    expect(phoneLanguage(['fil-PH'])).toBe('tl');
    expect(phoneLanguage(['de-DE', 'vi-VN'])).toBe('vi');
    expect(phoneLanguage(['de-DE'])).toBe('en');
    expect(languageFor('ar-EG')).toBe('ar');
  });
});
