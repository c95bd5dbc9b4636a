import { z } from 'zod';

/** What the web app needs to know about this deployment before anyone signs in. */
export const clientConfigSchema = z.object({
  /** The street basemap: MAP_STYLE_URL, or this server's style when a street map is imported; null: the offline world map. */
  mapStyleUrl: z.string().nullable(),
  /** Whether this server holds an imported street map (its tiles and address search). */
  streetMap: z.boolean(),
  defaultCenter: z.tuple([z.number(), z.number()]),
  defaultZoom: z.number(),
  languages: z.array(z.string()),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;
