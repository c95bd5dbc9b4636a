import twilio from 'twilio';
import { request } from 'undici';
import { PROVIDER_TIMEOUT_MS, providerPool } from './provider-pool.js';

type RequestOptions<T> = import('twilio/lib/base/RequestClient.js').RequestOptions<T>;
type Response<T> = import('twilio/lib/http/response.js').default<T>;

/** Form or query parameters as Twilio reads them: arrays as repeated keys, undefined left out. */
function encode(values: object | undefined, into: URLSearchParams): URLSearchParams {
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) into.append(key, String(item));
  }
  return into;
}

/**
 * The HTTP client the twilio SDK sends through (its documented `httpClient` extension point): the SDK still builds
 * every request and reads every answer, but the request goes over undici's keep-alive connection pool instead of the
 * SDK's default axios client, which cost about twice the CPU per message (measured in the alerts bench: a fan-out
 * sends hundreds of messages a second). With `base` set (TWILIO_API_URL: the tests' stub on 127.0.0.1, or a relay a
 * network runs), requests for https://*.twilio.com go there instead.
 *
 * It extends the SDK's RequestClient only to have its type; the axios instance that constructor makes is never used.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly agent = providerPool(64);

  constructor(private readonly base: string | null) {
    super({ timeout: PROVIDER_TIMEOUT_MS });
  }

  override async request<TData>(opts: RequestOptions<TData>): Promise<Response<TData>> {
    const url = new URL(this.base ? opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, this.base) : opts.uri);
    if (opts.params) encode(opts.params, url.searchParams);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.username && opts.password) headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    else if (opts.authStrategy) headers.Authorization = await opts.authStrategy.getAuthString();
    const type = headers['Content-Type'];
    const body =
      opts.data === undefined
        ? undefined
        : type === 'application/json'
          ? JSON.stringify(opts.data)
          : encode(opts.data as object, new URLSearchParams()).toString();
    const answer = await request(url, {
      method: opts.method.toUpperCase() as 'GET',
      headers,
      body,
      dispatcher: this.agent,
    });
    // No AbortSignal per request (its timer costs CPU on every message): the pool's header and body timeouts bound
    // a request instead. The SDK parses the body itself (it accepts a string) and turns 4xx/5xx into its RestException.
    return { statusCode: answer.statusCode, body: (await answer.body.text()) as TData, headers: answer.headers };
  }

  /** Closes the pool's connections (at shutdown). */
  async close(): Promise<void> {
    await this.agent.close();
  }
}
