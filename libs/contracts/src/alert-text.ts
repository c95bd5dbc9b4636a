import type { AlertVariant } from './alerts.js';

/** The label every drill message carries, whatever the language (also in the title of a push). */
export const DRILL_LABEL = '[DRILL]';

/**
 * An alert as one post for groups that read every language at once: the public Telegram channel, and the copy a
 * dispatcher pastes into WhatsApp or Signal groups. English first, then the other languages as written; each language
 * its title and text; a drill marked in each.
 */
export function broadcastText(variants: readonly Pick<AlertVariant, 'language' | 'title' | 'text'>[], drill: boolean): string {
  const mark = (s: string) => (drill ? `${DRILL_LABEL} ${s}` : s);
  return [...variants]
    .sort((a, b) => (a.language === 'en' ? -1 : b.language === 'en' ? 1 : 0))
    .map((v) => `${mark(v.title)}\n${v.text}`)
    .join('\n\n');
}
