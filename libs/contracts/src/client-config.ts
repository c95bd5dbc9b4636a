import { z } from 'zod';

/** What the web app needs to know about this deployment before anyone signs in. */
export const clientConfigSchema = z.object({
  mapStyleUrl: z.string().nullable(),
  defaultCenter: z.tuple([z.number(), z.number()]),
  defaultZoom: z.number(),
  languages: z.array(z.string()),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;
