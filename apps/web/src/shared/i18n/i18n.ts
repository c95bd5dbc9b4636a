import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { directionOf, languageFor, languages } from './languages';
import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import ht from './locales/ht.json';
import pt from './locales/pt.json';
import tl from './locales/tl.json';
import vi from './locales/vi.json';
import zh from './locales/zh.json';

export { languages };

const LANGUAGE_KEY = 'centinela.language';

/** Remembers the language for the service worker too, so push notifications arrive in it. */
async function shareWithServiceWorker(code: string): Promise<void> {
  if (!('caches' in window)) return;
  const cache = await caches.open('centinela-settings');
  await cache.put('/__settings/language', new Response(code));
}

const applyLanguage = (lng: string) => {
  const code = languageFor(lng) ?? 'en';
  document.documentElement.setAttribute('lang', code);
  document.documentElement.setAttribute('dir', directionOf(code));
  void shareWithServiceWorker(code).catch(() => undefined);
};

/**
 * Every string the app shows goes through here. The first visit takes the phone's language (the public report
 * form and everything else), mapping regional tags to the app's languages (pt-BR → pt, fil → tl); a choice made
 * with the language switch is remembered in localStorage. Arabic turns the whole layout right to left.
 */
void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: {
      en: { translation: en },
      es: { translation: es },
      zh: { translation: zh },
      vi: { translation: vi },
      tl: { translation: tl },
      ht: { translation: ht },
      pt: { translation: pt },
      ar: { translation: ar },
    },
    fallbackLng: 'en',
    supportedLngs: languages.map((l) => l.code),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false }, // React escapes
    detection: {
      order: ['localStorage', 'navigator'],
      caches: [],
      lookupLocalStorage: LANGUAGE_KEY,
      convertDetectedLanguage: (lng: string) => languageFor(lng) ?? lng,
    },
  });

i18n.on('languageChanged', applyLanguage);
applyLanguage(i18n.resolvedLanguage ?? 'en');

/** The language switch: remembered on this device from now on. */
export function chooseLanguage(code: string): void {
  localStorage.setItem(LANGUAGE_KEY, code);
  void i18n.changeLanguage(code);
}

export default i18n;
