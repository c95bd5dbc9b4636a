import { positionProblems, travelModes } from '@centinela/geo';
import { z } from 'zod';

/** What a responder is trained and equipped to do. */
export const capabilities = ['verifier', 'legal_observer', 'accompaniment', 'driver', 'translator'] as const;
export const capabilitySchema = z.enum(capabilities);
export type Capability = z.infer<typeof capabilitySchema>;

export const travelModeSchema = z.enum(travelModes);
export type { TravelMode } from '@centinela/geo';
export { travelModes };

/** Languages as BCP 47 tags (`es`, `en`, `ht`, `pt-BR`, `mam`…). */
export const languageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as es, en, ht or pt-BR');

/** Characters that show nothing (zero-width spaces and joiners, bidi marks, soft hyphen, variation selectors…). */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
/** Scripts whose letters look alike: one alias mixing them can pass for another (a Cyrillic о in a Latin name). */
const LOOKALIKE_SCRIPTS = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
] as const;

/** What makes an alias pass for another one, or null. */
export function aliasProblem(alias: string): string | null {
  const invisible = INVISIBLE.exec(alias);
  if (invisible) return `must not contain invisible characters (found U+${invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  const scripts = LOOKALIKE_SCRIPTS.filter(([, letters]) => letters.test(alias)).map(([name]) => name);
  if (scripts.length > 1) return `must not mix ${scripts.join(' and ')} letters (they look alike)`;
  if (/^former responder/i.test(alias)) return 'must not start with "former responder" (it names deleted accounts)';
  return null;
}

/**
 * What other people see for a responder. Stored in NFC, so one name typed on two keyboards is one string; refused
 * when it holds invisible characters or mixes look-alike scripts. The API compares aliases folded (NFKC, then
 * lower case), so a fullwidth Ｊ or another letter case is the same alias.
 */
export const aliasSchema = z
  .string()
  .trim()
  .normalize('NFC')
  .min(1, 'is required')
  .max(40, 'must be at most 40 characters')
  .superRefine((alias, ctx) => {
    const problem = aliasProblem(alias);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const unique = <T>(items: T[]) => [...new Set(items)];
export const capabilitiesSchema = z.array(capabilitySchema).max(capabilities.length).transform(unique);
export const languagesSchema = z.array(languageSchema).max(12).transform(unique);

/** Where a responder is right now: the last point their phone sent, kept in memory only, for 10 minutes at most. */
export const liveLocationSchema = z.object({
  coordinates: z.tuple([z.number(), z.number()]),
  accuracy: z.number().nullable(),
  at: z.iso.datetime(),
  zoneIds: z.array(z.uuid()),
});
export type LiveLocation = z.infer<typeof liveLocationSchema>;

export const responderSchema = z.object({
  id: z.uuid(),
  alias: z.string(),
  onDuty: z.boolean(),
  /** A coordinator ended their access (a lost or seized phone): signed out everywhere, off duty, until restored. */
  accessEnded: z.boolean(),
  capabilities: z.array(capabilitySchema),
  languages: z.array(z.string()),
  travelMode: travelModeSchema,
  zoneIds: z.array(z.uuid()),
  /** Present for on-duty responders who share their location and sent it in the last 10 minutes. */
  location: liveLocationSchema.nullable(),
});
export type Responder = z.infer<typeof responderSchema>;

/** What responders may change about themselves. Capabilities and zones are set by coordinators. */
export const updateMyResponderSchema = z
  .strictObject({ onDuty: z.boolean().optional(), travelMode: travelModeSchema.optional(), languages: languagesSchema.optional() })
  .refine((body) => Object.keys(body).length > 0, 'give at least one of onDuty, travelMode, languages');
export type UpdateMyResponder = z.infer<typeof updateMyResponderSchema>;

/** What coordinators may change about a responder. */
export const updateResponderSchema = z
  .strictObject({
    alias: aliasSchema.optional(),
    capabilities: capabilitiesSchema.optional(),
    languages: languagesSchema.optional(),
    travelMode: travelModeSchema.optional(),
    zoneIds: z
      .array(z.uuid({ error: 'must be a zone id (UUID)' }))
      .max(200)
      .transform(unique)
      .optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateResponder = z.infer<typeof updateResponderSchema>;

/** A position from the responder's phone, sent while on duty (every ~30 s or ~50 m of movement). */
export const locationUpdateSchema = z
  .strictObject({
    coordinates: z.array(z.unknown()),
    accuracy: z.number().min(0).max(100_000).optional(),
  })
  .superRefine((body, ctx) => {
    for (const problem of positionProblems(body.coordinates, ['coordinates'])) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  }) as unknown as z.ZodType<{ coordinates: [number, number]; accuracy?: number }>;
export type LocationUpdate = z.infer<typeof locationUpdateSchema>;

/** A browser's Web Push subscription (PushSubscription.toJSON()). */
export const pushSubscriptionSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).max(1000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, 'must be a base64url P-256 public key'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/, 'must be a base64url secret'),
  }),
});
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

export const pushUnsubscribeSchema = z.strictObject({ endpoint: z.url().max(1000) });
