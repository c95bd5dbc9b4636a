import type { ErrorResponse } from '@centinela/contracts';
import { ApiError } from './errors';
import { sessionStore } from './session-store';

export { ApiError, describeError, describeIssue } from './errors';

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
    const error = payload as Partial<ErrorResponse> | null;
    if (response.status === 401 && session) sessionStore.set(null);
    throw ApiError.of(response.status, error, response.statusText);
  }
  return payload as T;
}
