import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { TwilioGateway } from './twilio.gateway.js';

/** A Twilio webhook's form params, each as one string (Twilio never repeats a name). */
export type TwilioParams = Record<string, string>;

/**
 * Lets a request through only if Twilio signed it (X-Twilio-Signature: HMAC-SHA1 with the auth token over the URL
 * Twilio called — PUBLIC_URL plus the path and query — and the sorted POST params). Anything else is a 403 before
 * the handler runs, so nothing is stored. With Twilio unconfigured, every request is refused.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(private readonly twilio: TwilioGateway) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['x-twilio-signature'];
    const params = formParams(request.body);
    if (!this.twilio.validSignature(typeof header === 'string' ? header : undefined, request.url, params)) {
      throw new DomainError('forbidden', 'not signed by Twilio');
    }
    return true;
  }
}

export function formParams(body: unknown): TwilioParams {
  const params: TwilioParams = {};
  if (typeof body !== 'object' || body === null) return params;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') params[key] = value[0];
  }
  return params;
}
