import { Inject, Injectable, Logger } from '@nestjs/common';
import twilio from 'twilio';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { redirecting } from './sms-sender.js';

/**
 * The voice side of Twilio, through its official SDK: ring an operator's phone (an outbound call whose answer
 * runs our whisper TwiML), hang a leg up. Off (every method refuses) without TWILIO_* settings.
 */
@Injectable()
export class VoiceProvider {
  private readonly logger = new Logger(VoiceProvider.name);
  private readonly client: twilio.Twilio | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const t = config.twilio;
    this.client = t ? twilio(t.accountSid, t.authToken, t.apiUrl ? { httpClient: redirecting(t.apiUrl) } : {}) : null;
  }

  get enabled(): boolean {
    return this.client !== null && this.config.publicUrl !== undefined;
  }

  /** Rings `to`; when answered, Twilio fetches `url` for the TwiML to run on that phone. Returns the leg's CallSid. */
  async ring(to: string, url: string, statusCallback: string, timeoutSeconds: number): Promise<string> {
    const call = await this.requireClient().calls.create({
      to,
      from: this.config.twilio!.phoneNumber,
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
        this.logger.warn(`could not stop leg ${sid}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private requireClient(): twilio.Twilio {
    if (!this.client) throw new Error('Twilio is not configured');
    return this.client;
  }
}
