import { systemClock, type Clock } from 'pg-boss';

export type { Clock };

/**
 * Injection token for the clock every time-based rule reads (response windows, location freshness,
 * escalation). The same clock drives pg-boss, so a test's clock moves the job queue's time too.
 */
export const CLOCK = Symbol('CLOCK');

export { systemClock };
