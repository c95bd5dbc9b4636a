/**
 * The languages Centinela speaks: English and Spanish, and the languages of the largest immigrant communities
 * in the US after them. Each has a locale file in ./locales with every key (a test checks), and its own push
 * notification texts (./notifications.ts). Names are each language's own name for itself.
 */
export const languages = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'zh', name: '中文', dir: 'ltr' },
  { code: 'vi', name: 'Tiếng Việt', dir: 'ltr' },
  { code: 'tl', name: 'Tagalog', dir: 'ltr' },
  { code: 'ht', name: 'Kreyòl ayisyen', dir: 'ltr' },
  { code: 'pt', name: 'Português', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;

export type LanguageCode = (typeof languages)[number]['code'];

/**
 * The app's language for a BCP 47 tag from a phone or a browser: `pt-BR` → `pt`, `zh-Hant-TW` → `zh`,
 * `fil` (Filipino, how many phones name Tagalog) → `tl`; anything else → null.
 */
export function languageFor(tag: string | undefined | null): LanguageCode | null {
  if (!tag) return null;
  const primary = tag.toLowerCase().split(/[-_]/)[0] ?? '';
  const code = primary === 'fil' ? 'tl' : primary;
  return languages.find((l) => l.code === code)?.code ?? null;
}

/** The first of the phone's preferred languages that the app speaks, else English. */
export const phoneLanguage = (preferred: readonly string[]): LanguageCode =>
  preferred.map(languageFor).find((code): code is LanguageCode => code !== null) ?? 'en';

export const directionOf = (code: string): 'ltr' | 'rtl' => languages.find((l) => l.code === languageFor(code))?.dir ?? 'ltr';
