import { z } from 'zod';

/** The shapes environment variables are read as (shared by the configuration's parts). */
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));
export const int = (min: number, max: number) => z.coerce.number({ error: 'must be a number' }).int().min(min).max(max);
export const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
