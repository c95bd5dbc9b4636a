import { type AlertType, alertTypeSchema } from '@centinela/contracts';
import { z } from 'zod';
import { int, optionalString } from './env-types.js';

/** The environment variables of the hotline's channels, calls, shifts and community alerts (part of the app's env schema). */
export const messagingEnv = {
  ALERT_APPROVAL_TYPES: z
    .string()
    .default('incident,know_your_rights,all_clear,meeting_point,correction')
    .transform((value) =>
      value.trim() === 'none'
        ? []
        : value
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
    )
    .pipe(z.array(alertTypeSchema)),
  ALERT_APPROVAL_TTL_SECONDS: int(30, 3600).default(300),
  ALERT_SMS_PRICE_PER_SEGMENT: z.coerce.number().min(0).max(10).default(0.0083),
  ALERT_WHATSAPP_PRICE_PER_MESSAGE: z.coerce.number().min(0).max(10).default(0.0125),
  ALERT_PRICE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a currency code such as USD')
    .default('USD'),
  ALERT_TWILIO_MESSAGES_PER_SECOND: int(1, 10_000).default(10),
  ALERT_TELEGRAM_MESSAGES_PER_SECOND: int(1, 1_000).default(30),
  ALERT_WEBPUSH_MESSAGES_PER_SECOND: int(1, 100_000).default(200),
  ALERT_BATCH_SIZE: int(10, 10_000).default(500),
  ALERT_RECOVERY_SECONDS: int(1, 3600).default(60),
  ALERT_DELIVERY_RETENTION_DAYS: int(1, 3650).default(30),
  ALERT_DRAFT_RETENTION_DAYS: int(1, 3650).default(30),
  PUBLIC_URL: optionalString.pipe(z.url({ error: 'must be the https:// address the providers reach Centinela at' }).optional()),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_PHONE_NUMBER: optionalString.pipe(
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15551234567')
      .optional(),
  ),
  TWILIO_WHATSAPP_NUMBER: optionalString.pipe(
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15551234567')
      .optional(),
  ),
  TWILIO_API_URL: optionalString.pipe(z.url({ error: 'must be a URL' }).optional()),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_URL: optionalString.pipe(z.url({ error: 'must be a URL' }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  TELEGRAM_CHANNEL_ID: optionalString,
  SMTP_URL: optionalString.pipe(z.url({ error: 'must be an smtp:// or smtps:// URL' }).optional()),
  MAIL_FROM: z.string().default('Centinela <centinela@localhost>'),
  SENDER_RETENTION_DAYS: int(1, 365).default(7),
  HOTLINE_LANGUAGES: z
    .string()
    .default('en,es')
    .transform((value) =>
      value
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.length <= 9 && list.every((l) => /^[a-z]{2,3}$/.test(l)), 'must be 1 to 9 language codes such as en,es'),
  HOTLINE_PROMPTS_URL: optionalString.pipe(z.url({ error: 'must be a URL' }).optional()),
  HOTLINE_RING_SECONDS: int(10, 600).default(45),
  HOTLINE_CALLS_PER_NUMBER: int(1, 1000).default(5),
  HOTLINE_CALLS_WINDOW_MINUTES: int(1, 24 * 60).default(60),
  CALLER_RETENTION_DAYS: int(1, 365).default(7),
  HOTLINE_CALL_RETENTION_DAYS: int(1, 3650).default(90),
  SHIFT_PEAK_WINDOWS: z
    .string()
    .default('06-09,17-21')
    .refine((v) => parsePeakWindows(v) !== null, 'must be hour ranges such as 06-09,17-21 (start before end, 0–24)'),
  OPERATOR_THREAD_RETENTION_DAYS: int(1, 365).default(7),
};

type MessagingEnv = z.infer<z.ZodObject<typeof messagingEnv>>;

/** "06-09,17-21" → [{from: 6, to: 9}, {from: 17, to: 21}]; null when malformed; "" → none. */
export function parsePeakWindows(value: string): { from: number; to: number }[] | null {
  if (value.trim() === '') return [];
  const windows = value.split(',').map((part) => /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(part));
  if (windows.some((m) => !m)) return null;
  const parsed = windows.map((m) => ({ from: Number(m![1]), to: Number(m![2]) }));
  return parsed.every((w) => w.from < w.to && w.to <= 24) ? parsed : null;
}

/** The typed configuration of those parts (part of AppConfig). */
export type MessagingConfig = {
  alerts: {
    /** Alert types that need a second person's approval. */
    approvalTypes: AlertType[];
    approvalTtlMs: number;
    prices: { smsPerSegment: number; whatsappPerMessage: number; currency: string };
    /** Messages per second per provider, shared by every process (Twilio covers SMS and WhatsApp). */
    rates: { twilio: number; telegram: number; webpush: number };
    batchSize: number;
    /** A dead worker's recipients wait this long before the sweeper takes them back (in-flight ones twice as long). */
    recoveryMs: number;
    deliveryRetentionMs: number;
    /** An alert that never went out (a draft never sent) is deleted this long after its last change. */
    draftRetentionMs: number;
  };
  /** Messaging providers; a channel whose secrets are unset is off. */
  channels: ChannelsConfig;
  /** Shifts: the peak windows (local hours [from, to)) and how long the operators' thread keeps messages. */
  shifts: { peakWindows: { from: number; to: number }[]; threadRetentionMs: number };
  hotline: {
    /** The language menu, in order (digit 1 = the first). */
    languages: string[];
    /** Recorded prompts instead of text-to-speech: `{url}/{prompt}-{lang}.mp3`. */
    promptsUrl: string | undefined;
    /** Operators' phones ring this long before the caller is offered voicemail. */
    ringSeconds: number;
    callsPerNumber: number;
    callsWindowMs: number;
    /** Callers' numbers are purged this long after the call. */
    callerRetentionMs: number;
    /** Calls (without numbers) are deleted this long after they started. */
    callRetentionMs: number;
  };
};

export type ChannelsConfig = {
  /** Where Twilio and Telegram reach this server (webhook URLs, and the URL Twilio signs). */
  publicUrl: string | undefined;
  twilio: { accountSid: string; authToken: string; phoneNumber: string | undefined; whatsappNumber: string | undefined; apiUrl: string | undefined } | null;
  telegram: { botToken: string; apiUrl: string | undefined; webhookSecret: string | undefined; channelId: string | undefined } | null;
  smtp: { url: string; from: string } | null;
  /** Senders' numbers and chat ids (sealed) are purged this long after their last message. */
  senderRetentionMs: number;
};

export function messagingConfig(e: MessagingEnv): MessagingConfig {
  return {
    alerts: {
      approvalTypes: e.ALERT_APPROVAL_TYPES,
      approvalTtlMs: e.ALERT_APPROVAL_TTL_SECONDS * 1000,
      prices: { smsPerSegment: e.ALERT_SMS_PRICE_PER_SEGMENT, whatsappPerMessage: e.ALERT_WHATSAPP_PRICE_PER_MESSAGE, currency: e.ALERT_PRICE_CURRENCY },
      rates: { twilio: e.ALERT_TWILIO_MESSAGES_PER_SECOND, telegram: e.ALERT_TELEGRAM_MESSAGES_PER_SECOND, webpush: e.ALERT_WEBPUSH_MESSAGES_PER_SECOND },
      batchSize: e.ALERT_BATCH_SIZE,
      recoveryMs: e.ALERT_RECOVERY_SECONDS * 1000,
      deliveryRetentionMs: e.ALERT_DELIVERY_RETENTION_DAYS * 86_400_000,
      draftRetentionMs: e.ALERT_DRAFT_RETENTION_DAYS * 86_400_000,
    },
    channels: {
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      twilio:
        e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
          ? {
              accountSid: e.TWILIO_ACCOUNT_SID,
              authToken: e.TWILIO_AUTH_TOKEN,
              phoneNumber: e.TWILIO_PHONE_NUMBER,
              whatsappNumber: e.TWILIO_WHATSAPP_NUMBER,
              apiUrl: e.TWILIO_API_URL,
            }
          : null,
      telegram: e.TELEGRAM_BOT_TOKEN
        ? { botToken: e.TELEGRAM_BOT_TOKEN, apiUrl: e.TELEGRAM_API_URL, webhookSecret: e.TELEGRAM_WEBHOOK_SECRET, channelId: e.TELEGRAM_CHANNEL_ID }
        : null,
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null,
      senderRetentionMs: e.SENDER_RETENTION_DAYS * 86_400_000,
    },
    hotline: {
      languages: e.HOTLINE_LANGUAGES,
      promptsUrl: e.HOTLINE_PROMPTS_URL?.replace(/\/+$/, ''),
      ringSeconds: e.HOTLINE_RING_SECONDS,
      callsPerNumber: e.HOTLINE_CALLS_PER_NUMBER,
      callsWindowMs: e.HOTLINE_CALLS_WINDOW_MINUTES * 60_000,
      callerRetentionMs: e.CALLER_RETENTION_DAYS * 86_400_000,
      callRetentionMs: e.HOTLINE_CALL_RETENTION_DAYS * 86_400_000,
    },
    shifts: { peakWindows: parsePeakWindows(e.SHIFT_PEAK_WINDOWS)!, threadRetentionMs: e.OPERATOR_THREAD_RETENTION_DAYS * 86_400_000 },
  };
}
