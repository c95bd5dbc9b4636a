import { Inject, Injectable, Logger } from '@nestjs/common';
import twilio from 'twilio';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { providerFailure } from '../common/errors/provider-failure.js';

/**
 * The voice side of Twilio, through its official SDK: ring an operator's phone (an outbound call whose answer
 * runs our whisper TwiML), hang a leg up. Off (every method refuses) without TWILIO_* settings.
 */
@Injectable()
export class VoiceProvider {
  private readonly logger = new Logger(VoiceProvider.name);
  private readonly client: twilio.Twilio | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const t = config.channels.twilio;
    this.client = t?.phoneNumber ? twilio(t.accountSid, t.authToken, t.apiUrl ? { httpClient: redirecting(t.apiUrl) } : {}) : null;
  }

  get enabled(): boolean {
    return this.client !== null && this.config.channels.publicUrl !== undefined;
  }

  /** Rings `to`; when answered, Twilio fetches `url` for the TwiML to run on that phone. Returns the leg's CallSid. */
  async ring(to: string, url: string, statusCallback: string, timeoutSeconds: number): Promise<string> {
    const call = await this.requireClient().calls.create({
      to,
      from: this.config.channels.twilio!.phoneNumber!,
      url,
      statusCallback,
      statusCallbackEvent: ['completed'],
      timeout: timeoutSeconds,
    });
    return call.sid;
  }

  /** Stops a leg: cancels it while it rings, hangs it up once answered. Errors are logged (the leg may be gone). */
  async hangUp(sid: string): Promise<void> {
    const client = this.requireClient();
    try {
      await client.calls(sid).update({ status: 'canceled' });
    } catch {
      try {
        await client.calls(sid).update({ status: 'completed' });
      } catch (error) {
        this.logger.warn(`could not stop leg ${sid}: ${providerFailure(error)}`);
      }
    }
  }

  /** Deletes a call's queue once the caller left it (Twilio keeps queues until deleted). Errors are logged. */
  async removeQueue(queueSid: string): Promise<void> {
    try {
      await this.requireClient().queues(queueSid).remove();
    } catch (error) {
      this.logger.warn(`could not delete queue ${queueSid}: ${providerFailure(error)}`);
    }
  }

  private requireClient(): twilio.Twilio {
    if (!this.client) throw new Error('Twilio is not configured');
    return this.client;
  }
}

/** Twilio's own HTTP client with its API hosts rewritten to TWILIO_API_URL (the tests' stub on 127.0.0.1). */
function redirecting(base: string): InstanceType<typeof twilio.RequestClient> {
  const root = base.replace(/\/+$/, '');
  const client = new twilio.RequestClient({ timeout: 10_000 });
  const request = client.request.bind(client);
  client.request = (opts) => request({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, root) });
  return client;
}
