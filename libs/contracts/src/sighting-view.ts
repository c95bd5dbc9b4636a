import { z } from 'zod';
import { dispatchSchema } from './dispatches.js';
import { sightingSchema } from './sightings.js';
import { zoneRefSchema } from './zones.js';

/** A sighting as the dispatcher's map shows it: the zones it fell in and its dispatches with everyone pinged. */
export const sightingViewSchema = z.object({
  sighting: sightingSchema,
  zones: z.array(zoneRefSchema),
  dispatches: z.array(dispatchSchema),
});
export type SightingView = z.infer<typeof sightingViewSchema>;
