import { z } from 'zod';
import { alertImageSchema, imageIdSchema } from './alert-images.js';

/**
 * Community alerts: verified information out to the neighbourhoods affected, in their languages, on SMS, WhatsApp,
 * Telegram and Web Push, with two-person approval, retraction/correction and drills.
 *
 * Routes (all under /api/alerts; "staff" = dispatcher or coordinator, "coord" = coordinator only):
 *   GET    /api/alerts                          staff   list alerts (?status=&drill=&limit=)            → AlertList
 *   GET    /api/alerts/settings                 staff   languages, channels on, prices, approval rules   → AlertSettings
 *   POST   /api/alerts/prefill                  staff   a draft prefilled from templates (+ incident)    body AlertPrefillRequest → AlertDraftInput
 *   (images: see alert-images.ts)
 *   POST   /api/alerts/estimate                 staff   recipients and cost for an unsaved draft         body AlertEstimateRequest → AlertEstimate
 *   POST   /api/alerts                          staff   save a draft (Idempotency-Key)                   body AlertDraftInput → AlertView (201)
 *   GET    /api/alerts/:id                      staff   one alert with estimate, approval, deliveries    → AlertView
 *   PATCH  /api/alerts/:id                      staff   edit a draft (voids any approval request)        body AlertDraftUpdate → AlertView
 *   POST   /api/alerts/:id/approval-request     staff   ask a second person (freezes hash + counts)      → AlertView
 *   GET    /api/alerts/approvals                staff   alerts waiting for someone's approval            → AlertList
 *   POST   /api/alerts/:id/approve              staff   approve what was shown (403 for the author)      body AlertApproval → AlertView
 *   POST   /api/alerts/:id/reject               staff   send it back to draft                            body AlertRejection → AlertView
 *   POST   /api/alerts/:id/send                 staff   send without approval (only types that need none) → AlertView
 *   POST   /api/alerts/:id/pause | /resume | /cancel  staff  control a send in progress                   → AlertView
 *   POST   /api/alerts/:id/retraction           staff   correction/retraction to exactly who received it (Idempotency-Key)
 *                                                       body AlertRetractionRequest → AlertView (the new correction alert, awaiting approval)
 *   GET    /api/alerts/:id/deliveries           staff   counts per channel × language × status            → DeliveryCounts
 *   GET    /api/alerts/:id/cap.xml              staff   the CAP 1.2 message (Exercise for drills)
 *   GET    /api/alerts/templates                staff   templates per type × language                    → AlertTemplate[]
 *   POST   /api/alerts/templates                coord   create (Idempotency-Key)                         body AlertTemplateInput → AlertTemplate
 *   PATCH  /api/alerts/templates/:id            coord   edit                                             body AlertTemplateUpdate → AlertTemplate
 *   DELETE /api/alerts/templates/:id            coord   delete                                           → 204
 *   GET    /api/alerts/subscriptions/summary    staff   subscriber counts per channel × language (+ drill list) → SubscriptionSummary
 *   POST   /api/alerts/subscriptions/import     coord   CSV of a consented list                          body SubscriptionImportRequest → SubscriptionImportResult
 *   GET    /api/alerts/subscriptions/areas      public  the zones one can subscribe to (with outlines)   → AlertAreas
 *   GET    /api/alerts/subscriptions/web-push/key public VAPID public key                             → { publicKey }
 *   PUT    /api/alerts/subscriptions/web-push   public  subscribe / change areas+language of this browser body WebPushAlertSubscribe → 204
 *   DELETE /api/alerts/subscriptions/web-push   public  unsubscribe this browser (row deleted)           body { endpoint } → 204
 *   GET    /api/alerts/feeds/rss.xml | /atom.xml | /cap.xml   public   sent, non-drill alerts (drills are in no public feed)
 *   GET    /api/alerts/feeds/cap/:id               public  one sent non-drill alert as CAP 1.2 (status Actual)
 *
 * Sign-up by SMS/WhatsApp (keyword ALERTS/ALERTAS + zone name or ZIP) and by Telegram (/alerts, inline buttons) go
 * through the channel layer's inbound handlers; STOP on any channel deletes every subscription on that address.
 *
 * Socket events (to the dispatchers and coordinators rooms): `alert.updated` (AlertView without deliveries detail) and
 * `alert.deliveries` (DeliveryCounts) — see events.ts.
 */

