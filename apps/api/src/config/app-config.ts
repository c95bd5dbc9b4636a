import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReachSettings } from '@centinela/geo';
import { z } from 'zod';
import { bool, int, optionalString, trustProxy } from './env-types.js';
import { type MessagingConfig, messagingConfig, messagingEnv } from './messaging-config.js';

/** The repository root: apps/api/{src,dist}/config → four levels up. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every environment variable Centinela reads, with its default. The README's configuration table mirrors this. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalString.pipe(z.url({ error: 'must be a postgres:// URL' }).optional()),
  DATA_DIR: z.string().default('.data'),
  KEYS_DIR: optionalString,
  PG_BIN_DIR: optionalString,
  SEED_DEMO: bool.default(true),
  JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ACCESS_TOKEN_TTL_SECONDS: int(60, 86_400).default(900),
  SESSION_MAX_HOURS: int(1, 72).default(12),
  MAP_STYLE_URL: optionalString.pipe(z.url({ error: 'must be a URL to a MapLibre style JSON' }).optional()),
  MAP_CENTER: optionalString.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const [lon, lat] = value.split(',').map(Number);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90) {
      ctx.addIssue({ code: 'custom', message: 'must be "lon,lat"' });
      return z.NEVER;
    }
    return [lon!, lat!] as [number, number];
  }),
  MAP_ZOOM: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.coerce.number().min(0).max(22).optional()),
  GEOCODE_PUBLIC_PER_MINUTE: int(1, 10_000).default(30),
  GEOCODE_PUBLIC_TOTAL_PER_MINUTE: int(1, 1_000_000).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(256 * 1024),
  REPORTS_PER_CLIENT: int(1, 10_000).default(5),
  REPORTS_PER_CLIENT_WINDOW_SECONDS: int(1, 86_400).default(600),
  REPORTS_TOTAL_PER_MINUTE: int(1, 100_000).default(60),
  ALERT_SIGNUPS_PER_CLIENT: int(1, 100_000).default(30),
  ALERT_SIGNUPS_PER_CLIENT_WINDOW_SECONDS: int(1, 86_400).default(600),
  ALERT_SIGNUPS_TOTAL_PER_MINUTE: int(1, 1_000_000).default(300),
  TRUST_PROXY: trustProxy.default(false),
  WEB_DIST: optionalString,
  RESPONSE_WINDOW_MINUTES: z.coerce.number().min(1).max(120).default(7),
  DETOUR_FACTOR: z.coerce.number().min(1).max(5).default(1.3),
  SPEED_WALK_KMH: z.coerce.number().min(1).max(200).default(5),
  SPEED_BIKE_KMH: z.coerce.number().min(1).max(200).default(15),
  SPEED_CAR_KMH: z.coerce.number().min(1).max(200).default(30),
  SPEED_TRANSIT_KMH: z.coerce.number().min(1).max(200).default(15),
  WAVE_1_FACTOR: z.coerce.number().min(1).max(10).default(1.5),
  WAVE_2_AFTER_SECONDS: int(1, 3600).default(60),
  WAVE_3_AFTER_SECONDS: int(1, 3600).default(90),
  WAVE_4_AFTER_SECONDS: int(1, 3600).default(120),
  WAVE_3_REACH_MINUTES: z.coerce.number().min(1).max(240).default(10),
  WAVE_MAX_PINGS: int(1, 100_000).default(250),
  NEIGHBOUR_ZONE_METERS: int(0, 50_000).default(500),
  AUTO_DISPATCH_VERIFIERS: int(0, 20).default(2),
  LOCATION_TTL_MINUTES: z.coerce.number().min(1).max(120).default(10),
  INVITE_TTL_HOURS: int(1, 24 * 90).default(168),
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:)/, 'must start with mailto: or https:')
    .default('mailto:centinela@example.invalid'),
  PUSH_ALLOWED_HOSTS: z
    .string()
    .default('fcm.googleapis.com,updates.push.services.mozilla.com,*.push.apple.com,*.notify.windows.com')
    .transform((value) =>
      value
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  PUSH_EXTRA_CA_FILE: optionalString,
  GROUP_DISTANCE_METERS: int(0, 10_000).default(300),
  GROUP_WINDOW_MINUTES: int(0, 24 * 60).default(45),
  EXPIRE_UNCONFIRMED_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(4),
  CLAIM_IDLE_MINUTES: int(1, 24 * 60).default(10),
  VERDICT_MAX_DISTANCE_METERS: int(10, 10_000).default(150),
  WITNESS_RETENTION_DAYS: int(1, 3650).default(30),
  UNCONFIRMED_RETENTION_DAYS: z.coerce.number().min(0).max(365).default(3),
  RECORD_RETENTION_DAYS: int(1, 36_500).default(730),
  MEDIA_MAX_BYTES: int(10_000, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  MEDIA_MAX_PIXELS: int(10_000, 400_000_000).default(40_000_000),
  OBSERVED_MAX_AGE_HOURS: int(1, 24 * 365).default(7 * 24),
  CLOCK_SKEW_SECONDS: int(0, 3600).default(300),
  PLAN_AHEAD_DAYS: int(1, 3650).default(366),
  PUBLIC_MAP: bool.default(false),
  PUBLIC_MAP_DELAY_MINUTES: int(0, 24 * 60).default(15),
  PUBLIC_MAP_GRID_METERS: int(50, 10_000).default(250),
  PUBLIC_MAP_HOURS: int(1, 24 * 30).default(24),
  NETWORK_TIME_ZONE: z
    .string()
    .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone)
    .refine(isTimeZone, 'must be an IANA time zone such as America/Chicago'),
  REFERRAL_REVERIFY_DAYS: int(1, 3650).default(180),
  ...messagingEnv,
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type AppConfig = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Crypto-shredding keys (one file per purpose and day), outside PostgreSQL; default DATA_DIR/keys. */
  keysDir: string;
  pgBinDir: string | undefined;
  seedDemo: boolean;
  jwtSecret: string | undefined;
  accessTokenTtlSeconds: number;
  sessionMaxHours: number;
  /** The basemap; center and zoom unset: the imported map's extent (or the whole world without one). */
  map: { styleUrl: string | undefined; center: [number, number] | undefined; zoom: number | undefined };
  logLevel: string;
  bodyLimitBytes: number;
  /** What anyone may do without an account (PublicLimits): per client and window, and in total per minute. */
  publicLimits: Record<'report' | 'geocode' | 'alertSignup', { perClient: number; perClientWindowSeconds: number; totalPerMinute: number }>;
  /**
   * Which proxies in front are believed about the client's address (X-Forwarded-For), as Fastify's `trustProxy`:
   * false (none), a number of hops (`true` is 1: the rightmost entry is the client), or proxy addresses/CIDRs.
   */
  trustProxy: false | number | string[];
  /** The built web app, served at `/` when present. */
  webDist: string;
  dispatch: {
    /** Seconds after a sighting was observed within which responders should arrive. */
    windowSeconds: number;
    reach: ReachSettings;
    /** Wave 1 pings this many times the count needed, nearest first. */
    wave1Factor: number;
    /** Seconds after wave 1, 2 and 3 went out before the next wave, if the need is not filled. */
    waveDelaysSeconds: [number, number, number];
    wave3ReachSeconds: number;
    /** The most responders an escalation wave (2–4) asks per need, nearest first. */
    waveMaxPings: number;
    neighbourZoneMeters: number;
    /** Verifiers dispatched automatically for sightings a dispatcher logs from a hotline call; 0 turns it off. */
    autoDispatchVerifiers: number;
  };
  locationTtlSeconds: number;
  inviteTtlHours: number;
  push: {
    publicKey: string | undefined;
    privateKey: string | undefined;
    subject: string;
    /** Push service hosts subscriptions may point at (`*.` matches subdomains): the server POSTs there. */
    allowedHosts: string[];
    /** An extra CA certificate (PEM file) to trust for push services, e.g. a self-hosted one. */
    extraCaFile: string | undefined;
  };
  incidents: {
    /** A new sighting joins an open incident this close… */
    groupMeters: number;
    /** …whose newest sighting was observed within this long of it. */
    groupWindowMs: number;
    /** Unconfirmed incidents leave the live map this long after their last sighting. */
    expireAfterMs: number;
    /** A claim lapses after this long without its holder acting on the incident. */
    claimIdleMs: number;
    /** A verdict moves the incident to where the responder is only within this distance of it. */
    verdictMaxMeters: number;
    /** Witness contacts are deleted this long after they were recorded. */
    witnessRetentionMs: number;
    /** Unconfirmed incidents are deleted this long after they leave the live map. */
    unconfirmedRetentionMs: number;
    /** Confirmed incidents' records are deleted this long after they are resolved. */
    recordRetentionMs: number;
  };
  media: { maxBytes: number; maxPixels: number; dir: string };
  /** The windows client-sent dates must fall in (libs/contracts dates.ts). */
  dates: { observedMaxAgeMs: number; clockSkewMs: number; planAheadMs: number; planBehindMs: number };
  publicMap: { enabled: boolean; delayMs: number; gridMeters: number; showForMs: number };
  /** The IANA time zone the network lives in: opening hours, hours of the week and days of the daily log. */
  timeZone: string;
  /** Referral entries not verified for this many days are due for re-verification. */
  referralReverifyDays: number;
  /** Alerts, channels, hotline calls and shifts (see messaging-config.ts). */
} & MessagingConfig;

