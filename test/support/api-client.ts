/** A small HTTP client for tests: JSON in, status and JSON out, optional bearer token. */
export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
    readonly headers: Record<string, string> = {},
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token, this.headers);
  }

  /** The same client sending extra headers on every request (X-Forwarded-For, Idempotency-Key…). */
  with(headers: Record<string, string>): ApiClient {
    return new ApiClient(this.baseUrl, this.token, { ...this.headers, ...headers });
  }

  get<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request('GET', path);
  }
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request('POST', path, body);
  }
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request('PATCH', path, body);
  }
  put<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request('PUT', path, body);
  }
  delete<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request('DELETE', path);
  }

  /** Sends a raw body (for malformed or oversized payloads). */
  async raw(method: string, path: string, body: string, contentType = 'application/json'): Promise<ApiResponse> {
    return this.send(method, path, body, contentType);
  }

  private request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  private async send(method: string, path: string, body: string | undefined, contentType: string): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...this.headers };
    if (body !== undefined) headers['content-type'] = contentType;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
}
