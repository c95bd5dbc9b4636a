import { z } from 'zod';
import { threadChannelSchema } from './threads.js';

/** What a coordinator needs to connect the providers: the URLs to paste, and which channels are on. */
export const channelSettingsSchema = z.object({
  /** PUBLIC_URL; null when unset (then no webhook URL can be given). */
  publicUrl: z.string().nullable(),
  webhooks: z.object({ messages: z.string(), status: z.string(), voice: z.string(), telegram: z.string() }).nullable(),
  channels: z.object({
    sms: z.object({ enabled: z.boolean(), number: z.string().nullable() }),
    whatsapp: z.object({ enabled: z.boolean(), number: z.string().nullable() }),
    telegram: z.object({ enabled: z.boolean(), channelId: z.string().nullable() }),
    email: z.object({ enabled: z.boolean() }),
  }),
});
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/**
 * The configuration checks, made through the providers' SDKs. Twilio: credentials valid, the numbers owned, and the
 * hotline number's voice and messaging URLs pointing at this server's webhooks.
 */
export const channelCheckSchema = z.object({
  twilio: z.object({ ok: z.boolean(), detail: z.string(), numbers: z.array(z.string()) }).nullable(),
  telegram: z
    .object({
      ok: z.boolean(),
      detail: z.string(),
      username: z.string().nullable(),
      webhookUrl: z.string().nullable(),
      pending: z.int(),
      lastError: z.string().nullable(),
    })
    .nullable(),
});
export type ChannelCheck = z.infer<typeof channelCheckSchema>;

/** "Send a test message": to a number (SMS, WhatsApp) or a Telegram chat id. */
export const testMessageSchema = z
  .strictObject({
    channel: threadChannelSchema,
    to: z.string().trim().min(1, 'is required').max(40),
  })
  .superRefine((value, ctx) => {
    const ok = value.channel === 'telegram' ? /^-?\d{1,20}$/.test(value.to) : /^\+[1-9]\d{6,14}$/.test(value.to);
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: value.channel === 'telegram' ? 'must be a Telegram chat id' : 'must be an E.164 number such as +15551234567',
      });
  });
export type TestMessage = z.infer<typeof testMessageSchema>;

export const testMessageResultSchema = z.object({ status: z.string(), errorCode: z.string().nullable() });
export type TestMessageResult = z.infer<typeof testMessageResultSchema>;

/** "Place a test call": the hotline number calls this phone and reads a short message in English and Spanish. */
export const testCallSchema = z.strictObject({
  to: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15551234567'),
});
export type TestCall = z.infer<typeof testCallSchema>;
