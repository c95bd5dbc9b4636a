import type { DomainEventClass } from './domain-event.js';

/** Where `@OnDomainEvent` records which events a method handles; read by the EventBus at start. */
export const DOMAIN_EVENT_HANDLER = Symbol('centinela:domain-event-handler');

export type HandlerOptions = {
  /**
   * Runs without holding up the request that published the event (sending pushes to phones takes a provider's
   * round trip). The bus still tracks it: errors are logged, and a shutdown waits for it (EventBus.drain).
   */
  background?: boolean;
};

export type HandlerDeclaration = { method: string | symbol; types: string[]; options: HandlerOptions };

/**
 * Marks a provider's method as a handler of committed domain events of the given classes.
 * The EventBus finds it at start; a handler runs after the transaction that published the event commits.
 * Pass `{ background: true }` as the last argument for a handler the request must not wait for.
 */
export function OnDomainEvent(...args: [...DomainEventClass[], HandlerOptions] | DomainEventClass[]): MethodDecorator {
  const last = args[args.length - 1];
  const options: HandlerOptions = typeof last === 'object' ? last : {};
  const events = (args as (DomainEventClass | HandlerOptions)[]).filter((a): a is DomainEventClass => typeof a === 'function');
  return (target, key) => {
    const ctor = target.constructor as { [DOMAIN_EVENT_HANDLER]?: HandlerDeclaration[] };
    const own = Object.prototype.hasOwnProperty.call(ctor, DOMAIN_EVENT_HANDLER) ? ctor[DOMAIN_EVENT_HANDLER]! : [];
    ctor[DOMAIN_EVENT_HANDLER] = [...own, { method: key, types: events.map((e) => e.type), options }];
  };
}

/** The handlers a class declared with `@OnDomainEvent`. */
export const handlersOf = (ctor: unknown): readonly HandlerDeclaration[] =>
  typeof ctor === 'function' ? ((ctor as { [DOMAIN_EVENT_HANDLER]?: HandlerDeclaration[] })[DOMAIN_EVENT_HANDLER] ?? []) : [];
