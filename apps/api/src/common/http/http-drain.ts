import type { Server } from 'node:http';
import { type BeforeApplicationShutdown, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * A graceful stop drains requests in flight, but Node's server only closes connections that are idle when the
 * stop begins, and socket.io closes the HTTP server before Fastify does: a keep-alive connection whose request
 * finishes during the stop would hold it until its keep-alive timeout. So when the stop begins, idle connections
 * are closed and every later response says `Connection: close`.
 */
@Injectable()
export class HttpDrain implements OnModuleInit, BeforeApplicationShutdown {
  private closing = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.closing) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    (this.adapterHost.httpAdapter.getHttpServer() as Server).closeIdleConnections();
  }
}
