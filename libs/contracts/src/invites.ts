import { z } from 'zod';
import { passwordSchema, usernameSchema } from './auth.js';
import { aliasSchema, capabilitiesSchema, languagesSchema, travelModeSchema } from './responders.js';

/** A coordinator invites a responder: the profile is prepared, the responder picks a username and password. */
export const createInviteSchema = z.strictObject({
  alias: aliasSchema,
  capabilities: capabilitiesSchema.default(['verifier']),
  languages: languagesSchema.default([]),
  travelMode: travelModeSchema.default('walk'),
  zoneIds: z
    .array(z.uuid({ error: 'must be a zone id (UUID)' }))
    .max(200)
    .default([]),
});
export type CreateInvite = z.input<typeof createInviteSchema>;

export const inviteSchema = z.object({
  id: z.uuid(),
  alias: z.string(),
  /** Shown once, when the invite is made: only its hash is stored. */
  token: z.string(),
  path: z.string(),
  expiresAt: z.iso.datetime(),
});
export type Invite = z.infer<typeof inviteSchema>;

/** What the invite page shows before the responder accepts. */
export const invitePreviewSchema = z.object({ alias: z.string(), expiresAt: z.iso.datetime() });
export type InvitePreview = z.infer<typeof invitePreviewSchema>;

export const acceptInviteSchema = z.strictObject({ username: usernameSchema, password: passwordSchema });
export type AcceptInvite = z.infer<typeof acceptInviteSchema>;
