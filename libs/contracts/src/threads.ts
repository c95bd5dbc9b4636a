import { z } from 'zod';
import { createSightingSchema } from './sightings.js';

/** Where a conversation runs. */
export const threadChannels = ['sms', 'whatsapp', 'telegram'] as const;
export const threadChannelSchema = z.enum(threadChannels);
export type ThreadChannel = z.infer<typeof threadChannelSchema>;

/** What became of a message sent to the sender (the provider's delivery report). */
export const deliveryStatuses = ['queued', 'sent', 'delivered', 'failed', 'undelivered'] as const;
export type DeliveryStatusName = (typeof deliveryStatuses)[number];

/** One conversation with one sender (channel + a keyed hash of their number or chat id; the number itself is never shown). */
export const threadSummarySchema = z.object({
  id: z.uuid(),
  channel: threadChannelSchema,
  /** A short stable label for the sender ("SMS ·3f9a"), from the keyed hash. */
  label: z.string(),
  language: z.string().nullable(),
  unread: z.int(),
  lastMessageAt: z.iso.datetime(),
  /** The last message's first words. */
  preview: z.string(),
  /** The sighting it was turned into, if any. */
  sightingId: z.uuid().nullable(),
  incidentId: z.uuid().nullable(),
  optedOut: z.boolean(),
});
export type ThreadSummary = z.infer<typeof threadSummarySchema>;

export const threadMessageSchema = z.object({
  id: z.uuid(),
  threadId: z.uuid(),
  direction: z.enum(['in', 'out']),
  text: z.string(),
  /** An inbound photo (metadata stripped): GET /api/threads/:id/messages/:messageId/photo. */
  hasPhoto: z.boolean(),
  location: z.object({ lat: z.number(), lng: z.number(), name: z.string().optional() }).nullable(),
  /** Outbound only: delivery status and the provider's error code. */
  status: z.enum(deliveryStatuses).nullable(),
  errorCode: z.string().nullable(),
  /** Who wrote an outbound message: a dispatcher's handle, or null for the automatic reply. */
  author: z.string().nullable(),
  at: z.iso.datetime(),
});
export type ThreadMessage = z.infer<typeof threadMessageSchema>;

export const threadViewSchema = z.object({ thread: threadSummarySchema, messages: z.array(threadMessageSchema) });
export type ThreadView = z.infer<typeof threadViewSchema>;

/** A dispatcher's reply from the thread. */
export const threadReplySchema = z.strictObject({ text: z.string().trim().min(1, 'is required').max(1000) });
export type ThreadReply = z.infer<typeof threadReplySchema>;

/** "Turn into sighting": SALUTE as for a logged sighting; the channel is the thread's. */
export const threadSightingSchema = createSightingSchema.omit({ channel: true });
export type ThreadSighting = z.infer<typeof threadSightingSchema>;
