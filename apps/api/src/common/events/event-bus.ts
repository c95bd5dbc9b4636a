import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { DomainEvent, DomainEventClass } from './domain-event.js';
import { type HandlerOptions, handlersOf } from './on-domain-event.js';

type Handler = (event: DomainEvent) => unknown;
type Entry = { name: string; run: Handler; options: HandlerOptions };

/**
 * The domain's event bus (after Vendure's): the unit of work hands it the events of a transaction once that
 * transaction has committed, and it runs every handler declared with `@OnDomainEvent` on a provider. A rollback
 * publishes nothing, so handlers never see state that did not happen.
 *
 * Delivery: every event's handlers start at once, in publish order, so synchronous handlers (socket emits) run
 * before any handler's asynchronous work; handlers that return a promise run side by side and are awaited, so a
 * request answers after its consequences — except handlers that opted into `background`, which the bus tracks
 * (a shutdown waits for them) without holding up the request. A handler's error is logged and never reaches the
 * publisher: the transaction it reacts to has already committed.
 */
@Injectable()
export class EventBus implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(EventBus.name);
  private readonly handlers = new Map<string, Entry[]>();
  private readonly inBackground = new Set<Promise<void>>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      for (const { method, types, options } of handlersOf(instance.constructor)) {
        const fn = (instance as Record<string | symbol, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const name = `${instance.constructor.name}.${String(method)}`;
        for (const type of types) this.add(type, name, (event) => (fn as Handler).call(instance, event), options);
      }
    }
  }

  /** Subscribes a function (for code that is not a provider, such as tests' observers). Returns the unsubscribe. */
  subscribe<E extends DomainEvent>(event: DomainEventClass<E>, handler: (event: E) => unknown): () => void {
    const entry = this.add(event.type, 'subscriber', handler as Handler, {});
    return () => {
      const list = this.handlers.get(event.type);
      if (list)
        this.handlers.set(
          event.type,
          list.filter((h) => h !== entry),
        );
    };
  }

  /** Delivers events of work that is already durable (see the class comment for the order). */
  async deliver(events: readonly DomainEvent[]): Promise<void> {
    const running: Promise<void>[] = [];
    for (const event of events) {
      for (const handler of this.handlers.get(event.type) ?? []) {
        const run = this.run(handler, event);
        if (!handler.options.background) running.push(run);
        else this.track(run);
      }
    }
    await Promise.all(running);
  }

  /**
   * Work that follows something already durable and must not hold up the request (a provider's webhook answered
   * before the reply to it goes out): started now, tracked like background handlers, its error logged.
   */
  background(name: string, work: () => Promise<unknown>): void {
    this.track(
      (async () => {
        try {
          await work();
        } catch (error) {
          this.logger.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      })(),
    );
  }

  /** Waits for background handlers still running (a shutdown must not cut a push in half). */
  async drain(): Promise<void> {
    while (this.inBackground.size > 0) await Promise.all([...this.inBackground]);
  }

  /**
   * Drained before any module's shutdown hook: global modules shut down in reverse of the order they were scanned,
   * and TypeORM's (which ends the connection pool) came before this one — background work that was still running
   * then failed with "Cannot use a pool after calling end on the pool" (a Telegram reply, its delivery record).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  /**
   * What other modules' shutdown hooks started, as far as it can go (what the last requests left behind has run by
   * now: HttpDrain waits for it in the first shutdown hook, while everything is still open).
   */
  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private track(run: Promise<void>): void {
    this.inBackground.add(run);
    void run.finally(() => this.inBackground.delete(run));
  }

  private add(type: string, name: string, run: Handler, options: HandlerOptions): Entry {
    const entry = { name, run, options };
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), entry]);
    return entry;
  }

  private async run(handler: Entry, event: DomainEvent): Promise<void> {
    try {
      await handler.run(event);
    } catch (error) {
      this.logger.error(`${handler.name} failed on ${event.type}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
