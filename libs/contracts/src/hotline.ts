import { z } from 'zod';
import { createSightingSchema } from './sightings.js';

/** What became of a hotline call: still ringing operators, taken by one, missed, or a voicemail left; refused: banned or flooding. */
export const callStates = ['ringing', 'answered', 'missed', 'voicemail', 'refused'] as const;
export const callStateSchema = z.enum(callStates);
export type CallState = z.infer<typeof callStateSchema>;

/** A hotline call as the console shows it. The caller's number is never in it (see the call-back route). */
export const hotlineCallSchema = z.object({
  id: z.uuid(),
  state: callStateSchema,
  /** The menu language the caller chose (ISO 639-1), null before the choice. */
  language: z.string().nullable(),
  /** Nobody was on shift: the fallback group was rung. */
  fallback: z.boolean(),
  /** Why a call was refused: 'banned' or 'flood'. */
  refusedBecause: z.enum(['banned', 'flood']).nullable(),
  startedAt: z.iso.datetime(),
  answeredAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  /** Talk time once answered (from answer to hang-up), else the call's whole length; null while it lasts. */
  durationSeconds: z.int().nullable(),
  voicemailSeconds: z.int().nullable(),
  answeredBy: z.object({ id: z.uuid(), username: z.string() }).nullable(),
  /** Operators whose phones were rung. */
  rang: z.int(),
  /** Earlier calls from the same number still on record. */
  earlierCalls: z.int(),
  banned: z.boolean(),
  /** Whether the number is still kept for a call-back (purged after CALLER_RETENTION_DAYS). */
  canCallBack: z.boolean(),
  callback: z.object({ takenBy: z.object({ id: z.uuid(), username: z.string() }).nullable(), doneAt: z.iso.datetime().nullable() }).nullable(),
  sightingId: z.uuid().nullable(),
  incidentId: z.uuid().nullable(),
});
export type HotlineCall = z.infer<typeof hotlineCallSchema>;

/** A call-back task of a missed call: take it (it becomes yours), mark it done, or open it again. */
export const callbackUpdateSchema = z.strictObject({ take: z.boolean().optional(), done: z.boolean().optional() });
export type CallbackUpdate = z.infer<typeof callbackUpdateSchema>;

/** The SALUTE form logged from a call: a sighting with channel `hotline-call`, linked to the call. */
export const callSightingSchema = createSightingSchema.omit({ channel: true });
export type CallSighting = z.infer<typeof callSightingSchema>;

/** Languages a hotline operator speaks: ISO 639-1 codes. */
export const languageCodeSchema = z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as en or es');

/** E.164: a plus, a country code and up to 15 digits. */
export const e164Schema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in international form, such as +13125550123'));

/** An operator's call settings. `phone` and `email` are write-only: null removes one, absent keeps it. */
export const operatorSettingsUpdateSchema = z.strictObject({
  phone: e164Schema.nullable().optional(),
  email: z.email({ error: 'must be an email address' }).max(254).nullable().optional(),
  languages: z.array(languageCodeSchema).max(20).optional(),
  fallback: z.boolean().optional(),
});
export type OperatorSettingsUpdate = z.infer<typeof operatorSettingsUpdateSchema>;

export const operatorSettingsSchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  /** The number's last two digits (`•••• 67`), never the number. */
  phoneHint: z.string().nullable(),
  emailHint: z.string().nullable(),
  languages: z.array(z.string()),
  fallback: z.boolean(),
});
export type OperatorSettings = z.infer<typeof operatorSettingsSchema>;

/** The caller's number, for the one call-back; gone after the retention period. */
export const callerNumberSchema = z.object({ number: z.string() });

/** The form fields Twilio posts to the voice webhooks (CallSid, From, Digits, QueueTime, CallStatus…). */
export const twilioVoiceParamsSchema = z.record(z.string().max(64), z.string().max(4000));

/** The ids Centinela puts in the URLs it gives Twilio. */
export const voiceCallQuerySchema = z.strictObject({ call: z.uuid({ error: 'must be a UUID' }), Digits: z.string().max(4).optional() });
export const voiceLegQuerySchema = z.strictObject({ call: z.uuid({ error: 'must be a UUID' }), leg: z.uuid({ error: 'must be a UUID' }) });