export class ConfigError extends Error {}

/** Reads and validates the environment once at boot; a bad value stops the start with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.TELEGRAM_BOT_TOKEN && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid configuration:\n  TELEGRAM_WEBHOOK_SECRET: must be set when TELEGRAM_BOT_TOKEN is (the webhook refuses updates without it)');
  }
  const fromRoot = (p: string) => (path.isAbsolute(p) ? p : path.join(REPO_ROOT, p));
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: fromRoot(e.DATA_DIR),
    keysDir: fromRoot(e.KEYS_DIR ?? path.join(e.DATA_DIR, 'keys')),
    pgBinDir: e.PG_BIN_DIR,
    seedDemo: e.SEED_DEMO,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    map: { styleUrl: e.MAP_STYLE_URL, center: e.MAP_CENTER, zoom: e.MAP_ZOOM },
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    publicLimits: {
      report: { perClient: e.REPORTS_PER_CLIENT, perClientWindowSeconds: e.REPORTS_PER_CLIENT_WINDOW_SECONDS, totalPerMinute: e.REPORTS_TOTAL_PER_MINUTE },
      geocode: { perClient: e.GEOCODE_PUBLIC_PER_MINUTE, perClientWindowSeconds: 60, totalPerMinute: e.GEOCODE_PUBLIC_TOTAL_PER_MINUTE },
      alertSignup: {
        perClient: e.ALERT_SIGNUPS_PER_CLIENT,
        perClientWindowSeconds: e.ALERT_SIGNUPS_PER_CLIENT_WINDOW_SECONDS,
        totalPerMinute: e.ALERT_SIGNUPS_TOTAL_PER_MINUTE,
      },
    },
    trustProxy: e.TRUST_PROXY,
    webDist: fromRoot(e.WEB_DIST ?? 'apps/web/dist'),
    dispatch: {
      windowSeconds: e.RESPONSE_WINDOW_MINUTES * 60,
      reach: {
        detourFactor: e.DETOUR_FACTOR,
        speedsKmh: { walk: e.SPEED_WALK_KMH, bike: e.SPEED_BIKE_KMH, car: e.SPEED_CAR_KMH, transit: e.SPEED_TRANSIT_KMH },
      },
      wave1Factor: e.WAVE_1_FACTOR,
      waveDelaysSeconds: [e.WAVE_2_AFTER_SECONDS, e.WAVE_3_AFTER_SECONDS, e.WAVE_4_AFTER_SECONDS],
      wave3ReachSeconds: e.WAVE_3_REACH_MINUTES * 60,
      waveMaxPings: e.WAVE_MAX_PINGS,
      neighbourZoneMeters: e.NEIGHBOUR_ZONE_METERS,
      autoDispatchVerifiers: e.AUTO_DISPATCH_VERIFIERS,
    },
    locationTtlSeconds: e.LOCATION_TTL_MINUTES * 60,
    inviteTtlHours: e.INVITE_TTL_HOURS,
    push: {
      publicKey: e.VAPID_PUBLIC_KEY,
      privateKey: e.VAPID_PRIVATE_KEY,
      subject: e.VAPID_SUBJECT,
      allowedHosts: e.PUSH_ALLOWED_HOSTS,
      extraCaFile: e.PUSH_EXTRA_CA_FILE ? fromRoot(e.PUSH_EXTRA_CA_FILE) : undefined,
    },
    incidents: {
      groupMeters: e.GROUP_DISTANCE_METERS,
      groupWindowMs: e.GROUP_WINDOW_MINUTES * 60_000,
      expireAfterMs: e.EXPIRE_UNCONFIRMED_HOURS * 3_600_000,
      claimIdleMs: e.CLAIM_IDLE_MINUTES * 60_000,
      verdictMaxMeters: e.VERDICT_MAX_DISTANCE_METERS,
      witnessRetentionMs: e.WITNESS_RETENTION_DAYS * 86_400_000,
      unconfirmedRetentionMs: e.UNCONFIRMED_RETENTION_DAYS * 86_400_000,
      recordRetentionMs: e.RECORD_RETENTION_DAYS * 86_400_000,
    },
    media: { maxBytes: e.MEDIA_MAX_BYTES, maxPixels: e.MEDIA_MAX_PIXELS, dir: path.join(fromRoot(e.DATA_DIR), 'media') },
    dates: {
      observedMaxAgeMs: e.OBSERVED_MAX_AGE_HOURS * 3_600_000,
      clockSkewMs: e.CLOCK_SKEW_SECONDS * 1000,
      planAheadMs: e.PLAN_AHEAD_DAYS * 86_400_000,
      planBehindMs: 7 * 86_400_000,
    },
    publicMap: {
      enabled: e.PUBLIC_MAP,
      delayMs: e.PUBLIC_MAP_DELAY_MINUTES * 60_000,
      gridMeters: e.PUBLIC_MAP_GRID_METERS,
      showForMs: e.PUBLIC_MAP_HOURS * 3_600_000,
    },
    timeZone: e.NETWORK_TIME_ZONE,
    referralReverifyDays: e.REFERRAL_REVERIFY_DAYS,
    ...messagingConfig(e),
  };
}

export function webDistExists(config: AppConfig): boolean {
  return existsSync(path.join(config.webDist, 'index.html'));
}
