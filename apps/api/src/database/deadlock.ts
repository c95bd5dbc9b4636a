/** PostgreSQL's SQLSTATE for a transaction it aborted to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';

/**
 * Runs `work` again when PostgreSQL aborted it to break a deadlock (at most `tries` times in all). For work whose
 * statements or transaction are all undone by the abort and may simply run again: a cancel over an alert's rows
 * against a worker's statement over two of them, each waiting for the other's row.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= tries || (error as { code?: unknown } | null)?.code !== DEADLOCK_DETECTED) throw error;
    }
  }
}
