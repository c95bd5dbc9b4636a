import twilio from 'twilio';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type Sayer = Pick<VoiceResponse, 'say' | 'play'>;
type SayLanguage = Parameters<VoiceResponse['say']>[0] extends infer A ? (A extends { language?: infer L } ? L : never) : never;

/** Twilio text-to-speech voices by language (the `language` of `<Say>`). */
const VOICES: Record<string, string> = {
  en: 'en-US',
  es: 'es-MX',
  pt: 'pt-BR',
  fr: 'fr-FR',
  ht: 'fr-FR',
  zh: 'cmn-CN',
  vi: 'vi-VN',
  ar: 'arb',
  tl: 'fil-PH',
};

export type Prompt = 'welcome' | 'hold' | 'voicemail' | 'thanks' | 'refused' | 'whisper' | 'taken' | 'connecting' | 'nobody';

/** What the line says, in English and Spanish; other menu languages hear English past the menu (or their recordings). */
const TEXTS: Record<'en' | 'es', Record<Prompt, string>> = {
  en: {
    welcome: 'Rapid response hotline.',
    hold: 'Please stay on the line. We are finding someone to take your call.',
    voicemail: 'Nobody could answer right now. Please leave a message after the tone: say what you see and where. We will call you back.',
    thanks: 'Thank you. We will call you back. Goodbye.',
    refused: 'This line cannot take your call right now. Please try again later. Goodbye.',
    whisper: 'Hotline call in {language}. Press 1 to take this hotline call.',
    taken: 'Another operator already took this call. Thank you.',
    connecting: 'Connecting you to the caller.',
    nobody: 'Goodbye.',
  },
  es: {
    welcome: 'Línea de respuesta rápida.',
    hold: 'Por favor, no cuelgue. Estamos buscando a alguien que atienda su llamada.',
    voicemail: 'Nadie pudo contestar ahora. Deje un mensaje después del tono: diga qué ve y dónde. Le devolveremos la llamada.',
    thanks: 'Gracias. Le devolveremos la llamada. Adiós.',
    refused: 'Esta línea no puede atender su llamada ahora. Por favor, intente más tarde. Adiós.',
    whisper: 'Llamada a la línea en {language}. Oprima 1 para atender esta llamada.',
    taken: 'Otra persona ya atendió esta llamada. Gracias.',
    connecting: 'Le conectamos con la persona que llama.',
    nobody: 'Adiós.',
  },
};

/** "For English, press 1", each option said in its own language. */
const MENU: Record<string, string> = {
  en: 'For English, press {n}.',
  es: 'Para español, oprima {n}.',
  pt: 'Para português, pressione {n}.',
  fr: 'Pour le français, appuyez sur {n}.',
  ht: 'Pou kreyòl, peze {n}.',
  zh: '中文请按 {n}。',
  vi: 'Tiếng Việt, xin bấm số {n}.',
  ar: 'للعربية، اضغط {n}.',
  tl: 'Para sa Tagalog, pindutin ang {n}.',
};

/** Language names as operators hear them in the whisper. */
const NAMES: Record<string, Record<'en' | 'es', string>> = {
  en: { en: 'English', es: 'inglés' },
  es: { en: 'Spanish', es: 'español' },
  pt: { en: 'Portuguese', es: 'portugués' },
  fr: { en: 'French', es: 'francés' },
  ht: { en: 'Haitian Creole', es: 'criollo haitiano' },
  zh: { en: 'Chinese', es: 'chino' },
  vi: { en: 'Vietnamese', es: 'vietnamita' },
  ar: { en: 'Arabic', es: 'árabe' },
  tl: { en: 'Tagalog', es: 'tagalo' },
};

const textLanguage = (language: string): 'en' | 'es' => (language === 'es' ? 'es' : 'en');

/** Says (or plays the recording of) a prompt in a language. */
export function say(target: Sayer, promptsUrl: string | undefined, prompt: Prompt, language: string, vars: Record<string, string> = {}): void {
  if (promptsUrl && prompt !== 'whisper') {
    target.play(`${promptsUrl}/${prompt}-${language}.mp3`);
    return;
  }
  const lang = textLanguage(language);
  const text = TEXTS[lang][prompt].replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
  target.say({ language: (VOICES[lang] ?? 'en-US') as SayLanguage }, text);
}

/** The language menu: each language's option in its own voice (or recording). */
export function sayMenu(target: Sayer, promptsUrl: string | undefined, languages: string[]): void {
  languages.forEach((language, i) => {
    if (promptsUrl) target.play(`${promptsUrl}/menu-${language}.mp3`);
    else target.say({ language: (VOICES[language] ?? 'en-US') as SayLanguage }, (MENU[language] ?? MENU.en!).replace('{n}', String(i + 1)));
  });
}

/** A language's name in the language the operator hears prompts in. */
export const languageName = (language: string, heardIn: string): string => NAMES[language]?.[textLanguage(heardIn)] ?? language;
