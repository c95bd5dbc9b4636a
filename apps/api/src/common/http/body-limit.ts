import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What a route sets in its Fastify `config` for a body limit of its own (see `BodyLimit`). */
type BodyLimitConfig = { bodyLimit?: number; bodyField?: string };

/**
 * A larger request body for this route than BODY_LIMIT_BYTES allows everywhere else (an import whose contract allows
 * more). `field` is the body field that makes it large, named in the 413. Takes effect through `applyRouteBodyLimits`.
 */
export const BodyLimit = (bytes: number, field = 'body') => RouteConfig({ bodyLimit: bytes, bodyField: field } satisfies BodyLimitConfig);

/** Fastify reads a route's `bodyLimit` from its options; Nest passes decorators only as `config`, so copy it over. */
export function applyRouteBodyLimits(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as BodyLimitConfig | undefined)?.bodyLimit;
    if (typeof limit === 'number') route.bodyLimit = limit;
  });
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The 413 for a body over the limit, naming the field and the limit that applies to this route. */
export function bodyTooLargeMessage(request: FastifyRequest): { field: string; message: string } {
  const config = request.routeOptions.config as BodyLimitConfig | undefined;
  const limit = request.routeOptions.bodyLimit;
  return { field: config?.bodyField ?? 'body', message: `is over this request's limit of ${limit} bytes (${megabytes(limit)})` };
}
