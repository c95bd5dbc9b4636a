import type { ApiErrorReason, FieldIssue } from '@centinela/contracts';

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

/** One field of a 400: its path, the API's words, and a code the client can say in its reader's language. */
export type { FieldIssue };

/** How many field issues a 400 lists, and how long a path or message in it may be (they can echo a client's keys). */
const MAX_ISSUES = 20;
const MAX_ISSUE_TEXT = 200;
const clip = (text: string): string => {
  if (text.length <= MAX_ISSUE_TEXT) return text;
  const cut = text.slice(0, MAX_ISSUE_TEXT - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`; // never half of a surrogate pair
};

export class DomainError extends Error {
  /** Why, as a stable code a client says in its reader's language (libs/contracts errors.ts); see `because`. */
  reason?: ApiErrorReason;
  params?: Record<string, string>;

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

  /** Names the reason (and the values its sentence needs), so the web app can say it in the reader's language. */
  because(reason: ApiErrorReason, params?: Record<string, string | number>): this {
    this.reason = reason;
    if (params) this.params = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
    return this;
  }

  /** A 409 carrying the current state: someone changed it first, or it is held by someone else. */
  static conflict(message: string, current?: unknown): DomainError {
    return new DomainError('conflict', message, undefined, current);
  }

  /** A 400 that names each field and its problem. */
  static invalid(issues: FieldIssue[]): DomainError {
    // A body with thousands of bad keys gets a short answer: the first problems, each named, and a count of the rest.
    const shown = issues.slice(0, MAX_ISSUES).map((i) => ({ ...i, path: clip(i.path), message: clip(i.message) }));
    const more = issues.length - shown.length;
    const message = shown.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') + (more > 0 ? `; and ${more} more problems` : '');
    return new DomainError('invalid', message, shown);
  }

  static notFound(what: string): DomainError {
    return new DomainError('not_found', `${what} not found`);
  }
}
