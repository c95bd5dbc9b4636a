import { Injectable } from '@nestjs/common';
import { ChannelsService } from '../channels/channels.service.js';
import { KeyRing } from '../crypto/key-ring.js';

/** Key purpose of callers' numbers, kept for the call-back only (CALLER_RETENTION_DAYS). */
export const CALLER = 'caller';

/**
 * How the hotline knows a number without keeping it: a keyed hash (HMAC under a key outside the database, never
 * destroyed: whoever holds KEYS_DIR can reverse it by trying every number) that recognises a repeat caller and the ban
 * list, and the number itself sealed under the day's "caller" key for the call-back. After CALLER_RETENTION_DAYS the
 * number goes with its key and the call's hash is replaced (CallsRepository.purgeCallers); a ban keeps its hash.
 */
@Injectable()
export class CallerIdentity {
  constructor(
    private readonly keys: KeyRing,
    private readonly channels: ChannelsService,
  ) {}

  /** The channels' stable address hash of the number as an SMS sender: a caller who also texts is one person. */
  hash(number: string): string {
    return this.channels.addressHash('sms', number.trim());
  }

  seal(number: string): { envelope: Buffer; keyId: string } {
    const envelope = this.keys.seal(CALLER, number.trim());
    return { envelope, keyId: this.keys.keyIdOf(envelope)! };
  }
}
