import { z } from 'zod';
import { pingSummarySchema } from './pings.js';
import { capabilities, capabilitySchema } from './responders.js';

/** "2 verifiers", "1 legal observer". */
export const needSchema = z.strictObject({ capability: capabilitySchema, count: z.int().min(1).max(20) });
export type Need = z.infer<typeof needSchema>;

const needsSchema = z
  .array(needSchema)
  .min(1, 'ask for at least one responder')
  .max(capabilities.length)
  .refine((needs) => new Set(needs.map((n) => n.capability)).size === needs.length, 'list each capability once');

export const createDispatchSchema = z.strictObject({ needs: needsSchema, note: z.string().trim().max(500).optional() });
export type CreateDispatch = z.infer<typeof createDispatchSchema>;

/** Add to a dispatch: the new total per capability (only increases; to call it off, cancel it). */
export const updateDispatchSchema = z.strictObject({ needs: needsSchema });
export type UpdateDispatch = z.infer<typeof updateDispatchSchema>;

export const dispatchStatuses = ['active', 'filled', 'unfilled', 'cancelled'] as const;
export const dispatchStatusSchema = z.enum(dispatchStatuses);
export type DispatchStatus = z.infer<typeof dispatchStatusSchema>;

/** Escalation waves: 1 nearest few, 2 everyone in reach and in the zone, 3 neighbouring zones and 10-minute reach, 4 everyone on duty. */
export const LAST_WAVE = 4;

export const dispatchSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  /** The sighting it was started for (where responders were sent). */
  sightingId: z.uuid(),
  needs: z.array(needSchema),
  note: z.string(),
  status: dispatchStatusSchema,
  wave: z.int().min(1).max(LAST_WAVE),
  /** Observed time + the response window (7 minutes by default). */
  windowEndsAt: z.iso.datetime(),
  /** When the next wave goes out if the need is not filled by then; null once escalation stopped. */
  nextWaveAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  pings: z.array(pingSummarySchema),
});
export type Dispatch = z.infer<typeof dispatchSchema>;
