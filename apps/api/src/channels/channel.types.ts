/** The messaging channels Centinela answers on (sightings use the same names for where a report came from). */
export type MessagingChannel = 'sms' | 'whatsapp' | 'telegram';
export const messagingChannels: readonly MessagingChannel[] = ['sms', 'whatsapp', 'telegram'];

/** A message a sender sent us, as every provider's webhook is turned into. */
export type InboundMessage = {
  channel: MessagingChannel;
  /** E.164 number (WhatsApp's 'whatsapp:' prefix removed) or Telegram chat id — plaintext, never stored as such. */
  address: string;
  /** Keyed, stable hash of (channel, address): what tables store to find a sender again. */
  addressHash: string;
  /** Processed once: replays create nothing twice. */
  providerMessageId: string;
  /** '' when none. */
  text: string;
  /** Best guess (Telegram language_code, or a prior choice), null when unknown. */
  language: string | null;
  /** Photos go through apps/api/src/media (EXIF stripped). */
  media: { contentType: string; fetch(): Promise<Buffer> }[];
  /** Telegram location / venue. */
  location: { lat: number; lng: number; name?: string } | null;
  /** Telegram inline-keyboard button data. */
  callbackData: string | null;
  receivedAt: Date;
};

/** Inbound messages go to handlers by priority (lowest first); the first returning true consumes the message. */
export type InboundHandler = { name: string; priority: number; handle(msg: InboundMessage): Promise<boolean> };

export type ProviderSendResult = { providerMessageId: string };

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered';

/** A provider refused or failed a send. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export type SendInput = {
  channel: MessagingChannel;
  address: string;
  text: string;
  mediaUrl?: string;
  /** Sent once per ref: a second send with the same ref returns the first one's row. */
  ref: string;
  /** For the opt-out confirmation itself. */
  evenIfOptedOut?: boolean;
  /** Telegram inline keyboard. */
  buttons?: { text: string; data: string }[][];
};

/**
 * A bulk send. `optedOut`: the recipient's opt-out as the caller already read it with the address (the alerts'
 * fan-out reads a whole chunk's in one query); omitted, the channel layer looks it up.
 */
export type DeliverInput = { channel: MessagingChannel; address: string; text: string; mediaUrl?: string; optedOut?: boolean };
