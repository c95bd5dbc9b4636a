import { z } from 'zod';

export const roles = ['coordinator', 'dispatcher', 'responder'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'may contain only letters, digits, dot, dash and underscore');

export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

export const loginRequestSchema = z.strictObject({
  username: z.string().min(1, 'is required').max(40),
  password: z.string().min(1, 'is required').max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** Who is signed in. A responder account carries the id of its responder profile. */
export const sessionUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  role: roleSchema,
  responderId: z.uuid().nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const loginResponseSchema = z.object({
  accessToken: z.string(),
  expiresAt: z.iso.datetime(),
  user: sessionUserSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/**
 * An account's access, as a coordinator sees it after ending or restoring it (POST /api/users/:id/revoke and
 * /enable; `:id` is the user's id or their responder profile's id). `disabledAt` null: they may sign in.
 */
export const accountAccessSchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  role: roleSchema,
  disabledAt: z.iso.datetime().nullable(),
  /** How many signed-in devices were cut off just now (0 on re-enabling). */
  sessionsEnded: z.number().int().nonnegative(),
});
export type AccountAccess = z.infer<typeof accountAccessSchema>;

/** A dispatcher's or coordinator's account as coordinators manage it (responders are managed by their profile). */
export const staffAccountSchema = accountAccessSchema.omit({ sessionsEnded: true });
export type StaffAccount = z.infer<typeof staffAccountSchema>;
