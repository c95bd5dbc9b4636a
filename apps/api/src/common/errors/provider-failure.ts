/**
 * What to log of a failed call to a provider (Twilio, Telegram, an SMTP server, a push service): the error's kind, its
 * HTTP or SMTP status and its code — never its message, which providers fill with the phone number, email address or
 * address concerned ("Account not authorized to call +1…", "550 5.1.1 <someone@example.org>: …"). The database keeps
 * such contacts sealed; a log line would be their only readable copy, and it outlives every key.
 * (Read by shape, not by class: errors come from several SDKs.)
 */
export function providerFailure(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'an error without details';
  const e = error as Record<string, unknown>;
  const name = typeof e.name === 'string' && /^[A-Za-z]+$/.test(e.name) ? e.name : 'Error';
  const status = [e.status, e.statusCode, e.responseCode, e.error_code].find((n): n is number => typeof n === 'number' && Number.isInteger(n));
  const parts = [name];
  if (status !== undefined) parts.push(`status ${String(status)}`);
  const code = plainCode(e.code);
  if (code) parts.push(`code ${code}`);
  const cause = typeof e.cause === 'object' && e.cause !== null ? plainCode((e.cause as Record<string, unknown>).code) : null;
  if (cause) parts.push(`cause ${cause}`);
  return parts.join(' ');
}

/** A code as providers give them (21215, 'EENVELOPE', 'ECONNREFUSED'); anything longer or freer is left out. */
function plainCode(code: unknown): string | null {
  if (typeof code === 'number' && Number.isInteger(code)) return String(code);
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(code) ? code : null;
}
