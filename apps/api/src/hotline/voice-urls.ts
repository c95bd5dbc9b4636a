/** A voice webhook's absolute URL on PUBLIC_URL (what Twilio calls, and what it signs), with its query. */
export function voiceWebhookUrl(publicUrl: string | undefined, step: string, query: Record<string, string>): string {
  return `${publicUrl ?? ''}/api/webhooks/twilio/voice/${step}?${new URLSearchParams(query).toString()}`;
}
