/** How far after its slot a send may still go; a later one takes a fresh slot (a busy event loop, a slow query). */
const TOLERANCE_MS = 10;
/**
 * How much longer one message may take than another from leaving on time to reaching the provider: a request's
 * first-call work in the SDK, a new connection in the pool, the network. Measured at the tests' stub on 127.0.0.1:
 * up to ~20 ms between neighbouring messages of one process, and the first SMS of a process ~100 ms late before the
 * Twilio SDK's modules were loaded at startup (see TwilioGateway). Twice the spread seen, for a loaded machine.
 */
const TRANSIT_MS = 40;

/**
 * How a provider's messages are paced against its limit of `rate` messages a second, shared by every process (the
 * slots are reserved from one row per provider in PostgreSQL, see SendWindowsRepository.reserve).
 *
 * - Slots are reserved `count` at a time and spaced `intervalMs` apart (GCRA): a burst of `count` messages goes at its
 *   first slot, then the pace waits for the burst's whole share of time. One timer and one event-loop wake-up for a
 *   burst instead of one per message (sent one by one, each HTTP request cost ~600 µs of CPU on a 2-core VM; ten at
 *   a time ~350 µs). Twilio queues what exceeds a number's throughput within a second, so ten bursts a second are as
 *   good as a stream.
 * - GCRA alone is exact while every reservation is made of whole bursts of one size, each going at its own slot
 *   (Twilio). Where bursts of different sizes mix (Telegram and Web Push, below), the row also keeps the slots of the
 *   last `logSize` (= rate) messages, and a reservation is never earlier than the one that would put more than `rate`
 *   into a window of `windowMs`.
 * - A message goes at most `toleranceMs` after its slot, and the window is `1 s + tolerance + transit`, so any one
 *   second at the provider — not only calendar seconds — holds at most `rate` messages even with a late one in it or
 *   one that took longer to get there, at the cost of pacing 5 % below the limit (190/s for 200/s).
 * - Twilio (`inTurn` false): bursts of `burst` (a tenth of the rate, dividing it) go at once, `slice` (whole bursts,
 *   about a quarter of a second) is what a worker hands to the provider together.
 * - Telegram and Web Push (`inTurn` true): a provider that keeps no list of what was sent gets one message at a time,
 *   so a worker that dies leaves at most one unknown (and none while it waits for a slot, see sendInTurn). Up to
 *   `burst` of them share a slot when the provider answers fast enough for all of them to go within the tolerance
 *   (see burstFor in alert-sender.ts). `slice` is one burst, so a worker claims rows in whole bursts: a short burst
 *   at the end of every claim would make the log hold the next full one back (measured: Telegram at 28.1–28.4/s
 *   instead of 28.5–28.8/s with 30/s configured).
 */
export type Pace = {
  rate: number;
  intervalMs: number;
  windowMs: number;
  toleranceMs: number;
  burst: number;
  slice: number;
  inTurn: boolean;
  logSize: number;
};

export function paceOf(provider: 'twilio' | 'telegram' | 'webpush', rate: number): Pace {
  const windowMs = 1000 + TOLERANCE_MS + TRANSIT_MS;
  const common = { rate, intervalMs: windowMs / rate, windowMs, toleranceMs: TOLERANCE_MS };
  let burst = Math.max(1, Math.floor(rate / 10));
  if (provider !== 'twilio') return { ...common, burst, slice: burst, inTurn: true, logSize: rate };
  while (rate % burst !== 0) burst--;
  return { ...common, burst, slice: burst * Math.max(1, Math.round(rate / 4 / burst)), inTurn: false, logSize: 0 };
}
