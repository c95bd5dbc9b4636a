import type { Point } from 'geojson';
import { z } from 'zod';
import { capabilitySchema } from './responders.js';
import { activitySchema, agencySchema } from './sightings.js';

/**
 * A ping's life: pending until answered; accepted → en route → on scene → done; declined; covered when the
 * dispatch filled without this responder; cancelled when the dispatcher called the dispatch off.
 */
export const pingStatuses = ['pending', 'accepted', 'declined', 'en_route', 'on_scene', 'done', 'covered', 'cancelled'] as const;
export const pingStatusSchema = z.enum(pingStatuses);
export type PingStatus = z.infer<typeof pingStatusSchema>;

/** Answers that count a responder as going. */
export const goingStatuses: readonly PingStatus[] = ['accepted', 'en_route', 'on_scene', 'done'];

export const answers = ['accepted', 'declined', 'en_route', 'on_scene', 'done'] as const;
export const answerSchema = z.enum(answers, { error: `must be one of ${answers.join(', ')}` });
export type Answer = z.infer<typeof answerSchema>;

/** A responder's answer. With accepted / en_route, an ETA in minutes may be typed; otherwise it is computed. */
export const ackPingSchema = z.strictObject({
  status: answerSchema,
  etaMinutes: z.int().min(0).max(240).optional(),
});
export type AckPing = z.infer<typeof ackPingSchema>;

/** A ping as dispatchers see it in a dispatch's roster. */
export const pingSummarySchema = z.object({
  id: z.uuid(),
  dispatchId: z.uuid(),
  sightingId: z.uuid(),
  responderId: z.uuid(),
  alias: z.string(),
  capability: capabilitySchema,
  wave: z.int(),
  status: pingStatusSchema,
  /** Straight-line distance and estimated travel time when the ping went out, if the responder shared a location. */
  distanceMeters: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  /** When the responder expects to arrive, from their answer (typed, or computed when they accepted). */
  arrivalAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  respondedAt: z.iso.datetime().nullable(),
});
export type PingSummary = z.infer<typeof pingSummarySchema>;

/** Who else is going, shown to responders who accepted. */
export const teammateSchema = z.object({ alias: z.string(), capability: capabilitySchema, status: pingStatusSchema, arrivalAt: z.iso.datetime().nullable() });
export type Teammate = z.infer<typeof teammateSchema>;

/** A ping as its responder sees it: enough of the sighting and the request to decide and to get there. */
export const pingSchema = pingSummarySchema.extend({
  sighting: z.object({
    id: z.uuid(),
    location: z.custom<Point>(),
    observedAt: z.iso.datetime(),
    activity: activitySchema,
    agency: agencySchema,
    locationDescription: z.string(),
  }),
  note: z.string(),
  team: z.array(teammateSchema),
  /** A practice run: the responder's phone says DRILL on the ping and its notification. */
  drill: z.boolean(),
});
export type Ping = z.infer<typeof pingSchema>;
