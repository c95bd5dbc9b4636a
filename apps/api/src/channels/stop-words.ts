/**
 * Carrier-style keywords (Twilio's and the CTIA's, with their Spanish equivalents). Only a message that is the
 * keyword alone counts — "we have to stop this" is a report, not an opt-out. Case, accents, surrounding spaces and
 * trailing punctuation are ignored; a Telegram command (/stop) counts too.
 */
const OPT_OUT = ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke', 'alto', 'parar', 'para', 'baja', 'cancelar', 'detener', 'fin'];
const OPT_IN = ['start', 'unstop', 'subscribe', 'alta', 'iniciar', 'comenzar', 'reanudar'];
const HELP = ['help', 'info', 'ayuda'];
const SPANISH = new Set(['alto', 'parar', 'para', 'baja', 'cancelar', 'detener', 'fin', 'alta', 'iniciar', 'comenzar', 'reanudar', 'ayuda']);

export type Keyword = { kind: 'opt-out' | 'opt-in' | 'help'; language: 'en' | 'es' };

export function keywordOf(text: string): Keyword | null {
  const word = text
    .trim()
    .replace(/^\//, '')
    .replace(/[.!¡¿?]+$/u, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  if (!/^[a-z]+$/.test(word)) return null;
  const language = SPANISH.has(word) ? 'es' : 'en';
  if (OPT_OUT.includes(word)) return { kind: 'opt-out', language };
  if (OPT_IN.includes(word)) return { kind: 'opt-in', language };
  if (HELP.includes(word)) return { kind: 'help', language };
  return null;
}

/** What the sender is told, in the language of the keyword they used (or their own, when it is Spanish). */
export const KEYWORD_REPLIES: Record<Keyword['kind'], Record<'en' | 'es', string>> = {
  'opt-out': {
    en: 'You will receive no more messages from this number. Reply START to receive them again.',
    es: 'No recibirá más mensajes de este número. Responda ALTA para volver a recibirlos.',
  },
  'opt-in': {
    en: 'You will receive messages from this number again. Reply STOP to stop them.',
    es: 'Volverá a recibir mensajes de este número. Responda ALTO para dejar de recibirlos.',
  },
  help: {
    en: 'This is the rapid response hotline. Tell us where you are, what you see, and send a photo if it is safe. Reply STOP to stop messages.',
    es: 'Esta es la línea de respuesta rápida. Díganos dónde está, qué ve y envíe una foto si es seguro. Responda ALTO para dejar de recibir mensajes.',
  },
};
