import { z } from 'zod';
import { areaSchema, multiPolygonSchema } from './geojson.js';

const zoneName = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');

export const createZoneSchema = z.strictObject({ name: zoneName, area: areaSchema });
export type CreateZone = z.infer<typeof createZoneSchema>;

export const updateZoneSchema = z
  .strictObject({ name: zoneName.optional(), area: areaSchema.optional() })
  .refine((body) => body.name !== undefined || body.area !== undefined, 'give a name, an area, or both');
export type UpdateZone = z.infer<typeof updateZoneSchema>;

export const assignRespondersSchema = z.strictObject({
  responderIds: z.array(z.uuid({ error: 'must be a responder id (UUID)' })).max(1000),
});
export type AssignResponders = z.infer<typeof assignRespondersSchema>;

export const zoneSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  area: multiPolygonSchema,
  responderIds: z.array(z.uuid()),
  updatedAt: z.iso.datetime(),
});
export type Zone = z.infer<typeof zoneSchema>;

/** A zone as responders see it: its shape and name, never who else covers it. */
export const zoneOutlineSchema = zoneSchema.omit({ responderIds: true });
export type ZoneOutline = z.infer<typeof zoneOutlineSchema>;

export const zoneRefSchema = z.object({ id: z.uuid(), name: z.string() });
export type ZoneRef = z.infer<typeof zoneRefSchema>;