/** The languages alerts are written and subscribed in: the app's own. */
export const alertLanguages = ['en', 'es', 'ar', 'ht', 'pt', 'tl', 'vi', 'zh'] as const;
export const alertLanguageSchema = z.enum(alertLanguages, { error: `must be one of ${alertLanguages.join(', ')}` });
export type AlertLanguage = z.infer<typeof alertLanguageSchema>;

export const alertTypes = ['incident', 'know_your_rights', 'all_clear', 'meeting_point', 'correction'] as const;
export const alertTypeSchema = z.enum(alertTypes);
export type AlertType = z.infer<typeof alertTypeSchema>;

/** Where a subscriber receives alerts. */
export const alertChannels = ['sms', 'whatsapp', 'telegram', 'webpush'] as const;
export const alertChannelSchema = z.enum(alertChannels);
export type AlertChannel = z.infer<typeof alertChannelSchema>;

/**
 * draft → awaiting_approval → sending ⇄ paused → sent, or cancelled. An edit of an awaiting alert brings it back to
 * draft (the approval is void). `sent` means every recipient has been handed to its provider or has failed for good.
 */
export const alertStatuses = ['draft', 'awaiting_approval', 'sending', 'paused', 'sent', 'cancelled'] as const;
export const alertStatusSchema = z.enum(alertStatuses);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/** A recipient's delivery: queued (ours), sent (provider accepted), delivered, failed (with the provider's code), cancelled. */
export const deliveryStatuses = ['queued', 'sent', 'delivered', 'failed', 'cancelled'] as const;
export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/** A list without repeats, at most `max` long. */
export const uniqueArray = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((values) => [...new Set(values)]);

/**
 * Who receives it: subscribers of these zones (and, optionally, of the zones that touch them), every subscriber, or
 * only the drill list. A drill audience makes the alert a drill (marked DRILL, kept out of feeds).
 */
export const alertAudienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('zones'),
    zoneIds: uniqueArray(z.uuid({ error: 'must be zone ids' }), 200).refine((ids) => ids.length > 0, 'pick at least one zone'),
    includeNeighbours: z.boolean().default(false),
  }),
  z.strictObject({ kind: z.literal('everyone') }),
  z.strictObject({ kind: z.literal('drill') }),
]);
export type AlertAudience = z.infer<typeof alertAudienceSchema>;
export type AlertAudienceInput = z.input<typeof alertAudienceSchema>;

/** One text per language; Web Push shows `title` above it (SMS, WhatsApp and Telegram send `text` alone). */
export const alertVariantSchema = z.strictObject({
  language: alertLanguageSchema,
  title: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  text: z.string().trim().min(1, 'is required').max(1600, 'must be at most 1600 characters'),
});
export type AlertVariant = z.infer<typeof alertVariantSchema>;

const variantsSchema = z
  .array(alertVariantSchema)
  .min(1, 'write at least one language')
  .max(alertLanguages.length)
  .superRefine((variants, ctx) => {
    const seen = new Set<string>();
    variants.forEach((variant, index) => {
      if (seen.has(variant.language)) ctx.addIssue({ code: 'custom', path: [index, 'language'], message: 'one variant per language' });
      seen.add(variant.language);
    });
  });

const channelsSchema = uniqueArray(alertChannelSchema, alertChannels.length).refine((c) => c.length > 0, 'pick at least one channel');

