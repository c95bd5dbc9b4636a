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

/** Decodes %-escapes that are valid UTF-8, leaving a malformed one as it is (never throws). */
const decodeOnce = (text: string) =>
  text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });

/** As the router sees it, and then some: decoded until nothing changes (a double-encoded secret is still a secret). */
const decodePath = (path: string) => {
  let decoded = path;
  for (let i = 0; i < 4; i++) {
    const next = decodeOnce(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  return decoded;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A run that looks like a token (invite and calendar tokens are 43 base64url characters); no route segment is this long. */
const RANDOM_LOOKING = /[A-Za-z0-9_~+=-]{20,}/;
/** A route's own words (`incidents`, `export.zip`, `rss.xml`) and small numbers (a tile's z/x/y, `6160.pbf`). */
const ROUTE_WORD = /^(?:[A-Za-z][A-Za-z0-9_.-]{0,39}|\d{1,7}(?:\.[a-z]{1,8})?)$/;
/** Segments past these are not logged: paths of routes we have are shorter, so a long path is noise or probing. */
const MAX_SEGMENTS = 8;

/**
 * The path without the query string, with every secret masked whatever its encoding: the path is decoded first, the
 * segments after `/api/invites/` and `/api/shifts/calendar/` are masked (`:token`, `:token.ics`), and so is any other segment that looks like a
 * token (so a near-miss that answers 404 does not log one either). UUIDs (record ids), a route's words and small numbers
 * stay; any other segment — a phone number, an email address, text with spaces, typed into a wrong address — is
 * `:value`. Middleware sees `url` relative to its mount point, so prefer `originalUrl`.
 */
const pathOf = (req: LoggedRequest) => {
  const segments = decodePath((req.originalUrl ?? req.url ?? '').split('?')[0]!).split('/');
  const lower = segments.map((s) => s.toLowerCase());
  const masked = segments.slice(0, MAX_SEGMENTS).map((segment, i) => {
    if (segment && lower[1] === 'api' && i === 3 && lower[2] === 'invites') return ':token';
    if (segment && lower[1] === 'api' && i === 4 && lower[2] === 'shifts' && lower[3] === 'calendar')
      return lower[4]!.endsWith('.ics') ? ':token.ics' : ':token';
    if (!segment || UUID.test(segment)) return segment;
    if (RANDOM_LOOKING.test(segment)) return ':secret';
    return ROUTE_WORD.test(segment) ? segment : ':value';
  });
  return masked.join('/') + (segments.length > MAX_SEGMENTS ? '/…' : '');
};

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
