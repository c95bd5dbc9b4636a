/**
 * What one process has accounted for of a versioned topic (see ClusterChannel): every version up to `seen`, and
 * some above it. A version is accounted for once its change is in this process's cache: its own change (applied
 * locally), another process's message, or a reload that read at least that version.
 *
 * Versions are bumped in the changing transaction on one row, so they are committed in order and without holes, and
 * PostgreSQL delivers notifications in commit order. This process's own change can take a version while another
 * process's lower one is still on its way (that transaction committed first, its notification not read yet): the
 * lower one must still be applied when it arrives. A version missing below one received from another process was
 * lost (a dropped connection): only a reload recovers it.
 */
export class TopicVersion {
  private seen = 0;
  private readonly ahead = new Set<number>();

  /** Every version up to this one is accounted for. */
  get upTo(): number {
    return this.seen;
  }

  /** This process's own change took `version` (in its transaction; applied to its cache by its local event). */
  own(version: number): void {
    this.account(version);
  }

  /**
   * Another process's message of `version` arrived. `apply`: apply it (even one already accounted for: a reload may
   * have covered it, and applying a change again reads the same rows). `reload`: a version below it never arrived.
   */
  received(version: number): 'apply' | 'reload' {
    this.account(version);
    return this.seen < version ? 'reload' : 'apply';
  }

  /** A reload read the topic at `version` or later: everything up to it is accounted for. */
  reloaded(version: number): void {
    if (version <= this.seen) return;
    this.seen = version;
    for (const v of this.ahead) if (v <= version) this.ahead.delete(v);
    this.absorb();
  }

  /** The database is at `version`: is a change this process never saw among those up to it? */
  behind(version: number): boolean {
    return version > this.seen;
  }

  private account(version: number): void {
    if (version <= this.seen) return;
    this.ahead.add(version);
    this.absorb();
  }

  private absorb(): void {
    while (this.ahead.delete(this.seen + 1)) this.seen++;
  }
}
