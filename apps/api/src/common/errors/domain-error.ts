/** What went wrong, in the domain's terms. One filter maps each code to an HTTP status. */
export type DomainErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'unsupported_media'
  | 'too_large'
  | 'rate_limited'
  | 'unprocessable'
  /** Not now: the database cannot be reached, or this process is stopping; the same request may succeed in a moment. */
  | 'unavailable';

export type FieldIssue = { path: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
    /** For a conflict: the current state, so the client can show it instead of its stale copy. */
    readonly current?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** A 409 carrying the current state: someone changed it first, or it is held by someone else. */
  static conflict(message: string, current?: unknown): DomainError {
    return new DomainError('conflict', message, undefined, current);
  }

  /** A 400 that names each field and its problem. */
  static invalid(issues: FieldIssue[]): DomainError {
    const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return new DomainError('invalid', message, issues);
  }

  static notFound(what: string): DomainError {
    return new DomainError('not_found', `${what} not found`);
  }
}
