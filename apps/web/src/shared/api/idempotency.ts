import { useRef } from 'react';

/** 128 random bits as hex; `crypto.getRandomValues` works on plain-http pages too (randomUUID does not). */
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * One Idempotency-Key per submission: the same body gets the same key until the submission succeeds (then
 * `reset`), so a double Enter or a retry after a lost connection creates one sighting or one report, while an
 * edited form is a new request with a new key.
 */
export function useIdempotencyKeys(): { keyFor(body: unknown): string; reset(): void } {
  const keys = useRef(new Map<string, string>());
  return {
    keyFor(body) {
      const id = JSON.stringify(body);
      let key = keys.current.get(id);
      if (!key) keys.current.set(id, (key = newKey()));
      return key;
    },
    reset() {
      keys.current.clear();
    },
  };
}

/** The moment of a submission's first attempt, kept for its retries so their bodies stay identical. */
export function useFirstAttempt(): { at(): number; reset(): void } {
  const first = useRef<number | null>(null);
  return {
    at() {
      first.current ??= Date.now();
      return first.current;
    },
    reset() {
      first.current = null;
    },
  };
}
