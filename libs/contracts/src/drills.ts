import { z } from 'zod';
import { pointSchema } from './geojson.js';
import { activitySchema } from './sightings.js';

/**
 * A drill: a coordinator's simulated sighting at a chosen place that runs through the real chain (intake →
 * dispatch → pings labelled as a drill → answers → verification → an alert to the drill list only). Its
 * incident carries `drill`, which nothing can clear: drills never join or merge with real incidents, never reach
 * the public map, the numbers or an evidence export, and their alerts go only to the drill list.
 */
export const startDrillSchema = z.strictObject({
  location: pointSchema,
  activity: activitySchema.optional(),
  /** What the simulated caller says (shown on the sighting, marked DRILL). */
  scenario: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  locationDescription: z.string().trim().max(300, 'must be at most 300 characters').optional(),
});
export type StartDrill = z.infer<typeof startDrillSchema>;

/** The steps a drill report times, from the drill's start, against the 5–7 minute window. */
export const drillSteps = ['first_ping', 'first_accept', 'on_scene', 'verified', 'alert_approved', 'alert_delivered'] as const;
export const drillStepSchema = z.enum(drillSteps);
export type DrillStep = z.infer<typeof drillStepSchema>;

/** Within 5 minutes; within 7; later; or never reached. */
export const drillVerdicts = ['in_time', 'at_limit', 'late', 'not_reached'] as const;
export type DrillVerdict = (typeof drillVerdicts)[number];

/** The window neighbourhood groups found agents stay (seconds): 5 to 7 minutes. */
export const DRILL_WINDOW = { fastSeconds: 300, limitSeconds: 420 } as const;

export const drillVerdict = (seconds: number | null): DrillVerdict =>
  seconds === null ? 'not_reached' : seconds <= DRILL_WINDOW.fastSeconds ? 'in_time' : seconds <= DRILL_WINDOW.limitSeconds ? 'at_limit' : 'late';

export const drillReportSchema = z.object({
  startedAt: z.iso.datetime(),
  window: z.object({ fastSeconds: z.number(), limitSeconds: z.number() }),
  steps: z.array(
    z.object({
      step: drillStepSchema,
      at: z.iso.datetime().nullable(),
      /** Seconds from the drill's start; null when the step was never reached. */
      seconds: z.number().nullable(),
      verdict: z.enum(drillVerdicts),
    }),
  ),
});
export type DrillReport = z.infer<typeof drillReportSchema>;

export const drillSchema = z.object({
  id: z.uuid(),
  /** Null once the drill's incident was purged (the report stays, frozen when the drill ended). */
  incidentId: z.uuid().nullable(),
  sightingId: z.uuid().nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  scenario: z.string(),
  report: drillReportSchema,
});
export type Drill = z.infer<typeof drillSchema>;
