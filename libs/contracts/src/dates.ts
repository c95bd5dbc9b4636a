import { z } from 'zod';

/**
 * The windows every date a client sends must fall in. A date outside is refused with a 400 naming the field:
 * a sighting "observed" in 1900 must not open an incident, a follow-up "due" in 9999 is a typo.
 * The API sets them once at boot from its configuration (`configureDateWindows`); the web app uses the defaults.
 */
export type DateWindows = {
  /** How far back an observation may lie (OBSERVED_MAX_AGE_HOURS). */
  observedMaxAgeMs: number;
  /** How far ahead of the server's clock any "now-ish" date may lie: phones' clocks drift (CLOCK_SKEW_SECONDS). */
  clockSkewMs: number;
  /** How far ahead a planned date (a follow-up, a shift) may lie (PLAN_AHEAD_DAYS). */
  planAheadMs: number;
  /** How far back a planned date may lie (a follow-up logged after the fact). */
  planBehindMs: number;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const dateWindows: DateWindows = {
  observedMaxAgeMs: 7 * DAY,
  clockSkewMs: 5 * 60_000,
  planAheadMs: 366 * DAY,
  planBehindMs: 7 * DAY,
};

/** Called once by the API at boot with its validated configuration. */
export function configureDateWindows(windows: Partial<DateWindows>): void {
  Object.assign(dateWindows, windows);
}

/** The earliest date any query or record can sensibly name: before Centinela existed nothing was recorded. */
export const EARLIEST_DATE_MS = Date.UTC(2020, 0, 1);

const describeSpan = (ms: number) => (ms % DAY === 0 ? `${ms / DAY} days` : ms % HOUR === 0 ? `${ms / HOUR} hours` : `${Math.round(ms / 60_000)} minutes`);

const isoDateTime = (error: string) => z.iso.datetime({ offset: true, error });

/** When something was observed: not in the future (beyond clock skew), not older than the configured window. */
export const observedAtSchema = isoDateTime('must be an ISO 8601 date-time with a time zone, e.g. 2026-11-22T08:15:00Z').superRefine((value, ctx) => {
  const at = Date.parse(value);
  const now = Date.now();
  if (at > now + dateWindows.clockSkewMs) ctx.addIssue({ code: 'custom', message: 'must not be in the future' });
  else if (at < now - dateWindows.observedMaxAgeMs)
    ctx.addIssue({ code: 'custom', message: `must be within the last ${describeSpan(dateWindows.observedMaxAgeMs)}` });
});

/** A planned date (a follow-up's due date, a shift): within the planning window around now. */
export const plannedAtSchema = isoDateTime('must be an ISO 8601 date-time with a time zone').superRefine((value, ctx) => {
  const at = Date.parse(value);
  const now = Date.now();
  if (at > now + dateWindows.planAheadMs) ctx.addIssue({ code: 'custom', message: `must be within the next ${describeSpan(dateWindows.planAheadMs)}` });
  else if (at < now - dateWindows.planBehindMs)
    ctx.addIssue({ code: 'custom', message: `must not be more than ${describeSpan(dateWindows.planBehindMs)} ago` });
});

/** A date a query starts or ends at: from 2020 to a day ahead. */
export const queryDateSchema = isoDateTime('must be an ISO 8601 date-time').superRefine((value, ctx) => {
  const at = Date.parse(value);
  if (at < EARLIEST_DATE_MS) ctx.addIssue({ code: 'custom', message: 'must not be before 2020-01-01' });
  else if (at > Date.now() + DAY) ctx.addIssue({ code: 'custom', message: 'must not be more than a day ahead' });
});
