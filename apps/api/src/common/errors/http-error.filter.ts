import type { ErrorResponse } from '@centinela/contracts';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bodyTooLargeMessage } from '../http/body-limit.js';
import { connectionFailure } from './connection-failure.js';
import { DomainError, type DomainErrorCode } from './domain-error.js';

const statusOf = (code: DomainErrorCode): number => {
  switch (code) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'gone':
      return HttpStatus.GONE;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'unsupported_media':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'unprocessable':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
};

/** Nest's HttpException bodies carry `message` as a string or a list of strings. */
const messageOf = (body: object, fallback: string): string => {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return fallback;
};

function assertUnreachable(value: never): never {
  throw new Error(`unhandled domain error code ${String(value)}`);
}

const reasonPhrase = (status: number) =>
  (HttpStatus[status] ?? 'Error').toLowerCase().replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase());

/**
 * A response recorded earlier and sent again as it was (an idempotent request's replay): the filter sends its
 * status and body unchanged.
 */
export class ReplayedResponse extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super('replayed response');
  }
}

/** How long a client should wait before trying a 503 again, in seconds (the pool reconnects within about a second). */
const RETRY_AFTER_SECONDS = 5;

/**
 * The one ErrorResponse shape for an error. Domain errors and 4xx errors keep their message; a failed connection
 * (the database down or restarting) is a 503 to retry (`unreachable` says so, for the caller to log it once, without
 * a stack); anything else is a bug, answered with a bare 500 (`bug` says so, for the caller to log it).
 */
export function errorResponseOf(error: unknown): ErrorResponse & { bug?: true; unreachable?: true } {
  if (error instanceof DomainError) {
    const statusCode = statusOf(error.code);
    return {
      statusCode,
      error: reasonPhrase(statusCode),
      message: error.message,
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.params ? { params: error.params } : {}),
      ...(error.issues ? { issues: error.issues } : {}),
      ...(error.current !== undefined ? { current: error.current } : {}),
    };
  }
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    if (statusCode < 500) {
      const res = error.getResponse();
      const message = typeof res === 'string' ? res : messageOf(res, error.message);
      return { statusCode, error: reasonPhrase(statusCode), message };
    }
  }
  // Fastify's own errors (body too large, malformed JSON, wrong content type) carry a 4xx statusCode.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { statusCode, error: reasonPhrase(statusCode), message: (error as Error).message };
  }
  const failed = connectionFailure(error);
  if (failed) {
    const status = HttpStatus.SERVICE_UNAVAILABLE;
    return {
      statusCode: status,
      error: reasonPhrase(status),
      message: `temporarily unavailable: a connection failed (${failed}); try again in a moment`,
      unreachable: true,
    };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side; it has been logged.', bug: true };
}

/**
 * A handler may have set the headers of its success (a feed's content type and public cache, a download's file
 * name) before the error: the error answer is JSON, never cached and never a download. (Sending a JSON body with
 * an XML content type set was itself a 500.)
 */
export function asErrorAnswer(reply: FastifyReply): FastifyReply {
  reply.removeHeader('content-disposition');
  return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
}

/** Sends every error as the one ErrorResponse shape; a bug is logged with its stack. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = asErrorAnswer(host.switchToHttp().getResponse<FastifyReply>());
    if (error instanceof ReplayedResponse) {
      void reply.status(error.statusCode).header('idempotent-replayed', 'true').send(error.body);
      return;
    }
    const { bug, unreachable, ...body } = errorResponseOf(error);
    // Nest hands Fastify's own error over as an HttpException's cause.
    const cause = error instanceof HttpException ? error.cause : error;
    if ((cause as { code?: unknown } | null | undefined)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const { field, message } = bodyTooLargeMessage(host.switchToHttp().getRequest<FastifyRequest>());
      Object.assign(body, { message: `${field}: ${message}`, issues: [{ path: field, message }] });
    }
    if (bug) this.logger.error(error instanceof Error ? error.stack : String(error));
    if (unreachable) this.logger.warn(body.message);
    if (body.statusCode === 401) void reply.header('www-authenticate', 'Bearer');
    if (body.statusCode === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).send(body);
  }
}
