/**
 * Runs changes to an in-memory cache one at a time, in the order they were asked for, each after the previous one
 * finished (or failed). A cache kept from several sources — its own process's events, other processes' messages,
 * full reloads — needs it whenever a change reads the database before it writes the cache: without it a read that
 * began earlier can land later and put older state back.
 */
export class InOrder {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(change: () => Promise<T> | T): Promise<T> {
    const next = this.last.then(change);
    this.last = next.catch(() => undefined);
    return next;
  }
}
