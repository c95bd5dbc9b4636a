import { Agent } from 'undici';

/** How long a provider's API may take to send its answer's headers, then its body, before the request fails. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * The keep-alive connection pool the provider SDKs send through (twilio's `httpClient`, grammY's `client.fetch`):
 * one per provider and process, `connections` at most (a fan-out's burst goes out at once).
 */
export const providerPool = (connections: number): Agent =>
  new Agent({ keepAliveTimeout: 30_000, connections, headersTimeout: PROVIDER_TIMEOUT_MS, bodyTimeout: PROVIDER_TIMEOUT_MS });
