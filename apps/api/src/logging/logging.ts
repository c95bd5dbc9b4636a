import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config.js';

/**
 * What a request log line may carry: method, path (no query string) and status. Never the client's address,
 * headers (tokens live there), bodies (passwords live there) or query strings.
 */
type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

/**
 * The path without the query string, and with secrets in paths (invite and calendar feed tokens) masked. Middleware sees
 * `url` relative to its mount point, so prefer `originalUrl`.
 */
const pathOf = (req: LoggedRequest) =>
  (req.originalUrl ?? req.url ?? '')
    .split('?')[0]!
    .replace(/^\/api\/invites\/[^/]+/, '/api/invites/:token')
    .replace(/^\/api\/shifts\/calendar\/[^/]+\.ics$/, '/api/shifts/calendar/:token.ics');

export const requestSerializers = {
  req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: pathOf(req) }),
  res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
};

/** Keys that are removed from any object logged, wherever they appear. */
const redact = {
  paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'accessToken', '*.accessToken', 'token', '*.token', 'authorization', '*.authorization'],
  remove: true,
};

/** `destination` lets tests read what would be logged; production logs to stdout. */
export function loggerParams(config: Pick<AppConfig, 'logLevel'>, destination?: pino.DestinationStream): Params {
  return {
    pinoHttp: {
      ...(destination ? { stream: destination } : {}),
      level: config.logLevel,
      genReqId: () => randomUUID(),
      serializers: requestSerializers,
      redact,
      quietReqLogger: true,
      autoLogging: {
        ignore: (req) => {
          const path = pathOf(req);
          return !path.startsWith('/api/') || path === '/api/health';
        },
      },
    },
  };
}

/** The logger used before Nest is up (embedded database start, demo seeding) and by the CLI. */
export const bootLogger = (config: Pick<AppConfig, 'logLevel'>) => pino({ level: config.logLevel, redact, base: { context: 'boot' } });
