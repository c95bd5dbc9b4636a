/** The socket's error codes of a connection that could not be made or was cut (Node's, as node-postgres passes them on). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
/** PostgreSQL's: terminated by an administrator or a crash, starting up or shutting down, too many connections. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** The pool's own, when a connection ends under a query or cannot be had in time. */
const POOL_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * What failed, when an error says a connection failed rather than that the request was wrong or our code broke:
 * the database is down, restarting, failing over or cut off (PostgreSQL's SQLSTATE class 08 is "connection
 * exception"). The same request may succeed a moment later, so it is answered 503 with Retry-After, not as a bug.
 * Null for any other error. (Read by shape, not `instanceof Error`: Node's socket errors may come from another realm.)
 */
export function connectionFailure(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return code;
  return typeof message === 'string' && POOL_MESSAGES.test(message) ? message : null;
}
