import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { providerFailure } from '../common/errors/provider-failure.js';

/** Email through `nodemailer` to SMTP_URL (from MAIL_FROM); off when SMTP_URL is unset. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const smtp = config.channels.smtp;
    this.transport = smtp ? nodemailer.createTransport(smtp.url) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends one email; false when email is off or the server refused it (logged by its code: the server's reply names the address). */
  async send(message: { to: string; subject: string; text: string }): Promise<boolean> {
    if (!this.transport) return false;
    try {
      await this.transport.sendMail({ from: this.config.channels.smtp!.from, ...message });
      return true;
    } catch (error) {
      this.logger.warn(`an email was not sent: ${providerFailure(error)}`);
      return false;
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
