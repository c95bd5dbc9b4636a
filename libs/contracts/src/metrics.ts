import { z } from 'zod';
import { queryDateSchema } from './dates.js';
import { channels } from './sightings.js';

/** A calendar date in the network's time zone, bounded like every query date: from 2020 to a day ahead. */
export const localDateSchema = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).superRefine((d, ctx) => {
  if (d < '2020-01-01') ctx.addIssue({ code: 'custom', message: 'must not be before 2020-01-01' });
  else if (Date.parse(d) > Date.now() + 2 * 86_400_000) ctx.addIssue({ code: 'custom', message: 'must not be more than a day ahead' });
});

/** The numbers' filters: a range of days (inclusive, network time) and optionally one zone. Drills never count. */
export const metricsQuerySchema = z
  .strictObject({ from: localDateSchema.optional(), to: localDateSchema.optional(), zoneId: z.uuid({ error: 'must be a zone id (UUID)' }).optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], error: 'must not be before from' })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 731 * 86_400_000, {
    path: ['to'],
    error: 'the range may span at most two years',
  });
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

export const outcomes = ['confirmed', 'other_agency', 'false_alarm', 'unverifiable', 'none'] as const;
export type Outcome = (typeof outcomes)[number];

const percentiles = z.object({ n: z.int(), p50: z.number().nullable(), p90: z.number().nullable() });
const channelCounts = z.object(Object.fromEntries(channels.map((c) => [c, z.int()])) as Record<(typeof channels)[number], z.ZodInt>);

export const metricsSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  timeZone: z.string(),
  zoneId: z.uuid().nullable(),
  totals: z.object({ incidents: z.int(), sightings: z.int(), dispatched: z.int(), channels: channelCounts }),
  /** Sightings per hour of the week (ISO day 1 = Monday … 7, hour 0–23, network time), by channel. */
  hourOfWeek: z.array(z.object({ day: z.int(), hour: z.int(), channels: channelCounts })),
  /** When calls cluster (raids, checkpoints): the hours the chart shades. */
  peakWindows: z.array(z.object({ from: z.int(), to: z.int() })),
  /** Seconds from the first report of an incident to its first ping, first accept and first responder on scene. */
  response: z.object({
    firstPing: percentiles,
    firstAccept: percentiles,
    onScene: percentiles,
    /** Dispatched incidents with someone on scene by the end of the response window. */
    inWindow: z.object({ dispatched: z.int(), onTime: z.int(), share: z.number().nullable() }),
    windowMinutes: z.number(),
  }),
  outcomes: z.record(z.enum(outcomes), z.int()),
  /** Per zone and hour of day: incidents, how many were dispatched, how many had someone on scene in time. */
  coverage: z.array(
    z.object({ zoneId: z.uuid(), zoneName: z.string(), hours: z.array(z.object({ hour: z.int(), incidents: z.int(), dispatched: z.int(), onTime: z.int() })) }),
  ),
  /** Per responder (alias only): how they answered the pings of these incidents. */
  responders: z.array(
    z.object({
      alias: z.string(),
      pinged: z.int(),
      answered: z.int(),
      accepted: z.int(),
      declined: z.int(),
      onScene: z.int(),
      /** Answered (any answer) out of pinged. */
      answerRate: z.number(),
    }),
  ),
  /** Incidents and on-time share per week (weeks start on Monday), for the trend. */
  weekly: z.array(z.object({ week: z.iso.date(), incidents: z.int(), dispatched: z.int(), onTime: z.int() })),
  /** When the numbers were last brought up to date (they are refreshed every minute). */
  refreshedAt: z.iso.datetime().nullable(),
});
export type Metrics = z.infer<typeof metricsSchema>;

/** One day (network time) or a shift (two instants) of the daily log. */
export const dailyLogQuerySchema = z
  .strictObject({
    date: localDateSchema.optional(),
    from: queryDateSchema.optional(),
    to: queryDateSchema.optional(),
  })
  .refine((q) => (q.date === undefined) !== (q.from === undefined && q.to === undefined), { path: ['date'], error: 'give a date, or from and to' })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { path: ['to'], error: 'give both from and to' })
  .refine((q) => !q.from || !q.to || (Date.parse(q.from) < Date.parse(q.to) && Date.parse(q.to) - Date.parse(q.from) <= 7 * 86_400_000), {
    path: ['to'],
    error: 'must be after from, and at most 7 days later',
  });
export type DailyLogQuery = z.infer<typeof dailyLogQuerySchema>;

export const dailyLogKinds = ['sighting', 'incident', 'status', 'verdict', 'dispatch', 'pings', 'referral', 'merged'] as const;
export type DailyLogKind = (typeof dailyLogKinds)[number];

/**
 * What a log line says, without words: codes (status, activity, agency, capability) and numbers, for the reader's
 * language. Same source as `summary`, never free text; a size or status the record lacks is null.
 */
export const dailyLogFactsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sighting'),
    activity: z.string().nullable(),
    agency: z.string().nullable(),
    agents: z.number().nullable(),
    vehicles: z.number().nullable(),
  }),
  z.object({ kind: z.literal('incident') }),
  z.object({ kind: z.literal('status'), from: z.string().nullable(), to: z.string().nullable() }),
  z.object({ kind: z.literal('verdict'), from: z.string().nullable(), to: z.string().nullable() }),
  z.object({ kind: z.literal('dispatch'), needs: z.array(z.object({ capability: z.string(), count: z.number() })) }),
  z.object({ kind: z.literal('pings'), pinged: z.number(), accepted: z.number(), onScene: z.number(), declined: z.number() }),
  z.object({ kind: z.literal('referral'), organization: z.string(), service: z.string() }),
  /** The first 8 characters of the incident merged in. */
  z.object({ kind: z.literal('merged'), from: z.string() }),
]);
export type DailyLogFacts = z.infer<typeof dailyLogFactsSchema>;

export const dailyLogEntrySchema = z.object({
  at: z.iso.datetime(),
  kind: z.enum(dailyLogKinds),
  /** The first 8 characters of the incident's id, as the drawer shows it. */
  incident: z.string(),
  channel: z.string(),
  zones: z.string(),
  actor: z.string(),
  /** What happened, in a few words, never free text: activity and size, a status change (from → to), the needs asked, the answers. */
  summary: z.string(),
  /** The same, as codes and numbers for the reader's language (the page's "details"; `summary` stays for the CSV). */
  facts: dailyLogFactsSchema,
  drill: z.boolean(),
});
export type DailyLogEntry = z.infer<typeof dailyLogEntrySchema>;
export const dailyLogSchema = z.object({ from: z.iso.datetime(), to: z.iso.datetime(), timeZone: z.string(), entries: z.array(dailyLogEntrySchema) });
export type DailyLog = z.infer<typeof dailyLogSchema>;
