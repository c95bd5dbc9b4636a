import type { DomainEvent } from '../common/events/domain-event.js';
import type { DeliveryStatus, MessagingChannel } from './channel.types.js';

/** A provider told us what became of a message we sent (Twilio status callback, or the send's own answer). */
export class DeliveryReported implements DomainEvent {
  static readonly type = 'channels.delivery-reported';
  readonly type = DeliveryReported.type;
  constructor(
    readonly providerMessageId: string,
    readonly channel: MessagingChannel,
    readonly status: DeliveryStatus,
    readonly errorCode: string | null,
    /** Our outbound row (from `send`), null for bulk `deliver`. */
    readonly messageId: string | null = null,
  ) {}
}

/** A sender opted out of (STOP, ALTO, BAJA…) or back into (START, ALTA…) every message on that address. */
export class OptOutChanged implements DomainEvent {
  static readonly type = 'channels.opt-out-changed';
  readonly type = OptOutChanged.type;
  constructor(
    readonly channel: MessagingChannel,
    readonly addressHash: string,
    readonly optedOut: boolean,
  ) {}
}
