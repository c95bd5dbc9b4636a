import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Sends the missed-call SMS through Twilio's SDK (pointed at TWILIO_API_URL in tests). Off without Twilio settings. */
@Injectable()
export class SmsSender {
  private readonly client: twilio.Twilio | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const t = config.twilio;
    this.client = t ? twilio(t.accountSid, t.authToken, t.apiUrl ? { httpClient: redirecting(t.apiUrl) } : {}) : null;
  }

  async send(to: string, text: string, _ref: string): Promise<void> {
    if (!this.client) return;
    await this.client.messages.create({ to, from: this.config.twilio!.phoneNumber, body: text });
  }
}

export function redirecting(base: string): InstanceType<typeof twilio.RequestClient> {
  const root = base.replace(/\/+$/, '');
  const client = new twilio.RequestClient();
  const request = client.request.bind(client);
  client.request = (opts) => request({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, root) });
  return client;
}
