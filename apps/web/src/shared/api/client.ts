import type { ErrorResponse } from '@centinela/contracts';
import { sessionStore } from './session-store';

/** An HTTP error from the API, with the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ErrorResponse['issues'] = [],
    /** With 409: the current state of what the request tried to change. */
    readonly current?: unknown,
  ) {
    super(message);
  }
}

/** What to show for a failed request: each named field and its problem, or the message. */
export const describeError = (e: unknown): string =>
  e instanceof ApiError && e.issues?.length ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : e instanceof Error ? e.message : String(e);

/** Calls the API with the session's token; a 401 ends the session. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const session = sessionStore.get();
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch {
    throw new ApiError(0, 'offline');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (payload ?? {}) as Partial<ErrorResponse>;
    if (response.status === 401 && session) sessionStore.set(null);
    throw new ApiError(response.status, error.message ?? response.statusText, error.issues ?? [], error.current);
  }
  return payload as T;
}
