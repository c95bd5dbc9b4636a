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
