/**
 * Reasons Centinela itself writes into an incident's log — never text people typed. The API writes the English
 * text (the record, and what older readers show) and, next to it, a stable code (`reasonCode` beside `reason`,
 * `whyCode` beside `why`); the web app says it in the reader's language (`timeline.systemReason.<code>`), by the
 * code or, for entries written before codes, by the exact text. Text people typed matches neither and is shown as is.
 */
export const systemLogReasons = {
  verifierDispatched: 'a verifier was dispatched',
  drillEnded: 'drill ended',
  signedOut: 'signed out',
} as const;
export type SystemLogReason = keyof typeof systemLogReasons;

/** The reason as its text and code, to spread into a log entry's detail. */
export const systemReason = (code: SystemLogReason): { reason: string; reasonCode: SystemLogReason } => ({ reason: systemLogReasons[code], reasonCode: code });

/** Which system reason a log entry gives, from its code, or else its exact English text; null for text people typed. */
export function systemLogReasonOf(code: unknown, text: unknown): SystemLogReason | null {
  if (typeof code === 'string' && Object.hasOwn(systemLogReasons, code)) return code as SystemLogReason;
  const found = (Object.keys(systemLogReasons) as SystemLogReason[]).find((c) => systemLogReasons[c] === text);
  return found ?? null;
}
