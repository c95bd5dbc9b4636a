import type { Point } from 'geojson';
import { z } from 'zod';
import { observedAtSchema, queryDateSchema } from './dates.js';
import { bboxSchema, pointSchema } from './geojson.js';

export const agencies = ['ice', 'cbp', 'hsi', 'police', 'sheriff', 'unknown', 'other'] as const;
export const agencySchema = z.enum(agencies);
export type Agency = z.infer<typeof agencySchema>;

/** What the agents were doing (the A of SALUTE). */
export const activities = [
  'surveilling',
  'approaching',
  'questioning',
  'detaining',
  'loading_someone',
  'checkpoint',
  'door_knock',
  'workplace_raid',
  'other',
] as const;
export const activitySchema = z.enum(activities);
export type Activity = z.infer<typeof activitySchema>;

export const channels = ['hotline-call', 'sms', 'whatsapp', 'telegram', 'web', 'responder', 'other'] as const;
export const channelSchema = z.enum(channels);
export type Channel = z.infer<typeof channelSchema>;

/**
 * An incident's verdict, which its sightings share: reported → verifying (a verifier is dispatched or on the
 * way) → confirmed | other_agency (real, but not immigration enforcement) | false_alarm | unverifiable;
 * resolved once it is over.
 */
export const incidentStatuses = ['reported', 'verifying', 'confirmed', 'other_agency', 'false_alarm', 'unverifiable', 'resolved'] as const;
export const incidentStatusSchema = z.enum(incidentStatuses);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

/** The S of SALUTE: how many agents and vehicles. */
export const sizeSchema = z.strictObject({
  agents: z.int().min(0).max(1000).nullable().optional(),
  vehicles: z.int().min(0).max(1000).nullable().optional(),
});
export type Size = z.infer<typeof sizeSchema>;

/** A sighting logged by a dispatcher: where, when it was observed, and SALUTE. */
export const createSightingSchema = z.strictObject({
  location: pointSchema,
  observedAt: observedAtSchema,
  channel: channelSchema,
  size: sizeSchema.optional(),
  activity: activitySchema.optional(),
  locationDescription: text(300).optional(),
  agency: agencySchema.optional(),
  uniform: text(300).optional(),
  equipment: text(500).optional(),
  notes: text(2000).optional(),
});
export type CreateSighting = z.infer<typeof createSightingSchema>;

/** The public report form: no login, only what a community member can tell quickly. */
export const publicReportSchema = z.strictObject({
  location: pointSchema,
  observedAt: observedAtSchema,
  description: text(1000).min(1, 'is required'),
  agents: z.int().min(0).max(1000).optional(),
  activity: activitySchema.optional(),
  locationDescription: text(300).optional(),
});
export type PublicReport = z.infer<typeof publicReportSchema>;

export const sightingSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  location: z.custom<Point>(),
  observedAt: z.iso.datetime(),
  reportedAt: z.iso.datetime(),
  /** Its incident's status. */
  status: incidentStatusSchema,
  /** Reported by someone on scene confirming it (a verifier's verdict): the incident's location follows these. */
  confirms: z.boolean(),
  channel: channelSchema,
  size: z.object({ agents: z.int().nullable(), vehicles: z.int().nullable() }),
  activity: activitySchema,
  locationDescription: z.string(),
  agency: agencySchema,
  uniform: z.string(),
  equipment: z.string(),
  notes: z.string(),
});
export type Sighting = z.infer<typeof sightingSchema>;

export const sightingsQuerySchema = z.strictObject({
  bbox: bboxSchema.optional(),
  since: queryDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export type SightingsQuery = z.infer<typeof sightingsQuerySchema>;

/** A public report is acknowledged without echoing anything back. */
export const publicReportResponseSchema = z.object({ received: z.literal(true) });
