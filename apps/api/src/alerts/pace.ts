/** How far after its slot a send may still go; a later one takes a fresh slot (a busy event loop, a slow query). */
const TOLERANCE_MS = 10;

/**
 * How a provider's messages are paced against its limit of `rate` messages a second, shared by every process (the
 * slots are reserved from one GCRA row in PostgreSQL, see DeliveriesRepository.reserve).
 *
 * - `burst` messages go together, every `burst × intervalMs`: one timer and one event-loop wake-up for a burst instead
 *   of one per message (sent one by one, each HTTP request cost ~600 µs of CPU on a 2-core VM; ten at a time ~350 µs).
 *   Twilio queues what exceeds a number's throughput within a second, so ten bursts a second are as good as a stream.
 *   `burst` divides `rate`, so a second always holds whole bursts.
 * - A burst goes at most `toleranceMs` after its slot, and slots are `(1 s + tolerance) / rate` apart, so any one
 *   second — not only calendar seconds — holds at most `rate` messages even with a late burst in it, at the cost of
 *   pacing 1 % below the limit (198/s for 200/s).
 * - `slice` (whole bursts, about a quarter of a second) is what a worker hands to the provider at once; Telegram
 *   keeps no list of what a bot sent, so its messages go one at a time (at most one unknown per dead worker).
 */
export type Pace = { intervalMs: number; toleranceMs: number; burst: number; slice: number };

export function paceOf(provider: 'twilio' | 'telegram' | 'webpush', rate: number): Pace {
  const intervalMs = (1000 + TOLERANCE_MS) / rate;
  if (provider !== 'twilio') return { intervalMs, toleranceMs: TOLERANCE_MS, burst: 1, slice: 1 };
  let burst = Math.max(1, Math.floor(rate / 10));
  while (rate % burst !== 0) burst--;
  return { intervalMs, toleranceMs: TOLERANCE_MS, burst, slice: burst * Math.max(1, Math.round(rate / 4 / burst)) };
}
