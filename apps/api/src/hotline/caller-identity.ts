import { Injectable } from '@nestjs/common';
import { KeyRing } from '../crypto/key-ring.js';

/** Key purpose of callers' numbers, kept for the call-back only (CALLER_RETENTION_DAYS). */
export const CALLER = 'caller';
/** Key purpose of the stable keyed hash of numbers (repeat callers, the ban list). */
const CALLER_HASH = 'caller-hash';
/** The hashing key's fixed day: one key, the same in every process, for as long as bans must be recognised. */
const STABLE = 0;

/**
 * How the hotline knows a number without keeping it: a keyed hash (HMAC under a key outside the database) that
 * recognises a repeat caller and the ban list, and the number itself sealed under the day's "caller" key for the
 * call-back, destroyed with the key once CALLER_RETENTION_DAYS have passed.
 */
@Injectable()
export class CallerIdentity {
  constructor(private readonly keys: KeyRing) {}

  hash(number: string): string {
    return this.keys.mac(CALLER_HASH, number.trim(), STABLE);
  }

  seal(number: string): { envelope: Buffer; keyId: string } {
    const envelope = this.keys.seal(CALLER, number.trim());
    return { envelope, keyId: this.keys.keyIdOf(envelope)! };
  }
}
