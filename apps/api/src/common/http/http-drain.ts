import type { Server } from 'node:http';
import { type BeforeApplicationShutdown, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { EventBus } from '../events/event-bus.js';

/**
 * A graceful stop drains requests in flight, but Node's server only closes connections that are idle when the
 * stop begins, and socket.io closes the HTTP server before Fastify does: a keep-alive connection whose request
 * finishes during the stop would hold it until its keep-alive timeout. So when the stop begins, idle connections
 * are closed and every later response says `Connection: close`.
 *
 * Requests that finish while the server closes leave work behind them (a new sender's first reply, sent and then
 * recorded). Once the server has closed, that work runs to its end before any other module stops: this provider
 * belongs to the root module, whose shutdown hooks Nest calls first; the global modules' come last, and TypeORM's
 * (which ends the connection pool) is the first of those.
 */
@Injectable()
export class HttpDrain implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly bus: EventBus,
  ) {}

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

  async onApplicationShutdown(): Promise<void> {
    await this.bus.drain();
  }
}