export const alertDraftInputSchema = z.strictObject({
  type: alertTypeSchema,
  /** The confirmed incident it is about, if any. */
  incidentId: z.uuid().nullable().default(null),
  audience: alertAudienceSchema,
  channels: channelsSchema,
  variants: variantsSchema,
  /** Also post it once to the public Telegram channel (when TELEGRAM_CHANNEL_ID is set; never for drills). */
  postToChannel: z.boolean().default(true),
  imageId: imageIdSchema.nullable().default(null), // see alertImageSchema
});
export type AlertDraftInput = z.input<typeof alertDraftInputSchema>;
export type AlertDraft = z.infer<typeof alertDraftInputSchema>;

/** An edit: any of the fields, plus the version the editor saw (409 when stale). */
export const alertDraftUpdateSchema = z
  .strictObject({
    type: alertTypeSchema.optional(),
    incidentId: z.uuid().nullable().optional(),
    audience: alertAudienceSchema.optional(),
    channels: channelsSchema.optional(),
    variants: variantsSchema.optional(),
    postToChannel: z.boolean().optional(),
    imageId: imageIdSchema.nullable().optional(),
    version: z.int().min(1),
  })
  .refine((b) => Object.keys(b).length > 1, 'change at least one field');
export type AlertDraftUpdate = z.input<typeof alertDraftUpdateSchema>;

/** Prefill: from templates per language, filled with the incident's what/where (coarsened)/when when given. */
export const alertPrefillRequestSchema = z.strictObject({
  type: alertTypeSchema,
  incidentId: z.uuid().optional(),
  /** Default: every language that has subscribers (at least English). */
  languages: uniqueArray(alertLanguageSchema, alertLanguages.length).optional(),
});
export type AlertPrefillRequest = z.input<typeof alertPrefillRequestSchema>;

export const alertEstimateRequestSchema = z.strictObject({
  audience: alertAudienceSchema,
  channels: channelsSchema,
  variants: variantsSchema,
  imageId: imageIdSchema.nullable().optional(),
});
export type AlertEstimateRequest = z.input<typeof alertEstimateRequestSchema>;

/** Recipients of one channel in one language; `segments` is per message (SMS/WhatsApp only; 0 elsewhere). */
export const recipientCountSchema = z.object({
  channel: alertChannelSchema,
  language: alertLanguageSchema,
  recipients: z.int(),
  segments: z.int(),
  encoding: z.enum(['GSM-7', 'UCS-2']).nullable(),
});
export type RecipientCount = z.infer<typeof recipientCountSchema>;

/** Cost per channel, from ALERT_SMS_PRICE_PER_SEGMENT / ALERT_WHATSAPP_PRICE_PER_MESSAGE; Telegram and Web Push are free. */
export const channelCostSchema = z.object({ channel: alertChannelSchema, messages: z.int(), segments: z.int(), cost: z.number(), currency: z.string() });
export type ChannelCost = z.infer<typeof channelCostSchema>;

export const alertEstimateSchema = z.object({
  recipients: z.array(recipientCountSchema),
  /** Subscribers counted once, whatever their channel. */
  totalRecipients: z.int(),
  costs: z.array(channelCostSchema),
  totalCost: z.number(),
  currency: z.string(),
  /** Languages subscribers in this audience read that have no variant: they receive the first variant. */
  missingLanguages: z.array(alertLanguageSchema),
  /** Channels picked that are not configured on this server (nothing is sent on them). */
  disabledChannels: z.array(alertChannelSchema),
  /** Channels picked that will carry the image (none without one). */
  imageChannels: z.array(alertChannelSchema),
});
export type AlertEstimate = z.infer<typeof alertEstimateSchema>;

const person = z.object({ userId: z.uuid(), username: z.string() });

/**
 * A request for a second person's approval. `hash` binds it to exactly these variants, channels, audience and
 * recipient counts: any edit voids it; it expires at `expiresAt` (ALERT_APPROVAL_TTL_SECONDS).
 */
export const alertApprovalSchema = z.object({
  id: z.uuid(),
  hash: z.string(),
  requestedBy: person,
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired', 'void']),
  decidedBy: person.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  reason: z.string(),
  /** What each channel will send, to how many, frozen when asked. */
  estimate: alertEstimateSchema,
});
export type AlertApprovalRequest = z.infer<typeof alertApprovalSchema>;

