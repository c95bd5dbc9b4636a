import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { asErrorAnswer, errorResponseOf } from '../errors/http-error.filter.js';

const NOT_UTF8 = 'is not valid UTF-8 percent-encoding';

/** The text a query name or value stands for, or undefined when its %-escapes are malformed or not UTF-8. */
const decoded = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
};

/**
 * The first query parameter that does not decode (Fastify's own parser would hand it on with U+FFFD in place of the
 * bad bytes): its name, or the name as sent when the name itself does not decode.
 */
export function badQueryParameter(query: string): string | undefined {
  for (const pair of query.split('&')) {
    if (!pair.includes('%')) continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const name = decoded(rawName);
    if (name === undefined) return rawName;
    if (eq !== -1 && decoded(pair.slice(eq + 1)) === undefined) return name || 'query';
  }
  return undefined;
}

/** The 400 for percent-encoding that is not UTF-8 (or not percent-encoding at all), naming where it was. */
function refuse(reply: FastifyReply, field: string): void {
  void asErrorAnswer(reply)
    .code(400)
    .send(errorResponseOf(DomainError.invalid([{ path: field, message: NOT_UTF8 }])));
}

/**
 * The router refuses a path that does not decode before any hook runs (FST_ERR_BAD_URL); this answers it as every
 * other 400 is answered. Other framework errors are sent as Nest's own handler sends them (it also runs the hook of
 * `app.useSecurityHeaders()`, which this app does not use).
 */
export function frameworkErrors(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') refuse(reply, 'path');
  else void reply.send(error);
}

/** Every API route refuses a query string that does not decode, naming the parameter; the web app's pages do not look. */
export function refuseBadQueryEncoding(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const at = request.url.indexOf('?');
    const name = at !== -1 && request.routeOptions.url?.startsWith('/api/') ? badQueryParameter(request.url.slice(at + 1)) : undefined;
    if (name === undefined) done();
    else refuse(reply, name);
  });
}
