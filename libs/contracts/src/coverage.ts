import { z } from 'zod';

/** How well a zone is covered right now. */
export const zoneCoverageSchema = z.object({
  zoneId: z.uuid(),
  /** On-duty responders assigned to the zone. */
  onDuty: z.int(),
  /** On-duty responders assigned to the zone who share a live location (anywhere): without any, nothing is reachable. */
  sharing: z.int(),
  /** On-duty responders (any zone) whose live location is inside the zone. */
  inside: z.int(),
  /** Share of the zone's area that some on-duty responder with a live location can reach within the window (0–1). */
  reachableShare: z.number().min(0).max(1),
});
export type ZoneCoverage = z.infer<typeof zoneCoverageSchema>;

export const coverageSchema = z.object({ windowSeconds: z.int(), computedAt: z.iso.datetime(), zones: z.array(zoneCoverageSchema) });
export type Coverage = z.infer<typeof coverageSchema>;