/** The approver sends back the hash of what they saw; a different one (an edit since) is refused with 409. */
export const alertApprovalBodySchema = z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the approval hash shown') });
export type AlertApproval = z.infer<typeof alertApprovalBodySchema>;

export const alertRejectionSchema = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(1000) });
export type AlertRejection = z.infer<typeof alertRejectionSchema>;

/** Correct or retract: one action, new variants, sent to exactly the recipients of the original on the same channels. */
export const alertRetractionRequestSchema = z.strictObject({
  kind: z.enum(['retraction', 'correction']),
  variants: variantsSchema,
});
export type AlertRetractionRequest = z.input<typeof alertRetractionRequestSchema>;

export const deliveryCountSchema = z.object({ channel: alertChannelSchema, language: alertLanguageSchema, status: deliveryStatusSchema, count: z.int() });
export type DeliveryCount = z.infer<typeof deliveryCountSchema>;

export const deliveryCountsSchema = z.object({
  alertId: z.uuid(),
  counts: z.array(deliveryCountSchema),
  /** Failures by provider error code (21610 unsubscribed, 30007 carrier filtered…). */
  failures: z.array(z.object({ channel: alertChannelSchema, errorCode: z.string(), count: z.int() })),
  /** The one post to the public Telegram channel, if any. */
  channelPost: z.object({ status: z.enum(['none', 'posted', 'failed']), at: z.iso.datetime().nullable() }),
});
export type DeliveryCounts = z.infer<typeof deliveryCountsSchema>;

export const alertSchema = z.object({
  id: z.uuid(),
  type: alertTypeSchema,
  status: alertStatusSchema,
  /** Sent to the drill list only; marked DRILL in every text. */
  drill: z.boolean(),
  incidentId: z.uuid().nullable(),
  audience: alertAudienceSchema,
  channels: z.array(alertChannelSchema),
  variants: z.array(alertVariantSchema),
  postToChannel: z.boolean(),
  image: alertImageSchema.nullable(),
  /** Send it back with edits; a stale one gets 409. */
  version: z.int(),
  createdBy: person,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Whether this type needs a second person (ALERT_APPROVAL_TYPES). */
  approvalRequired: z.boolean(),
  approval: alertApprovalSchema.nullable(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  publishedAt: z.iso.datetime().nullable(), // when it went out to the public (went-out.ts), never cleared: what can be retracted
  /** For a correction: the alert it corrects. For a corrected alert: its correction. */
  correctionOf: z.uuid().nullable(),
  correctedBy: z.uuid().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;
export const alertViewSchema = z.object({ alert: alertSchema, estimate: alertEstimateSchema, deliveries: deliveryCountsSchema });
export type AlertView = z.infer<typeof alertViewSchema>;

export const alertListQuerySchema = z.strictObject({
  status: alertStatusSchema.optional(),
  drill: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const alertListSchema = z.object({ alerts: z.array(alertSchema) });
export type AlertList = z.infer<typeof alertListSchema>;

export const alertSettingsSchema = z.object({
  languages: z.array(alertLanguageSchema),
  /** Channels configured on this server. */
  enabledChannels: z.array(alertChannelSchema),
  prices: z.object({ smsPerSegment: z.number(), whatsappPerMessage: z.number(), currency: z.string() }),
  /** Types that need a second person. */
  approvalTypes: z.array(alertTypeSchema),
  approvalTtlSeconds: z.int(),
  telegramChannel: z.boolean(),
  /**
   * Channels that can carry an image on this server: Web Push always; Telegram and WhatsApp when PUBLIC_URL is set
   * (their servers fetch the image from it).
   */
  imageChannels: z.array(alertChannelSchema),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

/** What a Web Push alert carries (the service worker shows it). */
export type AlertPushPayload = { kind: 'alert'; alertId: string; title: string; body: string; drill: boolean; url: string; image?: string };
