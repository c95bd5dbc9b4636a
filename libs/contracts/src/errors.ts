import { z } from 'zod';

/** Every 4xx/5xx body. `issues` names each offending field by its path (e.g. `location.coordinates.1`). */
export const errorResponseSchema = z.object({
  statusCode: z.int(),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** With 409: the current state of what the request tried to change. */
  current: z.unknown().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
