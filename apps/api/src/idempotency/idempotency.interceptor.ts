import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyService } from './idempotency.service.js';

const EXEMPT = Symbol('idempotency-exempt');

/**
 * For routes that must not replay a recorded response (signing in returns a fresh token) or that implement
 * their own retry rule (a ping's answers); the reason is written where it is used.
 */
export const IdempotencyExempt = () => SetMetadata(EXEMPT, true);

/**
 * Every POST honours `Idempotency-Key` (see IdempotencyService). JSON bodies are fingerprinted here; multipart
 * uploads are fingerprinted by their controllers once the parts are read (they call IdempotencyService.run).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'POST' || request.isMultipart()) return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(EXEMPT, [context.getHandler(), context.getClass()])) return next.handle();
    if (this.idempotency.keyOf(request) === undefined) return next.handle();
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const fingerprint = this.idempotency.fingerprintOf(request, request.body ?? null);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(
      this.idempotency
        .run<unknown>(request, fingerprint, status, () => lastValueFrom<unknown, undefined>(next.handle() as Observable<unknown>, { defaultValue: undefined }))
        .then((value) => {
          if (this.idempotency.wasReplayed(request)) void reply.header('idempotent-replayed', 'true');
          return value;
        }),
    );
  }
}
