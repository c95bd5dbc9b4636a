import type { KeyRing } from './key-ring.js';

/** Key purpose of an incident's record while it is unconfirmed: destroyed days after it leaves the live map. */
export const OPEN_RECORD = 'report';
/** Key purpose of a confirmed incident's record, kept for legal defense (RECORD_RETENTION_DAYS). */
export const KEPT_RECORD = 'record';
/** Key purpose of witness contacts (WITNESS_RETENTION_DAYS). */
export const WITNESS = 'witness';

/** Free-text fields of an incident log entry's detail that are sealed in place. */
export const SEALED_LOG_FIELDS = ['text', 'reason', 'note', 'otherAgency'] as const;

export type SealedTexts<K extends string> = { sealed: Record<K, Buffer | null>; keyId: string | null };

/**
 * Seals a row's free-text fields under one key (today's key of `purpose`): each non-empty text becomes an
 * envelope, an empty one stays NULL; `keyId` is what the row's `sealed_key` column records (null if nothing was
 * sealed, so an empty row depends on no key).
 */
export function sealTexts<K extends string>(keys: KeyRing, purpose: string, texts: Record<K, string>, at?: number): SealedTexts<K> {
  const sealed = {} as Record<K, Buffer | null>;
  let keyId: string | null = null;
  for (const name of Object.keys(texts) as K[]) {
    const text = texts[name];
    if (text === '') {
      sealed[name] = null;
      continue;
    }
    const envelope = keys.seal(purpose, text, at);
    keyId ??= keys.keyIdOf(envelope);
    sealed[name] = envelope;
  }
  return { sealed, keyId };
}

/** A log entry's detail with its free-text fields sealed in place (`{ "$sealed": base64 }`), and the key used. */
export function sealLogDetail(keys: KeyRing, purpose: string, detail: Record<string, unknown>): { detail: Record<string, unknown>; keyId: string | null } {
  const out: Record<string, unknown> = { ...detail };
  let keyId: string | null = null;
  for (const field of SEALED_LOG_FIELDS) {
    const value = out[field];
    if (typeof value !== 'string' || value === '') continue;
    const envelope = keys.seal(purpose, value);
    keyId ??= keys.keyIdOf(envelope);
    out[field] = { $sealed: envelope.toString('base64') };
  }
  return { detail: out, keyId };
}
