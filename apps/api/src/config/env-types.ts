import { isIP } from 'node:net';
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

/** proxy-addr's names for address ranges, usable in a TRUST_PROXY list. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (item: string) => {
  if (RANGE_NAMES.includes(item)) return true;
  const [address = '', bits, ...rest] = item.split('/');
  const version = isIP(address);
  if (!version || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (version === 4 ? 32 : 128);
};

/**
 * TRUST_PROXY: `false`; `true` (exactly one proxy in front, which appends the address it saw: the rightmost
 * X-Forwarded-For entry is the client, whatever the client wrote to its left); a number of proxy hops; or a
 * comma-separated list of the proxies' addresses or CIDRs (entries added by them are skipped from the right).
 */
export const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (['false', '0', 'no', ''].includes(value)) return false;
    if (['true', 'yes'].includes(value)) return 1;
    if (/^\d+$/.test(value)) return Number(value) <= 20 ? Number(value) : (ctx.addIssue({ code: 'custom', message: 'must be at most 20 hops' }), z.NEVER);
    const list = value.split(',').map((item) => item.trim());
    const bad = list.find((item) => !isProxyAddress(item));
    if (bad === undefined) return list;
    ctx.addIssue({ code: 'custom', message: `must be false, true, a number of hops, or proxy addresses/CIDRs (not "${bad}")` });
    return z.NEVER;
  });
