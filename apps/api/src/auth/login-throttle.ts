/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one username within `windowMs`,
 * further attempts for it are refused until the window passes. Kept in memory, keyed by username only.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  isBlocked(username: string, now = Date.now()): boolean {
    const entry = this.failures.get(username);
    if (!entry || entry.resetAt <= now) return false;
    return entry.count >= this.maxFailures;
  }

  recordFailure(username: string, now = Date.now()): void {
    const entry = this.failures.get(username);
    if (!entry || entry.resetAt <= now) this.failures.set(username, { count: 1, resetAt: now + this.windowMs });
    else entry.count += 1;
    if (this.failures.size > 10_000) this.prune(now);
  }

  recordSuccess(username: string): void {
    this.failures.delete(username);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
  }
}
