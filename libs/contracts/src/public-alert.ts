import { z } from 'zod';
import { alertTypeSchema, alertVariantSchema } from './alerts.js';

const correctionKindSchema = z.enum(['retraction', 'correction']);

/**
 * An alert as anyone may read it once it went out to the public (`GET /api/alerts/feeds/json/:id`; 404 for a draft,
 * an alert cancelled before it went, a drill): only what was sent — no audience rules, channels, counts or people.
 */
export const publicAlertSchema = z.object({
  id: z.uuid(),
  type: alertTypeSchema,
  /** When it started going out. */
  sentAt: z.iso.datetime(),
  /** Title and text per language, as sent. */
  variants: z.array(alertVariantSchema),
  /** The names of the areas it went to; empty when it went to everyone. */
  areas: z.array(z.string()),
  /** Its image, at `/api/alerts/feeds/images/:id`. */
  imageId: z.uuid().nullable(),
  /** For a correction or retraction: the alert it corrects or retracts. */
  correctionOf: z.object({ id: z.uuid(), kind: correctionKindSchema }).nullable(),
  /** Once a correction or retraction of it went out: that alert (the page says so before anything else). */
  correctedBy: z.object({ id: z.uuid(), kind: correctionKindSchema, sentAt: z.iso.datetime() }).nullable(),
});
export type PublicAlert = z.infer<typeof publicAlertSchema>;
