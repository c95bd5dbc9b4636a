import type { MultiPolygon } from 'geojson';
import { z } from 'zod';
import { alertChannelSchema, alertLanguageSchema, alertTypeSchema, uniqueArray } from './alerts.js';
import { pushSubscriptionSchema } from './responders.js';
/** What is set up around alerts: coordinators' templates, the public page's areas and browser subscriptions, imported lists. */

/** Templates per type × language. Placeholders: {what} {where} {when} {todo} (filled from the incident when there is one). */
export const alertTemplateInputSchema = z.strictObject({
  type: alertTypeSchema,
  language: alertLanguageSchema,
  title: z.string().trim().min(1, 'is required').max(80),
  body: z.string().trim().min(1, 'is required').max(1600),
});
export type AlertTemplateInput = z.input<typeof alertTemplateInputSchema>;
export const alertTemplateUpdateSchema = z
  .strictObject({ title: z.string().trim().min(1).max(80).optional(), body: z.string().trim().min(1).max(1600).optional() })
  .refine((b) => Object.keys(b).length > 0, 'change the title or the body');
export type AlertTemplateUpdate = z.input<typeof alertTemplateUpdateSchema>;
export const alertTemplateSchema = alertTemplateInputSchema.extend({ id: z.uuid(), updatedAt: z.iso.datetime() });
export type AlertTemplate = z.infer<typeof alertTemplateSchema>;

/** Subscribable areas for the public /alerts page: zone ids, names, outlines (GeoJSON MultiPolygon). */
export const alertAreasSchema = z.object({
  areas: z.array(z.object({ id: z.uuid(), name: z.string(), geometry: z.custom<MultiPolygon>() })),
});
export type AlertAreas = z.infer<typeof alertAreasSchema>;

/**
 * The other ways to sign up that this deployment has, for the public /alerts page: only what people use anyway (the
 * number they text, the bot's and the public channel's @names and t.me links); null when that way is not set up.
 */
export const alertSignupChannelsSchema = z.object({
  /** The hotline's number (E.164) to text ALERTS and an area to. */
  sms: z.object({ number: z.string() }).nullable(),
  /** The WhatsApp number, and its wa.me link with ALERTS typed in. */
  whatsapp: z.object({ number: z.string(), url: z.url() }).nullable(),
  /** The bot to send /alerts to: its username (no @) and t.me link. */
  telegramBot: z.object({ username: z.string(), url: z.url() }).nullable(),
  /** The public channel alerts are posted to: its username (no @) and t.me link. */
  telegramChannel: z.object({ username: z.string(), url: z.url() }).nullable(),
});
export type AlertSignupChannels = z.infer<typeof alertSignupChannelsSchema>;

/** A browser subscribes (no account): its push subscription, the areas it picked, its language. */
export const webPushAlertSubscribeSchema = z.strictObject({
  subscription: pushSubscriptionSchema,
  zoneIds: uniqueArray(z.uuid({ error: 'must be zone ids' }), 50).refine((ids) => ids.length > 0, 'pick at least one area'),
  language: alertLanguageSchema,
});
export type WebPushAlertSubscribe = z.input<typeof webPushAlertSubscribeSchema>;
export const webPushAlertUnsubscribeSchema = z.strictObject({ endpoint: z.url().max(1000) });
export type WebPushAlertUnsubscribe = z.infer<typeof webPushAlertUnsubscribeSchema>;

/**
 * A coordinator imports a list people consented to: CSV with a header `channel,address,areas,language[,consented_at]`
 * (channel sms|whatsapp|telegram; address E.164 or Telegram chat id; areas zone names or ZIPs separated by `;`).
 */
export const subscriptionImportRequestSchema = z.strictObject({
  csv: z.string().min(1, 'is required').max(5_000_000, 'must be at most 5 MB'),
  /** The coordinator confirms everyone on the list agreed to receive alerts. */
  consentConfirmed: z.literal(true, { error: 'confirm that everyone on the list consented' }),
  /** Put them on the drill list (practice runs) instead of / as well as real alerts. */
  drillList: z.boolean().default(false),
});
export type SubscriptionImportRequest = z.input<typeof subscriptionImportRequestSchema>;
/** Rejected lines an import answers with, the first ones by line number; the rest are only counted. */
export const IMPORT_REJECTED_SHOWN = 100;
export const subscriptionImportResultSchema = z.object({
  imported: z.int(),
  updated: z.int(),
  /** The first IMPORT_REJECTED_SHOWN rejected lines with why. */
  rejected: z.array(z.object({ line: z.int(), reason: z.string() })).max(IMPORT_REJECTED_SHOWN),
  /** How many more lines were rejected than `rejected` lists. */
  moreRejected: z.int(),
});
export type SubscriptionImportResult = z.infer<typeof subscriptionImportResultSchema>;

export const subscriptionSummarySchema = z.object({
  counts: z.array(z.object({ channel: alertChannelSchema, language: alertLanguageSchema, subscribers: z.int() })),
  drillList: z.int(),
  total: z.int(),
});
export type SubscriptionSummary = z.infer<typeof subscriptionSummarySchema>;
