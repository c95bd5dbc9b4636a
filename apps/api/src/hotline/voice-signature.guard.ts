import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import twilio from 'twilio';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * Only Twilio reaches the voice webhooks: X-Twilio-Signature must be the HMAC-SHA1 (auth token) of PUBLIC_URL + the
 * path and query + the sorted POST parameters, as `twilio.validateRequest` checks. Anything else is a 403 before
 * any handler runs, so a forged request stores nothing. Without Twilio settings the routes do not exist (404).
 */
@Injectable()
export class VoiceSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const { twilio: settings, publicUrl } = this.config;
    if (!settings || !publicUrl) throw new NotFoundException();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const signature = request.headers['x-twilio-signature'];
    const params = (request.body ?? {}) as Record<string, string>;
    if (typeof signature !== 'string' || typeof params !== 'object') throw new ForbiddenException('not signed by Twilio');
    if (!twilio.validateRequest(settings.authToken, signature, publicUrl + request.url, params)) throw new ForbiddenException('not signed by Twilio');
    return true;
  }
}
